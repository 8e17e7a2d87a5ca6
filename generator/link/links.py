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
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from types import MappingProxyType

from generator.records.archive import Archive, Committee, Meeting
from generator.records.config import NumberingScope
from generator.records.diagnostics import Diagnostic, note, warning
from generator.records.site_paths import minute_anchor, paragraph_anchor
from generator.records.texts import MeetingKey, Place, TextSource, archive_texts, document_place
from generator.records.texts import shown_texts
from generator.records.models import ActionPlan, MinuteItem
from generator.records.proceedings import minute_named
from generator.incremental.memo import Remembered
from generator.link.references import CitationScheme, Reference, ReferenceKind, ReferenceMemo
from generator.link.proceedings import proceeding_edges, public_proceedings



NOT_IN_NAME = re.compile(r"[^a-z0-9()]+")


class LinkStatus(enum.Enum):
    RESOLVED = "resolved"
    NOT_IN_ARCHIVE = "not-in-archive"
    AMBIGUOUS = "ambiguous"


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
    also: tuple[Target, ...] = ()  # the other minutes of a range (`minutes 40 to 42`), each linked back



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
    rows: tuple[Place, ...] = ()  # tracker and work-programme rows that follow its minutes up

    def around(self, key: MinuteKey, reach: int = 2) -> tuple[int, tuple[MinuteKey, ...]]:
        """The minutes within `reach` of the minute `key`, with the position of the first: what
        the minute's page shows of its thread. (The thread's own page lists every minute; in a
        large archive a thread can run to hundreds, which each of them listing all would make
        quadratic.)"""
        position = self.minutes.index(key)
        first = max(0, position - reach)
        return first, self.minutes[first:position + reach + 1]


@dataclass(frozen=True)
class LinkedArchive:
    """Every link in the archive, and what follows from them: backlinks, approvals, threads; made
    once, in the link stage, and never changed after (its collections are tuples and read-only
    mappings). Rendering reads its links here (`links_in`), never resolving a reference itself.

    `links` are those of the texts read for references (`archive_texts`), each where it is in its
    file, in the order of the texts: reported, and followed back. `text_links` holds the links of
    every text a page shows (those texts, and `shown_texts`), by place and then by text."""

    links: tuple[Link, ...] = ()
    backlinks: Mapping[MinuteKey, tuple[Place, ...]] = field(default_factory=lambda: MappingProxyType({}))
    approvals: Mapping[MeetingKey, Approval] = field(default_factory=lambda: MappingProxyType({}))
    threads: tuple[Thread, ...] = ()
    text_links: Mapping[Place, Mapping[str, tuple[Link, ...]]] = field(default_factory=lambda: MappingProxyType({}))

    def links_in(self, text: str, place: Place) -> tuple[Link, ...]:
        """The links of `text` at `place`, as the link stage made them. A text it did not link is
        a mistake in the code (a page showing a text that records/texts.py does not list), not in
        the archive: it is said so, rather than shown without its links."""
        try:
            return self.text_links[place][text]
        except KeyError:
            raise LookupError(f"the link stage did not link this text of {place.label or place.meeting} "
                              f"({'/'.join(place.meeting)}): list it in records/texts.py, in archive_texts "
                              f"or shown_texts") from None

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


@dataclass
class _Linking:
    """A `LinkedArchive` while the link stage makes it: the functions below fill these in; then
    it is frozen."""

    links: list[Link] = field(default_factory=list)
    backlinks: dict[MinuteKey, list[Place]] = field(default_factory=lambda: defaultdict(list))
    approvals: dict[MeetingKey, Approval] = field(default_factory=dict)
    threads: list[Thread] = field(default_factory=list)
    text_links: dict[Place, dict[str, tuple[Link, ...]]] = field(default_factory=lambda: defaultdict(dict))

    def frozen(self) -> LinkedArchive:
        return LinkedArchive(
            links=tuple(self.links),
            backlinks=MappingProxyType({key: tuple(places) for key, places in self.backlinks.items()}),
            approvals=MappingProxyType(dict(self.approvals)),
            threads=tuple(self.threads),
            text_links=MappingProxyType({place: MappingProxyType(texts) for place, texts in self.text_links.items()}))


