"""What every reader produces: a document's text as paragraphs, each with where it was found."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Paragraph:
    """One paragraph (or one line of a list or table) of plain text."""

    text: str
    page: int = 0          # 1-based page of a PDF; 0 where the format has no pages
    line: int = 0          # 1-based line in a text file, or paragraph number elsewhere
    indent: int = 0        # nesting of a list item (0 for a top-level line)
    heading: bool = False  # printed as a heading (a Word heading style, an HTML h1-h6, a ModernGov title)


@dataclass(frozen=True)
class SourceDocument:
    path: str
    kind: str  # "text", "pdf", "docx", "html", "moderngov"
    paragraphs: tuple[Paragraph, ...]
    pages: int = 0

    def where(self, paragraph: Paragraph | None) -> str:
        """A place a person can find again: 'file.pdf, page 3' or 'file.txt, line 41'."""
        if paragraph is None:
            return self.path
        if paragraph.page:
            return f"{self.path}, page {paragraph.page}"
        unit = "line" if self.kind == "text" else "paragraph"
        return f"{self.path}, {unit} {paragraph.line}"


class ImportProblem(Exception):
    """A file that cannot be imported, with a one-line reason that names it."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
