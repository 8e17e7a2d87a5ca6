"""Finding references to minutes and meetings in any text, with their exact positions.

One finder serves every kind of text in the archive (minutes, resolutions, agenda items,
reports, tracker and work-programme rows) and the `scrutiny refs` command. It only reads text:
placing a reference in the archive is `link.py`'s job. It never raises on any input.

What a reader takes from the words around a reference is kept on it: a body or a date in
brackets after it (`Minute 32 (Policy and Resources Committee (18/12/20))`), `of the Cabinet
held on ...`, a month and year (`Minute 111 - March 2017`, `52/02/2016`), a prefix (`CL.34`),
and, for a bare number, the meeting named earlier in the same sentence (`the Council meeting on
20 October ... (Minute No. 57 refers)`).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, replace

from generator.processes.helpers import run_shared
from generator.records.config import citation_regex
from generator.incremental.memo import Memo, Remembered, code_key, text_digest

MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
_WEEKDAY = r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?"


def _date_pattern(prefix: str, year_optional: bool = False) -> str:
    """A date as minutes print it, its parts in groups named with `prefix`; with
    `year_optional`, also `8 February` (the year is then the reader's: see `Reference.day_month`)."""
    p = prefix
    year = rf"(?:,?\s+(?P<{p}year>\d{{4}}))" + ("?" if year_optional else "")
    return (rf"(?:{_WEEKDAY}(?:the\s*)?(?P<{p}day>\d{{1,2}})(?:st|nd|rd|th)?t?\s+(?:of\s+)?(?P<{p}month>{_MONTH}){year}"
            rf"|(?P<{p}nday>\d{{1,2}})/(?P<{p}nmonth>\d{{1,2}})/(?P<{p}nyear>\d{{4}}|\d{{2}})(?![\d/]))")


COMMITTEE_WORDS = (r"(?:Cabinet|Executive|Council|(?:Sub-?\s?)?(?:Board|Committee|Commission|Panel)(?:\s*\(\d+\))?"
                   r"|Forum|Group|Assembly|Scrutiny)")
_NAME = (rf"(?:[A-Z][\w'’&-]*,?\s+(?:(?:[A-Z][\w'’&-]*|and|of|for|on|&),?\s+){{0,8}})?{COMMITTEE_WORDS}"
         r"(?:\s+\([A-Z]{2,8}\))?")
# The citing body itself: 'this Board', and 'the Committee' (placed by link.py against its name).
SELF_WORDS = frozenset({"committee", "board", "commission", "panel", "sub-committee", "subcommittee", "forum", "group"})
_NUMBER = r"(?P<number>\d+[a-z]?)"
_YEAR = r"(?:/(?P<year>\d{4}|\d{2})(?![\d/]))"
_NUMBER_TAIL = (r"(?:/(?P<mm>\d{1,2})/(?P<myear>\d{4}|\d{2})(?![\d/])|/(?P<year>\d{4}|\d{2})(?![\d/]))?")
_SUB = r"(?:\s?\((?P<sub>[0-9]{1,2}|[a-z]{1,2}|[ivx]{1,4})\)|\.(?P<dsub>\d{1,2})(?![\d.]))"
_NO = r"(?i:\s*(?:No\.?|Number|Nos\.?|Ref\.?)(?=[\s\d]))?\s*"
_PREFIX = r"(?:(?P<prefix>[A-Z][A-Za-z]{0,3})(?:(?P<pyear>\d{2})/|[./]|(?=\d)))?"
_HAPPENS = (r"(?i:,?\s+(?:held|(?P<future>(?:scheduled\s+)?to\s+be\s+held|(?:to\s+)?takes?\s+place)"
            r"|(?:which|that)\s+took\s+place|took\s+place|taking\s+place"
            r"|held\s+(?:after|at\s+the\s+rising\s+of)\s+[^.;\n]{1,80}?))?")

RESOLUTION = re.compile(
    rf"(?i:\bresolution\s+(?P<sub>\d+)\)?\s+(?:of|under)\s+minute){_NO}{_NUMBER}{_YEAR}?")
RANGE = re.compile(  # 'minutes 40 to 42', 'Minute paras 456 to 469' (Chichester)
    rf"(?i:\b(?:minutes|minutes?\s+paras?\.?){_NO}(?:Nos\.?\s*)?)(?P<number>\d+[a-z]?)(?i:\s*(?:to|-|–)\s*)(?P<last>\d+[a-z]?){_YEAR}?")
LIST = re.compile(rf"(?i:\bminutes{_NO})(?P<numbers>\d+[a-z]?(?:\s*,\s*\d+[a-z]?)*(?i:\s*,?\s+(?:and|&)\s+)\d+[a-z]?){_YEAR}?")
_LISTED = re.compile(r"\d+[a-z]?")
MINUTE = re.compile(
    rf"\b(?P<word>(?i:minutes?(?:\s+item)?|min\.)){_NO}{_PREFIX}{_NUMBER}{_NUMBER_TAIL}{_SUB}?"
    rf"(?:(?i:\s+of\s+(?:the\s+|this\s+)?)(?:(?P<after>{_NAME})|(?P<previous_meeting>(?i:previous|last)\s+meeting))"
    rf"(?i:,?\s+(?:held\s+)?(?:on|of|dated)\s+{_date_pattern('h')})?)?"
    rf"(?:\s*\((?:(?P<pname>{_NAME})\s*\((?i:{_date_pattern('k')})\)|(?i:{_date_pattern('q')})"
    rf"|(?P<bname>{_NAME})\s+(?i:agenda\s+)?(?i:item|minute|refers)[^()\n]{{0,30}})\))?"
    rf"(?:\s+[–-]\s+(?P<cmonth>(?i:{_MONTH}))\s+(?P<cyear>\d{{4}})\b)?"
    r"(?i:\s+(?P<relative>above|below))?",
)
# A body named just before a minute or meeting ('Cabinet minute 34/17', 'the Cabinet at its meeting'),
# looked for only where one of those was found: leading every pattern, it was tried at every word.
BEFORE = re.compile(rf"(?P<before>{_NAME})(?:'s)?(?i:\s+at\s+(?:its|their))?\s+$")
BEFORE_REACH = 160
ITEM = re.compile(r"\b(?i:item)\s+(?i:No\.?\s*)?(?P<number>\d+)/(?P<year>\d{4}|\d{2})(?![\d/])")
_MEETING_WORD = r"(?P<meeting_word>(?i:meetings?))"
MEETING = re.compile(
    rf"(?i:\b(?P<previous>previous\s+|next\s+|last\s+)?"
    rf"(?:(?:special|ordinary|informal|extraordinary)\s+)?){_MEETING_WORD}"
    rf"(?:(?i:\s+of\s+(?:the\s+|this\s+)?)(?P<committee>{_NAME}))?"
    rf"{_HAPPENS}(?i:\s+(?:on|of|from)\s+(?:the\s+)?(?:{_date_pattern('', True)}))")
MINUTES_OF = re.compile(
    rf"(?i:\bminutes\s+of\s+(?:the\s+|this\s+)?(?:(?:open|public|unrestricted|draft)\s+)?)(?P<committee>{_NAME})"
    rf"(?i:\s+meetings?)?{_HAPPENS}(?i:\s+(?:on|from)\s+(?:the\s+)?(?:{_date_pattern('', True)}))")
NAME_DATE = re.compile(rf"\((?i:{_date_pattern('', True)})\)")  # after a body's name, or 'meeting'
_NAMED_BEFORE = re.compile(rf"(?:(?P<committee>{_NAME})|(?i:\b(?P<previous>previous\s+)?meeting))\s*$")
AT_ITS = re.compile(
    rf"(?i:\bat\s+(?:its|their)\s+(?P<meeting_word>meeting)\s+(?:held\s+)?on\s+(?:the\s+)?{_date_pattern('', True)})"
    rf",?\s+(?i:the\s+|this\s+)?(?P<committee>{_NAME})")
MET_ON = re.compile(rf"(?i:\s+(?:had\s+)?met\s+on\s+(?:the\s+)?{_date_pattern('', True)})")  # after a body's name
AND_DATE = re.compile(rf"(?i:\s*(?:,|and|&)\s*(?:on\s+)?(?:the\s+)?{_date_pattern('', True)})")
PREVIOUS_MEETING = re.compile(
    r"\b(?i:the\s+(?:previous|last)\s+(?:meeting|minutes))\b(?!(?i:\s+(?:held\s+)?on\s))(?!\s*\()"
    r"(?!\s+(?i:of)\s+(?:(?i:the)\s+)?(?!Committee\b|Board\b|Commission\b|Panel\b)[A-Z])")
# 'the last meeting of the Scrutiny Committee', 'the Scrutiny Committee at its last meeting': the
# body's latest meeting before this one (link.py places it only for the citing body itself).
LAST_MEETING_OF = re.compile(
    rf"\b(?i:the\s+)(?P<previous>(?i:previous|last)\s+)(?i:meeting\s+of\s+(?:the\s+|this\s+)?)(?P<committee>{_NAME})")
AT_ITS_LAST = re.compile(r"\b(?i:at\s+(?:its|their)\s+(?:previous|last)\s+meeting)\b(?!\s+(?i:held\s+)?(?i:on|of)\s)")

ANY_KEYWORD = re.compile(r"minute|meeting|min\.|item\s|met\s+on", re.I)
_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)")
CONTEXT_REACH = 300  # characters back to a meeting named earlier in the sentence


