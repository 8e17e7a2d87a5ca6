"""HTML pages of published minutes: ModernGov's meeting page, or any page of headings and
paragraphs. Scripts, styles and navigation are never read."""

from __future__ import annotations

import re

from generator.importer.document import ImportProblem, Paragraph, SourceDocument

BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "blockquote", "tr", "div", "caption"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
SKIPPED = {"script", "style", "nav", "noscript", "template", "head", "form", "button", "select"}
_SPACES = re.compile(r"\s+")
# ModernGov appends the linked file's kind and size to an item's title: "Minutes PDF 117 KB".
_FILE_SIZE = re.compile(r"\s*(?:pdf icon\s*)?(?:PDF|DOC|DOCX|XLS)\s+[0-9.]+\s*[KM]B\s*$", re.IGNORECASE)
_LABEL = re.compile(r"^(Minutes|Decision|Resolved?)\s*:\s*$", re.IGNORECASE)


def read_html(text: str, name: str) -> SourceDocument:
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.document_fromstring(text)
    except (ParserError, ValueError) as exc:
        raise ImportProblem(name, f"is not a readable HTML page ({exc})") from None
    for element in root.iter(*SKIPPED):
        element.drop_tree() if element.getparent() is not None else None
    items = root.xpath("//table[contains(concat(' ', normalize-space(@class), ' '), ' mgItemTable ')]"
                       " | //table[@id='mgItemTable']")
    if items:
        paragraphs = _moderngov(root, items[0])
        kind = "moderngov"
    else:
        paragraphs = _blocks(root.body if root.find("body") is not None else root)
        kind = "html"
    if not paragraphs:
        raise ImportProblem(name, "holds no text")
    numbered = tuple(Paragraph(p.text, 0, i, p.indent, p.heading) for i, p in enumerate(paragraphs, start=1))
    return SourceDocument(name, kind, numbered)


def text_of(element) -> str:
    return _SPACES.sub(" ", element.text_content()).strip()


def _has_class(element, name: str) -> bool:
    return name in (element.get("class") or "").split()


def _blocks(container) -> list[Paragraph]:
    """Every innermost block of text, in reading order; list items marked, headings flagged."""
    found: list[Paragraph] = []
    for element in container.iter():
        if not isinstance(element.tag, str) or element.tag not in BLOCKS:
            continue
        if element.tag == "tr":
            cells = [text_of(cell) for cell in element if cell.tag in ("td", "th")]
            if any(cell.xpath(".//p|.//li|.//div") for cell in element):
                continue
            if any(cells):
                found.append(Paragraph("\t".join(cells)))
            continue
        if any(isinstance(child.tag, str) and child.tag in BLOCKS for child in element.iterdescendants()):
            if element.tag == "div" or element.tag == "li":
                own = _SPACES.sub(" ", (element.text or "")).strip()
                if own:
                    found.append(Paragraph(own))
            continue
        if element.xpath("ancestor::tr[not(.//p|.//li|.//div)]"):
            continue
        text = text_of(element)
        if not text:
            continue
        if element.tag == "li":
            depth = len(element.xpath("ancestor::ul|ancestor::ol")) - 1
            found.append(Paragraph(f"- {text}", indent=max(depth, 0)))
        else:
            found.append(Paragraph(text, heading=element.tag in HEADINGS))
    return found


def _moderngov(root, table) -> list[Paragraph]:
    """The meeting's heading lines, then each item: '48. Title' and the text under its
    'Minutes:' (or 'Decision:') label; an item's agenda text before the label is left out."""
    found = [Paragraph(text_of(e), heading=True) for e in root.xpath(
        "//*[contains(@class,'mgSubTitleTxt') or contains(@class,'mgMainTitleTxt')]")]
    for element in root.xpath("//p|//div"):
        text = text_of(element)
        if text.startswith(("Venue:", "Date:", "Time:", "Present:", "Apologies")) and not element.xpath("ancestor::table"):
            found.append(Paragraph(text))
    for row in table.xpath(".//tr"):
        cells = row.xpath("./td")
        if len(cells) < 2:
            continue
        found += _moderngov_item(cells[0], cells[1])
    return found


def _moderngov_item(number_cell, body_cell) -> list[Paragraph]:
    number = text_of(number_cell).rstrip(".").strip()
    titles = body_cell.xpath(".//p[contains(@class,'mgAiTitleTxt')]")
    title = _FILE_SIZE.sub("", text_of(titles[0])).strip() if titles else ""
    heading = f"{number}. {title}" if number else title
    found = [Paragraph(heading, heading=True)]
    labelled = body_cell.xpath(".//p[contains(@class,'mgSubItemTitleTxt')]")
    has_minutes = any(_LABEL.match(text_of(label)) for label in labelled)
    keeping = not has_minutes
    for element in body_cell.iter():
        if not isinstance(element.tag, str):
            continue
        if element in titles or element.xpath("ancestor::*[contains(@class,'mgActionList') or "
                                              "contains(@class,'mgWordPara')]"):
            continue
        if _has_class(element, "mgSubItemTitleTxt"):
            keeping = bool(_LABEL.match(text_of(element)))
            continue
        if keeping and _has_class(element, "mgWordPara") or (keeping and _has_class(element, "mgBulletList")):
            found += _blocks_of(element)
    return found


def _blocks_of(element) -> list[Paragraph]:
    blocks = _blocks(element)
    if blocks:
        return blocks
    text = text_of(element)
    return [Paragraph(text)] if text else []
