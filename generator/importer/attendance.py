"""Attendance as minutes print it, in its parts: members present (with the Chair), co-opted
members, cabinet members and others in attendance, officers, invited, apologies, substitutes.

Every name is matched against people.yml (people_match.py); one that matches nobody, or
several people, stays as printed, with a review entry proposing the id it would get."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from generator.importer.document import Paragraph, SourceDocument
from generator.importer.drafts import AttendanceDraft, PersonDraft, Review
from generator.importer.people_match import HONORIFICS, PeopleIndex, clean_name, proposed_id

LABELS: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(p, re.IGNORECASE), part) for p, part in (
    (r"^(?:P\s?R\s?E\s?S\s?E\s?N\s?T|Present)\b\s*[:;.\-–]*\s*", "present"),
    (r"^Members(?: present)?\s*[:\-–]+\s*", "present"),
    (r"^Co-?\s?opted Members?\s*(?:present)?\s*[:\-–]*\s*", "co_opted"),
    (r"^(?:Other Members|Other Councillors|In Attendance|Also in Attendance|Cabinet Members? present)\s*[:\-–]+\s*", "in_attendance"),
    (r"^(?:Deputy )?Cabinet Member(?: and)?\s*[:\-–]*\s*", "in_attendance"),
    (r"^(?:Employees|Officers)(?: in attendance)?(?:\s*\(by Directorate\))?\s*[:\-–]*\s*", "officers"),
    (r"^(?:Invited|Also Present|Others? Present|Witness(?:es)?|Guests?)\s*[:\-–]+\s*", "invited"),
    (r"^Apologies(?: for absence)?(?: were received from| received from)?\s*[:\-–]*\s*", "apologies"),
    (r"^Substitutes?\s*[:\-–]+\s*", "substitutes"),
))
STOP = re.compile(r"^(?:Public Business|Private Business|Part [12AB]|\*|Minutes|Agenda|Item)\b", re.IGNORECASE)
ROLE_WORDS = re.compile(r"\b(?:Representative|Member|Mayor|Officer|Director|Manager|Head|Lead|Adviser|Advisor|"
                        r"Governor|Executive|Assistant|Portfolio|Society|Trust|Council|Board|Partnership|"
                        r"Youth|Teacher|Headteacher|Union|Diocese|Church|School|College|University|Services|"
                        r"Directorate|Co-ordinator|Coordinator|Clerk|Secretary|Solicitor|Police|NHS|Group)\b")
IN_THE_CHAIR = re.compile(r"\(?\bin the chair\b\)?", re.IGNORECASE)
# 'Deputy James Thomson and James Tumbridge': the last of a list of names, after 'and'.
LAST_AND = re.compile(r"(?<=[a-z]),?\s+and\s+(?=(?:[A-Z][a-z'’-]+\s+){1,2}[A-Z][a-z'’-]+$)")
CHAIR = re.compile(r"\(?\b(?:in the )?Chair(?:man|person|woman)?\b\)?", re.IGNORECASE)
VICE_CHAIR = re.compile(r"\(?\bVice[- ]?Chair(?:man|person|woman)?\b\)?", re.IGNORECASE)
DIRECTORATE_PAIR = re.compile(r"([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}),\s*((?:[A-Z][\w'’&-]*\s+)*?Directorate)")
LABEL_ROLE = re.compile(r"\b(?:Deputy |Assistant )?Cabinet Members?\b|\bOther (?:Members|Councillors)\b", re.IGNORECASE)
# 'Councillor Whiteley attended the meeting in accordance with ...': a member attending, not of the committee.
ATTENDED = re.compile(r"^(?P<who>(?:Councillors?|Cllrs?\.?)\s+[A-Z][^.;]*?)\s+(?:also\s+)?attended the meeting\b")
SENTENCE_WORDS = re.compile(r"\b(?:attended|met at|was|were|had|has|in accordance|provisions|welcomed|the meeting)\b")


@dataclass(frozen=True)
class Found:
    part: str
    person: PersonDraft
    paragraph: Paragraph


def read_attendance(paragraphs: list[Paragraph], doc: SourceDocument, people: PeopleIndex,
                    people_file: str) -> tuple[AttendanceDraft, list[Review]]:
    found: list[Found] = []
    part: str | None = None
    role: str | None = None
    for paragraph in paragraphs:
        text = paragraph.text.strip()
        label, rest = _label(text)
        if label:
            part, role = label, _label_role(text[:len(text) - len(rest)])
            text = rest
        elif STOP.match(text):
            part = None
            continue
        attended = ATTENDED.match(text)
        if attended and not label:
            found += [Found("in_attendance", person, paragraph) for _p, person in split_people(attended["who"], "in_attendance")]
            continue
        if part is None or not text:
            continue
        if not label and part != "apologies" and SENTENCE_WORDS.search(text) and not CHAIR.search(text):
            continue
        named = [(p, _with_role(person, role) if p == part else person) for p, person in split_people(text, part)]
        if _continues_organisation(named, part, found):
            last = found[-1]
            found[-1] = replace(last, person=replace(last.person, organisation=f"{last.person.organisation} {text}"))
            continue
        found += [Found(p, person, paragraph) for p, person in named]
    return assemble(found, doc, people, people_file)


def _label_role(label: str) -> str | None:
    """The role a label gives everyone under it: 'Cabinet Member and', 'Deputy Cabinet Member:',
    'Other Members:' ('In attendance:' gives none)."""
    match = LABEL_ROLE.search(label)
    return re.sub(r"s$", "", match[0].strip()) if match else None


def _with_role(person: PersonDraft, role: str | None) -> PersonDraft:
    return replace(person, role=person.role or role) if role else person


def _continues_organisation(people, part: str, found: list[Found]) -> bool:
    """'Coventry and Warwickshire Partnership' / 'Trust': an organisation's name cut by a line break."""
    return (len(people) == 1 and part in ("invited", "officers") and bool(found) and " " not in people[0][1].printed
            and found[-1].part == part and bool(found[-1].person.organisation))