class ReferenceKind(enum.Enum):
    MINUTE = "minute"
    MINUTE_RANGE = "minute_range"
    RESOLUTION = "resolution"
    MEETING = "meeting"


@dataclass(frozen=True)
class Reference:
    text: str
    start: int
    end: int
    kind: ReferenceKind
    number: str | None = None
    last: str | None = None
    sub: str | None = None
    year: str | None = None
    committee: str | None = None
    date: dt.date | None = None
    relative: str | None = None
    scheme: str | None = None
    day_month: tuple[int, int] | None = None  # a date printed without its year: the latest one read back
    month: tuple[int, int] | None = None  # (year, month) of the meeting, from `52/02/2016` or `- March 2017`
    prefix: str | None = None  # letters before the number, naming the body that numbers so: `CL.34`

    def as_json(self) -> dict:
        return {
            "text": self.text, "start": self.start, "end": self.end, "kind": self.kind.value,
            "number": self.number, "last": self.last, "sub": self.sub, "year": self.year,
            "committee": self.committee, "date": self.date.isoformat() if self.date else None,
            "day_month": list(self.day_month) if self.day_month else None,
            "month": list(self.month) if self.month else None, "prefix": self.prefix, "scheme": self.scheme,
            "relative": self.relative,
        }

    @property
    def placed_by_words(self) -> bool:
        """Whether its own words say where it is, beyond a bare number."""
        return bool(self.committee or self.date or self.day_month or self.month or self.year or self.scheme
                    or self.prefix or self.relative)


