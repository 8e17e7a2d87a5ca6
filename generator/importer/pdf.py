"""PDF with a text layer, read page by page (memory stays flat in the length of the file).

Lines are grouped into paragraphs by the gaps between them: a gap taller than a line, or a
line starting a list or numbered item, begins a new paragraph. pypdf is the reader: its text
visitor gives each piece of text's position, from which lines and their gaps are rebuilt.
benchmarks/import_benchmark.py measures it against pdfplumber and pdfminer's own layout
analysis on the same files, for accuracy and speed.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.importer.document import ImportProblem, Paragraph, SourceDocument

MAX_PAGES = 2000
_STARTS_ITEM = re.compile(r"^(?:[-•·▪]\s|\(?[0-9]{1,3}[.)]\s|\(?[a-z][.)]\s|\([ivx]+\)\s|[0-9]{1,3}\.[0-9]+\s)")
# Glyphs a text layer gives for a bullet it has no character for: DEL, the Symbol font's
# private-use bullets, pdfminer's '(cid:127)'. Other control characters are dropped.
_BULLETS = re.compile(r"\x7f|[\uf0b7\uf0a7\uf076\uf0d8]|\(cid:127\)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x80-\x9f]|\(cid:[0-9]+\)")
_PAGE_FOOTER = re.compile(r"^(?:Page\s+[0-9]+(?:\s+of\s+[0-9]+)?|[0-9]{1,4})$", re.IGNORECASE)


ENGINES = ("pypdf", "pdfplumber", "pdfminer")


def read_pdf(path: Path, engine: str = "pypdf") -> SourceDocument:
    name = str(path)
    reader = {"pypdf": _read_with_pypdf, "pdfplumber": _read_with_pdfplumber, "pdfminer": _read_with_pdfminer}[engine]
    paragraphs, pages = reader(path, name)
    if not any(p.text.strip() for p in paragraphs):
        raise ImportProblem(name, f"has no text layer ({pages} page{'s' * (pages != 1)} of images, a scan?); "
                                  "it needs OCR first (see the README, 'Importing your archive')")
    return SourceDocument(name, "pdf", tuple(paragraphs), pages)


def _read_with_pdfplumber(path: Path, name: str) -> tuple[list[Paragraph], int]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        with pdfplumber.open(str(path)) as pdf:
            count = len(pdf.pages)
            _check_length(count, name)
            paragraphs: list[Paragraph] = []
            for number, page in enumerate(pdf.pages, start=1):
                paragraphs += _paragraphs(page.extract_text_lines(return_chars=False), number)
                page.close()
            return paragraphs, count
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ImportProblem(name, "is encrypted (password-protected); save an unprotected copy and import that") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise ImportProblem(name, f"is not a readable PDF ({type(exc).__name__})") from None
    except Exception as exc:  # pdfminer raises many kinds for damaged files
        if type(exc).__module__.startswith(("pdfminer", "pdfplumber", "pypdfium2")):
            raise ImportProblem(name, f"is not a readable PDF ({type(exc).__name__})") from None
        raise


def _check_length(count: int, name: str) -> None:
    if count > MAX_PAGES:
        raise ImportProblem(name, f"has {count} pages; at most {MAX_PAGES} are imported from one file")


def _paragraphs(lines: list[dict], page: int) -> list[Paragraph]:
    found: list[Paragraph] = []
    current: list[str] = []
    last_bottom, indent = None, 0
    left = min((line["x0"] for line in lines), default=0)
    for line in lines:
        text = line["text"].strip()
        if not text or _PAGE_FOOTER.match(text):
            continue
        height = line["bottom"] - line["top"]
        gap = line["top"] - last_bottom if last_bottom is not None else 0
        if current and (gap > 0.6 * height or _STARTS_ITEM.match(text)):
            found.append(_paragraph(current, page, len(found), indent))
            current = []
        if not current:
            indent = 1 if line["x0"] - left > 12 and _STARTS_ITEM.match(text) else 0
        current.append(text)
        last_bottom = line["bottom"]
    if current:
        found.append(_paragraph(current, page, len(found), indent))
    return found


def _paragraph(lines: list[str], page: int, index: int, indent: int) -> Paragraph:
    lines = [_printable(line) for line in lines]
    text = lines[0]
    for line in lines[1:]:
        text = text[:-1] + line if text.endswith("-") and line[:1].islower() else f"{text} {line}"
    return Paragraph(text, page, index + 1, indent)


def _printable(text: str) -> str:
    return _CONTROL.sub("", _BULLETS.sub("•", text))


def _read_with_pypdf(path: Path, name: str) -> tuple[list[Paragraph], int]:
    """pypdf's text with the position of every piece of text (its visitor), put back into lines."""
    import pypdf
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted:
            raise ImportProblem(name, "is encrypted (password-protected); save an unprotected copy and import that")
        count = len(reader.pages)
        _check_length(count, name)
        paragraphs: list[Paragraph] = []
        for number, page in enumerate(reader.pages, start=1):
            paragraphs += _paragraphs(_pypdf_lines(page), number)
        return paragraphs, count
    except FileNotDecryptedError:
        raise ImportProblem(name, "is encrypted (password-protected); save an unprotected copy and import that") from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, ZeroDivisionError) as exc:
        raise ImportProblem(name, f"is not a readable PDF ({type(exc).__name__})") from None
    except Exception as exc:  # pypdf raises many kinds for damaged files
        if type(exc).__module__.startswith("pypdf"):
            raise ImportProblem(name, f"is not a readable PDF ({type(exc).__name__})") from None
        raise


def _pypdf_lines(page) -> list[dict]:
    """Pieces of text at (x, baseline, size), grouped into lines from the top of the page down."""
    pieces: list[tuple[float, float, float, str]] = []

    def visit(text, cm, tm, _font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = abs(tm[3] * cm[3]) or abs(tm[0] * cm[0]) or 1.0
            for offset, line in enumerate(text.split("\n")):
                if line.strip():
                    height = (size or 10) * scale
                    pieces.append((y - offset * height * 1.2, x, height, line))

    page.extract_text(visitor_text=visit)
    top_of_page = float(page.mediabox.top)
    lines: list[dict] = []
    for y, x, height, text in sorted(pieces, key=lambda piece: (-piece[0], piece[1])):
        last = lines[-1] if lines else None
        if last and abs((top_of_page - y) - last["bottom"]) <= 0.3 * height:
            last["text"] += text if last["text"].endswith(" ") or text.startswith(" ") else " " + text
            continue
        lines.append({"text": text, "x0": x, "top": top_of_page - y - height, "bottom": top_of_page - y})
    return lines


def _read_with_pdfminer(path: Path, name: str) -> tuple[list[Paragraph], int]:
    """pdfminer's own layout analysis of lines (no boxes), for comparison in the benchmark."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer, LTTextLine

    paragraphs: list[Paragraph] = []
    count = 0
    for count, layout in enumerate(extract_pages(str(path), laparams=LAParams(boxes_flow=None)), start=1):
        _check_length(count, name)
        lines = [line for box in layout if isinstance(box, LTTextContainer) for line in box
                 if isinstance(line, LTTextLine)]
        lines.sort(key=lambda line: (-line.y1, line.x0))
        paragraphs += _paragraphs([{"text": line.get_text(), "x0": line.x0, "top": layout.height - line.y1,
                                    "bottom": layout.height - line.y0} for line in lines], count)
    return paragraphs, count
