"""The texts of the archive that may cite other records, each with the place it sits: a minute,
an agenda item, a document (and a row of one)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.records.archive import Archive, Meeting, SourceFile
from generator.records.models import AgendaItem, NarrativeText, Report, ScopingDocument, Tracker, WorkProgramme
from generator.records.models import InterestKind
from generator.records.text_forms import body_sections, markdown_as_text

MeetingKey = tuple[str, str, str]


@dataclass(frozen=True)
class Place:
    """Where a piece of text sits: its meeting, and the minute or document within it."""

    meeting: MeetingKey
    minute: str | None = None
    document: str | None = None
    label: str = ""
    anchor: str = ""  # a row of a document (row-9), where the place is one


def minute_place(meeting: Meeting, number: str) -> Place:
    """A minute as a place; one printed without a number is labelled by its title."""
    item = meeting.minute(number)
    label = f"minute {number}" if item is None or item.numbered else f"minute '{item.title}'"
    return Place(meeting.key, minute=number, label=label)


def document_place(meeting: Meeting, slug: str, title: str) -> Place:
    return Place(meeting.key, document=slug, label=title)


def agenda_place(meeting: Meeting, number: str) -> Place:
    return Place(meeting.key, label=f"agenda item {number}")


def declarations_place(meeting: Meeting) -> Place:
    return Place(meeting.key, label="declarations")


@dataclass(frozen=True)
class TextSource:
    place: Place
    text: str
    file: str
    line: int



def archive_texts(archive: Archive) -> Iterator[TextSource]:
    """Every public piece of text that may hold references, with where it sits."""
    for meeting in archive.meetings:
        yield from _meeting_texts(meeting)


def _meeting_texts(meeting: Meeting) -> Iterator[TextSource]:
    yield from _agenda_texts(meeting, meeting.record.agenda, ("agenda",))
    if meeting.minutes is not None:
        for item in meeting.minutes.items:
            if not item.is_public:
                continue
            place = minute_place(meeting, item.number)
            for part in item.content:
                if isinstance(part, NarrativeText):
                    yield TextSource(place, part.markdown, meeting.minutes_source.path, part.line)
                else:
                    for resolution in part.resolutions:
                        yield TextSource(place, resolution.text, meeting.minutes_source.path, resolution.line)
    for doc in meeting.documents:
        if doc.document.is_public:
            yield from _document_texts(meeting, doc.slug, doc.document, doc.source)


def _agenda_texts(meeting: Meeting, items: tuple[AgendaItem, ...], path: tuple, prefix: str = ""
                  ) -> Iterator[TextSource]:
    """The titles of the public agenda items, and of their public sub-items: a withheld item's
    sub-items are never read, whatever they say (its real title is behind its public_title)."""
    for index, item in enumerate(items):
        if item.is_public:
            source = meeting.source
            yield TextSource(agenda_place(meeting, prefix + item.number), item.title, source.path,
                             source.line_of(path + (index, "title")))
            yield from _agenda_texts(meeting, item.items, path + (index, "items"), prefix + item.number)


def _document_texts(meeting: Meeting, slug: str, document, source: SourceFile) -> Iterator[TextSource]:
    place = document_place(meeting, slug, document.title)
    if isinstance(document, (Report, ScopingDocument)):
        for name in ("purpose", "rationale", "aims", "scope", "methodology", "risks", "divisional_comments"):
            value = getattr(document, name, None)
            if value:
                yield TextSource(place, value, source.path, source.line_of((name,)))
        yield TextSource(place, document.body, source.path, _body_line(source))
    elif isinstance(document, Tracker):
        for index, row in enumerate(document.rows):
            for name in ("text", "response"):
                if getattr(row, name):
                    yield TextSource(place, getattr(row, name), source.path, source.line_of(("rows", index, name)))
    elif isinstance(document, WorkProgramme):
        for group in ("to_schedule", "progress_reports", "next_year"):
            for index, item in enumerate(getattr(document, group)):
                if item.detail:
                    yield TextSource(place, item.detail, source.path, source.line_of((group, index, "detail")))
        for m_index, planned in enumerate(document.meetings):
            for index, item in enumerate(planned.items):
                if item.detail:
                    yield TextSource(place, item.detail, source.path,
                                     source.line_of(("meetings", m_index, "items", index, "detail")))


def _body_line(source: SourceFile) -> int:
    """A Markdown document's body starts after its front matter."""
    return max(source.lines.values(), default=1) + 2


def shown_texts(archive: Archive) -> Iterator[TextSource]:
    """The texts pages show with their references linked, other than `archive_texts` or in
    another form: their links are made in the link stage with the others, for the pages, and are
    never reported or followed back (those of `archive_texts` are). A text a page links must be
    in one of the two."""
    for meeting in archive.meetings:
        yield from _agenda_notes(meeting, meeting.record.agenda, ("agenda",))
        if meeting.minutes is not None:
            yield from _declarations(meeting)
        for doc in meeting.documents:
            if doc.document.is_public and isinstance(doc.document, (Report, ScopingDocument)):
                yield from _shown_document_texts(meeting, doc.slug, doc.document, doc.source)


def _agenda_notes(meeting: Meeting, items: tuple[AgendaItem, ...], path: tuple, prefix: str = ""
                  ) -> Iterator[TextSource]:
    """The notes of the public agenda items, as `_agenda_texts` reads their titles."""
    for index, item in enumerate(items):
        if item.is_public:
            if item.notes:
                yield TextSource(agenda_place(meeting, prefix + item.number), item.notes, meeting.source.path,
                                 meeting.source.line_of(path + (index, "notes")))
            yield from _agenda_notes(meeting, item.items, path + (index, "items"), prefix + item.number)


def _declarations(meeting: Meeting) -> Iterator[TextSource]:
    """Declarations of interest, as a person's page quotes them: one line of plain text."""
    source = meeting.minutes_source
    for index, declaration in enumerate(meeting.minutes.front.declarations):
        if declaration.detail and declaration.kind is not InterestKind.SENSITIVE:
            yield TextSource(declarations_place(meeting), markdown_as_text(declaration.detail), source.path,
                             source.line_of(("declarations", index, "detail")))


def _shown_document_texts(meeting: Meeting, slug: str, document: Report | ScopingDocument, source: SourceFile
                          ) -> Iterator[TextSource]:
    """A document's body section by section (as its page shows it), and a scoping document's
    sections (all of them; `_document_texts` reads some)."""
    place = document_place(meeting, slug, document.title)
    if isinstance(document, ScopingDocument):
        for _, text in document.sections():
            yield TextSource(place, text, source.path, source.line_of(()))
    for section in body_sections(document.body):
        if section.text:
            before = document.body[:max(document.body.find(section.text), 0)]
            yield TextSource(place, section.text, source.path, _body_line(source) + before.count("\n"))