def municipal_year_of_suffix(suffix: str | None) -> str | None:
    """`/16` and `/2016` both mean the municipal year 2016/17."""
    if not suffix:
        return None
    start = _full_year(suffix)
    return f"{start}/{(start + 1) % 100:02d}"


def _full_year(text: str) -> int:
    year = int(text)
    return year + (2000 if year < 70 else 1900) if len(text) <= 2 else year


def parse_date(match: re.Match, prefix: str = "") -> dt.date | None:
    return parse_partial_date(match, prefix)[0]


def parse_partial_date(match: re.Match, prefix: str = "") -> tuple[dt.date | None, tuple[int, int] | None]:
    """The date in `match`'s groups named with `prefix`, or its day and month when it has no year."""
    groups = match.groupdict()
    try:
        if groups.get(f"{prefix}day"):
            month = MONTHS[groups[f"{prefix}month"].lower().rstrip(".")]
            day = int(groups[f"{prefix}day"])
            if not groups.get(f"{prefix}year"):
                dt.date(2000, month, day)  # a day the month has (2000 is a leap year)
                return None, (day, month)
            return dt.date(int(groups[f"{prefix}year"]), month, day), None
        if groups.get(f"{prefix}nday"):
            return dt.date(_full_year(groups[f"{prefix}nyear"]), int(groups[f"{prefix}nmonth"]),
                           int(groups[f"{prefix}nday"])), None
    except (ValueError, KeyError):
        return None, None
    return None, None


