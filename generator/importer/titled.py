"""Officers and witnesses that minutes name only by their title, in the text of a minute:
'Councillor Russell welcomed the Director of Schools and Lifelong Learning, the Head of the
School Effectiveness Service and the Virtual Headteacher (Schools and Lifelong Learning,
Children and Young People's Services Directorate) to the meeting', 'The Policy and Partnership
Officer (Policy and Research ... Directorate) presented the submitted report'.

Such a title goes into attendance (officers when it belongs to the council, invited when it
names an outside school, trust or college), written as the title, with a note of the minutes
that name it and a review entry: the minutes never give the person's name."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.importer.document import Paragraph, SourceDocument
from generator.importer.drafts import PersonDraft, Review

_WORD = r"[A-Z][\w'’-]*:?"
_SMALL = r"(?:of|and|the|for|in|on|to|with|&)"
TITLE = rf"{_WORD}(?:\s+(?:{_WORD}|{_SMALL}))*"
ROLE = re.compile(r"\b(?:Director|Head|Headteacher|Head Teacher|Principal|Officer|Adviser|Advisor|Manager|"
                  r"Chief Executive|Co-ordinator|Coordinator|Inspector|Commissioner|Solicitor|Clerk|Lead|"
                  r"Consultant|Analyst|Practitioner|Superintendent|Inspector|Chair|Chief)\b")
OUTSIDE = re.compile(r"\b(?:School|Academy|Academies|Trust|College|University|Hospital|Police|NHS|Healthwatch|"
                     r"Clinical Commissioning Group|Diocese|Church)\b")
COUNCIL_SIDE = re.compile(r"\b(?:Directorate|Department|Council|Services?|Office)\b")
WELCOMED = re.compile(r"\bwelcomed\s+(?P<list>the\s+[A-Z].*?)(?:\s+to the meeting\b|[.;]\s|[.;]?$)")
WITH_BODY = re.compile(rf"\b[Tt]he\s+(?P<title>{TITLE})\s+\((?P<body>[^()]*\b(?:Directorate|Department)\b[^()]*)\)")
_TRAILING_BODY = re.compile(r"\s*\((?P<body>[^()]+)\)\s*$")
_PIECES = re.compile(r",\s*(?:and\s+)?|\s+and\s+(?=the\s)")
_OF_BODY = re.compile(r"\bof\s+(?:the\s+)?(?P<body>[A-Z].*)$")


@dataclass(frozen=True)
class Titled:
    title: str
    organisation: str | None
    part: str               # "officers" or "invited"
    minutes: tuple[str, ...]
    paragraph: Paragraph


def titled_in_minutes(minutes: list[tuple[str, list[Paragraph]]]) -> list[Titled]:
    """(minute number, its paragraphs) in order -> every title named, once, in order of first mention."""
    found: dict[str, Titled] = {}
    for number, paragraphs in minutes:
        for paragraph in paragraphs:
            for title, body in _titles_in(paragraph.text):
                key = title.lower()
                if key in found:
                    known = found[key]
                    found[key] = Titled(known.title, known.organisation or body, known.part,
                                        _add(known.minutes, number), known.paragraph)
                else:
                    found[key] = Titled(title, body, _part(title, body), (number,), paragraph)
    return [_mentioned_again(t, minutes) for t in found.values()]


def _titles_in(text: str) -> list[tuple[str, str | None]]:
    titles: list[tuple[str, str | None]] = []
    for match in WELCOMED.finditer(text):
        titles += _welcomed(match["list"])
    for match in WITH_BODY.finditer(text):
        title = re.split(r"\s+and\s+the\s+", match["title"])[-1]  # the last of a list 'the A and the B (Body)'
        if ROLE.search(title):
            titles.append((title.rstrip(":"), match["body"].strip()))
    return titles


def _welcomed(listed: str) -> list[tuple[str, str | None]]:
    """'the A, the B and the C (Body)': each title, with the body printed after the last one."""
    body = None
    trailing = _TRAILING_BODY.search(listed)
    if trailing:
        body, listed = trailing["body"].strip(), listed[:trailing.start()]
    titles = []
    for piece in _PIECES.split(listed):
        match = re.fullmatch(rf"the\s+({TITLE})", piece.strip())
        if match and ROLE.search(match[1]) and not re.match(r"(?:Councillor|Cllr|Mr|Mrs|Ms|Dr)\b", match[1]):
            titles.append((match[1].rstrip(":"), body or _body_in_title(match[1])))
    return titles


def _body_in_title(title: str) -> str | None:
    """'Headteacher of Broom Valley Community Primary School' -> the school."""
    match = _OF_BODY.search(title)
    return match["body"] if match and OUTSIDE.search(match["body"]) else None


def _part(title: str, body: str | None) -> str:
    where = body or title
    if OUTSIDE.search(where) and not COUNCIL_SIDE.search(body or ""):
        return "invited"
    return "officers"


def _add(numbers: tuple[str, ...], number: str) -> tuple[str, ...]:
    return numbers if number in numbers else numbers + (number,)


def _mentioned_again(titled: Titled, minutes: list[tuple[str, list[Paragraph]]]) -> Titled:
    numbers = titled.minutes
    for number, paragraphs in minutes:
        if any(titled.title in p.text for p in paragraphs):
            numbers = _add(numbers, number)
    return Titled(titled.title, titled.organisation, titled.part,
                  tuple(sorted(numbers, key=_sort_key)), titled.paragraph)


def _sort_key(number: str) -> tuple[int, str]:
    digits = re.match(r"[0-9]+", number)
    return (int(digits[0]) if digits else 0, number)


def as_people(titled: list[Titled], doc: SourceDocument) -> tuple[dict[str, list[PersonDraft]], list[Review]]:
    parts: dict[str, list[PersonDraft]] = {"officers": [], "invited": []}
    reviews = []
    for item in titled:
        where = _minutes_words(item.minutes)
        parts[item.part].append(PersonDraft(item.title, organisation=item.organisation,
                                            note=f"named by title only in the minutes ({where})"))
        reviews.append(Review(f"'{item.title}' is named only by title, in the text of {where}, not in the attendance",
                              doc.where(item.paragraph),
                              f"check they attended (kept under {item.part}); write their name if another paper "
                              "gives it, or keep the title"))
    return parts, reviews


def _minutes_words(numbers: tuple[str, ...]) -> str:
    if len(numbers) == 1:
        return f"minute {numbers[0]}"
    return f"minutes {', '.join(numbers[:-1])} and {numbers[-1]}"
