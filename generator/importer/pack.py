"""One source document into meetings: plain minutes; or an agenda pack, split into its agenda,
the previous meeting's minutes (which go to that meeting's folder) and its reports."""

from __future__ import annotations

import re
from dataclasses import replace

from generator.importer.agenda import parse_agenda
from generator.importer.document import ImportProblem, Paragraph, SourceDocument
from generator.importer.documents import document_drafts, link_appendices, listed_appendices
from generator.importer.drafts import DocumentDraft, MeetingDraft, Review
from generator.importer.minutes import CLOSED, VENUE, Context, find_headings, parse_minutes
from generator.importer.reports import opens_as_report
from generator.importer.text import find_date, find_time

PRESENT = re.compile(r"^(?:P\s?R\s?E\s?S\s?E\s?N\s?T|Present)\b", re.IGNORECASE)
AGENDA = re.compile(r"^(?:A\s?G\s?E\s?N\s?D\s?A|Agenda|Public Document Pack)$", re.IGNORECASE)
_DOCUMENT_OPENING = re.compile(r"^(?:Briefing note|.*REPORT TO (?:MEMBERS|CABINET|COMMITTEE)|Appendix\s+[0-9A-Z]+\b.{0,80}"
                               r"|[0-9]+(?:st|nd|rd|th)\s+Draft|Last updated\b.{0,20})$", re.IGNORECASE)
_TABLE_HEADER = re.compile(r"^(?:[A-Z][A-Z ]+\t)+[A-Z][A-Z ]+$")


class _DocumentStart:
    """A line that opens a document in a pack: 'Briefing note', 'REPORT TO MEMBERS', 'Appendix 2',
    '5th Draft', or a table's header row in capitals ('SUBJECT<tab>SUGGESTED TIMING')."""

    @staticmethod
    def match(text: str) -> bool:
        return bool(_DOCUMENT_OPENING.match(text) or _TABLE_HEADER.match(text))


DOCUMENT_START = _DocumentStart()


def meetings_in(doc: SourceDocument, context: Context) -> list[MeetingDraft]:
    paragraphs = list(doc.paragraphs)
    agenda_at = next((i for i, p in enumerate(paragraphs[:30]) if AGENDA.match(p.text.strip())), None)
    minutes_spans = _minutes_spans(paragraphs, agenda_at is not None)
    if agenda_at is None:
        if not minutes_spans and opens_as_report(paragraphs):
            return [_documents_only(doc, paragraphs, context)]
        if not minutes_spans and find_headings(paragraphs, doc.kind):
            minutes_spans = [(0, _minutes_end(paragraphs, 0))]
        if not minutes_spans:
            return [_documents_only(doc, paragraphs, context)]
        first = minutes_spans[0]
        minutes_spans[0] = (0, first[1])
    meetings = []
    for start, end in minutes_spans:
        meetings.append(parse_minutes(doc, paragraphs[start:end], context))
    rest_start = minutes_spans[-1][1] if minutes_spans else None
    if agenda_at is not None:
        meetings.insert(0, _agenda_meeting(doc, paragraphs, minutes_spans, context))
        return _merge_same_date(meetings)
    if rest_start is not None and rest_start < len(paragraphs):
        meeting = meetings[0]
        documents = _documents(doc, paragraphs[rest_start:], (), meeting.date)
        meetings[0] = replace(meeting, documents=documents)
    return _merge_same_date(meetings)


def _minutes_spans(paragraphs: list[Paragraph], in_pack: bool) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for index, paragraph in enumerate(paragraphs):
        if not PRESENT.match(paragraph.text.strip()) or (spans and index < spans[-1][1]):
            continue
        start = index
        for back in range(index - 1, max(index - 6, spans[-1][1] if spans else -1), -1):
            text = paragraphs[back].text
            if find_date(text) or "minutes of" in text.lower():
                start = back
                if back > 0 and paragraphs[back - 1].text.isupper() and len(paragraphs[back - 1].text) < 100:
                    start = back - 1
                break
        if not in_pack and not spans:
            start = 0
        spans.append((start, _minutes_end(paragraphs, start)))
    return spans


def _minutes_end(paragraphs: list[Paragraph], start: int) -> int:
    for index in range(start, len(paragraphs)):
        text = paragraphs[index].text.strip()
        if CLOSED.search(text) and len(text) < 80:
            return index + 1
        if index > start + 3 and DOCUMENT_START.match(text):
            return index
    return len(paragraphs)


