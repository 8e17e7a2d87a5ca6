"""A report, briefing note or appendix split from an agenda pack, as a draft document. A work
programme, tracker or action plan printed as a table becomes its structured YAML record with
what could be read, and a review entry for the table itself."""

from __future__ import annotations

import datetime as dt
import re

from dataclasses import replace

from generator.importer.action_plan import action_plan_fields, starts_action_plan
from generator.importer.document import Paragraph, SourceDocument
from generator.importer.drafts import AgendaItemDraft, DocumentDraft, Review
from generator.importer.minutes import BULLET, escape
from generator.importer.reports import header_fields, opens_as_report, report_fields
from generator.importer.scoping import scoping_fields
from generator.importer.tables import programme_rows, row_paragraphs, short_date, table_kind, tracker_rows
from generator.importer.text import find_date, slugify

RESERVED = {"index", "private", "minutes", "meeting"}
BLANK_PAGE = re.compile(r"^This page is intentionally left blank\.?$", re.IGNORECASE)
NUMBERED_START = re.compile(r"^[0-9]{1,3}\.\s")


def document_drafts(paragraphs: list[Paragraph], doc: SourceDocument, agenda: tuple[AgendaItemDraft, ...],
                    meeting_date: dt.date | None, taken: set[str], follows: DocumentDraft | None = None,
                    appendix: str | None = None) -> list[DocumentDraft]:
    """One segment of a pack as its documents: a report and the action plan or table printed
    after it become a report with an appendix each; a table alone becomes its record.
    `appendix`: the title a report's list of appendices gives the segment."""
    paragraphs = [p for p in paragraphs if not BLANK_PAGE.match(p.text.strip())]
    if appendix:
        draft = document_draft(paragraphs, doc, agenda, meeting_date, taken, None, "appendix", appendix)
        return [draft]
    report_part, record_part, kind = _split(paragraphs)
    if report_part is None:
        return [document_draft(record_part, doc, agenda, meeting_date, taken, follows, kind)]
    report = document_draft(report_part, doc, agenda, meeting_date, taken, follows)
    record = document_draft(record_part, doc, agenda, meeting_date, taken, report, kind)
    appendix = {"title": record.front["title"], "document": record.slug}
    report = replace(report, front=report.front | {"appendices": [appendix]})
    return [report, record]


def _split(paragraphs: list[Paragraph]) -> tuple[list[Paragraph] | None, list[Paragraph], str | None]:
    """(the report, the record printed after it, the record's kind); no report when the segment
    is the record alone (its heading lines go into its notes)."""
    start = starts_action_plan(paragraphs)
    if start:
        return paragraphs[:start], paragraphs[start:], "action-plan"
    if start == 0:
        return None, paragraphs, "action-plan"
    header = next((i for i, p in enumerate(paragraphs) if table_kind(p)), None)
    if header is None:
        return None, paragraphs, None
    kind = table_kind(paragraphs[header]).kind
    if header > 3 and opens_as_report(paragraphs[:header]):
        return paragraphs[:header], paragraphs[header:], kind
    return None, paragraphs, kind


def document_draft(paragraphs: list[Paragraph], doc: SourceDocument, agenda: tuple[AgendaItemDraft, ...],
                   meeting_date: dt.date | None, taken: set[str], follows: DocumentDraft | None = None,
                   table: str | None = None, title: str | None = None) -> DocumentDraft:
    """`follows`: the document a table or plan printed after it belongs to (an appendix of it);
    `table`: the record a table in it makes ("appendix" for an appendix a report listed)."""
    fields = header_fields(paragraphs[:12])
    kind = table if table and table != "appendix" else ("appendix" if follows or table else _kind(paragraphs))
    table = None if kind == "appendix" else table
    title = title or _title(fields, paragraphs, kind, follows, agenda)
    item = _agenda_item(title, agenda) or (_item_of(follows, agenda) if follows else None)
    where = f"{doc.where(paragraphs[0])} to {doc.where(paragraphs[-1]).split(', ', 1)[-1]}"
    structured = table or _structured_kind(title, item, paragraphs)
    slug = _unique(slugify(title), taken)
    reviews = [Review(f"{_article(structured or kind)} {structured or kind} split from the pack ({len(paragraphs)} paragraphs)", where,
                      "check where it starts and ends, its type and title, and the fields read from it")]
    front: dict = {"type": structured or kind, "title": title}
    if item:
        front["agenda_item"] = item.number
    if structured:
        if follows and follows.front.get("date") and structured == "tracker":
            front["as_at"] = follows.front["date"]
        return _structured(structured, front, paragraphs, meeting_date, slug, reviews, where)
    if kind == "scoping-document":
        return _scoping(front, paragraphs, slug, reviews, where)
    front |= _report_front(fields, paragraphs, item)
    return DocumentDraft(slug, ".md", front, body_markdown(paragraphs), tuple(reviews))


