"""Call-ins and referrals followed across meetings: each step (the decision called in, the
scrutiny committee's consideration, a referral, the response) placed at its meeting and minute,
so that every meeting involved shows the whole record and the minutes join one thread.

A record is published only when it is public and so is the minute of its own meeting that
considered or made it; a withheld one is never read (see `public_proceedings`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import cached_property

from generator.records.archive import Archive, Meeting
from generator.records.models import BodyRef, CallIn, Referral, Step
from generator.records.proceedings import body_committee, meeting_on, minute_named, response_body
from generator.records.site_paths import minute_anchor
from generator.records.texts import MeetingKey

MinuteKey = tuple[MeetingKey, str]

REFERRAL_HEADINGS = {"recommendation": "Recommendation to", "referral": "Referral to", "referred-back": "Referred back to"}
DETERMINATIONS = {
    "no-further-action": "No further action",
    "referred-back": "Referred back to the decision-maker",
    "referred-to-council": "Referred to full Council",
}
STEP_LABELS = {
    "decision": "Decision called in",
    "consideration": "Considered by scrutiny",
    "referral": "Made by",
    "response": "Response",
}


@dataclass(frozen=True)
class StepAt:
    """One step of a call-in or referral: who acted, where (a meeting of the archive, and the
    minute as the record names it, or neither for a body outside it) and what it said."""

    role: str
    body: str
    date: dt.date | None
    meeting: MeetingKey | None = None
    minute: str | None = None  # as the record names it: 92(b)
    number: str = ""           # the minute's own number, where it is in the archive: 92
    agenda_item: str | None = None
    title: str | None = None
    text: str | None = None

    @property
    def label(self) -> str:
        return STEP_LABELS[self.role]

    @property
    def anchor(self) -> str:
        return minute_anchor(self.number) if self.number else ""

    @property
    def key(self) -> MinuteKey | None:
        """The minute this step is at, as the archive numbers it."""
        return (self.meeting, self.number) if self.meeting and self.number else None


@dataclass(frozen=True)
class Proceeding:
    """A call-in or referral with its steps in order, and the id of its record on the page of the
    meeting that holds it."""

    kind: str  # "call-in" or "referral"
    slug: str
    home: MeetingKey
    record: CallIn | Referral
    steps: tuple[StepAt, ...]
    to: str = ""  # the body a referral went to, by name

    @property
    def is_call_in(self) -> bool:
        return self.kind == "call-in"

    @cached_property
    def minute_keys(self) -> tuple[MinuteKey, ...]:
        return tuple(dict.fromkeys(step.key for step in self.steps if step.key))

    @property
    def own_step(self) -> StepAt:
        """The step of the meeting that holds the record: the consideration, or the referral."""
        return next(step for step in self.steps if step.role in ("consideration", "referral"))

    @property
    def heading(self) -> str:
        if isinstance(self.record, CallIn):
            return "Call-in"
        return f"{REFERRAL_HEADINGS[self.record.kind.value]} {self.to}".rstrip()

    @property
    def determination(self) -> str:
        return DETERMINATIONS[self.record.determination.value] if isinstance(self.record, CallIn) else ""


def public_proceedings(archive: Archive) -> list[Proceeding]:
    """Every public call-in and referral in the archive, in date order of their meetings."""
    found = []
    for meeting in archive.meetings:
        for kind, records in (("call-in", meeting.record.call_ins), ("referral", meeting.record.referrals)):
            for index, record in enumerate(records, start=1):
                home = minute_named(meeting, record.minute)
                if record.is_public and (record.minute is None or (home is not None and home.item.is_public)):
                    found.append(_proceeding(archive, meeting, kind, index, record))
    return found


def _proceeding(archive: Archive, meeting: Meeting, kind: str, index: int, record: CallIn | Referral) -> Proceeding:
    committee = archive.committee(meeting.council, meeting.committee)
    own = _step_at(archive, meeting, "consideration" if kind == "call-in" else "referral",
                   committee.config.label, meeting, record.minute, None,
                   record.reasons if isinstance(record, CallIn) else record.text)
    steps = []
    if isinstance(record, CallIn):
        steps.append(_other_step(archive, meeting, "decision", record.decision, record.decision.by))
    steps.append(own)
    if record.response is not None:
        steps.append(_other_step(archive, meeting, "response", record.response, response_body(record)))
    to = ""
    if isinstance(record, Referral):
        receiving = body_committee(archive, meeting.council, record.to)
        to = receiving.config.label if receiving else record.to.name or ""
    return Proceeding(kind, f"{kind}-{index}", meeting.key, record, tuple(steps), to)


def _other_step(archive: Archive, meeting: Meeting, role: str, step: Step, body: BodyRef | None) -> StepAt:
    committee = body_committee(archive, meeting.council, body)
    name = committee.config.label if committee else (body.name if body and body.name else "")
    found = _step_at(archive, meeting, role, name, meeting_on(committee, step.date), step.minute, step.date,
                     step.text, step.title)
    return replace(found, agenda_item=step.agenda_item) if step.agenda_item else found


def _step_at(archive: Archive, here: Meeting, role: str, body: str, target: Meeting | None, number: str | None,
             date: dt.date | None, text: str | None, title: str | None = None) -> StepAt:
    named = minute_named(target, number)
    if target is None:
        return StepAt(role, body, date, minute=number, title=title, text=text)
    if named is None:
        return StepAt(role, body, target.date, target.key, number, title=title, text=text)
    return StepAt(role, body, target.date, target.key, number, named.item.number,
                  title or (named.item.title if named.item.is_public else named.item.public_title or named.item.title),
                  text)


def proceedings_at(proceedings: list[Proceeding]) -> dict[MinuteKey | MeetingKey, list[Proceeding]]:
    """Each minute's proceedings, and each meeting's that name no minute of it."""
    placed: dict = {}
    for proceeding in proceedings:
        for step in proceeding.steps:
            where = step.key or step.meeting
            if where and proceeding not in placed.setdefault(where, []):
                placed[where].append(proceeding)
    return placed


def proceeding_edges(proceedings: list[Proceeding]) -> list[tuple[MinuteKey, MinuteKey]]:
    """Pairs of minutes a call-in or referral joins: one issue, as a reference joins them."""
    edges = []
    for proceeding in proceedings:
        keys = proceeding.minute_keys
        edges += [(keys[0], other) for other in keys[1:]]
    return edges