def _agenda_meeting(doc: SourceDocument, paragraphs: list[Paragraph], spans, context: Context) -> MeetingDraft:
    end = spans[0][0] if spans else next((i for i, p in enumerate(paragraphs) if i > 5 and DOCUMENT_START.match(p.text.strip())),
                                         len(paragraphs))
    region = paragraphs[:end]
    reviews: list[Review] = []
    date = next((find_date(p.text) for p in region[:15] if find_date(p.text)), None)
    if context.date and date != context.date:
        if date:
            reviews.append(Review(f"the agenda prints the date {date}, the command gave --date {context.date}",
                                  doc.where(region[0]), "check which is right; the folder uses --date"))
        date = context.date
    time = next((find_time(p.text) for p in region[:15] if find_time(p.text)), None)
    venue = _agenda_venue(region)
    agenda = tuple(parse_agenda(region))
    for item in agenda:
        if item.private:
            reviews.append(Review(f"agenda item {item.number} is in the private part", doc.where(region[0]),
                                  "set access: exempt with exempt_paragraphs (Schedule 12A) or keep confidential, "
                                  "and make sure its title is neutral"))
    if not agenda:
        reviews.append(Review("no numbered agenda items were read", doc.where(region[0]), "add the agenda from the pack"))
    rest_start = spans[-1][1] if spans else end
    documents = _documents(doc, paragraphs[rest_start:], agenda, date)
    agenda = _link_documents(agenda, documents)
    return MeetingDraft(date, time, venue, agenda=agenda, documents=documents, review=tuple(reviews),
                        source=f"{doc.path.rsplit('/', 1)[-1]}, agenda")


def _agenda_venue(region: list[Paragraph]) -> str | None:
    for index, paragraph in enumerate(region[:20]):
        text = paragraph.text.strip()
        match = VENUE.match(text)
        if match:
            return match["venue"].strip()
        if text.lower() in ("place", "venue") and index + 1 < len(region):
            return region[index + 1].text.strip()
    return None


def _documents(doc: SourceDocument, paragraphs: list[Paragraph], agenda, date) -> tuple[DocumentDraft, ...]:
    segments: list[tuple[str | None, list[Paragraph]]] = []
    listed, in_list = listed_appendices(paragraphs)
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.text.strip()
        appendix = _appendix_heading(paragraph, listed) if index > max(in_list, default=-1) else None
        starts = (DOCUMENT_START.match(text) and index not in in_list) or appendix
        if not segments or (starts and len(segments[-1][1]) > 2):
            segments.append((appendix, []))
            listed = {k: v for k, v in listed.items() if v != appendix}
        segments[-1][1].append(paragraph)
    taken: set[str] = set()
    drafts: list[DocumentDraft] = []
    for appendix, segment in segments:
        if sum(len(p.text) for p in segment) > 40:
            follows = drafts[-1] if drafts and _TABLE_HEADER.match(segment[0].text.strip()) else None
            drafts += document_drafts(segment, doc, agenda, date, taken, follows, appendix)
    return link_appendices(drafts)


def _appendix_heading(paragraph: Paragraph, listed: dict[str, str]) -> str | None:
    """A heading that begins with the title of an appendix its report listed ('Appendix 1 –
    Primary Partnership School Improvement'): where that appendix starts."""
    text = paragraph.text.strip().lower()
    if not listed or len(text) > 150 or not (paragraph.heading or len(text) < 100):
        return None
    return next((label for title, label in listed.items() if text.startswith(title)), None)


def _link_documents(agenda, documents: tuple[DocumentDraft, ...]):
    linked = []
    for item in agenda:
        slugs = tuple(d.slug for d in documents if d.front.get("agenda_item") == item.number)
        linked.append(replace(item, documents=slugs) if slugs else item)
    return tuple(linked)


def _documents_only(doc: SourceDocument, paragraphs: list[Paragraph], context: Context) -> MeetingDraft:
    date = context.date or next((find_date(p.text) for p in paragraphs[:30] if find_date(p.text)), None)
    if date is None:
        raise ImportProblem(doc.path, "no meeting date found in the text; give it with --date YYYY-MM-DD")
    documents = _documents(doc, paragraphs, (), date)
    review = Review("the file holds no minutes and no agenda, only documents", doc.where(paragraphs[0]),
                    f"check that they belong to the meeting of {date}, and add the meeting's time and venue")
    return MeetingDraft(date, None, None, documents=documents, review=(review,),
                        source=doc.path.rsplit("/", 1)[-1])


def _merge_same_date(meetings: list[MeetingDraft]) -> list[MeetingDraft]:
    merged: dict = {}
    for meeting in meetings:
        if meeting.date in merged:
            first = merged[meeting.date]
            merged[meeting.date] = replace(first, minutes=first.minutes or meeting.minutes,
                                           documents=first.documents + meeting.documents,
                                           review=first.review + meeting.review)
        else:
            merged[meeting.date] = meeting
    return list(merged.values())
