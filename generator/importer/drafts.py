"""Draft records: what the importer read, before it is written. Immutable; every uncertainty
is a Review that the writer puts in the record's `review:` list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Review:
    found: str   # what was found (or not found)
    where: str   # the file and page or line it was found at
    check: str   # what a person should check or do

    def as_entry(self) -> dict[str, str]:
        return {"found": self.found, "where": self.where, "check": self.check}


@dataclass(frozen=True)
class PersonDraft:
    printed: str                      # the name as printed, honorifics dropped
    person: str | None = None         # an id from people.yml, when the name matched exactly one
    role: str | None = None
    organisation: str | None = None
    directorate: str | None = None
    note: str | None = None

    def as_entry(self) -> str | dict[str, str]:
        extra = {k: v for k, v in (("role", self.role), ("organisation", self.organisation),
                                   ("directorate", self.directorate), ("note", self.note)) if v}
        if self.person and not extra:
            return self.person
        who = {"person": self.person} if self.person else {"name": self.printed}
        return who | extra


@dataclass(frozen=True)
class AttendanceDraft:
    chair: PersonDraft | None = None
    vice_chair: PersonDraft | None = None
    present: tuple[PersonDraft, ...] = ()
    co_opted: tuple[PersonDraft, ...] = ()
    in_attendance: tuple[PersonDraft, ...] = ()
    officers: tuple[PersonDraft, ...] = ()
    invited: tuple[PersonDraft, ...] = ()
    apologies: tuple[PersonDraft, ...] = ()
    substitutes: tuple[PersonDraft, ...] = ()

    PARTS = ("present", "co_opted", "in_attendance", "officers", "invited", "apologies", "substitutes")

    def as_entry(self) -> dict:
        entry: dict = {}
        for role in ("chair", "vice_chair"):
            if getattr(self, role):
                entry[role] = getattr(self, role).as_entry()
        for part in self.PARTS:
            people = getattr(self, part)
            if people:
                entry[part] = [p.as_entry() for p in people]
        return entry


@dataclass(frozen=True)
class AgendaItemDraft:
    number: str
    title: str
    pages: str | None = None
    report_of: str | None = None
    items: tuple["AgendaItemDraft", ...] = ()
    documents: tuple[str, ...] = ()
    private: bool = False

    def as_entry(self) -> dict:
        entry: dict = {"number": self.number, "title": self.title}
        for key in ("pages", "report_of"):
            if getattr(self, key):
                entry[key] = getattr(self, key)
        if self.documents:
            entry["documents"] = list(self.documents)
        if self.items:
            entry["items"] = [i.as_entry() for i in self.items]
        if self.private:
            entry |= {"part": "private", "access": "confidential"}
        return entry


@dataclass(frozen=True)
class DeclarationDraft:
    member: PersonDraft
    interest: str
    kind: str
    item: str | None
    detail: str | None
    withdrew: bool

    def as_entry(self) -> dict:
        entry = {"member": self.member.as_entry(), "interest": self.interest, "kind": self.kind}
        if self.item:
            entry["item"] = self.item
        if self.detail:
            entry["detail"] = self.detail
        entry["withdrew"] = self.withdrew
        return entry


@dataclass(frozen=True)
class MinuteDraft:
    number: str
    title: str
    blocks: tuple[str, ...]            # Markdown paragraphs, lists and ::: resolution blocks
    part: str | None = None            # "Public Business", "Private Business" as printed
    private: bool = False


@dataclass(frozen=True)
class MinutesDraft:
    items: tuple[MinuteDraft, ...]
    closed_at: str | None = None
    declarations: tuple[DeclarationDraft, ...] = ()
    review: tuple[Review, ...] = ()
    source: str | None = None


@dataclass(frozen=True)
class DocumentDraft:
    slug: str
    suffix: str                        # ".md" or ".yml"
    front: dict                        # the record's fields (type, title ...)
    body: str = ""
    review: tuple[Review, ...] = ()


@dataclass(frozen=True)
class MeetingDraft:
    date: dt.date | None
    start_time: str | None = None
    venue: str | None = None
    attendance: AttendanceDraft = AttendanceDraft()
    agenda: tuple[AgendaItemDraft, ...] = ()
    minutes: MinutesDraft | None = None
    documents: tuple[DocumentDraft, ...] = ()
    review: tuple[Review, ...] = ()
    source: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class ImportResult:
    """Everything read from one source file: one or more meetings (an agenda pack holds the
    previous meeting's minutes too), and what was noted along the way."""

    source: str
    meetings: tuple[MeetingDraft, ...] = field(default_factory=tuple)
