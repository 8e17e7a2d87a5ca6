"""PDF with a text layer, read page by page (memory stays flat in the length of the file).

Lines are grouped into paragraphs by the gaps between them: a gap taller than a line, or a
line starting a list or numbered item, begins a new paragraph. pdfplumber is the reader
(chosen by benchmarks/import_benchmark.py, which also measures pypdf on the same files).
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.importer.document import ImportProblem, Paragraph, SourceDocument

MAX_PAGES = 2000
_STARTS_ITEM = re.compile(r"^(?:[-•·▪]\s|\(?[0-9]{1,3}[.)]\s|\(?[a-z][.)]\s|\([ivx]+\)\s|[0-9]{1,3}\.[0-9]+\s)")
_PAGE_FOOTER = re.compile(r"^(?:Page\s+[0-9]+(?:\s+of\s+[0-9]+)?|[0-9]{1,4})$", re.IGNORECASE)


def read_pdf(path: Path, engine: str = "pdfplumber") -> SourceDocument:
    name = str(path)
    reader = _read_with_pypdf if engine == "pypdf" else _read_with_pdfplumber
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
    last_bottom = None
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
    text = lines[0]
    for line in lines[1:]:
        text = text[:-1] + line if text.endswith("-") and line[:1].islower() else f"{text} {line}"
    return Paragraph(text, page, index + 1, indent)


def _read_with_pypdf(path: Path, name: str) -> tuple[list[Paragraph], int]:
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted:
            raise ImportProblem(name, "is encrypted (password-protected); save an unprotected copy and import that")
        count = len(reader.pages)
        _check_length(count, name)
        paragraphs: list[Paragraph] = []
        for number, page in enumerate(reader.pages, start=1):
            text = page.extract_text() or ""
            block: list[str] = []
            for raw in text.splitlines() + [""]:
                line = raw.strip()
                if (not line or _STARTS_ITEM.match(line)) and block:
                    paragraphs.append(_paragraph(block, number, len(paragraphs), 0))
                    block = []
                if line and not _PAGE_FOOTER.match(line):
                    block.append(line)
        return paragraphs, count
    except PdfReadError as exc:
        raise ImportProblem(name, f"is not a readable PDF ({exc})") from None