@dataclass(frozen=True, eq=False)  # compared, and hashed, by identity: `_any_literal` looks it up per text
class CitationScheme:
    """A committee's own way of citing minutes, e.g. `SB{yy}/{number}` or `OS.{number}`.

    Schemes with letters of their own (a prefix) are recognised standing alone in text;
    purely numeric ones only after the word 'minute'. A sub-item may follow (`OS.14.4`,
    `OS.14(a)`); with `{mm}`, month and year name the meeting's month."""

    committee: str
    pattern: re.Pattern
    literal: str  # text every match contains, e.g. "SB": a cheap test before the pattern

    @classmethod
    def from_citation(cls, committee: str, citation: str, prefix: str | None) -> CitationScheme | None:
        literal = "".join(text + (prefix or "" if field == "prefix" else "")
                          for text, field, _, _ in string.Formatter().parse(citation))
        if not re.search(r"[A-Za-z]", literal):
            return None
        pattern = r"\b" + citation_regex(citation, prefix) + rf"{_SUB}?(?![\w/])"
        return cls(committee, re.compile(pattern), _longest_literal(citation, prefix))

    def number_of(self, printed: str) -> str | None:
        """The number a heading printed in this scheme carries (`SCb/40/11/18.` is 40), or None."""
        match = self.pattern.fullmatch(printed.strip().rstrip("."))
        return match["number"] if match else None


def _longest_literal(citation: str, prefix: str | None) -> str:
    chunks = [text for text, _, _, _ in string.Formatter().parse(citation.replace("{prefix}", prefix or ""))]
    return max(chunks, key=len)


def find_references(text: str, schemes: tuple[CitationScheme, ...] = ()) -> list[Reference]:
    """Every reference in `text`, in order, without overlaps (the earliest, longest wins)."""
    if not isinstance(text, str) or not text:
        return []
    found: list[Reference] = []
    if not ANY_KEYWORD.search(text):
        return _without_overlaps(_scheme_references(text, schemes))
    lower = text.lower()
    for pattern, build, needed in _PATTERNS:
        if needed.search(lower):
            for match in pattern.finditer(text):
                found += build(match)
    return _with_context(text, _without_overlaps(found + _scheme_references(text, schemes)))


@functools.lru_cache(maxsize=64)
def _any_literal(schemes: tuple[CitationScheme, ...]) -> re.Pattern | None:
    literals = sorted({scheme.literal for scheme in schemes})
    return re.compile("|".join(map(re.escape, literals))) if literals else None


def _scheme_references(text: str, schemes: tuple[CitationScheme, ...]) -> list[Reference]:
    any_literal = _any_literal(schemes)
    if any_literal is None or not any_literal.search(text):
        return []
    return [_scheme_reference(scheme, match) for scheme in schemes if scheme.literal in text
            for match in scheme.pattern.finditer(text)]


def _scheme_reference(scheme: CitationScheme, match: re.Match) -> Reference:
    groups = match.groupdict()
    month = _month(groups.get("mm"), groups.get("year"))
    return Reference(match.group(0), match.start(), match.end(), ReferenceKind.MINUTE, number=match["number"],
                     sub=groups.get("sub") or groups.get("dsub"),
                     year=None if month else municipal_year_of_suffix(groups.get("year")),
                     month=month, scheme=scheme.committee)


