"""Stage 2, validate: rules that span records (files are validated one by one while loading).

Unknown people, documents named but missing, minute numbers used twice in their numbering scope,
declarations on minutes that do not exist, confirmations dated before the meeting.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from generator.archive import Archive, Committee, Council, Meeting, SourceFile
from generator.config import NumberingScope
from generator.diagnostics import Diagnostic, error, warning
from generator.models import AgendaItem, PersonRef, Report
from generator.sources import FieldPath, dotted


def validate_archive(archive: Archive) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    for council in archive.councils:
        for committee in council.committees:
            diagnostics += _check_membership(council, committee)
            diagnostics += _check_minute_numbers(committee)
            for meeting in committee.meetings:
                diagnostics += _check_meeting(council, meeting)
    return diagnostics


def _person_problem(council: Council, ref: PersonRef, source: SourceFile, path: FieldPath) -> list[Diagnostic]:
    problems = []
    for person_id, field in ((ref.person, "person"), (ref.substitute_for, "for")):
        if person_id is None or person_id in council.people:
            continue
        close = difflib.get_close_matches(person_id, list(council.people), n=1, cutoff=0.7)
        hint = f"did you mean '{close[0]}'? " if close else ""
        hint += (f"add '{person_id}:' to content/{council.slug}/people.yml, or write a one-off "
                 "person inline as {name: ..., organisation: ...}")
        problems.append(error(source.path, source.line_of(path + (field,)), dotted(path),
                              f"'{person_id}' is not a known person", hint))
    return problems


def _check_membership(council: Council, committee: Committee) -> Iterator[Diagnostic]:
    if committee.source is None:
        return
    for year, members in committee.record.membership.items():
        for index, member in enumerate(members):
            yield from _person_problem(council, member, committee.source, ("membership", year, index))


def _attendance_refs(meeting: Meeting) -> Iterator[tuple[FieldPath, PersonRef]]:
    attendance = meeting.record.attendance
    for role in ("chair", "vice_chair"):
        ref = getattr(attendance, role)
        if ref is not None:
            yield ("attendance", role), ref
    for role in ("present", "co_opted", "in_attendance", "officers", "invited",
                 "apologies", "substitutes", "absent"):
        for index, ref in enumerate(getattr(attendance, role)):
            yield ("attendance", role, index), ref


def _check_meeting(council: Council, meeting: Meeting) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    seen: dict[str, str] = {}
    for path, ref in _attendance_refs(meeting):
        problems += _person_problem(council, ref, meeting.source, path)
        if ref.person and path[1] in ("apologies", "absent") and ref.person in seen and seen[ref.person] not in ("apologies", "absent"):
            problems.append(warning(meeting.source.path, meeting.source.line_of(path), dotted(path),
                                    f"'{ref.person}' is listed as {seen[ref.person]} and as {path[1]}",
                                    "a person is either at the meeting or sent apologies"))
        if ref.person:
            seen.setdefault(ref.person, path[1])
    problems += _check_agenda(meeting, meeting.record.agenda, ("agenda",))
    problems += _check_documents(meeting)
    if meeting.minutes is not None:
        problems += _check_minutes(council, meeting)
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
        if isinstance(doc.document, Report):
            for index, appendix in enumerate(doc.document.appendices):
                if (appendix.document and meeting.document(appendix.document) is None
                        and appendix.document not in meeting.invalid_documents):
                    path = ("appendices", index, "document")
                    problems.append(error(doc.source.path, doc.source.line_of(path), dotted(path),
                                          f"no document '{appendix.document}' in this meeting's folder",
                                          "leave out 'document:' for an appendix that is not in the archive"))
    return problems


def _check_minutes(council: Council, meeting: Meeting) -> list[Diagnostic]:
    minutes, source = meeting.minutes, meeting.minutes_source
    problems: list[Diagnostic] = []
    numbers = {item.number for item in minutes.items}
    for index, declaration in enumerate(minutes.front.declarations):
        path = ("declarations", index)
        problems += _person_problem(council, declaration.member, source, path + ("member",))
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
    """A minute number may appear once per meeting, or once per municipal year, as the committee numbers."""
    problems: list[Diagnostic] = []
    seen: dict[tuple[str, str], tuple[Meeting, int]] = {}
    for meeting in committee.meetings:
        if meeting.minutes is None:
            continue
        scope = meeting.slug if committee.numbering is NumberingScope.MEETING else meeting.municipal_year
        for item in meeting.minutes.items:
            key = (scope, item.number)
            if key in seen:
                first, first_line = seen[key]
                where = "these minutes" if first is meeting else f"{first.minutes_source.path}:{first_line}"
                scope_text = "meeting" if committee.numbering is NumberingScope.MEETING else f"municipal year {scope}"
                problems.append(error(meeting.minutes_source.path, item.line, f"minute[{item.number}]",
                                      f"minute {item.number} is already used in this {scope_text} ({where})",
                                      f"numbering of this committee restarts every "
                                      f"{'meeting' if committee.numbering is NumberingScope.MEETING else 'municipal year'}; "
                                      "check the number against the printed minutes"))
            else:
                seen[key] = (meeting, item.line)
    return problems