class Resolver:
    def __init__(self, archive: Archive, remembered: Remembered | None = None):
        self.archive = archive
        self.meetings: dict[MeetingKey, Meeting] = {m.key: m for m in archive.meetings}
        self.committees: dict[tuple[str, str], Committee] = {
            (c.council, c.slug): c for council in archive.councils for c in council.committees
        }
        self.scheme_of: dict[tuple[str, str], CitationScheme] = {
            key: scheme for key, c in self.committees.items()
            if (scheme := CitationScheme.from_citation(f"{c.council}/{c.slug}", c.config.citation, c.config.prefix))
        }
        self.schemes = tuple(self.scheme_of.values())
        self.references = ReferenceMemo(self.schemes, remembered)
        self._printed: dict[MeetingKey, dict[str, MinuteItem]] = {}

    def meeting(self, key: MeetingKey) -> Meeting:
        return self.meetings[key]

    @cached_property
    def _committees_named(self) -> dict[str, list[Committee]]:
        named: dict[str, list[Committee]] = {}
        for committee in self.committees.values():
            for name in {_normalise(committee.config.name), _normalise(committee.config.label)}:
                named.setdefault(name, []).append(committee)
        return named

    @cached_property
    def _committees_prefixed(self) -> dict[str, list[Committee]]:
        """Committees by the letters their minute numbers carry (`prefix:`, or the citation's own)."""
        prefixed: dict[str, list[Committee]] = {}
        for committee in self.committees.values():
            letters = committee.config.prefix or re.match(r"[A-Za-z]*", committee.config.citation).group(0)
            if letters:
                prefixed.setdefault(letters, []).append(committee)
        return prefixed

    def links_in(self, text: str, place: Place) -> tuple[Link, ...]:
        """Resolved anew at each call: `link_archive` keeps the links, once for each text and place,
        in the linked archive (a cache here would hold them a second time)."""
        return tuple(self.resolve(reference, place) for reference in self.references.find(text))

    def resolve(self, reference: Reference, place: Place) -> Link:
        return self.resolve_at(reference, self.meetings[place.meeting], place)

    def resolve_at(self, reference: Reference, here: Meeting, place: Place) -> Link:
        """Resolve as read in `here`, which may be a meeting outside the archive (`scrutiny refs`)."""
        committees, missing = self._committees(reference, here)
        if not committees:
            return Link(reference, place, LinkStatus.NOT_IN_ARCHIVE, reason=missing)
        if reference.kind is ReferenceKind.MEETING:
            targets = self._meetings(reference, here, committees)
        elif reference.kind is ReferenceKind.MINUTE_RANGE:
            return self._range(reference, here, committees, place)
        else:
            targets = self._minutes(reference, reference.number, here, committees)
        return self._link(reference, place, here, targets)

    def _link(self, reference: Reference, place: Place, here: Meeting, targets: list[Target],
              also: tuple[Target, ...] = ()) -> Link:
        if len(targets) == 1:
            return Link(reference, place, LinkStatus.RESOLVED, targets[0], also=also)
        if targets:
            return Link(reference, place, LinkStatus.AMBIGUOUS, candidates=tuple(targets),
                        reason="it fits " + "; ".join(_distinct_titles(targets)))
        return Link(reference, place, LinkStatus.NOT_IN_ARCHIVE, reason=self._missing(reference, here))

    def _range(self, reference: Reference, here: Meeting, committees: list[Committee], place: Place) -> Link:
        """`minutes 40 to 42`: its words up to the first number link to the first minute; the last
        number is a reference of its own (see `references._range`); the minutes between link back
        to the text (`also`), and on the page they lie between the two."""
        numbers = _numbers_between(reference.number, reference.last)[:-1]
        found = [self._minutes(reference, number, here, committees) for number in numbers]
        if any(len(targets) > 1 for targets in found):
            return self._link(reference, place, here, next(t for t in found if len(t) > 1))
        between = tuple(t[0] for t in found[1:] if t)
        return self._link(reference, place, here, found[0], between)

    def _committees(self, reference: Reference, here: Meeting) -> tuple[list[Committee], str]:
        home = self.committees.get((here.council, here.committee))
        if reference.scheme:
            council, slug = reference.scheme.split("/")
            return [self.committees[(council, slug)]], ""
        if reference.prefix:
            return self._prefixed(reference.prefix, here)
        if reference.committee:
            return self._named(reference.committee, here, home)
        if reference.kind is not ReferenceKind.MEETING and (reference.date or reference.day_month):
            return self._met_on(reference, here, home), f"no meeting on {self._date_text(reference, here)} is in this archive"
        return ([home] if home else []), "the committee is not in this archive"

    def _prefixed(self, prefix: str, here: Meeting) -> tuple[list[Committee], str]:
        matches = self._committees_prefixed.get(prefix) or [
            c for letters, cs in self._committees_prefixed.items() if letters.lower() == prefix.lower() for c in cs]
        same_council = [c for c in matches if c.council == here.council]
        return same_council or matches, f"no committee in this archive numbers its minutes with '{prefix}'"

    def _named(self, name: str, here: Meeting, home: Committee | None) -> tuple[list[Committee], str]:
        """A body named in the text: 'the Committee' and 'this Board' are the citing body itself."""
        wanted = _normalise(name)
        missing = f"the {name} is not in this archive"
        if wanted in SELF_NAMES:
            mine = home is not None and wanted.split()[-1] in _normalise(home.config.name).split()
            return ([home] if mine else []), missing
        matches = self._committees_named.get(wanted) or [
            c for known, cs in self._committees_named.items()
            if known.startswith(wanted + " ") and set(known[len(wanted):].split()) <= BODY_WORDS for c in cs]
        same_council = [c for c in matches if c.council == here.council]
        if not matches and home is not None and self._shortened(wanted, home):
            return [home], missing
        return same_council or matches, missing

    def _shortened(self, wanted: str, home: Committee) -> bool:
        """Whether `wanted` is the citing body's name shortened, as its own minutes call it ('the
        Scrutiny Committee' in the Scrutiny Co-ordination Committee's): its words, in order, ending
        with the same body word; and no other committee of the council could be called so."""
        def shortens(committee: Committee) -> bool:
            words = _normalise(committee.config.name).split()
            want = wanted.split()
            if len(want) < 2 or not words or want[-1] != words[-1]:
                return False
            found = iter(words)
            return all(word in found for word in want)
        return shortens(home) and not any(
            shortens(c) for c in self.committees.values() if c.council == home.council and c is not home)

    def _met_on(self, reference: Reference, here: Meeting, home: Committee | None) -> list[Committee]:
        """A minute with a date and no body: this committee's meeting that day; failing that, any
        committee of the same council that met that day (the minute number then decides)."""
        date = self._date_of(reference, here)
        if home is not None and (date is None or home.meetings_on(date)):
            return [home]
        return [c for c in self.committees.values() if c.council == here.council and date and c.meetings_on(date)]

    def _date_of(self, reference: Reference, here: Meeting) -> dt.date | None:
        """The date meant: as printed, or a day and month read as the latest one on or before the
        citing meeting (the earliest after it, for 'the next meeting')."""
        if reference.date or not reference.day_month:
            return reference.date
        day, month = reference.day_month
        step = 1 if reference.relative == "next" else -1
        for year in (here.date.year, here.date.year + step):
            try:
                date = dt.date(year, month, day)
            except ValueError:
                continue
            if (date >= here.date) if step == 1 else (date <= here.date):
                return date
        return None

    def _date_text(self, reference: Reference, here: Meeting) -> str:
        date = self._date_of(reference, here)
        return date.isoformat() if date else "that date"

    def _meetings(self, reference: Reference, here: Meeting, committees: list[Committee]) -> list[Target]:
        date = self._date_of(reference, here)
        if date is None:
            # 'The last meeting' of the citing body only: the archive may not hold every meeting
            # of another, and its latest here need not be its last.
            home = self.committees.get((here.council, here.committee))
            previous = (home.last_held_before(here.date)
                        if any(c is home for c in committees) and reference.relative == "previous" else None)
            meetings = [previous] if previous else []
        else:
            meetings = [m for c in committees for m in c.meetings_on(date)]
        return [Target(m.key, "", _meeting_title(self, m)) for m in meetings]

    def _minutes(self, reference: Reference, number: str, here: Meeting, committees: list[Committee]) -> list[Target]:
        targets = []
        for committee in committees:
            for meeting in self._scope(reference, here, committee):
                item = self.minute_of(meeting, number)
                if item is not None:
                    targets.append(self._minute_target(reference, meeting, item))
        return targets

    def minute_of(self, meeting: Meeting, number: str) -> MinuteItem | None:
        """The minute numbered `number`, or whose heading prints it in its committee's scheme
        (`## SCb/40/11/18.` is minute 40)."""
        item = meeting.minute(number)
        if item is not None or meeting.minutes is None:
            return item
        printed = self._printed.get(meeting.key)
        if printed is None:
            config = self.committees[(meeting.council, meeting.committee)].config
            printed = self._printed[meeting.key] = {
                n: i for i in reversed(meeting.minutes.items)
                if i.numbered and (n := config.heading_number(i.number)) and n != i.number}
        return printed.get(number)

    def _scope(self, reference: Reference, here: Meeting, committee: Committee) -> list[Meeting]:
        same_committee = (committee.council, committee.slug) == (here.council, here.committee)
        date = self._date_of(reference, here)
        if reference.relative == "previous" and same_committee and date is None:
            previous = committee.last_held_before(here.date)
            return [previous] if previous else []
        if date:
            return committee.meetings_on(date)
        if reference.day_month:
            return []
        if reference.month:
            return [m for m in committee.meetings if (m.date.year, m.date.month) == reference.month]
        if reference.year:
            return committee.meetings_in(reference.year)
        if committee.numbering is NumberingScope.MEETING:
            return [here] if same_committee else list(committee.meetings)
        if committee.numbering is NumberingScope.CONTINUOUS:
            return list(committee.meetings)
        return committee.meetings_in(here.municipal_year)

    def _minute_target(self, reference: Reference, meeting: Meeting, item: MinuteItem) -> Target:
        anchor = minute_anchor(item.number)
        where = f"{item.title}, {_meeting_title(self, meeting)}"
        sub = reference.sub
        if sub and sub in item.paragraphs:  # '66.1', '(a)' as the minute prints its paragraphs
            return Target(meeting.key, paragraph_anchor(item.number, sub),
                          f"Minute {item.number}, paragraph {sub}: {where}", item.number)
        if sub and sub in _resolution_labels(item):
            return Target(meeting.key, f"{anchor}-resolution-{sub}", f"Resolution {sub} of minute {item.number}: {where}",
                          item.number)
        shown = f"Minute {item.number} ({sub})" if sub else f"Minute {item.number}"
        return Target(meeting.key, anchor, f"{shown}: {where}", item.number)

    def _missing(self, reference: Reference, here: Meeting) -> str:
        if reference.kind is ReferenceKind.MEETING:
            date = self._date_of(reference, here)
            when = date.isoformat() if date else "the previous meeting"
            return f"no meeting on {when} is in this archive"
        home = self.committees.get((here.council, here.committee))
        per_meeting = home is not None and home.numbering is NumberingScope.MEETING
        continuous = home is not None and home.numbering is NumberingScope.CONTINUOUS
        scope = reference.year or ("this meeting" if per_meeting else "any year" if continuous else here.municipal_year)
        if reference.month:
            scope = f"{dt.date(reference.month[0], reference.month[1], 1):%B %Y}"
        return f"minute {reference.number} of {scope} is not in this archive"