def _month(month: str | None, year: str | None) -> tuple[int, int] | None:
    if not (month and year) or not 1 <= int(month) <= 12:
        return None
    return _full_year(year), int(month)


def _without_overlaps(found: list[Reference]) -> list[Reference]:
    chosen: list[Reference] = []
    for reference in sorted(found, key=lambda r: (r.start, -(r.end - r.start))):
        if chosen and reference.start < chosen[-1].end:
            continue
        chosen.append(reference)
    return chosen


def _with_context(text: str, found: list[Reference]) -> list[Reference]:
    """A bare minute number takes the body and date of a meeting named before it in the same
    sentence: 'the Council meeting on 20 October ... (Minute No. 57 refers)'."""
    placed: list[Reference] = []
    meeting: Reference | None = None
    for reference in found:
        if meeting is not None and _sentence_between(text, meeting.end, reference.start):
            meeting = None
        if reference.kind is ReferenceKind.MEETING:
            meeting = reference if (reference.date or reference.day_month) and reference.relative != "next" else None
        elif meeting is not None and reference.kind is not ReferenceKind.RESOLUTION and not reference.placed_by_words:
            reference = replace(reference, committee=meeting.committee, date=meeting.date, day_month=meeting.day_month)
        placed.append(reference)
    return placed


def _sentence_between(text: str, start: int, end: int) -> bool:
    gap = text[start:end]
    if end - start > CONTEXT_REACH or _SENTENCE_END.search(gap):
        return True
    return "\n" in gap and not gap.rstrip().endswith(":")


def _committee(name: str | None) -> str | None:
    if not name:
        return None
    name = re.sub(r"\s*\([A-Z]{2,8}\)$", "", name.strip())
    name = re.sub(r"^(?:the|this)\s+", "", name, flags=re.I)
    return re.sub(r"\s+", " ", name)


def _is_this(match: re.Match, group: str) -> bool:
    """`this Board`: the name in `group` follows the word 'this'."""
    start = match.start(group)
    return start >= 5 and match.string[start - 5:start].lower() == "this "


def _resolution(match: re.Match) -> list[Reference]:
    return [Reference(match.group(0), match.start(), match.end(), ReferenceKind.RESOLUTION,
                      number=match["number"], sub=match["sub"], year=municipal_year_of_suffix(match["year"]))]


def _range(match: re.Match) -> list[Reference]:
    """`minutes 40 to 42/16`: each number written out is a reference of its own, so that each
    links to its minute: `minutes 40` (the range, whose minutes between link back to the text)
    and `42/16`."""
    year = municipal_year_of_suffix(match["year"])
    first_end, last_start = match.end("number"), match.start("last")
    return [Reference(match.string[match.start():first_end], match.start(), first_end, ReferenceKind.MINUTE_RANGE,
                      number=match["number"], last=match["last"], year=year),
            Reference(match.string[last_start:match.end()], last_start, match.end(), ReferenceKind.MINUTE,
                      number=match["last"], year=year)]


def _list(match: re.Match) -> list[Reference]:
    """`minutes 290 and 292`: one reference for each number, the first with the word."""
    year = municipal_year_of_suffix(match["year"])
    numbers = list(_LISTED.finditer(match["numbers"]))
    references = []
    offset = match.start("numbers")
    for index, number in enumerate(numbers):
        start = match.start() if index == 0 else offset + number.start()
        end = offset + number.end()
        if index == len(numbers) - 1 and match["year"]:
            end = match.end()
        references.append(Reference(match.string[start:end], start, end, ReferenceKind.MINUTE,
                                    number=number.group(0), year=year))
    return references


def _name_before(match: re.Match, start: int) -> tuple[str | None, int]:
    """The body named just before `start`, and where its name starts."""
    found = BEFORE.search(match.string, max(0, start - BEFORE_REACH), start)
    return (_committee(found["before"]), found.start()) if found else (None, start)


