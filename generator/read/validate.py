"""Stage 2, validate: rules that span records (files are validated one by one while loading).

Unknown people, documents named but missing, minute numbers used twice in their numbering scope,
declarations on minutes that do not exist, confirmations dated before the meeting.
"""

from __future__ import annotations

import re

from generator.records.archive import Archive, Committee, Council, Meeting
from generator.records.config import NumberingScope
from generator.records.diagnostics import Diagnostic, error, warning
from generator.records.models import AgendaItem, Part, Report
from generator.records.diagnostics import FieldPath, dotted
from generator.read.validate_proceedings import check_proceedings


def validate_archive(archive: Archive) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    for council in archive.councils:
        for committee in council.committees:
            diagnostics += _check_minute_numbers(committee)
            for meeting in committee.meetings:
                diagnostics += _check_meeting(council, meeting)
                diagnostics += check_proceedings(archive, meeting)
    from generator.read.review import review_warnings

    diagnostics += review_warnings(archive)
    return diagnostics


def _check_meeting(council: Council, meeting: Meeting) -> list[Diagnostic]:
    problems = _check_attendance(meeting)
    problems += _check_agenda(meeting, meeting.record.agenda, ("agenda",))
    problems += _check_documents(meeting)
    if meeting.minutes is not None:
        problems += _check_minutes(meeting)
        problems += _check_withheld_items_minuted(meeting)
    return problems


