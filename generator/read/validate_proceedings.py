"""Validation of what call-ins, referrals and follow-up rows point at: every committee, meeting
and minute they name must be in the archive (they are linked both ways), or the record says the
body is outside it (`by: {name: ...}`; a tracker row without `minute:`).
"""

from __future__ import annotations

from generator.records.archive import Archive, Meeting, SourceFile
from generator.records.diagnostics import Diagnostic, FieldPath, dotted, error
from generator.records.models import ActionPlan, BodyRef, CallIn, Referral, Step, Tracker
from generator.records.proceedings import body_committee, meeting_on, minute_named, response_body

OUTSIDE_HINT = "or name a body outside the archive with by: {name: ...}"


def check_proceedings(archive: Archive, meeting: Meeting) -> list[Diagnostic]:
    """A meeting's call-ins and referrals, and the rows of its trackers and action plans."""
    problems: list[Diagnostic] = []
    for index, call_in in enumerate(meeting.record.call_ins):
        problems += _check_record(archive, meeting, call_in, ("call_ins", index))
    for index, referral in enumerate(meeting.record.referrals):
        problems += _check_record(archive, meeting, referral, ("referrals", index))
    for doc in meeting.documents:
        if isinstance(doc.document, Tracker):
            for index, row in enumerate(doc.document.rows):
                if row.minute:
                    problems += _check_row(archive, meeting, doc.source, ("rows", index), row.meeting_date, row.minute)
        elif isinstance(doc.document, ActionPlan):
            for index, action in enumerate(doc.document.actions):
                if action.minute:
                    problems += _check_row(archive, meeting, doc.source, ("actions", index),
                                           action.meeting_date, action.minute)
    return problems


def _check_record(archive: Archive, meeting: Meeting, record: CallIn | Referral, path: FieldPath) -> list[Diagnostic]:
    source = meeting.source
    problems = []
    what = "call-in" if isinstance(record, CallIn) else "referral"
    named = minute_named(meeting, record.minute)
    if record.minute is None:
        if isinstance(record, Referral) and record.resolution:
            problems.append(error(source.path, source.line_of(path + ("resolution",)), dotted(path + ("resolution",)),
                                  f"resolution {record.resolution} needs the minute it belongs to",
                                  "add minute: with the number of the minute that made the referral"))
    elif named is None:
        problems.append(error(source.path, source.line_of(path + ("minute",)), dotted(path + ("minute",)),
                              f"there is no minute {record.minute} in this meeting's minutes",
                              f"give the number of the minute that {'considered' if what == 'call-in' else 'made'} "
                              f"the {what}, as its heading has it (the meeting's minutes.md must hold it)"))
    elif isinstance(record, Referral) and record.resolution and not _has_resolution(named.item, record.resolution):
        problems.append(error(source.path, source.line_of(path + ("resolution",)), dotted(path + ("resolution",)),
                              f"minute {record.minute} has no resolution {record.resolution}",
                              "give the resolution's number as the minute prints it (1, 2 ...), or leave resolution out"))
    if isinstance(record, Referral):
        problems += _check_body(archive, meeting, record.to, path + ("to",))
    if isinstance(record, CallIn):
        problems += _check_step(archive, meeting, record.decision, record.decision.by, path + ("decision",))
    if record.response is not None:
        problems += _check_step(archive, meeting, record.response, response_body(record), path + ("response",))
    return problems


def _has_resolution(item, label: str) -> bool:
    resolutions = [r for block in item.resolution_blocks for r in block.resolutions]
    return label in {r.number or str(index) for index, r in enumerate(resolutions, start=1)}


