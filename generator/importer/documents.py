"""A report, briefing note or appendix split from an agenda pack, as a draft document. A work
programme, tracker or action plan printed as a table becomes its structured YAML record with
what could be read, and a review entry for the table itself."""

from __future__ import annotations

import datetime as dt
import re

from generator.importer.document import Paragraph, SourceDocument
from generator.importer.drafts import AgendaItemDraft, DocumentDraft, Review
from generator.importer.minutes import BULLET, escape
from generator.importer.text import find_date, slugify

RESERVED = {"index", "private", "minutes", "meeting"}
FIELD = re.compile(r"^(?:[0-9]+\.\s*)?(?P<label>To|From|Date|Subject|Title|Report of|Author)\s*:\s*(?P<value>.*)$", re.IGNORECASE)


def document_draft(paragraphs: list[Paragraph], doc: SourceDocument, agenda: tuple[AgendaItemDraft, ...],
                   meeting_date: dt.date | None, taken: set[str], follows: DocumentDraft | None = None) -> DocumentDraft:
    """`follows`: the document a table printed after it belongs to (an appendix without a title)."""
    fields = _fields(paragraphs[:12])
    kind = "appendix" if follows else _kind(paragraphs)
    title = fields.get("subject") or fields.get("title") or _first_title(paragraphs) or "Untitled document"
    if follows:
        title = f"{follows.front['title']}: appendix"
    item = _agenda_item(title, agenda)
    where = f"{doc.where(paragraphs[0])} to {doc.where(paragraphs[-1]).split(', ', 1)[-1]}"
    structured = _structured_kind(title, item, paragraphs)
    slug = _unique(slugify(title), taken)
    reviews = [Review(f"a {structured or kind} split from the pack ({len(paragraphs)} paragraphs)", where,
                      "check where it starts and ends, its type and title, and fill in what the page gives: "
                      "purpose, recommendations, author, contact, appendices")]
    front: dict = {"type": structured or kind, "title": title}
    if item:
        front["agenda_item"] = item.number
    if structured:
        return _structured(structured, front, paragraphs, meeting_date, slug, reviews, where)
    for key in ("to", "from"):
        if fields.get(key):
            front[key] = fields[key]
    date = find_date(fields.get("date", "")) if fields.get("date") else None
    if date:
        front["date"] = date
    return DocumentDraft(slug, ".md", front, body_markdown(paragraphs), tuple(reviews))


def _fields(paragraphs: list[Paragraph]) -> dict[str, str]:
    found: dict[str, str] = {}
    for paragraph in paragraphs:
        for cell_text in [paragraph.text.replace("\t", " ").strip()]:
            match = FIELD.match(re.sub(r"^[0-9]+\.\s+", "", cell_text))
            if match:
                label, value = match["label"].lower(), match["value"].strip()
                if label == "to" and " Date:" in value:
                    value, found["date"] = value.split(" Date:", 1)
                found.setdefault(label, value.strip())
    return found


def _kind(paragraphs: list[Paragraph]) -> str:
    opening = " ".join(p.text for p in paragraphs[:4]).lower()
    if "briefing note" in opening:
        return "briefing-note"
    if re.match(r"appendix\b", paragraphs[0].text.strip(), re.IGNORECASE):
        return "appendix"
    if "scrutiny review" in opening or "scoping" in opening:
        return "scoping-document"
    return "report"


def _first_title(paragraphs: list[Paragraph]) -> str | None:
    for paragraph in paragraphs[:6]:
        text = paragraph.text.strip()
        if 3 < len(text) <= 120 and not re.match(r"(briefing note|report to members|[0-9]+(st|nd|rd|th)? draft)$", text, re.IGNORECASE):
            return text.rstrip(".")
    return None


def _agenda_item(title: str, agenda: tuple[AgendaItemDraft, ...]) -> AgendaItemDraft | None:
    words = set(re.findall(r"[a-z]{4,}", title.lower()))
    best, score = None, 0.0
    for item in agenda:
        theirs = set(re.findall(r"[a-z]{4,}", item.title.lower()))
        if words and theirs:
            overlap = len(words & theirs) / min(len(words), len(theirs))
            if overlap > score:
                best, score = item, overlap
    return best if score >= 0.5 else None


def _structured_kind(title: str, item: AgendaItemDraft | None, paragraphs: list[Paragraph]) -> str | None:
    tabular = sum("\t" in p.text for p in paragraphs) >= max(3, len(paragraphs) // 3)
    if not tabular:
        return None
    named = f"{title} {item.title if item else ''}".lower()
    if "work programme" in named:
        return "work-programme"
    if "outstanding issues" in named or "tracker" in named or "recommendations" in named:
        return "tracker"
    if "action plan" in named or "improvement plan" in named:
        return "action-plan"
    return None


def _structured(kind: str, front: dict, paragraphs: list[Paragraph], meeting_date: dt.date | None,
                slug: str, reviews: list[Review], where: str) -> DocumentDraft:
    table = body_markdown(paragraphs)
    reviews.append(Review(f"the {kind} table was not read into rows", where,
                          "copy its rows into the record's fields (see 'Writing records'); "
                          "the table's text is kept below for that"))
    if kind == "work-programme":
        start = meeting_date.year if meeting_date and meeting_date.month >= 5 else (meeting_date.year - 1 if meeting_date else None)
        if start:
            front["municipal_year"] = f"{start}/{(start + 1) % 100:02d}"
        front["notes"] = table
    elif kind == "tracker":
        front["notes"] = table
    else:
        front["progress"] = table
    return DocumentDraft(slug, ".yml", front, "", tuple(reviews))


def body_markdown(paragraphs: list[Paragraph]) -> str:
    out: list[str] = []
    for paragraph in paragraphs:
        text = escape(paragraph.text.strip())
        if "\t" in text:
            text = " | ".join(cell.strip() for cell in text.split("\t") if cell.strip())
        bullet = BULLET.match(text)
        if bullet and out and out[-1].lstrip().startswith("- "):
            out[-1] += "\n" + "  " * paragraph.indent + text
        elif paragraph.heading and len(text) < 120:
            out.append(f"**{text}**")
        else:
            out.append(text)
    return "\n\n".join(out)


def _unique(slug: str, taken: set[str]) -> str:
    slug = f"{slug}-document" if slug in RESERVED else slug
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate
