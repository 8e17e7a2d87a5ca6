"""iCalendar (RFC 5545) files: the whole archive and each committee.

Every meeting with its start in Europe/London time (and the VTIMEZONE that defines it), venue,
link and a stable UID; dates planned in work programmes after a committee's latest held
meeting are TENTATIVE. Built with the icalendar library, which folds and escapes lines as the
RFC requires. Every text value goes through `calendar_text` first.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vText

from generator.records.archive import Archive, Committee, Meeting
from generator.exports import ExportFile
from generator.exports.urls import DATA_DIR, committee_url, meeting_url
from generator.records.models import MeetingStatus

LONDON = ZoneInfo("Europe/London")
# RFC 5545's CONTROL characters (section 3.1: all but tab; TEXT values may hold none, section
# 3.3.11), with the C1 controls, the surrogates and the two non-characters U+FFFE and U+FFFF.
_NOT_CALENDAR_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def calendar_text(text: str) -> str:
    """`text` as an iCalendar TEXT value may hold it: line breaks as line feeds (which the
    icalendar library writes as `\\n`) and every control character replaced by U+FFFD. The
    loader refuses control characters already; this keeps a NUL or an escape character out of
    a calendar even if a string reaches one some other way."""
    return _NOT_CALENDAR_TEXT.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def calendar_path(committee: Committee | None = None) -> str:
    name = f"{committee.council}-{committee.slug}" if committee else "archive"
    return f"{DATA_DIR}/calendars/{name}.ics"


def calendar_files(archive: Archive) -> list[ExportFile]:
    committees = [c for council in archive.councils for c in council.committees]
    files = [_calendar(archive, None, committees)]
    files += [_calendar(archive, committee, [committee]) for committee in committees]
    return files


def _calendar(archive: Archive, committee: Committee | None, committees: list[Committee]) -> ExportFile:
    calendar = Calendar()
    calendar.add("prodid", "-//scrutiny-archive//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", vText(calendar_text(committee.config.name if committee else archive.config.title)))
    calendar.add("x-wr-timezone", "Europe/London")
    calendar.add_component(_london_timezone())
    host = archive.config.site_url.split("/")[2]
    for each in committees:
        for meeting in each.meetings:
            calendar.add_component(_meeting_event(archive, meeting, host))
        for date, title in _planned_dates(each):
            calendar.add_component(_planned_event(archive, each, date, title, host))
    return ExportFile(calendar_path(committee), calendar.to_ical())


def _london_timezone() -> Timezone:
    """Europe/London as UK law has kept it since 1996: BST from the last Sunday of March to the
    last Sunday of October, changing at 01:00 UTC."""
    zone = Timezone()
    zone.add("tzid", "Europe/London")
    for part, name, start, month, offset_from, offset_to in (
        (TimezoneDaylight(), "BST", dt.datetime(1996, 3, 31, 1, 0), 3, dt.timedelta(hours=0), dt.timedelta(hours=1)),
        (TimezoneStandard(), "GMT", dt.datetime(1996, 10, 27, 2, 0), 10, dt.timedelta(hours=1), dt.timedelta(hours=0)),
    ):
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        part.add("tzoffsetfrom", offset_from)
        part.add("tzoffsetto", offset_to)
        zone.add_component(part)
    return zone


def _meeting_event(archive: Archive, meeting: Meeting, host: str) -> Event:
    committee = archive.committee(meeting.council, meeting.committee)
    event = Event()
    event.add("uid", f"{meeting.council}-{meeting.committee}-{meeting.slug}@{host}")
    event.add("dtstamp", dt.datetime.combine(meeting.date, dt.time(0, 0), tzinfo=dt.timezone.utc))
    start_time = meeting.record.start_time
    if start_time:
        start = dt.datetime.combine(meeting.date, dt.time.fromisoformat(start_time), tzinfo=LONDON)
        event.add("dtstart", start)
        if meeting.record.end_time:
            event.add("dtend", dt.datetime.combine(meeting.date, dt.time.fromisoformat(meeting.record.end_time), tzinfo=LONDON))
    else:
        event.add("dtstart", meeting.date)
    event.add("summary", calendar_text(f"{committee.config.name}{': ' + meeting.record.title if meeting.record.title else ''}"))
    if meeting.record.venue:
        event.add("location", calendar_text(meeting.record.venue))
    event.add("url", meeting_url(archive, meeting))
    event.add("description", calendar_text(f"{archive.council(meeting.council).config.name}. Agenda, minutes and papers: "
                                           f"{meeting_url(archive, meeting)}"))
    status = {MeetingStatus.HELD: "CONFIRMED", MeetingStatus.SCHEDULED: "CONFIRMED",
              MeetingStatus.CANCELLED: "CANCELLED"}[meeting.record.status]
    event.add("status", status)
    return event


def _planned_dates(committee: Committee) -> list[tuple[dt.date, str]]:
    """Work-programme dates after the committee's latest held meeting that have no meeting record."""
    latest = max((m.date for m in committee.meetings if m.is_held), default=None)
    known = {m.date for m in committee.meetings}
    planned = {}
    for _, doc in committee.work_programmes:
        for meeting in doc.document.meetings:
            if meeting.date not in known and (latest is None or meeting.date > latest):
                planned.setdefault(meeting.date, "; ".join(item.title for item in meeting.items))
    return sorted(planned.items())


def _planned_event(archive: Archive, committee: Committee, date: dt.date, topics: str, host: str) -> Event:
    event = Event()
    event.add("uid", f"{committee.council}-{committee.slug}-{date.isoformat()}-planned@{host}")
    event.add("dtstamp", dt.datetime.combine(date, dt.time(0, 0), tzinfo=dt.timezone.utc))
    event.add("dtstart", date)
    event.add("summary", calendar_text(f"{committee.config.name} (planned)"))
    event.add("description", calendar_text(f"Planned in the work programme: {topics}" if topics else "Planned in the work programme."))
    event.add("url", committee_url(archive, committee))
    event.add("status", "TENTATIVE")
    return event
