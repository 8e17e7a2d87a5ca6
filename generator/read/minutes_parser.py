"""Parsing the body of `minutes.md`: minute sections and their resolution blocks.

    # Public Business                          optional: the part of the meeting
    ## 73. Health Visiting and Early Help      a minute: its number as printed, and title
    ## Chair's Announcements                  a minute printed without a number: the title alone
    66.1 narrative Markdown ...                a numbered paragraph (66.1, (a), b)) is anchored
    ::: RESOLVED that the Scrutiny Board       a resolution block: verb, then its preamble
    1) Note the information provided ...       numbered resolutions (1) / (1) / 1.)
    :::

Every minute, block and resolution keeps the line it starts on, for diagnostics and for the
cross-reference finder. A minute without a number is numbered by its place among the headings
(p1, p2 ...): its key and anchor (`minute-p3`), never shown.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from pydantic import ValidationError

from generator.records.diagnostics import Diagnostic, error, warning
from generator.records.site_paths import paragraph_label
from generator.records.models import (
    Access,
    MinuteItem,
    NarrativeText,
    Resolution,
    ResolutionBlock,
    Verb,
)

PART_HEADING = re.compile(r"^#\s+(?P<part>.+?)\s*$")
MINUTE_HEADING = re.compile(r"^##\s+(?P<number>[0-9A-Za-z][0-9A-Za-z./()-]*?)\.\s+(?P<title>.+?)\s*$")
# A minute printed without a number: the title alone, not starting with a digit (`## 2 Fostering`
# is a number missing its full stop); `## \2023/24 Budget` for a title that starts with one.
UNNUMBERED_HEADING = re.compile(r"^##\s+(?P<title>(?:\\(?=[0-9])|(?![0-9\\]))\S.*?)\s*$")
# The one place a minute's access is written: a block ending the heading line, nothing after it.
ATTRIBUTE_BLOCK = re.compile(r"^(?P<title>.*?)\s*\{(?P<attrs>[^{}]*)\}$")
BRACED = re.compile(r"\{([^{}]*)(?:\}|$)")  # a brace's contents, to its closing brace or the line's end
WORD = re.compile(r"[^\W\d_]+")
MARKERS = ("exempt", "confidential")
NOT_FOR_PUBLICATION = re.compile(r"not\s+for\s+publication|private|restricted", re.I)
WITHHOLDING_PART = re.compile(r"\bpart\s+(?:ii|2|two|b)\b|\bexempt|\bconfidential|not\s+for\s+publication|"
                              r"\bprivate\b|\bclosed\s+session", re.I)
RIGHT_FORM = "'## 12. Title {exempt=3}' (paragraphs 1 to 7) or '## 12. Title {confidential}'"
ANY_MINUTE_HEADING = re.compile(r"^##\s")
BLOCK_OPEN = re.compile(r"^:::\s*(?P<verb>[A-Za-z]+)[:\s-]*(?P<rest>.*?)\s*$")
BLOCK_CLOSE = re.compile(r"^:::\s*$")
NUMBERED = re.compile(r"^(?:\((?P<a>\d+)\)|(?P<b>\d+)[).])\s+(?P<text>.*)$")
LETTERED = re.compile(r"^(?:-\s+)?(?P<label>\(?(?:[a-z]|[ivx]+)\))\s+(?P<text>.*)$")


@dataclass
class _Section:
    number: str
    title: str
    attrs: str
    part: str | None
    line: int
    heading: str = ""
    body: list[tuple[int, str]] = field(default_factory=list)
    numbered: bool = True


def names_a_marker(text: str) -> bool:
    """Whether braces in `text` hold the word exempt or confidential, in any case or spelling
    near enough (exmept, confidental), invisible characters inside it ignored: a marker meant
    to withhold, even where the parser cannot read it as one."""
    text = unicodedata.normalize("NFKC", text)  # full-width braces and letters read as plain ones
    if "{" not in text:
        return False
    for inside in BRACED.findall(text):
        visible = "".join(c for c in inside if unicodedata.category(c) != "Cf").lower()
        if NOT_FOR_PUBLICATION.search(visible):
            return True
        for word in WORD.findall(visible):
            if word.startswith(("exem", "confid")) or difflib.get_close_matches(word, MARKERS, cutoff=0.75):
                return True
    return False


def withholding_part(part: str | None) -> bool:
    """Whether a part heading says its minutes are not for publication ('# Part II - exempt
    information', '# Private business', '# Confidential'): a public minute under it is a mistake."""
    return part is not None and bool(WITHHOLDING_PART.search(unicodedata.normalize("NFKC", part)))


def visible(text: str) -> str:
    """`text` for a diagnostic, with characters that cannot be seen (zero-width spaces,
    direction marks, control characters) written as their escapes."""
    return "".join(c if c == " " or unicodedata.category(c)[0] not in "CZ" else ascii(c)[1:-1] for c in text)


def parse_minutes_body(body: str, first_line: int, display: str) -> tuple[list[MinuteItem], list[Diagnostic]]:
    sections, diagnostics = _split_sections(body, first_line, display)
    items: list[MinuteItem] = []
    for section in sections:
        item, problems = _build_item(section, display)
        diagnostics += problems
        if item is not None:
            items.append(item)
    return items, diagnostics


def _split_sections(body: str, first_line: int, display: str):
    sections: list[_Section] = []
    diagnostics: list[Diagnostic] = []
    part: str | None = None
    stray_text_reported = False
    for offset, text in enumerate(body.split("\n")):
        line = first_line + offset
        hashed = text.startswith("#")  # most lines are not, and no heading pattern can match them
        heading = hashed and MINUTE_HEADING.match(text)
        if heading:
            title, attrs = _title_and_marker(heading["title"])
            sections.append(_Section(heading["number"], title, attrs, part, line, text))
            continue
        unnumbered = hashed and UNNUMBERED_HEADING.match(text)
        if unnumbered:
            title, attrs = _title_and_marker(unnumbered["title"].removeprefix("\\"))
            sections.append(_Section(f"p{len(sections) + 1}", title, attrs, part, line, text, numbered=False))
            continue
        if hashed and ANY_MINUTE_HEADING.match(text):
            diagnostics.append(
                error(display, line, "minute heading", f"'{visible(text.strip())}' is not a minute heading",
                      "write minute headings as '## 73. Title': the number, a full stop, the title "
                      "(or '## Title' alone for a minute printed without a number)")
            )
            continue
        if names_a_marker(text):
            diagnostics.append(
                error(display, line, "marker",
                      f"'{visible(text.strip())}' carries an exempt or confidential marker outside a minute heading",
                      f"only a minute heading can withhold a minute: write {RIGHT_FORM}"))
        if hashed and (part_heading := PART_HEADING.match(text)):
            part = part_heading["part"]
        elif sections:
            sections[-1].body.append((line, text))
        elif text.strip() and not stray_text_reported:
            stray_text_reported = True
            diagnostics.append(
                warning(display, line, "", "text before the first minute heading is not published",
                        "move it into a minute, or into the front matter's notes")
            )
    return sections, diagnostics


def _title_and_marker(heading_title: str) -> tuple[str, str]:
    """The title, and the inside of the block that ends the heading when that block is a marker
    (or meant as one: `names_a_marker`). Any other braces are the title's own text, shown as
    written: `## 4. Budget {2016/17}` is a public minute titled "Budget {2016/17}"."""
    block = ATTRIBUTE_BLOCK.match(heading_title)
    if block and block["title"] and (block["attrs"].strip().startswith("exempt") or block["attrs"].strip() == "confidential"
                                     or names_a_marker("{" + block["attrs"] + "}")):
        return block["title"], block["attrs"]
    return heading_title, ""


def _name(section: _Section) -> str:
    """A minute as diagnostics name it: 'minute 73', or by its title when it has no number."""
    return f"minute {section.number}" if section.numbered else f"the minute '{visible(section.title)}'"


def _field_of(number: str) -> str:
    """The field a minute's diagnostics name: `minute[73]`, an absurdly long number shortened."""
    return f"minute[{number if len(number) <= 24 else number[:12] + '...' + number[-8:]}]"


def _build_item(section: _Section, display: str) -> tuple[MinuteItem | None, list[Diagnostic]]:
    field_name = _field_of(section.number)
    access, paragraphs, diagnostics = _parse_attrs(section, display, field_name)
    content, problems = _parse_content(section, display, field_name)
    if access is not Access.PUBLIC and content and not diagnostics:
        diagnostics.append(
            warning(display, section.line, field_name,
                    f"{_name(section)} is {access.value}: its text and resolutions are never published",
                    "keep private text out of the archive; the public record shows the number, title and paragraph")
        )
    diagnostics += problems
    try:
        item = MinuteItem(
            number=section.number, numbered=section.numbered, title=section.title, part=section.part,
            access=access, exempt_paragraphs=paragraphs, content=tuple(content), line=section.line,
            paragraphs=tuple(label for part in content if isinstance(part, NarrativeText) for label in part.paragraphs),
        )
    except ValidationError as exc:
        for err in exc.errors():
            message, _, hint = str(err.get("ctx", {}).get("error", err["msg"])).partition("; ")
            if "number" not in err["loc"]:  # the paragraphs of an exemption: the heading shows them
                hint = "write the heading as '## 12. Title {exempt=3}' with paragraphs 1 to 7"
            diagnostics.append(error(display, section.line, field_name, message, hint))
        return None, diagnostics
    return item, diagnostics


def _parse_attrs(section: _Section, display: str, field_name: str):
    """The minute's access, from the marker ending its heading. A marker anywhere else in the
    heading, or one the parser cannot read, is an error, and withholds the minute as
    confidential until it is fixed: it must never leave the minute public."""
    attrs = section.attrs.strip()
    if names_a_marker(section.title):
        problem = (f"'{visible(section.heading.strip())}' carries an exempt or confidential marker "
                   "the parser does not understand, so the minute is withheld")
        hint = f"end the heading with the marker and nothing after it: {RIGHT_FORM}"
        return Access.CONFIDENTIAL, (), [error(display, section.line, f"{field_name}.access", problem, hint)]
    if not attrs and withholding_part(section.part):
        problem = (f"{_name(section)} is under the part heading '{visible(section.part)}', which says it is "
                   "not for publication, but its heading has no marker, so the minute is withheld")
        return Access.CONFIDENTIAL, (), [error(display, section.line, f"{field_name}.access", problem,
                                               f"mark the minute as the part is: {RIGHT_FORM}")]
    if not attrs:
        return Access.PUBLIC, (), []
    if attrs == "confidential":
        return Access.CONFIDENTIAL, (), []
    match = re.fullmatch(r"exempt\s*=\s*\"?([0-9,\s]+)\"?", attrs)
    if match:
        return Access.EXEMPT, tuple(int(p) for p in re.findall(r"[0-9]+", match[1])), []
    if attrs.startswith("exempt") and not attrs[len("exempt"):].strip(" =\"'"):
        problem = "an exempt minute needs the paragraphs of Schedule 12A that exempt it"
    elif names_a_marker("{" + attrs + "}"):
        problem = f"'{{{visible(attrs)}}}' is not a marker the parser understands, so the minute is withheld"
    else:
        problem = f"'{{{visible(attrs)}}}' is not a minute attribute"
    # Withheld as confidential until the heading is fixed: a mistake must not publish text.
    return Access.CONFIDENTIAL, (), [
        error(display, section.line, f"{field_name}.access", problem,
              "write {exempt=3} (paragraph numbers 1 to 7) or {confidential}, last on the heading line")
    ]


def _parse_content(section: _Section, display: str, field_name: str):
    content: list[NarrativeText | ResolutionBlock] = []
    diagnostics: list[Diagnostic] = []
    narrative: list[tuple[int, str]] = []
    block: list[tuple[int, str]] | None = None
    block_count = 0
    labelled: set[str] = set()

    def flush_narrative():
        text = "\n".join(t for _, t in narrative).strip("\n")
        if text.strip():
            start = next(line for line, t in narrative if t.strip())
            content.append(NarrativeText(markdown=text, line=start,
                                         paragraphs=_paragraph_labels(section.number, text, labelled)))
        narrative.clear()

    for line, text in section.body:
        fence = text.startswith(":::")
        if block is None and fence and BLOCK_OPEN.match(text) and not BLOCK_CLOSE.match(text):
            flush_narrative()
            block = [(line, text)]
        elif block is not None and fence and BLOCK_CLOSE.match(text):
            block_count += 1
            resolved, problems = _parse_block(block, display, f"{field_name}.resolutions[{block_count}]")
            diagnostics += problems
            if resolved:
                content.append(resolved)
            block = None
        elif block is not None:
            block.append((line, text))
        else:
            narrative.append((line, text))
    if block is not None:
        diagnostics.append(
            error(display, block[0][0], f"{field_name}.resolutions[{block_count + 1}]",
                  "resolution block is never closed", "end the block with a line ':::'")
        )
    flush_narrative()
    return content, diagnostics


def _paragraph_labels(number: str, text: str, taken: set[str]) -> tuple[str, ...]:
    """The labels of the numbered paragraphs that start lines of `text` (66.1, (a), b)), each the
    first of its label in the minute (`taken`, updated): the paragraphs anchored on the page."""
    labels = []
    for line in text.split("\n"):
        label = paragraph_label(number, line)
        if label is not None and label not in taken:
            taken.add(label)
            labels.append(label)
    return tuple(labels)


def _parse_block(block: list[tuple[int, str]], display: str, field_name: str):
    open_line, opener = block[0]
    match = BLOCK_OPEN.match(opener)
    verb_text = match["verb"]
    try:
        verb = Verb(verb_text.upper())
    except ValueError:
        return None, [
            error(display, open_line, f"{field_name}.verb",
                  f"'{verb_text}' is not one of " + ", ".join(v.value for v in Verb),
                  "open the block with ':::' and RESOLVED, AGREED or NOTED")
        ]
    preamble = match["rest"]
    numbered: list[tuple[int, str, list[str]]] = []
    loose: list[str] = []
    for line, text in block[1:]:
        item = NUMBERED.match(text.strip()) if not text.startswith((" ", "\t")) else None
        if item:
            numbered.append((line, item["a"] or item["b"], [item["text"]]))
        elif numbered:
            numbered[-1][2].append(text)
        else:
            loose.append(text)
    loose_text = "\n".join(loose).strip()
    if numbered:
        preamble = " ".join(p for p in (preamble, loose_text) if p)
        resolutions = tuple(
            Resolution(number=number, text=_item_markdown(lines), line=line)
            for line, number, lines in numbered
        )
    else:
        text = loose_text or preamble
        preamble = "" if not loose_text else preamble
        if not text:
            return None, [error(display, open_line, field_name, "resolution block is empty",
                                "write the resolution's words inside the block")]
        resolutions = (Resolution(number=None, text=text, line=open_line),)
    return ResolutionBlock(verb=verb, preamble=preamble, resolutions=resolutions, line=open_line), []


def _item_markdown(lines: list[str]) -> str:
    """A numbered resolution's text; its indented a), b) sub-items become a Markdown list. Every
    line is stripped, so its indentation, however deep, never matters."""
    out = [lines[0]]
    for text in lines[1:]:
        sub = LETTERED.match(text.strip())
        if sub:
            if not out[-1].startswith("- "):
                out.append("")
            out.append(f"- {sub['label']} {sub['text']}")
        elif text.strip():
            out.append(("  " if out[-1].startswith("- ") else "") + text.strip())
    return "\n".join(out).strip()