def _label(text: str) -> tuple[str | None, str]:
    for pattern, part in LABELS:
        match = pattern.match(text)
        if match and (match.end() > 0):
            rest = text[match.end():]
            if part == "in_attendance" and pattern.pattern.startswith("^(?:Deputy )?Cabinet"):
                return part, rest
            return part, rest
    return None, text


def split_people(text: str, part: str) -> list[tuple[str, PersonDraft]]:
    """The people named in one printed line of a part, each with the part it belongs to."""
    text = text.strip().rstrip(".")
    text = re.sub(r"^the following(?: people)?\s*[:\-–]*\s*", "", text, flags=re.IGNORECASE)
    text = re.sub(r"^[-•·]\s*", "", text)
    if part == "officers":
        pairs = DIRECTORATE_PAIR.findall(text)
        if pairs:
            return [(part, PersonDraft(clean_name(n), directorate=d.strip())) for n, d in pairs]
    people: list[tuple[str, PersonDraft]] = []
    for segment in re.split(r";", text):
        segment_part = part
        pieces = re.split(r"\s+and\s+(?=Co-?\s?opted Members?\b)", segment, flags=re.IGNORECASE)
        for index, piece in enumerate(pieces):
            if index or re.match(r"\s*Co-?\s?opted Members?\b", piece, re.IGNORECASE):
                segment_part = "co_opted" if part in ("present", "co_opted") else part
                piece = re.sub(r"^\s*Co-?\s?opted Members?\s*[:\-–]*\s*", "", piece, flags=re.IGNORECASE)
            people += [(segment_part, person) for person in _people_in(piece, part)]
    return people


def _people_in(piece: str, part: str) -> list[PersonDraft]:
    piece = piece.strip(" ,.;")
    if not piece:
        return []
    in_the_chair = IN_THE_CHAIR.search(piece)
    if in_the_chair:  # 'Councillor Robinson in the chair': the words are no one's name
        piece = (piece[:in_the_chair.start()] + piece[in_the_chair.end():]).strip(" ,.;")
    chair = bool(CHAIR.search(piece) or in_the_chair) and not VICE_CHAIR.search(piece)
    vice = bool(VICE_CHAIR.search(piece))
    plural = re.match(r"^(?:Councillors|Cllrs)\s+", piece, re.IGNORECASE)
    if plural:
        names = re.split(r",\s*|\s+and\s+|\s*&\s*", piece[plural.end():])
        return [_person(n, part) for n in names if n.strip()]
    if part in ("present", "apologies", "substitutes"):
        piece = LAST_AND.sub(", ", piece)
    chunks = _comma_chunks(piece)
    people: list[PersonDraft] = []
    in_role = False
    for chunk in chunks:
        titled = chunk.split()[0].lower().strip(".") in HONORIFICS
        if people and (_is_role(chunk) or (in_role and not titled)):
            people[-1] = replace(people[-1], role=_join(people[-1].role, chunk.strip()))
            in_role = True
            continue
        in_role = False
        for name in _run_together(chunk):
            people.append(_person(name, part))
    if people and (chair or vice):
        people[0] = replace(people[0], note="vice-chair" if vice else "chair")
    return people