LISTED = re.compile(r"Appendix\s+([0-9A-Z]{1,3})\s*[–—:-]\s*(.+?)(?=\s+Appendix\s+[0-9A-Z]{1,3}\s*[–—:-]|$)")
LIST_HEADING = re.compile(r"^(?:[0-9]{1,2}\.?\s+)?(?:List of )?Appendices\b", re.IGNORECASE)


def listed_appendices(paragraphs: list[Paragraph]) -> tuple[dict[str, str], set[int]]:
    """The appendices a report lists under 'List of Appendices': {title in lower case: 'Appendix
    1 – Title'}, and the indexes of the list's lines (which are not where appendices start)."""
    listed: dict[str, str] = {}
    lines: set[int] = set()
    for index, paragraph in enumerate(paragraphs):
        if not LIST_HEADING.match(paragraph.text.strip()):
            continue
        for after in range(index + 1, min(index + 8, len(paragraphs))):
            found = LISTED.findall(paragraphs[after].text.strip())
            if not found or not paragraphs[after].text.strip().startswith("Appendix"):
                break
            lines.add(after)
            listed |= {title.strip().lower(): f"Appendix {label} – {title.strip()}" for label, title in found}
    return listed, lines


def link_appendices(drafts: list[DocumentDraft]) -> tuple[DocumentDraft, ...]:
    """Each appendix after a report, and a record printed after it as its appendix, in the
    report's `appendices` (with its document)."""
    out: list[DocumentDraft] = []
    for draft in drafts:
        report = next((d for d in reversed(out) if d.suffix == ".md" and d.front["type"] != "appendix"), None)
        printed_after = report is not None and draft.front["title"] == f"{report.front['title']}: appendix"
        if report is not None and (draft.front["type"] == "appendix" or printed_after):
            entries = [a for a in report.front.get("appendices", []) if a["title"] != draft.front["title"]]
            linked = report.front | {"appendices": entries + [{"title": draft.front["title"], "document": draft.slug}]}
            out[out.index(report)] = replace(report, front=linked)
            if report.front.get("agenda_item") and "agenda_item" not in draft.front:
                draft = replace(draft, front=draft.front | {"agenda_item": report.front["agenda_item"]})
        out.append(draft)
    return tuple(out)


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _title(fields: dict[str, str], paragraphs: list[Paragraph], kind: str, follows: DocumentDraft | None,
           agenda: tuple[AgendaItemDraft, ...]) -> str:
    if kind == "work-programme":
        named = next((p.text.strip() for p in paragraphs[:8] if re.search(r"work programme", p.text, re.IGNORECASE)
                      and "\t" not in p.text), None)
        if named:
            return re.split(r"\s+Please\b", named)[0].strip()
    if follows and kind == "work-programme":
        return f"{follows.front['title']}: appendix"
    if follows and kind == "tracker":
        item = _item_of(follows, agenda)
        return item.title if item else f"{follows.front['title']}: appendix"
    if follows and kind == "appendix":
        return f"{follows.front['title']}: appendix"
    if follows and kind == "action-plan":
        recommendation = paragraphs[0].text.strip()
        return f"Action plan: recommendation {recommendation.split('.', 1)[0]}" if NUMBERED_START.match(recommendation) \
            else f"{follows.front['title']}: action plan"
    return fields.get("subject") or fields.get("title") or _first_title(paragraphs) or "Untitled document"


def _item_of(document: DocumentDraft, agenda: tuple[AgendaItemDraft, ...]) -> AgendaItemDraft | None:
    number = document.front.get("agenda_item")
    return next((item for item in agenda if item.number == number), None)


def _report_front(fields: dict[str, str], paragraphs: list[Paragraph], item: AgendaItemDraft | None) -> dict:
    front: dict = {}
    for key in ("to", "from"):
        if fields.get(key):
            front[key] = fields[key]
    if "from" not in front and item and item.report_of:
        front["from"] = item.report_of
    date = find_date(fields.get("date", "")) if fields.get("date") else None
    if date:
        front["date"] = date
    listed, _lines = listed_appendices(paragraphs)
    if listed:
        front["appendices"] = [{"title": label} for label in listed.values()]
    return front | report_fields(paragraphs)