def _check_body(archive: Archive, meeting: Meeting, body: BodyRef | None, path: FieldPath) -> list[Diagnostic]:
    if body is None or body.committee is None or body_committee(archive, meeting.council, body) is not None:
        return []
    known = ", ".join(c.slug for c in archive.council(meeting.council).committees)
    return [error(meeting.source.path, meeting.source.line_of(path), dotted(path),
                  f"'{body.committee}' is not a committee in site_config.yml",
                  f"use a committee's slug ({known}, or council/committee for another council's), "
                  "or {name: ...} for a body outside the archive")]


def _check_step(archive: Archive, meeting: Meeting, step: Step, body: BodyRef | None,
                path: FieldPath) -> list[Diagnostic]:
    """A step by a committee of the archive names a meeting of it that is in the archive, and a
    minute in that meeting's minutes."""
    source = meeting.source
    body_problems = _check_body(archive, meeting, body, path + ("by",)) if step.by is not None else []
    committee = body_committee(archive, meeting.council, body)
    if body_problems or committee is None:
        return body_problems
    if step.date is None:
        if step.minute is None:
            return []
        return [error(source.path, source.line_of(path + ("minute",)), dotted(path + ("minute",)),
                      f"minute {step.minute} of the {committee.config.name} needs the date of its meeting",
                      "add date: YYYY-MM-DD, the date of the meeting that took the minute")]
    target = meeting_on(committee, step.date)
    if target is None:
        return [error(source.path, source.line_of(path + ("date",)), dotted(path + ("date",)),
                      f"no meeting of the {committee.config.name} on {step.date.isoformat()} is in this archive",
                      f"add that meeting (content/{committee.council}/{committee.slug}/{step.date.isoformat()}/"
                      f"meeting.yml), correct the date, {OUTSIDE_HINT}")]
    if step.agenda_item and not _has_agenda_item(target, step.agenda_item):
        return [error(source.path, source.line_of(path + ("agenda_item",)), dotted(path + ("agenda_item",)),
                      f"there is no agenda item {step.agenda_item} on the agenda of the {committee.config.name} of "
                      f"{step.date.isoformat()}",
                      "give the number as that meeting's meeting.yml agenda has it (5a for a sub-item), or leave it out")]
    if step.minute and minute_named(target, step.minute) is None:
        return [error(source.path, source.line_of(path + ("minute",)), dotted(path + ("minute",)),
                      f"there is no minute {step.minute} in the minutes of the {committee.config.name} of "
                      f"{step.date.isoformat()}",
                      "give the number as that meeting's minutes.md heading has it, or leave minute out")]
    return []


def _has_agenda_item(meeting: Meeting, number: str) -> bool:
    """Whether the meeting's agenda lists item `number` (a sub-item as 5a, as documents cite it)."""
    def numbers(items, prefix=""):
        for item in items:
            yield prefix + item.number
            yield from numbers(item.items, prefix + item.number)
    return number in set(numbers(meeting.record.agenda))


def _check_row(archive: Archive, meeting: Meeting, source: SourceFile, path: FieldPath, date, number: str
               ) -> list[Diagnostic]:
    """A tracker or action-plan row naming the minute it came from: a minute of the committee's
    meeting on the row's date (an action plan's own meeting when it gives none)."""
    committee = archive.committee(meeting.council, meeting.committee)
    target = meeting if date is None else meeting_on(committee, date)
    where = dotted(path + ("minute",))
    if target is None:
        return [error(source.path, source.line_of(path + ("minute",)), where,
                      f"minute {number} is of a meeting on {date.isoformat()}, and no meeting of the "
                      f"{committee.config.name} on that date is in this archive",
                      "correct the meeting's date, or leave out minute: for a meeting outside the archive")]
    if minute_named(target, number) is None:
        held = "minutes" if target.minutes is not None else "record, which has no minutes.md"
        return [error(source.path, source.line_of(path + ("minute",)), where,
                      f"there is no minute {number} in the {held} of the meeting of {target.date.isoformat()}",
                      "give the number as the minute's heading has it (a sub-item such as 92(b) or 66.1 is kept), "
                      "or leave minute out")]
    return []