def _comma_chunks(piece: str) -> list[str]:
    chunks = []
    for chunk in re.split(r",\s*|\s+and\s+(?=(?:Councillor|Cllr|Mr|Mrs|Ms|Miss|Dr|[A-Z]\.?\s))", piece):
        chunk = chunk.strip()
        if chunk:
            chunks.append(chunk)
    return chunks


def _is_role(chunk: str) -> bool:
    first = chunk.split()[0].lower().strip(".")
    if first in HONORIFICS:
        return False
    return bool(ROLE_WORDS.search(chunk)) or bool(re.search(r"\b[a-z]{4,}\b", chunk.split("(")[0]))


def _run_together(chunk: str) -> list[str]:
    """'Councillor P Male Councillor E Ruane S Hanson' -> three names."""
    words = chunk.split()
    names: list[list[str]] = [[]]
    depth = 0
    for word in words:
        current = names[-1]
        if depth > 0 or word.startswith("("):
            depth += word.count("(") - word.count(")")
            current.append(word)
            continue
        has_surname = any(len(w.strip(".")) > 1 and w.lower().strip(".") not in HONORIFICS for w in current)
        starts_name = word.lower().strip(".") in HONORIFICS or re.fullmatch(r"[A-Z]\.?", word)
        if current and has_surname and starts_name and not word.startswith("("):
            names.append([])
        names[-1].append(word)
    return [" ".join(n) for n in names if n]


def _person(text: str, part: str) -> PersonDraft:
    original, role = text, None
    for parenthesis in re.findall(r"\(([^()]*)\)", text):
        if not CHAIR.fullmatch(parenthesis.strip()) and not VICE_CHAIR.fullmatch(parenthesis.strip()) \
                and not re.fullmatch(r"in the chair", parenthesis.strip(), re.IGNORECASE):
            role = _join(role, parenthesis.strip())
    text = re.sub(r"\([^()]*\)?", "", text)
    chair = re.search(r"\bin the chair\b", text, re.IGNORECASE)
    text = re.sub(r"\bin the chair\b", "", text, flags=re.IGNORECASE)
    organisation = None
    dashed = re.split(r"\s+[–—-]\s+", text, maxsplit=1)
    if len(dashed) == 2:
        text, after = dashed
        if ROLE_WORDS.search(after) and re.search(r"Representative|Officer|Member|Director|Manager", after):
            role = _join(role, after.strip())
        else:
            organisation = after.strip()
    note = "chair" if chair else None
    if any(VICE_CHAIR.fullmatch(p.strip()) for p in re.findall(r"\(([^()]*)\)", original)):
        note = "vice-chair"
    elif any(CHAIR.fullmatch(p.strip()) for p in re.findall(r"\(([^()]*)\)", original)):
        note = "chair"
    return PersonDraft(clean_name(text), role=role, organisation=organisation, note=note)


def _join(first: str | None, second: str) -> str:
    return f"{first}, {second}" if first else second


def assemble(found: list[Found], doc: SourceDocument, people: PeopleIndex,
             people_file: str) -> tuple[AttendanceDraft, list[Review]]:
    parts: dict[str, list[PersonDraft]] = {p: [] for p in AttendanceDraft.PARTS}
    chair = vice = None
    reviews: list[Review] = []
    for item in found:
        if not item.person.printed or not re.search(r"[A-Za-z]{2}", item.person.printed):
            continue
        person, review = identify(item.person, doc.where(item.paragraph), people, people_file)
        if review:
            reviews.append(review)
        if person.note == "chair" and chair is None and item.part == "present":
            chair = replace(person, note=None)
        elif person.note == "vice-chair" and vice is None and item.part == "present":
            vice = replace(person, note=None)
        else:
            parts[item.part].append(replace(person, note=None))
    return AttendanceDraft(chair, vice, **{k: tuple(v) for k, v in parts.items()}), reviews


def identify(person: PersonDraft, where: str, people: PeopleIndex,
             people_file: str) -> tuple[PersonDraft, Review | None]:
    candidates = people.candidates(person.printed)
    if len(candidates) == 1:
        return replace(person, person=candidates[0]), None
    if candidates:
        return person, Review(f"'{person.printed}' could be any of {', '.join(candidates)} in {people_file}",
                              where, "write the right id in place of the name")
    new_id = proposed_id(person.printed)
    taken = " (that id is taken: choose another)" if new_id in people.ids() else ""
    return person, Review(f"'{person.printed}' is not in {people_file}", where,
                          f"add them there as '{new_id}'{taken} and write that id here, or keep the name as it is "
                          "if they are named once")