def _scoping(front: dict, paragraphs: list[Paragraph], slug: str, reviews: list[Review], where: str) -> DocumentDraft:
    fields, kept, more = scoping_fields(paragraphs, where)
    opening = [p.text.strip() for p in paragraphs[:12]]
    version = next((t for t in opening if re.fullmatch(r"[0-9]+(?:st|nd|rd|th)\s+Draft|(?:Final )?Draft(?: [0-9.]+)?", t,
                                                       re.IGNORECASE)), None)
    chair = next((re.sub(r"^.*?Chaired by\s+", "", t) for t in opening if "Chaired by" in t), None)
    date = next((find_date(t) for t in opening if find_date(t)), None)
    front |= {k: v for k, v in (("version", version), ("date", date), ("chair", chair)) if v}
    if fields.get("title"):
        front["title"] = fields.pop("title")
    signed = [s for s in fields.pop("sign_offs", []) if s.get("name")]
    front |= fields | ({"sign_offs": signed} if signed else {})
    return DocumentDraft(slug, ".md", front, body_markdown(kept), tuple(reviews + more))


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
    header = next((i for i, p in enumerate(paragraphs) if (t := table_kind(p)) and t.kind == kind), None)
    if kind == "action-plan" and header is not None:
        fields, more = action_plan_fields(paragraphs, where)
        return DocumentDraft(slug, ".yml", front | fields, "", tuple(reviews + more))
    if kind == "work-programme":
        front |= _programme_year(paragraphs, meeting_date)
    if header is None:
        return _unread_table(kind, front, paragraphs, slug, reviews, where)
    table = table_kind(paragraphs[header])
    rows, stray = row_paragraphs(paragraphs[header + 1:], table)
    notes = body_markdown(paragraphs[:header])
    if kind == "tracker":
        read = tracker_rows(rows, table)
        front |= {"as_at": d for d in [_as_at(paragraphs[:header])] if d and "as_at" not in front}
        front["rows"] = list(read.rows)
    else:
        year = front.get("municipal_year")
        fields, read = programme_rows(rows, table, int(year[:4]) if year else None)
        front |= {k: v for k, v in fields.items() if v}
    if notes:
        front["notes"] = notes
    return DocumentDraft(slug, ".yml", front, "", tuple(reviews + _table_reviews(kind, read, stray, where)))


def _programme_year(paragraphs: list[Paragraph], meeting_date: dt.date | None) -> dict:
    out: dict = {}
    for paragraph in paragraphs[:10]:
        year = re.search(r"\b(20[0-9]{2})\s*/\s*(?:20)?([0-9]{2})\b", paragraph.text)
        if year and "municipal_year" not in out and (int(year[1]) + 1) % 100 == int(year[2]):
            out["municipal_year"] = f"{year[1]}/{year[2]}"
        updated = re.match(r"^Last updated\s*:?\s*(.+)$", paragraph.text.strip(), re.IGNORECASE)
        if updated and short_date(updated[1]):
            out["last_updated"] = short_date(updated[1])
    if "municipal_year" not in out and meeting_date:
        start = meeting_date.year if meeting_date.month >= 5 else meeting_date.year - 1
        out["municipal_year"] = f"{start}/{(start + 1) % 100:02d}"
    return out


def _as_at(paragraphs: list[Paragraph]) -> dt.date | None:
    fields = header_fields(paragraphs[:12])
    return find_date(fields["date"]) if fields.get("date") else None


def _unread_table(kind: str, front: dict, paragraphs: list[Paragraph], slug: str, reviews: list[Review],
                  where: str) -> DocumentDraft:
    """A table whose columns the text does not keep apart: its text is kept for a person to copy."""
    table = body_markdown(paragraphs)
    reviews.append(Review(f"the {kind} table was not read into rows (its columns are not told apart in the text)",
                          where, "copy its rows into the record's fields (see 'Writing records'); "
                          "the table's text is kept in the record for that"))
    front["progress" if kind == "action-plan" else "notes"] = table
    return DocumentDraft(slug, ".yml", front, "", tuple(reviews))


def _table_reviews(kind: str, read, stray: list[str], where: str) -> list[Review]:
    reviews = []
    if read.joined:
        reviews.append(Review(f"{len(read.joined)} row(s) of the {kind} table joined to the row above, as cut by a "
                              f"page break: {'; '.join(read.joined)}", where,
                              "check each against the printed table"))
    if read.realigned and kind == "work-programme":
        reviews.append(Review("dates printed without a year (or with a year outside the municipal year) were dated "
                              f"in the municipal year: {'; '.join(read.realigned)}", where,
                              "check each date against the council's calendar"))
    elif read.realigned:
        reviews.append(Review(f"{len(read.realigned)} row(s) of the {kind} table one cell short of its header: an "
                              f"empty cell was put where the type letter then falls in its column: "
                              f"{'; '.join(read.realigned)}", where, "check their columns against the printed table"))
    for text in read.unread:
        reviews.append(Review(f"a row of the {kind} table not read: '{text[:100]}'", where,
                          "add it to the record by hand if it is one"))
    if stray:
        reviews.append(Review(f"{len(stray)} line(s) inside the {kind} table that are not rows: "
                              + "; ".join(f"'{s[:30]}'" for s in stray[:8]), where,
                              "check the printed table for anything they hold"))
    if kind == "work-programme":
        reviews.append(Review("lead officers were split into names at '/', ',' and by pairs of words "
                              "(first name, surname)", where, "check the names against the printed table"))
    return reviews


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
