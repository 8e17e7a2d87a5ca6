"""The assembled archive: councils, committees, meetings and documents, with their sources.

Built once by `load.py` and never changed afterwards; later stages read it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
import bisect
from functools import cached_property

from generator.records.config import CommitteeConfig, CouncilConfig, NumberingScope, SiteConfig
from generator.records.models import (
    AgendaItem,
    CommitteeRecord,
    Document,
    MeetingRecord,
    MeetingStatus,
    MinuteItem,
    Minutes,
    Resolution,
    ResolutionBlock,
    Person,
    Restricted,
    ScopingDocument,
    Tracker,
    WorkProgramme,
)
from generator.records.diagnostics import FieldPath


def municipal_year_start(date: dt.date, start_month: int) -> int:
    return date.year if date.month >= start_month else date.year - 1


def municipal_year_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


@dataclass(frozen=True)
class SourceFile:
    """Where a record came from, with the line of each of its fields."""

    path: str
    lines: dict[FieldPath, int] = field(default_factory=dict, hash=False, compare=False)

    def line_of(self, path: FieldPath) -> int:
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1


@dataclass(frozen=True)
class DocumentFile:
    slug: str
    document: Document
    source: SourceFile

    @property
    def type(self) -> str:
        return self.document.type


def inherit_access(record: MeetingRecord, minutes: Minutes | None, documents: tuple[DocumentFile, ...]
                   ) -> tuple[MeetingRecord, tuple[DocumentFile, ...]]:
    """Exemption is inherited: whatever belongs to an exempt or confidential item or minute is
    withheld as it is, unless it says `access:` itself. That is an agenda item's sub-items, a
    document the item lists in `documents:`, a document whose `agenda_item:` or `minute:` names
    it, and the appendices a withheld report lists; their attachments follow (attachments.py
    asks `is_public`). Done where the meeting is assembled, so that every consumer (pages,
    exports, search, references) sees the inherited access."""
    withheld_minutes = {item.number: item for item in (minutes.items if minutes else ()) if not item.is_public}
    if not withheld_minutes and all(item.is_public for _, item in _numbered_items(record.agenda)) and all(
            doc.document.is_public for doc in documents):
        return record, documents  # nearly every meeting: nothing is withheld, sub-items included
    agenda = tuple(_agenda_item_within(item, None) for item in record.agenda)
    if agenda != record.agenda:
        record = record.model_copy(update={"agenda": agenda})
    withheld_items: dict[str, AgendaItem] = {}
    owners: dict[str, list[Restricted]] = {}
    for number, item in _numbered_items(agenda):
        if not item.is_public:
            withheld_items.setdefault(number, item)
            for slug in item.documents:
                owners.setdefault(slug, []).append(item)
    changed = True
    while changed:  # until no appendix of a withheld report is left to withhold
        changed, inherited = False, []
        appendices_of = {appendix.document: doc.document for doc in documents if not doc.document.is_public
                         for appendix in getattr(doc.document, "appendices", ()) if appendix.document}
        for doc in documents:
            document = doc.document
            found = [*owners.get(doc.slug, ()), withheld_items.get(document.agenda_item or ""),
                     withheld_minutes.get(document.minute or ""), appendices_of.get(doc.slug)]
            for owner in filter(None, found):
                document = document.withheld_with(owner)
            if document is not doc.document:
                changed = True
                doc = DocumentFile(doc.slug, document, doc.source)
            inherited.append(doc)
        documents = tuple(inherited)
    return record, documents


def _agenda_item_within(item: AgendaItem, owner: AgendaItem | None) -> AgendaItem:
    """`item` withheld as the item it is listed under, and its own sub-items within it."""
    if owner is not None:
        item = item.withheld_with(owner)
    items = tuple(_agenda_item_within(sub, item) for sub in item.items)
    return item if items == item.items else item.model_copy(update={"items": items})


def _numbered_items(items: tuple[AgendaItem, ...], prefix: str = ""):
    """Every agenda item, sub-items too, with its number as documents cite it (5, 5a)."""
    for item in items:
        yield prefix + item.number, item
        yield from _numbered_items(item.items, prefix + item.number)


@dataclass(frozen=True)
class Meeting:
    council: str
    committee: str
    slug: str
    date: dt.date
    municipal_year: str
    record: MeetingRecord
    source: SourceFile
    minutes: Minutes | None = None
    minutes_source: SourceFile | None = None
    documents: tuple[DocumentFile, ...] = ()
    invalid_documents: frozenset[str] = frozenset()
    folder: str = ""
    files: tuple[str, ...] = ()

    def __post_init__(self):
        record, documents = inherit_access(self.record, self.minutes, self.documents)
        object.__setattr__(self, "record", record)
        object.__setattr__(self, "documents", documents)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.council, self.committee, self.slug)

    @property
    def is_held(self) -> bool:
        return self.record.status is MeetingStatus.HELD

    def document(self, slug: str) -> DocumentFile | None:
        return next((d for d in self.documents if d.slug == slug), None)

    def documents_for_minute(self, number: str) -> tuple[DocumentFile, ...]:
        return tuple(d for d in self.documents if d.document.minute == number)

    def minute(self, number: str) -> MinuteItem | None:
        return self._minutes_by_number.get(number)

    @cached_property
    def _minutes_by_number(self) -> dict[str, MinuteItem]:
        items = self.minutes.items if self.minutes is not None else ()
        return {item.number: item for item in reversed(items)}  # the first of a duplicated number wins


@dataclass(frozen=True)
class ResolutionRow:
    """One public resolution, where it sits, and its label (its printed number, or its place)."""

    meeting: Meeting
    minute: MinuteItem
    block: ResolutionBlock
    resolution: Resolution
    label: str


def _resolution_rows(meeting: Meeting) -> list[ResolutionRow]:
    rows = []
    for item in meeting.minutes.items:
        if item.is_public:
            blocks = [(block, r) for block in item.resolution_blocks for r in block.resolutions]
            rows += [ResolutionRow(meeting, item, block, r, r.number or str(i))
                     for i, (block, r) in enumerate(blocks, start=1)]
    return rows


@dataclass(frozen=True)
class Committee:
    council: str
    slug: str
    config: CommitteeConfig
    record: CommitteeRecord
    source: SourceFile | None
    meetings: tuple[Meeting, ...] = ()

    @property
    def numbering(self) -> NumberingScope:
        return self.config.numbering

    def meetings_by_year(self) -> list[tuple[str, list[Meeting]]]:
        """Municipal years newest first, each with its meetings in date order."""
        return sorted(self._meetings_by_year.items(), reverse=True)

    def minutes_by_year(self) -> dict[str, list[Meeting]]:
        """The meetings with minutes, by municipal year, in date order."""
        return self._minutes_by_year

    def resolutions_by_year(self) -> dict[str, list[ResolutionRow]]:
        """Every public resolution, by municipal year (each year with minutes), in date and
        minute order. Made once: pages and exports read it."""
        return self._resolutions_by_year

    def meeting_on(self, date: dt.date) -> Meeting | None:
        return next(iter(self.meetings_on(date)), None)

    def meetings_on(self, date: dt.date) -> list[Meeting]:
        return self._meetings_by_date.get(date, [])

    def meetings_in(self, municipal_year: str) -> list[Meeting]:
        return self._meetings_by_year.get(municipal_year, [])

    def last_held_before(self, date: dt.date) -> Meeting | None:
        held = self._held_meetings
        position = bisect.bisect_left(held, date, key=lambda meeting: meeting.date)
        return held[position - 1] if position else None

    @cached_property
    def _meetings_by_date(self) -> dict[dt.date, list[Meeting]]:
        by_date: dict[dt.date, list[Meeting]] = {}
        for meeting in self.meetings:
            by_date.setdefault(meeting.date, []).append(meeting)
        return by_date

    @cached_property
    def _meetings_by_year(self) -> dict[str, list[Meeting]]:
        by_year: dict[str, list[Meeting]] = {}
        for meeting in self.meetings:
            by_year.setdefault(meeting.municipal_year, []).append(meeting)
        return by_year

    @cached_property
    def _minutes_by_year(self) -> dict[str, list[Meeting]]:
        with_minutes = ((year, [m for m in meetings if m.minutes is not None])
                        for year, meetings in self._meetings_by_year.items())
        return {year: meetings for year, meetings in with_minutes if meetings}

    @cached_property
    def _resolutions_by_year(self) -> dict[str, list[ResolutionRow]]:
        return {year: [row for meeting in meetings for row in _resolution_rows(meeting)]
                for year, meetings in self._minutes_by_year.items()}

    @cached_property
    def _held_meetings(self) -> list[Meeting]:
        return sorted((m for m in self.meetings if m.is_held), key=lambda m: m.date)

    def documents_of(self, kind: type) -> list[tuple[Meeting, DocumentFile]]:
        return [
            (meeting, doc)
            for meeting in self.meetings
            for doc in meeting.documents
            if isinstance(doc.document, kind) and doc.document.is_public
        ]

    @property
    def work_programmes(self):
        return self.documents_of(WorkProgramme)

    @property
    def trackers(self):
        return self.documents_of(Tracker)

    @property
    def reviews(self):
        return self.documents_of(ScopingDocument)


@dataclass(frozen=True)
class Council:
    slug: str
    config: CouncilConfig
    people: dict[str, Person]
    people_source: SourceFile | None
    committees: tuple[Committee, ...] = ()

    @property
    def meetings(self) -> list[Meeting]:
        return sorted((m for c in self.committees for m in c.meetings), key=lambda m: (m.date, m.committee))


@dataclass(frozen=True)
class Archive:
    config: SiteConfig
    councils: tuple[Council, ...]
    # Every record file read, by its path under the root, with the digest of the text read: what
    # the archive was made from, exactly (see page_inputs.py).
    sources: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    @cached_property
    def meetings(self) -> list[Meeting]:
        return sorted((m for c in self.councils for m in c.meetings), key=lambda m: (m.date, m.council, m.committee))

    def council(self, slug: str) -> Council:
        return self._councils_by_slug[slug]

    def committee(self, council: str, slug: str) -> Committee:
        return self._committees_by_slug[council, slug]

    def meeting(self, key: tuple[str, str, str]) -> Meeting:
        """The meeting whose `key` is (council, committee, meeting folder): a place or a link names
        its meeting so."""
        return self._meetings_by_key[key]

    @cached_property
    def _meetings_by_key(self) -> dict[tuple[str, str, str], Meeting]:
        return {meeting.key: meeting for meeting in self.meetings}

    @cached_property
    def _councils_by_slug(self) -> dict[str, Council]:
        return {council.slug: council for council in self.councils}

    @cached_property
    def _committees_by_slug(self) -> dict[tuple[str, str], Committee]:
        return {(council.slug, committee.slug): committee for council in self.councils for committee in council.committees}

    def person(self, council: str, person_id: str) -> Person | None:
        return self.council(council).people.get(person_id)