def _minute(match: re.Match) -> list[Reference]:
    before, start = _name_before(match, match.start("word"))
    date, day_month = _first_date(match, "h", "k", "q")
    after = match["after"] if not (match["after"] and _is_this(match, "after")) else None
    month = _month(match["mm"], match["myear"]) or _printed_month(match)
    return [Reference(match.string[start:match.end()], start, match.end(), ReferenceKind.MINUTE,
                      number=match["number"].lstrip("0") or "0", sub=match["sub"] or match["dsub"],
                      year=None if month else municipal_year_of_suffix(match["year"] or match["pyear"]),
                      committee=before or _committee(after) or _committee(match["pname"] or match["bname"]), date=date,
                      day_month=day_month, month=month, prefix=match["prefix"],
                      relative="previous" if match["previous_meeting"] else match["relative"])]


def _printed_month(match: re.Match) -> tuple[int, int] | None:
    if not match["cmonth"]:
        return None
    return int(match["cyear"]), MONTHS[match["cmonth"].lower().rstrip(".")]


def _first_date(match: re.Match, *prefixes: str) -> tuple[dt.date | None, tuple[int, int] | None]:
    for prefix in prefixes:
        date, day_month = parse_partial_date(match, prefix)
        if date or day_month:
            return date, day_month
    return None, None


def _item(match: re.Match) -> list[Reference]:
    return [Reference(match.group(0), match.start(), match.end(), ReferenceKind.MINUTE, number=match["number"],
                      year=municipal_year_of_suffix(match["year"]))]


def _named_date(match: re.Match) -> list[Reference]:
    """`Scrutiny Committee (8 February)`, `the previous meeting (18 March 2014)`, `the Panel met on ...`:
    a date after a body's name (or the word meeting)."""
    named = _NAMED_BEFORE.search(match.string, max(0, match.start() - BEFORE_REACH), match.start())
    if named is None or (match.re is MET_ON and not named["committee"]):
        return []
    date, day_month = parse_partial_date(match)
    if date is None and day_month is None:
        return []
    committee = None if named["committee"] and _is_this(named, "committee") else _committee(named["committee"])
    first = Reference(match.string[named.start():match.end()], named.start(), match.end(), ReferenceKind.MEETING,
                      committee=committee, date=date, day_month=day_month)
    return [first, *_more_dates(match.string, match.end(), first)]


def _meeting(match: re.Match) -> list[Reference]:
    date, day_month = parse_partial_date(match)
    if date is None and day_month is None:
        return []
    groups = match.groupdict()
    before, before_start = _name_before(match, match.start()) if match.re is MEETING else (None, 0)
    named = groups.get("committee")
    committee = before or (None if named and _is_this(match, "committee") else _committee(named))
    previous = (groups.get("previous") or "").strip().lower()
    start = before_start if before else _meeting_start(match, bool(previous))
    future = previous == "next" or groups.get("future")
    relative = "next" if future else None  # a date says which meeting; 'next' how to read one without a year
    first = Reference(match.string[start:match.end()], start, match.end(), ReferenceKind.MEETING,
                      committee=committee, date=date, day_month=day_month, relative=relative)
    return [first, *_more_dates(match.string, match.end(), first)]


def _meeting_start(match: re.Match, previous: bool) -> int:
    if previous:
        return match.start("previous")
    if match.re is MINUTES_OF:
        return match.start("committee")
    if match.groupdict().get("meeting_word"):
        return match.start("meeting_word")
    return match.start()


def _more_dates(text: str, end: int, first: Reference) -> list[Reference]:
    """`held on 23 February 2016 and 7 June 2016`: each date a meeting of the same body."""
    more = []
    while (match := AND_DATE.match(text, end)) is not None:
        date, day_month = parse_partial_date(match)
        if date is None and day_month is None:
            break
        start = match.start() + len(match.group(0)) - len(match.group(0).lstrip(" ,&andANDthe"))
        more.append(replace(first, text=text[start:match.end()], start=start, end=match.end(), date=date,
                            day_month=day_month))
        end = match.end()
    return more