SELF_NAMES = frozenset({"committee", "board", "commission", "panel", "sub committee", "subcommittee", "forum", "group"})
BODY_WORDS = frozenset({"committee", "board", "commission", "panel", "sub", "forum", "group", "meeting"})


def _numbers_between(first: str, last: str | None) -> list[str]:
    """The numbers from `first` to `last`, both in; just the two where they cannot be counted."""
    if not (last and first.isdigit() and last.isdigit()) or not 0 < int(last) - int(first) <= 50:
        return [first] + ([last] if last else [])
    return [str(n) for n in range(int(first), int(last) + 1)]


def _resolution_labels(item: MinuteItem) -> set[str]:
    """The labels a minute's resolutions are anchored by: their printed numbers, or their places."""
    blocks = [r for block in item.resolution_blocks for r in block.resolutions]
    return {r.number or str(index) for index, r in enumerate(blocks, start=1)}


def _distinct_titles(targets: list[Target]) -> list[str]:
    """Targets' titles, each told apart by its meeting's folder where two are alike."""
    titles = [t.title for t in targets]
    return [title if titles.count(title) == 1 else f"{title} ({'/'.join(t.meeting)})"
            for title, t in zip(titles, targets)]


def _normalise(name: str) -> str:
    name = re.sub(r"'s\b", "", name.lower()).removeprefix("the ").removeprefix("this ").removeprefix("full ")
    return NOT_IN_NAME.sub(" ", name).strip()



