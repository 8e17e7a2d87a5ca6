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
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from generator.archive import Archive, Committee, Meeting, SourceFile
from generator.config import NumberingScope
from generator.diagnostics import Diagnostic, warning
from generator.models import AgendaItem, MinuteItem, NarrativeText, Report, ScopingDocument, Tracker, WorkProgramme
from generator.memo import Remembered
from generator.references import CitationScheme, Reference, ReferenceKind, ReferenceMemo

MeetingKey = tuple[str, str, str]


NOT_IN_ANCHOR = re.compile(r"[^a-z0-9]+")
NOT_IN_NAME = re.compile(r"[^a-z0-9()]+")


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
    anchor: str = ""  # a row of a document (row-9), where the place is one


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


MinuteKey = tuple[MeetingKey, str]


@dataclass(frozen=True)
class Approval:
    """A later meeting dealing with a meeting's minutes: confirming them, or receiving them to."""

    meeting: MeetingKey
    date: dt.date
    confirmed: bool
    minute: str | None = None
    agenda_item: str | None = None
    amended: bool = False


@dataclass(frozen=True)
class Thread:
    """Minutes chained by references: one issue followed from meeting to meeting."""

    slug: str
    title: str
    minutes: tuple[MinuteKey, ...]
    started: dt.date  # the date of its first minute's meeting

    def around(self, key: MinuteKey, reach: int = 2) -> tuple[int, tuple[MinuteKey, ...]]:
        """The minutes within `reach` of the minute `key`, with the position of the first: what
        the minute's page shows of its thread. (The thread's own page lists every minute; in a
        large archive a thread can run to hundreds, which each of them listing all would make
        quadratic.)"""
        position = self.minutes.index(key)
        first = max(0, position - reach)
        return first, self.minutes[first:position + reach + 1]


@dataclass
class LinkedArchive:
    """Every link in the archive, and what follows from them: backlinks, approvals, threads."""

    links: list[Link] = field(default_factory=list)
    backlinks: dict[MinuteKey, list[Place]] = field(default_factory=lambda: defaultdict(list))
    approvals: dict[MeetingKey, Approval] = field(default_factory=dict)
    threads: list[Thread] = field(default_factory=list)

    def updated(self, meeting: Meeting) -> dt.date:
        """When a meeting's record last changed in substance: the meeting itself, or the later
        meeting that dealt with its minutes. Sitemaps and feeds use it; never the build's clock."""
        approval = self.approvals.get(meeting.key)
        return max(meeting.date, approval.date) if approval else meeting.date

    def thread_of(self, key: MinuteKey) -> Thread | None:
        return self._thread_index.get(key)

    @cached_property
    def _thread_index(self) -> dict[MinuteKey, Thread]:
        return {key: thread for thread in self.threads for key in thread.minutes}


