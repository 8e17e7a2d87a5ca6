"""Readers: a file (plain text, PDF, DOCX, HTML) becomes a SourceDocument of plain paragraphs.

The format is told by the file's first bytes, not its name, so a Word file that is really an
HTML page is caught. Every failure is an ImportProblem with a one-line reason.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

from generator.importer.document import ImportProblem, Paragraph, SourceDocument

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_PDF_PAGES = 2000

_MARKUP_TAG = re.compile(r"<[^>]+>")
_HEADING_MARKS = re.compile(r"^#{1,6}\s+")
_EMPHASIS = re.compile(r"\*\*|__")
_SPACES = re.compile(r"[ \u00a0]+")


def read_source(path: Path) -> SourceDocument:
    """The document in `path`, whatever its format; ImportProblem when it cannot be read."""
    name = str(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ImportProblem(name, "is not a file")
        if size == 0:
            raise ImportProblem(name, "is empty")
        if size > MAX_FILE_BYTES:
            raise ImportProblem(name, f"is {size // 2**20} MB; files over {MAX_FILE_BYTES // 2**20} MB are not imported")
        with path.open("rb") as handle:
            head = handle.read(2048)
    except OSError as exc:
        raise ImportProblem(name, f"cannot be read ({exc.strerror})") from None
    kind = sniff(head)
    if kind == "html" and path.suffix.lower() in {".docx", ".doc", ".pdf"}:
        raise ImportProblem(name, f"is an HTML page, not a {path.suffix.lower()[1:].upper()} file; "
                                  "rename it .html to import it as a web page")
    if kind == "pdf":
        from generator.importer.pdf import read_pdf
        return read_pdf(path)
    if kind == "zip":
        return read_docx(path)
    if kind == "doc":
        raise ImportProblem(name, "is an old Word 97-2003 .doc file; save it as .docx or PDF and import that")
    text = decode(path.read_bytes(), name)
    if kind == "html":
        from generator.importer.html_reader import read_html
        return read_html(text, name)
    return read_text(text, name)


def sniff(head: bytes) -> str:
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    lowered = stripped[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered or b"<body" in lowered:
        return "html"
    return "text"


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without a byte order mark), else Windows-1252, which Word and older
    council systems write; bytes neither can read are a problem, not a guess."""
    if b"\x00" in data[:4096]:
        raise ImportProblem(name, "is a binary file, not text, PDF, DOCX or HTML")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportProblem(name, "is text in neither UTF-8 nor Windows-1252; save it as UTF-8") from None


def plain(text: str) -> str:
    """A line of text without the Markdown or HTML decoration a converter may have left."""
    text = _HEADING_MARKS.sub("", text.strip())
    text = _MARKUP_TAG.sub(" ", text.replace("<sup>", "").replace("</sup>", ""))
    text = html.unescape(_EMPHASIS.sub("", text)).replace("\\*", "*").replace("\\", "")
    return _SPACES.sub(" ", text).strip()


def read_text(text: str, name: str) -> SourceDocument:
    paragraphs = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        indent = (len(raw) - len(raw.lstrip(" \t"))) // 2
        heading = bool(_HEADING_MARKS.match(raw.lstrip()))
        cells = [plain(cell) for cell in raw.split("\t")]
        line = "\t".join(cell for cell in cells) if len(cells) > 1 else cells[0]
        if line.strip():
            paragraphs.append(Paragraph(line, 0, number, indent, heading))
    return SourceDocument(name, "text", tuple(paragraphs))


def read_docx(path: Path) -> SourceDocument:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    name = str(path)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ImportProblem(name, f"is not a readable Word document ({type(exc).__name__})") from None
    paragraphs: list[Paragraph] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraphs += _docx_paragraph(element, len(paragraphs) + 1, document)
        elif tag == "tbl":
            paragraphs += _docx_table(element, len(paragraphs) + 1, document)
    if not paragraphs:
        raise ImportProblem(name, "holds no text")
    return SourceDocument(name, "docx", tuple(paragraphs))


def _docx_paragraph(element, number: int, document) -> list[Paragraph]:
    """The paragraph's text and its style's id read from the XML (python-docx's style lookup
    resolves the whole style table per paragraph, which made DOCX reading slow)."""
    text = _SPACES.sub(" ", "".join(t.text or "" for t in element.iter(_W + "t"))).strip()
    if not text:
        return []
    style_element = element.find(f"{_W}pPr/{_W}pStyle")
    style = style_element.get(_W + "val", "") if style_element is not None else ""
    level = 0
    if style.startswith("List"):
        digits = re.findall(r"\d+", style)
        level = int(digits[0]) - 1 if digits else 0
    return [Paragraph(text, 0, number, level, style.startswith(("Heading", "Title")))]


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_table(element, number: int, document) -> list[Paragraph]:
    """Each row as its cells joined by tabs; a cell merged across columns once (python-docx
    gives it for every column it spans), empty cells kept so columns stay in place."""
    from docx.table import Table

    rows = []
    for row in Table(element, document).rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(_SPACES.sub(" ", cell.text).strip())
        if any(cells):
            rows.append(Paragraph("\t".join(cells), 0, number + len(rows)))
    return rows