def _meeting_title(resolver: Resolver, meeting: Meeting) -> str:
    committee = resolver.committees[(meeting.council, meeting.committee)]
    return f"{committee.config.label}, {meeting.date.day} {meeting.date:%B %Y}"


# -- walking the archive's text -------------------------------------------------------------------


def link_archive(archive: Archive, remembered: Remembered | None = None
                 ) -> tuple[Resolver, LinkedArchive, list[Diagnostic]]:
    """Every reference in the archive's texts, resolved; `remembered` is what an earlier build
    found in its texts (see `ReferenceMemo`)."""
    resolver = Resolver(archive, remembered)
    linked = _Linking()
    diagnostics = []
    read, shown = list(archive_texts(archive)), list(shown_texts(archive))
    resolver.references.find_all(source.text for source in (*read, *shown))
    for source in read:
        for link in _links_of(source, linked, resolver):
            linked.links.append(link)
            if link.status is LinkStatus.RESOLVED:
                _record_backlink(linked, link)
                _record_approval(linked, link, source.text, resolver)
            else:
                diagnostics.append(_diagnostic(link))
    for source in shown:
        _links_of(source, linked, resolver)
    _record_row_backlinks(archive, linked)
    linked.threads = _threads(linked, resolver)
    return resolver, linked.frozen(), diagnostics


