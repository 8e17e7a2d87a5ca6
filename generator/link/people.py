"""What the archive records about each person: memberships, attendance, declarations.

A derived view for the person pages, computed once from the assembled archive.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.records.archive import Archive, Meeting
from generator.records.models import Declaration, Person

PRESENT_ROLES = ("chair", "vice_chair", "present", "co_opted", "substitutes")
ROLE_LABELS = {
    "chair": "Chair", "vice_chair": "Vice-Chair", "present": "Present", "co_opted": "Co-opted member",
    "in_attendance": "In attendance", "officers": "Officer", "invited": "Invited",
    "substitutes": "Substitute", "apologies": "Apologies", "absent": "Absent",
}


@dataclass(frozen=True)
class Appearance:
    meeting: Meeting
    role: str


@dataclass
class AttendanceRecord:
    """One committee and municipal year: meetings attended, apologies, absences."""

    committee: str
    year: str
    present: list[Meeting] = field(default_factory=list)
    apologies: list[Meeting] = field(default_factory=list)
    absent: list[Meeting] = field(default_factory=list)
    other: list[Appearance] = field(default_factory=list)
    held: int = 0  # the committee's meetings that year with attendance recorded, while a member

    @property
    def expected(self) -> int:
        """The meetings the person was expected at: those held while a member, or, for one not
        listed as a member, those the records name them at as present, with apologies or absent."""
        return max(self.held, len(self.present) + len(self.apologies) + len(self.absent))

    @property
    def rate(self) -> str:
        """'3 of 4 (75 %)', or '' where nothing was expected."""
        if not self.expected:
            return ""
        return f"{len(self.present)} of {self.expected} ({round(100 * len(self.present) / self.expected)}\u00a0%)"


@dataclass
class PersonActivity:
    council: str
    person_id: str
    person: Person
    memberships: list[tuple[str, str, str | None]] = field(default_factory=list)
    attendance: dict[tuple[str, str], AttendanceRecord] = field(default_factory=dict)
    declarations: list[tuple[Meeting, Declaration]] = field(default_factory=list)
    appearances: list[Appearance] = field(default_factory=list)

    @property
    def surname(self) -> str:
        """The last word of the name as written ('M Mutton' is Mutton), for the people index."""
        return self.person.name.split()[-1] if self.person.name.split() else ""

    @property
    def kind(self) -> str:
        """'member' (a councillor or co-opted member of a committee), 'officer', or 'other'."""
        honorific = (self.person.honorific or "").lower()
        if self.memberships or honorific.startswith(("councillor", "cllr")) or any(
                a.role in ("Chair", "Vice-Chair", "Present", "Co-opted member", "Substitute", "Apologies", "Absent")
                for a in self.appearances):
            return "member"
        if self.person.directorate or any(a.role == "Officer" for a in self.appearances):
            return "officer"
        return "other"

    def attendance_records(self) -> list[AttendanceRecord]:
        return [self.attendance[key] for key in sorted(self.attendance, key=lambda k: (k[1], k[0]), reverse=True)]


def person_activity(archive: Archive) -> dict[tuple[str, str], PersonActivity]:
    activity = {
        (council.slug, person_id): PersonActivity(council.slug, person_id, person)
        for council in archive.councils for person_id, person in sorted(council.people.items())
    }
    for council in archive.councils:
        for committee in council.committees:
            for year, members in sorted(committee.record.membership.items(), reverse=True):
                for member in members:
                    if (council.slug, member.person) in activity:
                        activity[(council.slug, member.person)].memberships.append((year, committee.slug, member.role))
            for meeting in committee.meetings:
                _record_meeting(activity, meeting)
            _count_meetings_held(activity, council.slug, committee)
    return activity


def _count_meetings_held(activity: dict, council: str, committee) -> None:
    """Each member's expected meetings: the committee's meetings of the year that record attendance."""
    held: dict[str, int] = {}
    for meeting in committee.meetings:
        if meeting.is_held and meeting.record.attendance.by_role():
            held[meeting.municipal_year] = held.get(meeting.municipal_year, 0) + 1
    for year, members in committee.record.membership.items():
        for member in members:
            person = activity.get((council, member.person))
            if person is None or not held.get(year):
                continue
            record = person.attendance.setdefault((committee.slug, year), AttendanceRecord(committee.slug, year))
            record.held = held[year]


def _record_meeting(activity: dict, meeting: Meeting) -> None:
    attendance = meeting.record.attendance
    for role in ROLE_LABELS:
        value = getattr(attendance, role)
        refs = (value,) if role in ("chair", "vice_chair") else value
        for ref in refs:
            if ref is None or (meeting.council, ref.person) not in activity:
                continue
            person = activity[(meeting.council, ref.person)]
            person.appearances.append(Appearance(meeting, ROLE_LABELS[role]))
            record = person.attendance.setdefault(
                (meeting.committee, meeting.municipal_year), AttendanceRecord(meeting.committee, meeting.municipal_year))
            if role in PRESENT_ROLES:
                record.present.append(meeting)
            elif role == "apologies":
                record.apologies.append(meeting)
            elif role == "absent":
                record.absent.append(meeting)
            else:
                record.other.append(Appearance(meeting, ROLE_LABELS[role]))
    if meeting.minutes is not None:
        for declaration in meeting.minutes.front.declarations:
            key = (meeting.council, declaration.member.person)
            if key in activity:
                activity[key].declarations.append((meeting, declaration))
