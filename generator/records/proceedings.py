"""What call-ins, referrals and follow-up rows point at: a committee named by its slug, its
meeting on a date, and a minute of it named as the minutes number it (a sub-item kept).

Shared by validation (which reports what cannot be found) and by linking (which links what can).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from generator.records.archive import Archive, Committee, Meeting
from generator.records.models import BodyRef, CallIn, MinuteItem, Referral, Step

# A minute number with a sub-item or paragraph after it: 92(b), 12 (a), 66.1, 4a.
SUB_ITEM = re.compile(r"(?P<minute>.+?)(?:\s*\((?P<bracketed>[A-Za-z0-9]{1,4})\)|\.(?P<dotted>[0-9]{1,3})|(?P<letter>[a-z]))")


@dataclass(frozen=True)
class NamedMinute:
    """A minute as a record names it: the minute, and the sub-item or paragraph named in it."""

    item: MinuteItem
    sub: str | None = None


def minute_named(meeting: Meeting | None, number: str | None) -> NamedMinute | None:
    """The minute of `meeting` that `number` names: the minute numbered so, or, for `92(b)`,
    `66.1` or `4a` where no minute is numbered so, minute 92 (66, 4) with its sub-item."""
    if meeting is None or number is None or meeting.minutes is None:
        return None
    item = meeting.minute(number)
    if item is not None:
        return NamedMinute(item)
    found = SUB_ITEM.fullmatch(number.strip())
    if found is None:
        return None
    item = meeting.minute(found["minute"].strip())
    sub = found["bracketed"] or found["dotted"] or found["letter"]
    return NamedMinute(item, sub) if item is not None else None


def body_committee(archive: Archive, council: str, body: BodyRef | None) -> Committee | None:
    """The committee a body names (`cabinet` in the citing council, or `council/committee`);
    None for a body named by `name:`, or a slug that is no committee."""
    if body is None or body.committee is None:
        return None
    owner, _, slug = body.committee.rpartition("/")
    try:
        return archive.committee(owner or council, slug)
    except KeyError:
        return None


def meeting_on(committee: Committee | None, date: dt.date | None) -> Meeting | None:
    """The committee's meeting on `date` (the first, where it met twice that day)."""
    if committee is None or date is None:
        return None
    return committee.meeting_on(date)


def response_body(record: CallIn | Referral) -> BodyRef | None:
    """Who responded: as the response says, else the decision-maker (a call-in) or the body
    referred to (a referral)."""
    if record.response is None:
        return None
    if record.response.by is not None:
        return record.response.by
    return record.decision.by if isinstance(record, CallIn) else record.to


def steps(record: CallIn | Referral) -> list[tuple[str, Step, BodyRef | None]]:
    """The other bodies' steps of a call-in or referral, with their field name and body."""
    found = []
    if isinstance(record, CallIn):
        found.append(("decision", record.decision, record.decision.by))
    if record.response is not None:
        found.append(("response", record.response, response_body(record)))
    return found