def _links_of(source: TextSource, linked: _Linking, resolver: Resolver) -> tuple[Link, ...]:
    """The links of a text, each where it is in its file, kept for the pages by place and text. A
    text met again at the same place (a repeated paragraph) is resolved once; the page shows the
    links of its first."""
    known = linked.text_links[source.place].get(source.text)
    found = known if known is not None else resolver.links_in(source.text, source.place)
    links = tuple(_placed(link, source) for link in found)
    if known is None:
        linked.text_links[source.place][source.text] = links
    return links


def _placed(link: Link, source: TextSource) -> Link:
    line, column = _position(source, link.reference.start)
    return replace(link, file=source.file, line=line, column=column)


def _record_row_backlinks(archive: Archive, linked: _Linking) -> None:
    """Tracker rows name the meeting and agenda item a recommendation came from; work programme
    rows name the meeting a topic was planned for. Both point back from those minutes."""
    for council in archive.councils:
        for committee in council.committees:
            for meeting, doc in committee.trackers:
                for index, row in enumerate(doc.document.rows):
                    _row_backlink(linked, committee.meeting_on(row.meeting_date), row.agenda_item,
                                  replace(document_place(meeting, doc.slug, f"{doc.document.title}, row {index + 1}"),
                                          anchor=f"row-{index + 1}"), row.minute)
            for meeting, doc in committee.documents_of(ActionPlan):
                for index, action in enumerate(doc.document.actions):
                    if action.minute:
                        made_at = committee.meeting_on(action.meeting_date) if action.meeting_date else meeting
                        _row_backlink(linked, made_at, "", replace(document_place(
                            meeting, doc.slug, f"{doc.document.title}, row {index + 1}"), anchor=f"row-{index + 1}"),
                            action.minute)
            for meeting, doc in committee.work_programmes:
                planned_items = [(planned, item) for planned in doc.document.meetings for item in planned.items]
                for index, (planned, item) in enumerate(planned_items):
                    _row_backlink(linked, committee.meeting_on(planned.date), item.title,
                                  replace(document_place(meeting, doc.slug, f"{doc.document.title}: {item.title}"),
                                          anchor=f"row-{index + 1}"))