class Resolver:
    def __init__(self, archive: Archive, remembered: Remembered | None = None):
        self.archive = archive
        self.meetings: dict[MeetingKey, Meeting] = {m.key: m for m in archive.meetings}
        self.committees: dict[tuple[str, str], Committee] = {
            (c.council, c.slug): c for council in archive.councils for c in council.committees
        }
        self.schemes = tuple(
            scheme for c in self.committees.values()
            if (scheme := CitationScheme.from_citation(f"{c.council}/{c.slug}", c.config.citation, c.config.prefix))
        )
        self.references = ReferenceMemo(self.schemes, remembered)
        self._links: dict[tuple[str, Place], tuple[Link, ...]] = {}

    def meeting(self, key: MeetingKey) -> Meeting:
        return self.meetings[key]

    @cached_property
    def _committees_named(self) -> dict[str, list[Committee]]:
        named: dict[str, list[Committee]] = {}
        for committee in self.committees.values():
            for name in {_normalise(committee.config.name), _normalise(committee.config.label)}:
                named.setdefault(name, []).append(committee)
        return named

    def links_in(self, text: str, place: Place) -> tuple[Link, ...]:
        """Remembered by the resolver itself: an lru_cache on the method would be the class's,
        and keep every resolver, with its archive, alive until the process ends."""
        key = (text, place)
        links = self._links.get(key)
        if links is None:
            links = self._links[key] = tuple(self.resolve(reference, place) for reference in self.references.find(text))
        return links

    def resolve(self, reference: Reference, place: Place) -> Link:
        return self.resolve_at(reference, self.meetings[place.meeting], place)

    def resolve_at(self, reference: Reference, here: Meeting, place: Place) -> Link:
        """Resolve as read in `here`, which may be a meeting outside the archive (`scrutiny refs`)."""
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
            home = self.committees.get((here.council, here.committee))
            return [home] if home else []
        matches = self._committees_named.get(_normalise(reference.committee), [])
        same_council = [c for c in matches if c.council == here.council]
        return same_council or matches

    def _meetings(self, reference: Reference, here: Meeting, committees: list[Committee]) -> list[Target]:
        if reference.date is None:
            home = self.committees.get((here.council, here.committee))
            previous = home.last_held_before(here.date) if home and reference.relative == "previous" else None
            meetings = [previous] if previous else []
        else:
            meetings = [m for c in committees for m in c.meetings_on(reference.date)]
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
        same_committee = (committee.council, committee.slug) == (here.council, here.committee)
        if reference.relative == "previous" and same_committee:
            previous = committee.last_held_before(here.date)
            return [previous] if previous else []
        if reference.date:
            return committee.meetings_on(reference.date)
        if reference.year:
            return committee.meetings_in(reference.year)
        if committee.numbering is NumberingScope.MEETING:
            return [here] if same_committee else list(committee.meetings)
        return committee.meetings_in(here.municipal_year)

    def _minute_target(self, reference: Reference, meeting: Meeting, item: MinuteItem) -> Target:
        anchor = minute_anchor(item.number)
        title = f"Minute {item.number}: {item.title}, {_meeting_title(self, meeting)}"
        if reference.kind is ReferenceKind.RESOLUTION or (reference.sub and reference.sub.isdigit()):
            anchor += f"-resolution-{reference.sub}"
            title = f"Resolution {reference.sub} of minute {item.number}: {item.title}, {_meeting_title(self, meeting)}"
        return Target(meeting.key, anchor, title, item.number)

    def _missing(self, reference: Reference, here: Meeting) -> str:
        if reference.kind is ReferenceKind.MEETING:
            when = reference.date.isoformat() if reference.date else "the previous meeting"
            return f"no meeting on {when} is in this archive"
        home = self.committees.get((here.council, here.committee))
        per_meeting = home is not None and home.numbering is NumberingScope.MEETING
        scope = reference.year or ("this meeting" if per_meeting else here.municipal_year)
        return f"minute {reference.number} of {scope} is not in this archive"


def _normalise(name: str) -> str:
    return NOT_IN_NAME.sub(" ", name.lower().removeprefix("the ")).strip()


@lru_cache(maxsize=None)
def minute_anchor(number: str) -> str:
    """The id of a minute on its meeting's page: minute-73, minute-12a."""
    return "minute-" + NOT_IN_ANCHOR.sub("-", number.lower()).strip("-")


def _meeting_title(resolver: Resolver, meeting: Meeting) -> str:
    committee = resolver.committees[(meeting.council, meeting.committee)]
    return f"{committee.config.label}, {meeting.date.day} {meeting.date:%B %Y}"


# -- walking the archive's text -------------------------------------------------------------------


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


def link_archive(archive: Archive, remembered: Remembered | None = None
                 ) -> tuple[Resolver, LinkedArchive, list[Diagnostic]]:
    """Every reference in the archive's texts, resolved; `remembered` is what an earlier build
    found in its texts (see `ReferenceMemo`)."""
    resolver = Resolver(archive, remembered)
    linked = LinkedArchive()
    diagnostics = []
    sources = list(archive_texts(archive))
    resolver.references.find_all(source.text for source in sources)
    for source in sources:
        for link in resolver.links_in(source.text, source.place):
            line, column = _position(source, link.reference.start)
            link = Link(link.reference, link.place, link.status, link.target, link.candidates, link.reason,
                        source.file, line, column)
            linked.links.append(link)
            if link.status is LinkStatus.RESOLVED:
                _record_backlink(linked, link)
                _record_approval(linked, link, source.text, resolver)
            else:
                diagnostics.append(_diagnostic(link))
    _record_row_backlinks(archive, linked)
    linked.threads = _threads(linked, resolver)
    return resolver, linked, diagnostics


def _record_row_backlinks(archive: Archive, linked: LinkedArchive) -> None:
    """Tracker rows name the meeting and agenda item a recommendation came from; work programme
    rows name the meeting a topic was planned for. Both point back from those minutes."""
    for council in archive.councils:
        for committee in council.committees:
            for meeting, doc in committee.trackers:
                for index, row in enumerate(doc.document.rows):
                    _row_backlink(linked, committee.meeting_on(row.meeting_date), row.agenda_item,
                                  replace(document_place(meeting, doc.slug, f"{doc.document.title}, row {index + 1}"),
                                          anchor=f"row-{index + 1}"))
            for meeting, doc in committee.work_programmes:
                planned_items = [(planned, item) for planned in doc.document.meetings for item in planned.items]
                for index, (planned, item) in enumerate(planned_items):
                    _row_backlink(linked, committee.meeting_on(planned.date), item.title,
                                  replace(document_place(meeting, doc.slug, f"{doc.document.title}: {item.title}"),
                                          anchor=f"row-{index + 1}"))


