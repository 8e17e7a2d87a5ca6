"""The record model: typed, immutable, and the only shape content takes after loading.

Records mirror what a maintainer writes (see the 'Writing records' guide); `archive.py` assembles
them into councils, committees and meetings. Models reject unknown fields, so a typo such as
`resolutons:` is reported, never silently ignored.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from typing import Annotated, Literal, Self, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
Markdown = str


# ASCII digits ([0-9], not \d, which matches Arabic-Indic digits too): times, years and
# numbers become addresses, calendar entries and file names.
def _check_time(value: str) -> str:
    match = re.fullmatch(r"([0-9]{1,2}):([0-9]{2})", value)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"'{value}' is not a time; write times as HH:MM on the 24-hour clock")
    return f"{int(match[1]):02d}:{match[2]}"


def _check_municipal_year(value: str) -> str:
    match = re.fullmatch(r"([0-9]{4})/([0-9]{2})", value)
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise ValueError(f"'{value}' is not a municipal year; write it like 2016/17")
    return value


MAX_NUMBER_LENGTH = 20


def _check_number(value: str) -> str:
    if len(value) > MAX_NUMBER_LENGTH:
        raise ValueError(f"a number of {len(value)} characters is too long (at most {MAX_NUMBER_LENGTH}); "
                         "write the number as printed, such as 73, 5(a) or 12/17")
    return value


ClockTime = Annotated[str, AfterValidator(_check_time)]
MunicipalYearLabel = Annotated[str, AfterValidator(_check_municipal_year)]
# An agenda item's or a minute's number, or a reference to one: part of addresses and file names.
ItemNumber = Annotated[str, AfterValidator(_check_number)]


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class ReviewItem(Record):
    """Something `scrutiny import` was unsure of or could not find: `scrutiny check` reports
    each as a warning until a person fixes it and removes the entry."""

    found: str
    where: str | None = None
    check: str | None = None


Review = tuple[ReviewItem, ...]


# --- enums -----------------------------------------------------------------------------------


class Verb(enum.Enum):
    RESOLVED = "RESOLVED"
    AGREED = "AGREED"
    NOTED = "NOTED"


class MinutesStatus(enum.Enum):
    DRAFT = "draft"
    CONFIRMED = "confirmed"


class MeetingStatus(enum.Enum):
    HELD = "held"
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class Access(enum.Enum):
    PUBLIC = "public"
    EXEMPT = "exempt"
    CONFIDENTIAL = "confidential"


class Part(enum.Enum):
    PUBLIC = "public"
    PRIVATE = "private"


class InterestKind(enum.Enum):
    DISCLOSABLE_PECUNIARY = "disclosable-pecuniary"
    OTHER_DISCLOSABLE = "other-disclosable"
    PERSONAL = "personal"
    PREJUDICIAL = "prejudicial"
    SENSITIVE = "sensitive"
    OTHER = "other"


class RecommendationType(enum.Enum):
    RECOMMENDATION = "recommendation"
    ACTION = "action"
    INFORMATION = "information"


class TrackerStatus(enum.Enum):
    OPEN = "open"
    RESPONDED = "responded"
    COMPLETED = "completed"
    CARRIED_FORWARD = "carried-forward"


class RagStatus(enum.Enum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    BLUE = "blue"
    NOT_RATED = "not-rated"


class CallInDetermination(enum.Enum):
    """What a scrutiny committee decides about a decision called in to it."""

    NO_FURTHER_ACTION = "no-further-action"
    REFERRED_BACK = "referred-back"          # to the decision-maker, to reconsider
    REFERRED_TO_COUNCIL = "referred-to-council"


class ReferralKind(enum.Enum):
    """How one body passes a matter to another: 'recommended to Cabinet', 'referred to Council',
    'referred back' (to the body it came from)."""

    RECOMMENDATION = "recommendation"
    REFERRAL = "referral"
    REFERRED_BACK = "referred-back"


class DocumentType(enum.Enum):
    REPORT = "report"
    BRIEFING_NOTE = "briefing-note"
    APPENDIX = "appendix"
    SCOPING_DOCUMENT = "scoping-document"
    WORK_PROGRAMME = "work-programme"
    TRACKER = "tracker"
    ACTION_PLAN = "action-plan"


# --- people and committees ---------------------------------------------------------------------


class Person(Record):
    name: str
    honorific: str | None = None
    party: str | None = None
    ward: str | None = None
    roles: tuple[str, ...] = ()
    directorate: str | None = None
    organisation: str | None = None
    private: dict[str, str] = Field(default_factory=dict, description="never published")

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.name}" if self.honorific else self.name


class PersonRef(Record):
    """A person in a record: an id from people.yml, or an inline one-off person by name."""

    person: Slug | None = None
    name: str | None = None
    organisation: str | None = None
    role: str | None = None
    directorate: str | None = None
    note: str | None = None
    # Whom a substitute stood in for: an id from people.yml, or an inline person ({name: ...}).
    substitute_for: PersonRef | None = Field(default=None, alias="for")

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value):
        return {"person": value} if isinstance(value, str) else value

    @field_validator("person")
    @classmethod
    def _known_person(cls, value: str | None, info: ValidationInfo):
        """With a `known_people` context (the council's people.yml ids), ids must be in it."""
        known = (info.context or {}).get("known_people")
        if value is not None and known is not None and value not in known:
            raise PydanticCustomError(
                "unknown_person", "'{person}' is not a known person", {"person": value, "known": sorted(known)}
            )
        return value

    @model_validator(mode="after")
    def _one_identity(self):
        if (self.person is None) == (self.name is None):
            raise ValueError("a person needs either 'person' or 'name', not both or neither; use an id from people.yml, or name a one-off person")
        return self


class Membership(PersonRef):
    pass


class CommitteeRecord(Record):
    remit: Markdown | None = None
    membership: dict[MunicipalYearLabel, tuple[Membership, ...]] = Field(default_factory=dict)


# --- meetings ----------------------------------------------------------------------------------


# An email address as it goes into a `mailto:` link: the WHATWG HTML form of one (a local part,
# @, a domain of letters, digits and hyphens), without the characters that mean something in a
# mailto URL or in Markdown (? # % & / ` { } |). Never a scheme: `javascript:...` is refused.
EMAIL_PATTERN = re.compile(r"[A-Za-z0-9.!$'*+=^_~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")


def _check_email(value: str) -> str:
    if not EMAIL_PATTERN.fullmatch(value):
        raise ValueError(f"'{value}' is not an email address; write the address alone, such as "
                         "name@example.gov.uk (no 'mailto:', spaces, quotes or angle brackets)")
    return value


EmailAddress = Annotated[str, AfterValidator(_check_email)]

# The address of a published document: http(s), a host, and no spaces, quotes or angle brackets
# (it becomes a link's href). Never another scheme: `javascript:` or `file:` is refused.
WEB_ADDRESS_PATTERN = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:[/?#][^\s\"'<>`\\]*)?")


def _check_web_address(value: str) -> str:
    if not WEB_ADDRESS_PATTERN.fullmatch(value):
        raise ValueError(f"'{value}' is not a web address; write the published document's address, starting "
                         "http:// or https:// (a note on where the record came from goes in transcribed_from:)")
    return value


WebAddress = Annotated[str, AfterValidator(_check_web_address)]


class Contact(Record):
    name: str | None = None
    role: str | None = None
    phone: str | None = None
    email: EmailAddress | None = None
    address: str | None = None


def _one_or_many(value):
    return [value] if isinstance(value, dict) else value


Contacts = Annotated[tuple[Contact, ...], BeforeValidator(_one_or_many)]


class Restricted(Record):
    """Access level shared by agenda items, minutes and documents (Schedule 12A, LGA 1972)."""

    access: Access = Access.PUBLIC
    exempt_paragraphs: tuple[int, ...] = ()
    public_title: str | None = Field(default=None, description="the neutral title published for a private item")
    public_summary: Markdown | None = None

    @model_validator(mode="after")
    def _paragraphs_match_access(self):
        if self.access is Access.EXEMPT:
            if not self.exempt_paragraphs:
                raise ValueError(
                    "an exempt item needs the paragraphs of Schedule 12A that exempt it; "
                    "add exempt_paragraphs: [N] with N from 1 to 7"
                )
            bad = [p for p in self.exempt_paragraphs if not 1 <= p <= 7]
            if bad:
                raise ValueError(f"Schedule 12A has paragraphs 1 to 7, not {bad}; use the paragraph numbers printed on the agenda")
        elif self.exempt_paragraphs:
            raise ValueError("exempt_paragraphs is only for exempt items; set access: exempt, or remove the paragraphs")
        return self

    @property
    def is_public(self) -> bool:
        return self.access is Access.PUBLIC

    @property
    def access_given(self) -> bool:
        """Whether the record says its access itself (`access:` is written), rather than leaving
        it to the exempt or confidential item or minute it belongs to."""
        return "access" in self.model_fields_set

    def withheld_with(self, owner: Restricted) -> Self:
        """This record as part of `owner`: withheld as `owner` is, unless it gives its own access.
        The copy holds the access as its own (so inheriting twice changes nothing); it is not
        validated again, `owner`'s access having been."""
        if owner.is_public or self.access_given:
            return self
        return self.model_copy(update={"access": owner.access, "exempt_paragraphs": owner.exempt_paragraphs})


class Attachment(Record):
    """A file published with an item (a PDF, an image), named relative to the meeting's folder.
    Attachments of exempt or confidential items live in the folder's private/ subfolder,
    which is never published."""

    title: str
    file: str


def _number_unnumbered(items):
    """Agenda items printed without a number are numbered by their place (p1, p2 ...), which
    anchors and keys them; `numbered: false` keeps that number off the page."""
    if not isinstance(items, (list, tuple)):
        return items
    return [{**item, "number": f"p{index}", "numbered": False}
            if isinstance(item, dict) and item.get("number") is None and "numbered" not in item else item
            for index, item in enumerate(items, start=1)]


class AgendaItem(Restricted):
    number: ItemNumber  # as printed; an item printed without one has its place, p1, p2 ...
    numbered: bool = True
    title: str
    pages: str | None = None
    report_of: str | None = None
    author: str | None = None
    part: Part = Part.PUBLIC
    documents: tuple[Slug, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    items: Annotated[tuple[AgendaItem, ...], BeforeValidator(_number_unnumbered)] = ()
    notes: Markdown | None = None


class Attendance(Record):
    chair: PersonRef | None = None
    vice_chair: PersonRef | None = None
    present: tuple[PersonRef, ...] = ()
    co_opted: tuple[PersonRef, ...] = ()
    in_attendance: tuple[PersonRef, ...] = ()
    officers: tuple[PersonRef, ...] = ()
    invited: tuple[PersonRef, ...] = ()
    apologies: tuple[PersonRef, ...] = ()
    substitutes: tuple[PersonRef, ...] = ()
    absent: tuple[PersonRef, ...] = ()

    def by_role(self) -> list[tuple[str, tuple[PersonRef, ...]]]:
        """(role label, people) in the order minutes print them; empty roles left out."""
        groups = [
            ("Chair", (self.chair,) if self.chair else ()),
            ("Vice-Chair", (self.vice_chair,) if self.vice_chair else ()),
            ("Members present", self.present),
            ("Co-opted members", self.co_opted),
            ("Cabinet members and others in attendance", self.in_attendance),
            ("Officers", self.officers),
            ("Invited", self.invited),
            ("Substitutes", self.substitutes),
            ("Apologies", self.apologies),
            ("Absent", self.absent),
        ]
        return [(label, people) for label, people in groups if people]


# --- call-ins and referrals ---------------------------------------------------------------------


class BodyRef(Record):
    """A body in a call-in or referral: a committee of the archive by its slug (`cabinet`, or
    `council/committee` for another council's), whose meetings are then linked; or a
    decision-maker outside the archive by name (`{name: Cabinet Member for Children}`)."""

    committee: str | None = Field(default=None, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)?$")
    name: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value):
        return {"committee": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_identity(self):
        if (self.committee is None) == (self.name is None):
            raise ValueError("a body needs either 'committee' (a committee's slug in site_config.yml) or "
                             "'name' (a decision-maker outside the archive), not both or neither")
        return self


class Step(Record):
    """One body's part in a call-in or referral: the meeting (by its date) and minute where it
    acted, and what it decided or said. With a committee of the archive, the meeting must be in
    the archive and the minute in its minutes: both are linked."""

    by: BodyRef | None = None
    date: dt.date | None = None
    minute: ItemNumber | None = None
    agenda_item: ItemNumber | None = Field(default=None, description="the item of its agenda, where no minute is")
    title: str | None = None
    text: Markdown | None = None


class CallIn(Restricted):
    """A decision called in to the scrutiny committee of the meeting whose meeting.yml lists it:
    the decision, this meeting's minute that considered it, the determination, and the
    decision-maker's (or the Council's) response."""

    minute: ItemNumber | None = Field(default=None, description="this meeting's minute that considered it, where "
                                      "the minutes are in the archive")
    decision: Step
    called_in_by: tuple[PersonRef, ...] = ()
    reasons: Markdown | None = None
    determination: CallInDetermination
    response: Step | None = None

    @model_validator(mode="after")
    def _decision_has_a_body(self):
        if self.decision.by is None or self.decision.date is None:
            raise ValueError("the decision called in needs 'by' (the decision-maker) and 'date' (when it was taken)")
        return self


class Referral(Restricted):
    """A matter this meeting's minute passed to another body (recommended to Cabinet, referred to
    Council, referred back), and that body's response."""

    minute: ItemNumber | None = Field(default=None, description="this meeting's minute that made it, where the "
                                      "minutes are in the archive")
    resolution: ItemNumber | None = None
    kind: ReferralKind = ReferralKind.RECOMMENDATION
    to: BodyRef
    text: Markdown | None = None
    response: Step | None = None


class MeetingRecord(Record):
    title: str | None = None
    start_time: ClockTime | None = None
    end_time: ClockTime | None = None
    venue: str | None = None
    status: MeetingStatus = MeetingStatus.HELD
    attendance: Attendance = Attendance()
    agenda: Annotated[tuple[AgendaItem, ...], BeforeValidator(_number_unnumbered)] = ()
    agenda_published: dt.date | None = None
    agenda_published_by: str | None = None
    notes: Markdown | None = None
    contact: Contacts = ()
    source: WebAddress | None = Field(default=None, description="the address of the published document")
    transcribed_from: str | None = Field(default=None, description="the paper and pages the record was taken from")
    call_ins: tuple[CallIn, ...] = ()
    referrals: tuple[Referral, ...] = ()
    review: Review = Field(default=(), description="left by scrutiny import; never published")


# --- minutes -----------------------------------------------------------------------------------


class Declaration(Record):
    member: PersonRef
    interest: str
    kind: InterestKind = InterestKind.OTHER
    item: ItemNumber | None = None
    detail: Markdown | None = None
    withdrew: bool = False


class MinutesFrontMatter(Record):
    status: MinutesStatus = MinutesStatus.DRAFT
    confirmed_on: dt.date | None = None
    confirmed_minute: ItemNumber | None = None
    closed_at: ClockTime | None = None
    declarations: tuple[Declaration, ...] = ()
    notes: Markdown | None = None
    source: WebAddress | None = Field(default=None, description="the address of the published minutes")
    transcribed_from: str | None = None
    review: Review = Field(default=(), description="left by scrutiny import; never published")


class Resolution(Record):
    number: ItemNumber | None
    text: Markdown
    line: int


class ResolutionBlock(Record):
    verb: Verb
    preamble: str
    resolutions: tuple[Resolution, ...]
    line: int


class NarrativeText(Record):
    markdown: Markdown
    line: int
    paragraphs: tuple[str, ...] = ()  # labels of the numbered paragraphs anchored in it (see MinuteItem)


class MinuteItem(Restricted):
    number: ItemNumber  # as printed; a minute printed without one has its place, p1, p2 ...
    numbered: bool = True  # False: the minutes print no number, and the site shows none
    title: str
    part: str | None = None
    content: tuple[Union[NarrativeText, ResolutionBlock], ...] = ()
    line: int
    paragraphs: tuple[str, ...] = ()  # labels of its numbered paragraphs: 66.1 is '1', (a) is 'a'

    @property
    def heading(self) -> str:
        """The heading as the minutes print it: '73. Title', or the title alone."""
        return f"{self.number}. {self.title}" if self.numbered else self.title

    @property
    def resolution_blocks(self) -> tuple[ResolutionBlock, ...]:
        return tuple(c for c in self.content if isinstance(c, ResolutionBlock))


class Minutes(Record):
    front: MinutesFrontMatter
    items: tuple[MinuteItem, ...]


# --- documents ---------------------------------------------------------------------------------


class DocumentBase(Restricted):
    title: str
    date: dt.date | None = None
    agenda_item: ItemNumber | None = None
    minute: ItemNumber | None = Field(default=None, description="the minute under which it was considered")
    attachments: tuple[Attachment, ...] = ()
    redacted: bool = False
    source: WebAddress | None = Field(default=None, description="the address of the published document")
    transcribed_from: str | None = Field(default=None, description="the paper and pages it was taken from")
    review: Review = Field(default=(), description="left by scrutiny import; never published")


class AppendixRef(Record):
    title: str
    document: Slug | None = None


class Report(DocumentBase):
    type: Literal["report", "briefing-note", "appendix"]
    to: str | None = None
    from_: str | None = Field(default=None, alias="from")
    author: str | None = None
    purpose: Markdown | None = None
    recommendations: tuple[Markdown, ...] = ()
    appendices: tuple[AppendixRef, ...] = ()
    contact: Contacts = ()
    body: Markdown = ""


class Timescales(Record):
    duration: str | None = None
    start: str | None = None
    completion: str | None = None


class SignOff(Record):
    section: str
    name: str
    role: str | None = None
    date: dt.date | None = None


class ScopingDocument(DocumentBase):
    type: Literal["scoping-document"]
    version: str | None = None
    chair: str | None = None
    proposed_by: str | None = None
    rationale: Markdown | None = None
    aims: Markdown | None = None
    links_to_priorities: Markdown | None = None
    scope: Markdown | None = None
    methodology: Markdown | None = None
    witnesses: Markdown | None = None
    timescales: Timescales | None = None
    resources: Markdown | None = None
    further_resources: Markdown | None = None
    findings_to: Markdown | None = None
    likely_publicity: Markdown | None = None
    publicising: Markdown | None = None
    added_value: Markdown | None = None
    divisional_comments: Markdown | None = None
    risks: Markdown | None = None
    able_to_assist: Markdown | None = None
    impact_on_scrutiny_team: Markdown | None = None
    staffing_available: Markdown | None = None
    sign_offs: tuple[SignOff, ...] = ()
    body: Markdown = ""

    def sections(self) -> list[tuple[str, Markdown]]:
        """The template's numbered sections that have an answer, in the template's order."""
        labelled = [
            ("Proposed by", self.proposed_by),
            ("Rationale", self.rationale),
            ("Purpose and aims of the review", self.aims),
            ("Links with corporate aims and priorities", self.links_to_priorities),
            ("Scope", self.scope),
            ("Methodology", self.methodology),
            ("Witnesses", self.witnesses),
            ("Resources and staffing requirements", self.resources),
            ("Further resources", self.further_resources),
            ("Review recommendations and findings: to whom", self.findings_to),
            ("Likely publicity arising from the review", self.likely_publicity),
            ("Publicising the review and its findings", self.publicising),
            ("How the review will add value", self.added_value),
            ("Divisional comments", self.divisional_comments),
            ("Potential risks", self.risks),
            ("Ability to assist with the review", self.able_to_assist),
            ("Impact on the Scrutiny Team's other work", self.impact_on_scrutiny_team),
            ("Staffing resources available", self.staffing_available),
        ]
        return [(label, text) for label, text in labelled if text]


class WorkProgrammeItem(Record):
    title: str
    detail: Markdown | None = None
    lead_officers: tuple[str, ...] = ()
    cabinet_members: tuple[str, ...] = ()
    notes: Markdown | None = None


class PlannedMeeting(Record):
    date: dt.date
    items: tuple[WorkProgrammeItem, ...] = ()


class WorkProgramme(DocumentBase):
    type: Literal["work-programme"]
    municipal_year: MunicipalYearLabel
    last_updated: dt.date | None = None
    meetings: tuple[PlannedMeeting, ...] = ()
    to_schedule: tuple[WorkProgrammeItem, ...] = ()
    progress_reports: tuple[WorkProgrammeItem, ...] = ()
    next_year: tuple[WorkProgrammeItem, ...] = ()
    notes: Markdown | None = None


class TrackerRow(Record):
    meeting_date: dt.date
    agenda_item: str
    minute: ItemNumber | None = Field(default=None, description="the minute of that meeting it came from")
    cabinet_member: str | None = None
    type: RecommendationType
    text: Markdown
    response: Markdown | None = None
    response_date: dt.date | None = None
    status: TrackerStatus = TrackerStatus.OPEN


class Tracker(DocumentBase):
    type: Literal["tracker"]
    as_at: dt.date | None = None
    rows: tuple[TrackerRow, ...] = ()
    notes: Markdown | None = None


class PlannedAction(Record):
    action: str
    minute: ItemNumber | None = Field(default=None, description="the minute it came from ('Action No. 92(b)')")
    meeting_date: dt.date | None = Field(default=None, description="that minute's meeting; the plan's own if left out")
    by_when: str | None = None
    by_whom: str | None = None
    status: RagStatus = RagStatus.NOT_RATED


class ActionPlan(DocumentBase):
    type: Literal["action-plan"]
    recommendation: Markdown | None = None
    lead: str | None = None
    linked_plan: str | None = None
    expected_outcomes: tuple[Markdown, ...] = ()
    measures_of_success: tuple[Markdown, ...] = ()
    actions: tuple[PlannedAction, ...] = ()
    progress: Markdown | None = None
    impact: Markdown | None = None
    further_action: Markdown | None = None


Document = Union[Report, ScopingDocument, WorkProgramme, Tracker, ActionPlan]

DOCUMENT_MODELS: dict[str, type[DocumentBase]] = {
    "report": Report,
    "briefing-note": Report,
    "appendix": Report,
    "scoping-document": ScopingDocument,
    "work-programme": WorkProgramme,
    "tracker": Tracker,
    "action-plan": ActionPlan,
}
MARKDOWN_DOCUMENT_TYPES = {"report", "briefing-note", "appendix", "scoping-document"}
