"""Finding references to minutes and meetings in any text, with their exact positions.

One finder serves every kind of text in the archive (minutes, resolutions, agenda items,
reports, tracker and work-programme rows) and the `scrutiny refs` command. It only reads text:
placing a reference in the archive is `link.py`'s job. It never raises on any input.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass

from generator.forked import run_shared
from generator.memo import Memo, Remembered, code_key, text_digest

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
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?"
DATE = (
    rf"(?:{_WEEKDAY}(?:the\s+)?(?P<{{p}}day>\d{{{{1,2}}}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<{{p}}month>{_MONTH}),?\s+(?P<{{p}}year>\d{{{{4}}}})"
    rf"|(?P<{{p}}nday>\d{{{{1,2}}}})/(?P<{{p}}nmonth>\d{{{{1,2}}}})/(?P<{{p}}nyear>\d{{{{4}}}}|\d{{{{2}}}})(?![\d/]))"
)


def _date_pattern(prefix: str) -> str:
    return DATE.format(p=prefix).replace("{{", "{").replace("}}", "}")


COMMITTEE_WORDS = r"(?:Cabinet|Executive|Council|Board(?:\s*\(\d+\))?|Committee|Commission|Panel|Forum|Group)"
_NAME = rf"(?:[A-Z][\w'&-]*,?\s+(?:(?:[A-Z][\w'&-]*|and|of|for|on|&),?\s+){{0,8}})?{COMMITTEE_WORDS}"
_NUMBER = r"(?P<number>\d+[a-z]?)"
_YEAR = r"(?:/(?P<year>\d{4}|\d{2})(?!\d))"
_SUB = r"(?:\((?P<sub>[0-9]{1,2}|[a-z]{1,2}|[ivx]{1,4})\))"
_NO = r"(?i:\s*No\.?)?\s*"
_HAPPENS = r"(?i:\s+(?:held|to\s+be\s+held|(?:to\s+)?takes?\s+place|taking\s+place))?"

RESOLUTION = re.compile(
    rf"(?i:\bresolution\s+(?P<sub>\d+)\)?\s+(?:of|under)\s+minute){_NO}{_NUMBER}{_YEAR}?")
RANGE = re.compile(
    rf"(?i:\bminutes{_NO}(?:Nos\.?\s*)?)(?P<number>\d+[a-z]?)(?i:\s*(?:to|-|–)\s*)(?P<last>\d+[a-z]?){_YEAR}?")
MINUTE = re.compile(
    rf"(?:(?P<before>{_NAME})\s+)?\b(?P<word>(?i:minute|min\.)){_NO}{_NUMBER}{_YEAR}?{_SUB}?"
    rf"(?:(?i:\s+of\s+the\s+)(?:(?P<after>{_NAME})|(?P<previous_meeting>(?i:previous|last)\s+meeting)))?"
    rf"(?:\s*\((?i:{_date_pattern('q')})\))?"
    r"(?i:\s+(?P<relative>above|below))?",
)
MEETING = re.compile(
    rf"(?:(?P<before>{_NAME})\s+)?(?i:\b(?P<previous>previous\s+|next\s+)?(?P<meeting_word>meeting))(?:(?i:\s+of\s+(?:the\s+)?)(?P<committee>{_NAME}))?"
    rf"{_HAPPENS}(?i:\s+on\s+(?:the\s+)?(?:{_date_pattern('')}))")
PREVIOUS_MEETING = re.compile(r"\bthe\s+previous\s+meeting\b(?!\s+(?:of\s+|held\s+|on\s+))", re.I)


ANY_KEYWORD = re.compile(r"minute|meeting|min\.", re.I)


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

    def as_json(self) -> dict:
        return {
            "text": self.text, "start": self.start, "end": self.end, "kind": self.kind.value,
            "number": self.number, "sub": self.sub, "year": self.year, "committee": self.committee,
            "date": self.date.isoformat() if self.date else None,
        }


def municipal_year_of_suffix(suffix: str | None) -> str | None:
    """`/16` and `/2016` both mean the municipal year 2016/17."""
    if not suffix:
        return None
    start = int(suffix) + (2000 if int(suffix) < 70 else 1900) if len(suffix) == 2 else int(suffix)
    return f"{start}/{(start + 1) % 100:02d}"


def parse_date(match: re.Match, prefix: str = "") -> dt.date | None:
    groups = match.groupdict()
    try:
        if groups.get(f"{prefix}day"):
            month = MONTHS[groups[f"{prefix}month"].lower().rstrip(".")]
            return dt.date(int(groups[f"{prefix}year"]), month, int(groups[f"{prefix}day"]))
        if groups.get(f"{prefix}nday"):
            year = int(groups[f"{prefix}nyear"])
            year += 2000 if year < 70 else (1900 if year < 100 else 0)
            return dt.date(year, int(groups[f"{prefix}nmonth"]), int(groups[f"{prefix}nday"]))
    except (ValueError, KeyError):
        return None
    return None


@dataclass(frozen=True, eq=False)  # compared, and hashed, by identity: `_any_literal` looks it up per text
class CitationScheme:
    """A committee's own way of citing minutes, e.g. `SB{yy}/{number}` or `OS.{number}`.

    Schemes with letters of their own (a prefix) are recognised standing alone in text;
    purely numeric ones only after the word 'minute'."""

    committee: str
    pattern: re.Pattern
    literal: str  # text every match contains, e.g. "SB": a cheap test before the pattern

    @classmethod
    def from_citation(cls, committee: str, citation: str, prefix: str | None) -> CitationScheme | None:
        parts = []
        literal = ""
        for text, field, _, _ in string.Formatter().parse(citation):
            parts.append(re.escape(text))
            literal += text
            if field == "number":
                parts.append(r"(?P<number>\d+[a-z]?)")
            elif field == "yy":
                parts.append(r"(?P<year>\d{2})")
            elif field == "yyyy":
                parts.append(r"(?P<year>\d{4})")
            elif field == "mm":
                parts.append(r"(?P<month>\d{1,2})")
            elif field == "prefix":
                parts.append(re.escape(prefix or ""))
                literal += prefix or ""
        if not re.search(r"[A-Za-z]", literal):
            return None
        return cls(committee, re.compile(r"\b" + "".join(parts) + r"(?![\w/])"), _longest_literal(citation, prefix))


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
    for pattern, build in (
        (RESOLUTION, _resolution), (RANGE, _range), (MINUTE, _minute),
        (MEETING, _meeting), (PREVIOUS_MEETING, _previous),
    ):
        for match in pattern.finditer(text):
            reference = build(match)
            if reference:
                found.append(reference)
    return _without_overlaps(found + _scheme_references(text, schemes))


@functools.lru_cache(maxsize=64)
def _any_literal(schemes: tuple[CitationScheme, ...]) -> re.Pattern | None:
    literals = sorted({scheme.literal for scheme in schemes})
    return re.compile("|".join(map(re.escape, literals))) if literals else None


def _scheme_references(text: str, schemes: tuple[CitationScheme, ...]) -> list[Reference]:
    any_literal = _any_literal(schemes)
    if any_literal is None or not any_literal.search(text):
        return []
    return [
        Reference(match.group(0), match.start(), match.end(), ReferenceKind.MINUTE, number=match["number"],
                  year=municipal_year_of_suffix(match.groupdict().get("year")), scheme=scheme.committee)
        for scheme in schemes if scheme.literal in text for match in scheme.pattern.finditer(text)
    ]


def _without_overlaps(found: list[Reference]) -> list[Reference]:
    chosen: list[Reference] = []
    for reference in sorted(found, key=lambda r: (r.start, -(r.end - r.start))):
        if chosen and reference.start < chosen[-1].end:
            continue
        chosen.append(reference)
    return chosen


def _committee(name: str | None) -> str | None:
    if not name:
        return None
    return re.sub(r"\s+", " ", re.sub(r"^the\s+", "", name.strip(), flags=re.I))


def _resolution(match: re.Match) -> Reference:
    return Reference(match.group(0), match.start(), match.end(), ReferenceKind.RESOLUTION,
                     number=match["number"], sub=match["sub"], year=municipal_year_of_suffix(match["year"]))


def _range(match: re.Match) -> Reference:
    return Reference(match.group(0), match.start(), match.end(), ReferenceKind.MINUTE_RANGE,
                     number=match["number"], last=match["last"], year=municipal_year_of_suffix(match["year"]))


def _minute(match: re.Match) -> Reference:
    before = _committee(match["before"])
    start = match.start("before") if before else match.start("word")
    return Reference(match.string[start:match.end()], start, match.end(), ReferenceKind.MINUTE,
                     number=match["number"], sub=match["sub"], year=municipal_year_of_suffix(match["year"]),
                     committee=before or _committee(match["after"]), date=parse_date(match, "q"),
                     relative="previous" if match["previous_meeting"] else match["relative"])


def _meeting(match: re.Match) -> Reference | None:
    date = parse_date(match)
    if date is None:
        return None
    before = _committee(match["before"])
    start = match.start("before") if before else match.start("previous") if match["previous"] else match.start("meeting_word")
    return Reference(match.string[start:match.end()], start, match.end(), ReferenceKind.MEETING,
                     committee=before or _committee(match["committee"]), date=date,
                     relative=(match["previous"] or "").strip().lower() or None)


def _previous(match: re.Match) -> Reference:
    return Reference(match.group(0), match.start(), match.end(), ReferenceKind.MEETING, relative="previous")


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
        between `workers` processes when there are many (a first build of 5,000 meetings: 7.7 s
        in one process)."""
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