def _row_backlink(linked: _Linking, meeting: Meeting | None, title: str, place: Place,
                  minute: str | None = None) -> None:
    """A row points back from the minute it names (validation saw that it exists), else from
    the minute whose title its agenda item's title matches."""
    named = minute_named(meeting, minute) if minute else None
    item = named.item if named is not None else None if minute else minute_titled(meeting, title)
    if item is not None:
        linked.backlinks[(meeting.key, item.number)].append(place)


def _record_backlink(linked: _Linking, link: Link) -> None:
    for target in (link.target, *link.also):
        if target.minute is None:
            continue
        key = (target.meeting, target.minute)
        if key != (link.place.meeting, link.place.minute) and link.place not in linked.backlinks[key]:
            linked.backlinks[key].append(link.place)


APPROVAL_WORDS = re.compile(r"\b(?:approved|confirmed|agreed|signed)\b", re.I)
AMENDMENT_WORDS = re.compile(r"\bsubject\s+to\b|\bamend", re.I)


def _record_approval(linked: _Linking, link: Link, text: str, resolver: Resolver) -> None:
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


def _threads(linked: _Linking, resolver: Resolver) -> list[Thread]:
    """Connected groups of minutes that cite one another, with the tracker and work-programme
    rows that follow them up, each in date order: an issue followed across meetings (a group
    within one meeting is not a thread)."""
    parent: dict[MinuteKey, MinuteKey] = {}

    def root(key: MinuteKey) -> MinuteKey:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for link in linked.links:
        if (link.status is LinkStatus.RESOLVED and link.target.minute and link.place.minute
                and not _declares_interests(resolver.meeting(link.place.meeting), link.place.minute)):
            parent[root((link.place.meeting, link.place.minute))] = root((link.target.meeting, link.target.minute))
    for first, other in proceeding_edges(public_proceedings(resolver.archive)):  # call-ins and referrals
        parent[root(first)] = root(other)
    rows: dict[MinuteKey, list[Place]] = defaultdict(list)
    for key, places in linked.backlinks.items():
        for place in places:
            if place.document and place.anchor:
                rows[key].append(place)
                root(key)  # a minute that only rows follow up begins a thread too
    groups: dict[MinuteKey, list[MinuteKey]] = defaultdict(list)
    for key in list(parent):
        groups[root(key)].append(key)

    def order(key: MinuteKey):
        meeting = resolver.meeting(key[0])
        return meeting.date, meeting.council, meeting.committee, _number_order(key[1])

    threads = []
    for members in groups.values():
        followed = sorted({place for key in members for place in rows.get(key, ())},
                          key=lambda place: (resolver.meeting(place.meeting).date, place.document, _number_order(
                              place.anchor.removeprefix("row-"))))
        if len({meeting for meeting, _ in members} | {place.meeting for place in followed}) < 2:
            continue
        members.sort(key=order)
        cited = max(members, key=lambda key: (len(linked.backlinks.get(key, ())), -members.index(key)))
        title = resolver.meeting(cited[0]).minute(cited[1]).title
        slug = "-".join((*members[0][0], minute_anchor(members[0][1])))
        threads.append(Thread(slug, title, tuple(members), resolver.meeting(members[0][0]).date, tuple(followed)))
    return sorted(threads, key=lambda t: order(t.minutes[0]))


DECLARATIONS = re.compile(r"\bdeclarations? of (?:\w+ )?interests?\b", re.I)


def _declares_interests(meeting: Meeting, number: str) -> bool:
    """Whether the minute records declarations of interest: its mention of the item an interest
    was declared in is not the issue itself coming back."""
    item = meeting.minute(number)
    return item is not None and bool(DECLARATIONS.search(item.title))


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
    return note(link.file, link.line, f"{link.place.label} reference",
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