def _words(title: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", title.lower()))


def _check_withheld_items_minuted(meeting: Meeting) -> list[Diagnostic]:
    """An agenda item withheld from publication whose minute (the minute of the same title, or
    of its public title) carries no marker: the minute's text would be published. Never guessed
    either way: the maintainer marks the minute, or makes the item public."""
    withheld = [(number, item) for number, item in _numbered_agenda(meeting.record.agenda) if not item.is_public]
    problems = []
    for number, item in withheld:
        titles = {_words(item.title), _words(item.public_title or "")} - {""}
        for minute in meeting.minutes.items:
            if minute.is_public and _words(minute.title) in titles:
                named = f"minute {minute.number} ('{minute.title}')" if minute.numbered else f"the minute '{minute.title}'"
                problems.append(error(
                    meeting.minutes_source.path, minute.line, f"minute[{minute.number}].access",
                    f"{f'agenda item {number}' if item.numbered else f'the agenda item {item.title!r}'} is "
                    f"{item.access.value}, but {named} has no marker, "
                    "so its text would be published",
                    "end the minute's heading as the agenda item is marked, {exempt=3} or {confidential}; "
                    "or give the agenda item access: public if it may be published"))
    return problems


def _numbered_agenda(items: tuple[AgendaItem, ...], prefix: str = ""):
    for item in items:
        yield prefix + item.number, item
        yield from _numbered_agenda(item.items, prefix + item.number)


def _check_attendance(meeting: Meeting) -> list[Diagnostic]:
    """A person who sent apologies (or was absent) cannot also be at the meeting."""
    attendance = meeting.record.attendance
    there = {ref.person for ref in (attendance.chair, attendance.vice_chair) if ref and ref.person}
    for role in ("present", "co_opted", "in_attendance", "officers", "substitutes"):
        there |= {ref.person for ref in getattr(attendance, role) if ref.person}
    problems = []
    for role in ("apologies", "absent"):
        for index, ref in enumerate(getattr(attendance, role)):
            if ref.person in there:
                path = ("attendance", role, index)
                problems.append(warning(meeting.source.path, meeting.source.line_of(path), dotted(path),
                                        f"'{ref.person}' is listed as attending and in {role}",
                                        "a person is either at the meeting or sent apologies"))
    return problems


def _check_agenda(meeting: Meeting, items: tuple[AgendaItem, ...], path: FieldPath) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    numbers: set[str] = set()
    for index, item in enumerate(items):
        here = path + (index,)
        if item.number in numbers:
            problems.append(error(meeting.source.path, meeting.source.line_of(here + ("number",)),
                                  dotted(here + ("number",)), f"agenda item {item.number} is numbered twice",
                                  "give each agenda item its own number"))
        numbers.add(item.number)
        if item.part is Part.PRIVATE and item.is_public:
            problems.append(error(meeting.source.path, meeting.source.line_of(here + ("part",)), dotted(here + ("part",)),
                                  f"agenda item {item.number} is in the private part but is not exempt or confidential",
                                  "add access: exempt with exempt_paragraphs: [N] (N from 1 to 7), "
                                  "or access: confidential; or remove part: private"))
        for d_index, slug in enumerate(item.documents):
            if meeting.document(slug) is None and slug not in meeting.invalid_documents:
                problems.append(error(meeting.source.path, meeting.source.line_of(here + ("documents", d_index)),
                                      dotted(here + ("documents", d_index)),
                                      f"no document '{slug}' in this meeting's folder",
                                      f"add {slug}.md or {slug}.yml beside meeting.yml, or fix the name"))
        problems += _check_agenda(meeting, item.items, here + ("items",))
    return problems


def _check_documents(meeting: Meeting) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    stems: dict[str, str] = {}
    for doc in meeting.documents:
        if doc.slug in stems:
            problems.append(error(doc.source.path, 1, "", f"two documents are named '{doc.slug}'",
                                  f"rename one of {stems[doc.slug]} and {doc.source.path}"))
        stems[doc.slug] = doc.source.path
        if doc.document.minute and meeting.minutes and meeting.minute(doc.document.minute) is None:
            problems.append(error(doc.source.path, doc.source.line_of(("minute",)), "minute",
                                  f"there is no minute {doc.document.minute} in this meeting's minutes",
                                  "give the number as the minute's heading has it"))
        if isinstance(doc.document, Report):
            for index, appendix in enumerate(doc.document.appendices):
                if (appendix.document and meeting.document(appendix.document) is None
                        and appendix.document not in meeting.invalid_documents):
                    path = ("appendices", index, "document")
                    problems.append(error(doc.source.path, doc.source.line_of(path), dotted(path),
                                          f"no document '{appendix.document}' in this meeting's folder",
                                          "leave out 'document:' for an appendix that is not in the archive"))
    return problems


def _check_minutes(meeting: Meeting) -> list[Diagnostic]:
    minutes, source = meeting.minutes, meeting.minutes_source
    problems: list[Diagnostic] = []
    numbers = {item.number for item in minutes.items}
    for index, declaration in enumerate(minutes.front.declarations):
        path = ("declarations", index)
        if declaration.item and declaration.item not in numbers:
            problems.append(warning(source.path, source.line_of(path + ("item",)), dotted(path + ("item",)),
                                    f"there is no minute {declaration.item} in these minutes",
                                    "give the minute number as its heading has it, or leave item out "
                                    "for the general business of the meeting"))
    confirmed = minutes.front.confirmed_on
    if confirmed and confirmed <= meeting.date:
        problems.append(error(source.path, source.line_of(("confirmed_on",)), "confirmed_on",
                              f"minutes of {meeting.date} cannot be confirmed on {confirmed}",
                              "confirmed_on is the date of the later meeting that approved them"))
    if not meeting.is_held:
        problems.append(warning(source.path, 1, "", f"the meeting is {meeting.record.status.value} but has minutes",
                                "set status: held in meeting.yml"))
    return problems


def _check_minute_numbers(committee: Committee) -> list[Diagnostic]:
    """A minute number may appear once per meeting, once per municipal year, or once ever, as the
    committee numbers; and a heading must print a number its references can reach."""
    problems: list[Diagnostic] = []
    seen: dict[tuple[str, str], tuple[Meeting, int]] = {}
    restarts = {NumberingScope.MEETING: "meeting", NumberingScope.MUNICIPAL_YEAR: "municipal year"}.get(committee.numbering)
    for meeting in committee.meetings:
        if meeting.minutes is None:
            continue
        scope = {NumberingScope.MEETING: meeting.slug, NumberingScope.CONTINUOUS: ""}.get(
            committee.numbering, meeting.municipal_year)
        for item in meeting.minutes.items:
            if not item.numbered:  # numbered by its place in its own minutes: nothing to clash with
                continue
            problems += _check_heading_number(committee, meeting, item.number, item.line)
            key = (scope, item.number)
            if key in seen:
                first, first_line = seen[key]
                where = "these minutes" if first is meeting else f"{first.minutes_source.path}:{first_line}"
                scope_text = {NumberingScope.MEETING: "meeting", NumberingScope.CONTINUOUS: "committee"}.get(
                    committee.numbering, f"municipal year {scope}")
                problems.append(error(meeting.minutes_source.path, item.line, f"minute[{item.number}]",
                                      f"minute {item.number} is already used in this {scope_text} ({where})",
                                      (f"numbering of this committee restarts every {restarts}; " if restarts else
                                       "this committee numbers its minutes continuously, never restarting; ")
                                      + "check the number against the printed minutes"))
            else:
                seen[key] = (meeting, item.line)
    return problems


LOOKS_CITED = re.compile(r"[A-Za-z/]")  # a heading number printed as a citation: SCb/40/11/18, CL.34, 28/16


def _check_heading_number(committee: Committee, meeting: Meeting, number: str, line: int) -> list[Diagnostic]:
    """A heading printed as the committee cites its minutes (`## SCb/40/11/18.`) must fit its
    citation pattern: one that does not could never be linked by any reference."""
    if not LOOKS_CITED.search(number.rstrip("abcdefghijklmnopqrstuvwxyz")) or committee.config.heading_number(number):
        return []
    where = f"councils.{committee.council}.committees.{committee.slug}"
    guess = _citation_for(number)
    example = (f"citation: \"{guess[0]}\"" + (f" with prefix: {guess[1]}" if guess[1] else "")) if guess else \
        "citation: \"{prefix}/{number}/{mm}/{yy}\" with prefix: SCb"
    return [error(meeting.minutes_source.path, line, f"minute[{number}]",
                  f"the heading's number '{number}' is not one this committee's citation pattern "
                  f"'{committee.config.citation}' can print, so no reference could link to the minute",
                  f"write the number alone ('## 40. Title'), or say how the committee cites its minutes in "
                  f"site_config.yml under {where}, such as {example}")]


def _citation_for(printed: str) -> tuple[str, str | None] | None:
    """A citation pattern that prints `printed` (`SCb/40/11/18` is `{prefix}/{number}/{mm}/{yy}`
    with prefix SCb), for a hint; None when no simple one does."""
    tokens = re.findall(r"[A-Za-z]+|[0-9]+|[^A-Za-z0-9]+", printed)
    pattern, prefix, numbered = [], None, False
    for index, token in enumerate(tokens):
        last = index == len(tokens) - 1
        if token.isalpha() and index == 0:
            pattern.append("{prefix}")
            prefix = token
        elif token.isdigit() and index == 1 and prefix and len(token) == 2 and not last:
            pattern.append("{yy}")  # CB21/86: Cabinet's minute 86 of 2021/22
        elif token.isdigit() and not numbered:
            pattern.append("{number}")
            numbered = True
        elif token.isdigit() and len(token) == 4:
            pattern.append("{yyyy}")
        elif token.isdigit() and len(token) == 2 and last:
            pattern.append("{yy}")
        elif token.isdigit() and len(token) <= 2 and "{mm}" not in pattern:
            pattern.append("{mm}")
        elif token.isdigit() or token.isalpha():
            return None
        else:
            pattern.append(token.replace("{", "{{").replace("}", "}}"))
    placeholders = [part for part in pattern if part.startswith("{") and not part.startswith("{{")]
    if len(placeholders) != len(set(placeholders)) or ("{mm}" in pattern and not {"{yy}", "{yyyy}"} & set(pattern)):
        return None
    return "".join(pattern), prefix