def _previous(match: re.Match) -> list[Reference]:
    return [Reference(match.group(0), match.start(), match.end(), ReferenceKind.MEETING, relative="previous")]


def _last_meeting_of(match: re.Match) -> list[Reference]:
    """'the last meeting of the Scrutiny Committee', from the word 'last' (a dated reading of the
    same words, 'the last meeting of X held on 12 March', starts there too and, longer, wins)."""
    start = match.start("previous")
    return [Reference(match.string[start:match.end()], start, match.end(), ReferenceKind.MEETING,
                      committee=_committee(match["committee"]), relative="previous")]


def _at_its_last(match: re.Match) -> list[Reference]:
    """'the Scrutiny Committee at its last meeting': the body named just before the words. Without
    one ('The Cabinet, at its last meeting') whose meeting is meant is not read: left as text."""
    before, start = _name_before(match, match.start())
    if before is None:
        return []
    return [Reference(match.string[start:match.end()], start, match.end(), ReferenceKind.MEETING,
                      committee=before, relative="previous")]


_PATTERNS = (  # each with a cheap test of the lower-cased text before its pattern
    (RESOLUTION, _resolution, re.compile("resolution")), (RANGE, _range, re.compile(r"minutes|minute\s+para")),
    (LIST, _list, re.compile("minutes")), (MINUTE, _minute, re.compile(r"minute|min\.")),
    (ITEM, _item, re.compile(r"item\s")), (MEETING, _meeting, re.compile("meeting")),
    (MINUTES_OF, _meeting, re.compile("minutes of")), (NAME_DATE, _named_date, re.compile(r"\((?:[a-z]+day,?\s+)?(?:the\s*)?\d")),
    (AT_ITS, _meeting, re.compile(r"at (?:its|their) meeting")), (MET_ON, _named_date, re.compile(r"\smet\s+on\s")),
    (PREVIOUS_MEETING, _previous, re.compile(r"(?:previous|last)\s+m")),
    (LAST_MEETING_OF, _last_meeting_of, re.compile(r"(?:previous|last)\s+meeting\s+of")),
    (AT_ITS_LAST, _at_its_last, re.compile(r"at (?:its|their) (?:previous|last) meeting")),
)


# Below this many texts to search, forking a second process costs more than it saves.
TEXTS_WORTH_FORKING = 2000


class ReferenceMemo:
    """`find_references`, remembered from one build to the next by each text's digest: finding
    references is most of the link stage, and nearly every text is the same as last time. Used
    only under these citation schemes and this module's code."""

    def __init__(self, schemes: tuple[CitationScheme, ...], remembered: Remembered | None = None):
        self.schemes = schemes
        self.memo = Memo(code_key(__file__, settings=repr([(s.committee, s.pattern.pattern, s.literal)
                                                            for s in schemes])), remembered)
        self._digests: dict[str, bytes] = {}

    def find_all(self, texts: Iterable[str], workers: int = 2) -> None:
        """Find, ahead of `find`, the references in those of `texts` not remembered, shared out
        between `workers` processes when there are many (a first build of a large archive has
        texts enough to keep one process busy for seconds)."""
        new: dict[bytes, str] = {}
        for text in texts:
            digest = self._digests[text] = text_digest(text)
            if not self.memo.knows(digest):
                new[digest] = text
        jobs = [functools.partial(_found_in, text, self.schemes) for text in new.values()]
        for digest, references in zip(new, run_shared(jobs, workers, TEXTS_WORTH_FORKING)):
            self.memo.add(digest, references)

    def find(self, text: str) -> list[Reference]:
        digest = self._digests.pop(text, None) or text_digest(text)
        return list(self.memo.get(digest, lambda: _found_in(text, self.schemes)))


def _found_in(text: str, schemes: tuple[CitationScheme, ...]) -> tuple[Reference, ...]:
    return tuple(find_references(text, schemes))
