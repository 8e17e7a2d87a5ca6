"""Review entries left by `scrutiny import`: each is reported by `scrutiny check` as a warning,
with its file and line, until a person fixes what it names and removes the entry."""

from __future__ import annotations

from generator.records.archive import Archive, Meeting
from generator.records.diagnostics import Diagnostic, warning
from generator.records.models import ReviewItem

HINT = "check it against the source; fix the record, then remove this review entry"


def review_warnings(archive: Archive) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for council in archive.councils:
        for committee in council.committees:
            for meeting in committee.meetings:
                found += _of_meeting(meeting)
    return found


def _of_meeting(meeting: Meeting) -> list[Diagnostic]:
    found = _entries(meeting.source, meeting.record.review)
    if meeting.minutes is not None and meeting.minutes_source is not None:
        found += _entries(meeting.minutes_source, meeting.minutes.front.review)
    for document in meeting.documents:
        found += _entries(document.source, getattr(document.document, "review", ()))
    return found


def _entries(source, entries: tuple[ReviewItem, ...]) -> list[Diagnostic]:
    diagnostics = []
    for index, entry in enumerate(entries):
        path = ("review", index)
        where = f" ({entry.where})" if entry.where else ""
        hint = entry.check or HINT
        diagnostics.append(warning(source.path, source.line_of(path), f"review[{index}]",
                                   f"to review: {entry.found}{where}", hint))
    return diagnostics