def _row_backlink(linked: LinkedArchive, meeting: Meeting | None, title: str, place: Place) -> None:
    item = minute_titled(meeting, title)
    if item is not None:
        linked.backlinks[(meeting.key, item.number)].append(place)


def _record_backlink(linked: LinkedArchive, link: Link) -> None:
    if link.target.minute is None:
        return
    key = (link.target.meeting, link.target.minute)
    if key != (link.place.meeting, link.place.minute) and link.place not in linked.backlinks[key]:
        linked.backlinks[key].append(link.place)


APPROVAL_WORDS = re.compile(r"\b(?:approved|confirmed|agreed|signed)\b", re.I)
AMENDMENT_WORDS = re.compile(r"\bsubject\s+to\b|\bamend", re.I)


def _record_approval(linked: LinkedArchive, link: Link, text: str, resolver: Resolver) -> None:
    """'The minutes of the meeting held on ... were approved' confirms those minutes;
    an agenda item 'Minutes of the previous meeting held on ...' submits them for approval."""
    if link.reference.kind is not ReferenceKind.MEETING or link.target.minute is not None:
        return
    target, place = link.target.meeting, link.place
    if resolver.meeting(target).date >= resolver.meeting(place.meeting).date:
        return
    sentence = _sentence(text, link.reference.start, link.reference.end)
    if "minutes" not in sentence.lower():
        return
    if place.minute and APPROVAL_WORDS.search(sentence):
        linked.approvals[target] = Approval(place.meeting, resolver.meeting(place.meeting).date, True, minute=place.minute,
                                            amended=bool(AMENDMENT_WORDS.search(sentence)))
    elif place.label.startswith("agenda item") and target not in linked.approvals:
        linked.approvals[target] = Approval(place.meeting, resolver.meeting(place.meeting).date, False,
                                            agenda_item=place.label.removeprefix("agenda item "))


def _sentence(text: str, start: int, end: int) -> str:
    begin = max(text.rfind(". ", 0, start), text.rfind("\n\n", 0, start)) + 1
    finish = min((i for i in (text.find(". ", end), text.find("\n\n", end)) if i != -1), default=len(text))
    return text[begin:finish]


def _threads(linked: LinkedArchive, resolver: Resolver) -> list[Thread]:
    """Connected groups of minutes that cite one another, each in date order."""
    parent: dict[MinuteKey, MinuteKey] = {}

    def root(key: MinuteKey) -> MinuteKey:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for link in linked.links:
        if link.status is LinkStatus.RESOLVED and link.target.minute and link.place.minute:
            parent[root((link.place.meeting, link.place.minute))] = root((link.target.meeting, link.target.minute))
    groups: dict[MinuteKey, list[MinuteKey]] = defaultdict(list)
    for key in list(parent):
        groups[root(key)].append(key)

    def order(key: MinuteKey):
        meeting = resolver.meeting(key[0])
        return meeting.date, meeting.council, meeting.committee, _number_order(key[1])

    threads = []
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=order)
        cited = max(members, key=lambda key: (len(linked.backlinks.get(key, ())), -members.index(key)))
        title = resolver.meeting(cited[0]).minute(cited[1]).title
        slug = "-".join((*members[0][0], minute_anchor(members[0][1])))
        threads.append(Thread(slug, title, tuple(members), resolver.meeting(members[0][0]).date))
    return sorted(threads, key=lambda t: order(t.minutes[0]))


def _number_order(number: str) -> tuple[int, str]:
    digits = re.match(r"\d+", number)
    return (int(digits.group(0)) if digits else 0, number)


def minute_titled(meeting: Meeting | None, title: str) -> MinuteItem | None:
    """The public minute of `meeting` whose title matches an agenda, tracker or work-programme title."""
    if meeting is None or meeting.minutes is None:
        return None
    wanted = _normalise(title)
    for item in meeting.minutes.items:
        have = _normalise(item.title)
        if item.is_public and min(len(have), len(wanted)) >= 6 and (have.startswith(wanted) or wanted.startswith(have)):
            return item
    return None


def _position(source: TextSource, offset: int) -> tuple[int, int]:
    before = source.text[:offset]
    return source.line + before.count("\n"), offset - (before.rfind("\n") + 1) + 1


def _diagnostic(link: Link) -> Diagnostic:
    text = " ".join(link.reference.text.split())
    if link.status is LinkStatus.AMBIGUOUS:
        return warning(link.file, link.line, f"{link.place.label} reference",
                       f"'{text}' is ambiguous: {link.reason}",
                       "add the municipal year (28/16), the committee or the meeting date to the reference")
    return warning(link.file, link.line, f"{link.place.label} reference",
                   f"'{text}' is not in this archive ({link.reason})",
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
