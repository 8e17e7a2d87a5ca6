"""DOCX and PDF made from a seed's text, as a council's Word document and its printed PDF would
be: headings as headings, paragraphs as paragraphs, list items as list items."""

from __future__ import annotations

import html
from pathlib import Path

from generator.importer.readers import plain

# The sample archive's committee of each seed's council.
COMMITTEES = {
    "coventry": "education-childrens-services-scrutiny-board-2",
    "leicester": "children-young-people-schools-scrutiny-commission",
    "portsmouth": "education-children-young-people-scrutiny-panel",
    "rotherham": "improving-lives-select-commission",
}
# The meetings each seed holds (the folders its hand transcription wrote).
SEED_MEETINGS = {
    "coventry-sb2-2017-04-27-agenda-pack": ["2017-04-27", "2017-04-06"],
    "coventry-sb2-2018-01-11-minutes": ["2018-01-11"],
    "leicester-cyps-2015-07-22-minutes-and-scoping": ["2015-07-22"],
    "portsmouth-ecyp-2014-11-24-report-and-action-plan": ["2014-11-24"],
    "rotherham-ilsc-2014-06-11-agenda-pack": ["2014-06-11", "2014-04-30"],
}


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
