"""Stage 3, link references: place every reference found in the archive's text.

A reference resolves as a reader would: a bare number means this meeting (committees that
number per meeting) or this municipal year (those that number through the year); `/16` means
2016/17; a named committee or a date narrows the search. Two fitting targets make it ambiguous
and it is not linked; none makes it 'not in this archive', which is normal and stays readable.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from generator.archive import Archive, Committee, Meeting, SourceFile
from generator.config import NumberingScope
from generator.diagnostics import Diagnostic, warning
from generator.models import MinuteItem, NarrativeText, Report, ScopingDocument, Tracker, WorkProgramme
from generator.references import CitationScheme, Reference, ReferenceKind, find_references

MeetingKey = tuple[str, str, str]


class LinkStatus(enum.Enum):
    RESOLVED = "resolved"
    NOT_IN_ARCHIVE = "not-in-archive"
    AMBIGUOUS = "ambiguous"


@dataclass(frozen=True)
class Place:
    """Where a piece of text sits: its meeting, and the minute or document within it."""

    meeting: MeetingKey
    minute: str | None = None
    document: str | None = None
    label: str = ""


def minute_place(meeting: Meeting, number: str) -> Place:
    return Place(meeting.key, minute=number, label=f"minute {number}")


def document_place(meeting: Meeting, slug: str, title: str) -> Place:
    return Place(meeting.key, document=slug, label=title)


def agenda_place(meeting: Meeting, number: str) -> Place:
    return Place(meeting.key, label=f"agenda item {number}")


@dataclass(frozen=True)
class Target:
    meeting: MeetingKey
    anchor: str
    title: str
    minute: str | None = None


@dataclass(frozen=True)
class Link:
    reference: Reference
    place: Place
    status: LinkStatus
    target: Target | None = None
    candidates: tuple[Target, ...] = ()
    reason: str = ""
    file: str = ""
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class TextSource:
    place: Place
    text: str
    file: str
    line: int


@dataclass
class LinkedArchive:
    """Every link in the archive, and the backlinks of every minute."""

    links: list[Link] = field(default_factory=list)
    backlinks: dict[tuple[MeetingKey, str], list[Link]] = field(default_factory=lambda: defaultdict(list))


class Resolver:
    def __init__(self, archive: Archive):
        self.archive = archive
        self.meetings: dict[MeetingKey, Meeting] = {m.key: m for m in archive.meetings}
        self.committees: dict[tuple[str, str], Committee] = {
            (c.council, c.slug): c for council in archive.councils for c in council.committees
        }
        self.schemes = tuple(
            scheme for c in self.committees.values()
            if (scheme := CitationScheme.from_citation(f"{c.council}/{c.slug}", c.config.citation, c.config.prefix))
        )

    def meeting(self, key: MeetingKey) -> Meeting:
        return self.meetings[key]

    @lru_cache(maxsize=None)
    def links_in(self, text: str, place: Place) -> tuple[Link, ...]:
        return tuple(self.resolve(reference, place) for reference in find_references(text, self.schemes))

    def resolve(self, reference: Reference, place: Place) -> Link:
        here = self.meetings[place.meeting]
        committees = self._committees(reference, here)
        if not committees:
            return Link(reference, place, LinkStatus.NOT_IN_ARCHIVE,
                        reason=f"the {reference.committee} is not in this archive")
        if reference.kind is ReferenceKind.MEETING:
            targets = self._meetings(reference, here, committees)
        else:
            targets = self._minutes(reference, here, committees)
        if len(targets) == 1:
            return Link(reference, place, LinkStatus.RESOLVED, targets[0])
        if targets:
            return Link(reference, place, LinkStatus.AMBIGUOUS, candidates=tuple(targets),
                        reason="it fits " + "; ".join(t.title for t in targets))
        return Link(reference, place, LinkStatus.NOT_IN_ARCHIVE, reason=self._missing(reference, here))

    def _committees(self, reference: Reference, here: Meeting) -> list[Committee]:
        if reference.scheme:
            council, slug = reference.scheme.split("/")
            return [self.committees[(council, slug)]]
        if not reference.committee:
            return [self.committees[(here.council, here.committee)]]
        wanted = _normalise(reference.committee)
        matches = [c for c in self.committees.values()
                   if wanted in {_normalise(c.config.name), _normalise(c.config.label)}]
        same_council = [c for c in matches if c.council == here.council]
        return same_council or matches

    def _meetings(self, reference: Reference, here: Meeting, committees: list[Committee]) -> list[Target]:
        if reference.date is None:
            earlier = [m for m in self.committees[(here.council, here.committee)].meetings
                       if m.date < here.date and m.is_held]
            meetings = earlier[-1:] if reference.relative == "previous" else []
        else:
            meetings = [m for c in committees for m in c.meetings if m.date == reference.date]
        return [Target(m.key, "", _meeting_title(self, m)) for m in meetings]

    def _minutes(self, reference: Reference, here: Meeting, committees: list[Committee]) -> list[Target]:
        targets = []
        for committee in committees:
            for meeting in self._scope(reference, here, committee):
                item = meeting.minute(reference.number)
                if item is not None:
                    targets.append(self._minute_target(reference, meeting, item))
        return targets

    def _scope(self, reference: Reference, here: Meeting, committee: Committee) -> list[Meeting]:
        if reference.date:
            return [m for m in committee.meetings if m.date == reference.date]
        if reference.year:
            return [m for m in committee.meetings if m.municipal_year == reference.year]
        same_committee = (committee.council, committee.slug) == (here.council, here.committee)
        if committee.numbering is NumberingScope.MEETING:
            return [here] if same_committee else list(committee.meetings)
        return [m for m in committee.meetings if m.municipal_year == here.municipal_year]

    def _minute_target(self, reference: Reference, meeting: Meeting, item: MinuteItem) -> Target:
        anchor = _minute_anchor(item.number)
        title = f"Minute {item.number}: {item.title}, {_meeting_title(self, meeting)}"
        if reference.kind is ReferenceKind.RESOLUTION or (reference.sub and reference.sub.isdigit()):
            anchor += f"-resolution-{reference.sub}"
            title = f"Resolution {reference.sub} of minute {item.number}: {item.title}, {_meeting_title(self, meeting)}"
        return Target(meeting.key, anchor, title, item.number)

    def _missing(self, reference: Reference, here: Meeting) -> str:
        if reference.kind is ReferenceKind.MEETING:
            when = reference.date.isoformat() if reference.date else "the previous meeting"
            return f"no meeting on {when} is in this archive"
        scope = reference.year or (here.municipal_year if self.committees[(here.council, here.committee)].numbering
                                   is NumberingScope.MUNICIPAL_YEAR else "this meeting")
        return f"minute {reference.number} of {scope} is not in this archive"


def _normalise(name: str) -> str:
    return re.sub(r"[^a-z0-9()]+", " ", name.lower().removeprefix("the ")).strip()


def _minute_anchor(number: str) -> str:
    return "minute-" + re.sub(r"[^a-z0-9]+", "-", number.lower()).strip("-")


def _meeting_title(resolver: Resolver, meeting: Meeting) -> str:
    committee = resolver.committees[(meeting.council, meeting.committee)]
    return f"{committee.config.label}, {meeting.date.day} {meeting.date:%B %Y}"


# -- walking the archive's text -------------------------------------------------------------------


def archive_texts(archive: Archive) -> Iterator[TextSource]:
    """Every public piece of text that may hold references, with where it sits."""
    for meeting in archive.meetings:
        yield from _meeting_texts(meeting)


def _meeting_texts(meeting: Meeting) -> Iterator[TextSource]:
    source = meeting.source
    for index, item in enumerate(meeting.record.agenda):
        if item.is_public:
            place = agenda_place(meeting, item.number)
            yield TextSource(place, item.title, source.path, source.line_of(("agenda", index, "title")))
            for sub_index, sub in enumerate(item.items):
                yield TextSource(place, sub.title, source.path,
                                 source.line_of(("agenda", index, "items", sub_index, "title")))
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


def link_archive(archive: Archive) -> tuple[Resolver, LinkedArchive, list[Diagnostic]]:
    resolver = Resolver(archive)
    linked = LinkedArchive()
    diagnostics = []
    for source in archive_texts(archive):
        for link in resolver.links_in(source.text, source.place):
            line, column = _position(source, link.reference.start)
            link = Link(link.reference, link.place, link.status, link.target, link.candidates, link.reason,
                        source.file, line, column)
            linked.links.append(link)
            if link.status is LinkStatus.RESOLVED and link.target.minute is not None:
                same_minute = link.target.meeting == link.place.meeting and link.target.minute == link.place.minute
                if not same_minute:
                    linked.backlinks[(link.target.meeting, link.target.minute)].append(link)
            elif link.status is not LinkStatus.RESOLVED:
                diagnostics.append(_diagnostic(link))
    return resolver, linked, diagnostics


def _position(source: TextSource, offset: int) -> tuple[int, int]:
    before = source.text[:offset]
    return source.line + before.count("\n"), offset - (before.rfind("\n") + 1) + 1


def _diagnostic(link: Link) -> Diagnostic:
    if link.status is LinkStatus.AMBIGUOUS:
        return warning(link.file, link.line, f"{link.place.label} reference",
                       f"'{link.reference.text}' is ambiguous: {link.reason}",
                       "add the municipal year (28/16), the committee or the meeting date to the reference")
    return warning(link.file, link.line, f"{link.place.label} reference",
                   f"'{link.reference.text}' is not in this archive ({link.reason})",
                   "normal for a record outside the archive; it is shown as text, marked not in this archive")


def reference_report(linked: LinkedArchive) -> list[dict]:
    """The references as JSON-ready rows, for maintainers."""
    return [
        {
            "file": link.file, "line": link.line, "column": link.column, "text": link.reference.text,
            "kind": link.reference.kind.value, "status": link.status.value,
            "target": "/".join(link.target.meeting) + (f"#{link.target.anchor}" if link.target.anchor else "")
            if link.target else None,
            "reason": link.reason or None,
        }
        for link in linked.links
    ]


def date_key(date: dt.date | None) -> str:
    return date.isoformat() if date else ""
