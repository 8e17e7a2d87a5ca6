"""DOCX and PDF made from a seed's text, as a council's Word document and its printed PDF would
be: headings as headings, paragraphs as paragraphs, list items as list items."""

from __future__ import annotations

import html
import re
from pathlib import Path

from generator.importer.readers import plain


def _lines(text: str):
    for raw in text.splitlines():
        if raw.strip():
            indent = (len(raw) - len(raw.lstrip())) // 2
            yield raw.lstrip().startswith("#"), indent, plain(raw)


def make_docx(text: str, path: Path) -> Path:
    import docx

    document = docx.Document()
    for heading, indent, line in _lines(text):
        if not line:
            continue
        if heading:
            document.add_heading(line, level=2)
        elif line.startswith("- ") and indent:
            document.add_paragraph(line[2:], style="List Bullet 2")
        else:
            document.add_paragraph(line.replace("\t", " "))
    document.save(str(path))
    return path


def make_pdf(text: str, path: Path, repeat: int = 1) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    story = []
    for _ in range(repeat):
        for heading, indent, line in _lines(text):
            if not line:
                continue
            style = styles["Heading3"] if heading else styles["BodyText"]
            escaped = html.escape(line.replace("\t", "    "))
            if line.startswith("- "):
                escaped = ("&nbsp;" * 6 * indent) + "- " + html.escape(line[2:])
            story.append(Paragraph(escaped, style))
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path
