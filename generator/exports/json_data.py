"""The archive as JSON: one file per object type plus an index, with a JSON Schema for each.

OParl 1.1 names are used where they fit (Body, Organization, Person, Membership, Meeting,
AgendaItem, Paper, File, LegislativeTerm); our own types cover what OParl has no word for
(Resolution, Declaration, Recommendation, WorkProgrammeItem, ScopingDocument, Reference).
Every object's `id` is its canonical page URL (with the anchor where it has one).
"""

from __future__ import annotations

import datetime as dt
import json

from generator.records.archive import Archive
from generator.exports import ExportFile, bulk_download
from generator.exports.urls import (
    DATA_DIR,
    absolute,
    attachment_url,
    committee_url,
    council_url,
    document_url,
    meeting_url,
    page_target_url,
    person_url,
)
from generator.link.links import LinkedArchive
from generator.link.proceedings import Proceeding, StepAt, public_proceedings
from generator.records.proceedings import body_committee, minute_named
from generator.records.models import ScopingDocument, Tracker, WorkProgramme
from generator.records.site_paths import minute_anchor
from generator.render.pages import DOCUMENT_TYPE_LABELS

OPARL = "https://schema.oparl.org/1.1/"
OURS = "https://github.com/scrutiny-archive/schema/1/"
S, D, URL, B, N = {"type": "string"}, {"type": "string", "format": "date"}, {"type": "string", "format": "uri"}, {"type": "boolean"}, {"type": ["string", "null"]}
LIST_OF_URLS = {"type": "array", "items": URL}
LIST_OF_STRINGS = {"type": "array", "items": S}

# type name -> (namespace, required properties, optional properties)
TYPES: dict[str, tuple[str, dict, dict]] = {
    "Body": (OPARL, {"name": S, "web": URL, "organization": LIST_OF_URLS, "legislativeTerm": LIST_OF_URLS}, {"website": N}),
    "Organization": (OPARL, {"name": S, "body": URL, "classification": S, "web": URL, "meeting": LIST_OF_URLS,
                             "minuteNumbering": {"enum": ["meeting", "municipal-year"]}}, {"shortName": N}),
    "Person": (OPARL, {"name": S, "body": URL, "web": URL, "role": LIST_OF_STRINGS}, {"formOfAddress": N}),
    "Membership": (OPARL, {"person": URL, "organization": URL, "legislativeTerm": S}, {"role": N}),
    "LegislativeTerm": (OPARL, {"name": S, "body": URL, "startDate": D, "endDate": D}, {}),
    "Meeting": (OPARL, {"name": S, "start": S, "organization": LIST_OF_URLS, "meetingState": S, "web": URL,
                        "minutesStatus": S, "agendaItem": LIST_OF_URLS, "paper": LIST_OF_URLS}, {"location": N}),
    "AgendaItem": (OPARL, {"meeting": URL, "number": S, "name": S, "public": B}, {"exemptParagraphs": {"type": "array", "items": {"type": "integer"}}}),
    "Paper": (OPARL, {"name": S, "paperType": S, "meeting": URL, "web": URL}, {"date": {"type": ["string", "null"], "format": "date"}, "agendaItem": N}),
    "File": (OPARL, {"name": S, "fileName": S, "accessUrl": URL}, {"paper": {"type": ["string", "null"]}}),
    "Resolution": (OURS, {"meeting": URL, "minute": S, "minuteTitle": S, "verb": {"enum": ["RESOLVED", "AGREED", "NOTED"]},
                          "number": S, "text": S, "web": URL}, {"preamble": N}),
    "Declaration": (OURS, {"meeting": URL, "member": S, "kind": S, "interest": S, "withdrew": B}, {"person": N, "minute": N}),
    "Recommendation": (OURS, {"paper": URL, "meetingDate": D, "agendaItem": S, "recommendationType": {"enum": ["recommendation", "action", "information"]},
                              "text": S, "status": S}, {"cabinetMember": N, "response": N, "responseDate": {"type": ["string", "null"], "format": "date"},
                               "minute": N, "minuteUrl": N}),
    "CallIn": (OURS, {"meeting": URL, "decisionBy": S, "decisionDate": D,
                      "determination": {"enum": ["no-further-action", "referred-back", "referred-to-council"]},
                      "calledInBy": LIST_OF_STRINGS, "web": URL},
               {"minute": N, "decisionMeeting": N, "decisionMinute": N, "decisionAgendaItem": N, "decisionTitle": N,
                "reasons": N, "responseBy": N, "responseDate": {"type": ["string", "null"], "format": "date"},
                "responseMeeting": N, "responseMinute": N, "responseAgendaItem": N, "response": N}),
    "Referral": (OURS, {"meeting": URL, "referralType": {"enum": ["recommendation", "referral", "referred-back"]},
                        "to": S, "web": URL},
                 {"minute": N, "resolution": N, "toOrganization": N, "text": N, "responseDate": {"type": ["string", "null"], "format": "date"},
                  "responseMeeting": N, "responseMinute": N, "responseAgendaItem": N, "response": N}),
    "WorkProgrammeItem": (OURS, {"paper": URL, "municipalYear": S, "section": {"enum": ["planned", "to-schedule", "progress-report", "next-year"]},
                                 "title": S, "leadOfficers": LIST_OF_STRINGS, "cabinetMembers": LIST_OF_STRINGS},
                          {"date": {"type": ["string", "null"], "format": "date"}, "detail": N}),
    "ScopingDocument": (OURS, {"paper": URL, "title": S, "sections": {"type": "array", "items": {
        "type": "object", "required": ["label", "text"], "additionalProperties": False,
        "properties": {"label": S, "text": S}}}}, {"proposedBy": N, "version": N}),
    "Reference": (OURS, {"sourceFile": S, "line": {"type": "integer", "minimum": 1}, "text": S,
                         "kind": {"enum": ["minute", "minute_range", "resolution", "meeting"]},
                         "status": {"enum": ["resolved", "not-in-archive", "ambiguous"]}}, {"target": {"type": ["string", "null"]}, "reason": N}),
}


def schema(name: str) -> dict:
    namespace, required, optional = TYPES[name]
    properties = {"id": {"type": "string"}, "type": {"const": namespace + name}, **required, **optional}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{name}.schema.json",
        "title": name,
        "type": "object",
        "required": ["id", "type", *required],
        "additionalProperties": False,
        "properties": properties,
    }


TEXT_TYPES = ("Resolution", "Reference")  # they carry minutes text, or source lines


def json_files(archive: Archive, linked: LinkedArchive) -> list[ExportFile]:
    """The types whose objects follow from the archive's outline (see page_inputs.py), each
    type's schema, and the index of every type."""
    objects = _objects(archive)
    counts = {**{name: len(items) for name, items in objects.items()},
              "Resolution": sum(len(rows) for council in archive.councils for committee in council.committees
                                for rows in committee.resolutions_by_year().values()),
              "Reference": len(linked.links)}
    files = [ExportFile(f"{DATA_DIR}/json/schema/{name}.schema.json", _dump(schema(name))) for name in TYPES]
    files += [bulk_download(f"{DATA_DIR}/json/{name}.json", _dump(items)) for name, items in objects.items()]
    index = {
        "title": archive.config.title,
        "licence": archive.config.licence,
        "types": {name: {"data": absolute(archive, f"{DATA_DIR}/json/{name}.json.gz"),
                         "schema": absolute(archive, f"{DATA_DIR}/json/schema/{name}.schema.json"),
                         "count": counts[name]} for name in TYPES},
    }
    return [ExportFile(f"{DATA_DIR}/json/index.json", _dump(index)), *files]


def text_json_files(archive: Archive, linked: LinkedArchive) -> list[ExportFile]:
    """The types that carry minutes text or source lines: they change with any edit."""
    objects = {"Resolution": _resolution_objects(archive), "Reference": _reference_objects(archive, linked)}
    return [bulk_download(f"{DATA_DIR}/json/{name}.json", _dump(items)) for name, items in objects.items()]


def _default(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value))


# One encoder for every object of a list: json.dumps makes a new one a call, which, for the
# hundred thousand resolutions and references of a large archive, cost a fifth of a second.
_ONE_LINE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_default)


def _dump(value) -> bytes:
    """Lists one object a line (compact, and a diff still shows which objects changed)."""
    if isinstance(value, list):
        lines = map(_ONE_LINE.encode, value)
        return ("[\n" + ",\n".join(lines) + "\n]\n").encode("utf-8") if value else b"[]\n"
    return (json.dumps(value, ensure_ascii=False, indent=1, default=_default) + "\n").encode("utf-8")


def _typed(type_name: str, identifier: str, **fields) -> dict:
    return {"id": identifier, "type": TYPES[type_name][0] + type_name, **fields}


def _objects(archive: Archive) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {name: [] for name in TYPES if name not in TEXT_TYPES}
    starts = archive.config.municipal_year_starts
    for council in archive.councils:
        body = council_url(archive, council)
        years = sorted({m.municipal_year for m in council.meetings})
        terms = [council_url(archive, council, f"term-{y.replace('/', '-')}") for y in years]
        out["Body"].append(_typed("Body", body, name=council.config.name, web=body, website=council.config.website,
                                  organization=[committee_url(archive, c) for c in council.committees],
                                  legislativeTerm=terms))
        for year, term in zip(years, terms):
            first = int(year[:4])
            out["LegislativeTerm"].append(_typed("LegislativeTerm", term, name=year, body=body,
                                                 startDate=dt.date(first, starts, 1),
                                                 endDate=dt.date(first + 1, starts, 1) - dt.timedelta(days=1)))
        for person_id, person in sorted(council.people.items()):
            out["Person"].append(_typed("Person", person_url(archive, council.slug, person_id), name=person.name,
                                        formOfAddress=person.honorific, body=body,
                                        web=person_url(archive, council.slug, person_id), role=list(person.roles)))
        for committee in council.committees:
            _committee_objects(archive, council, committee, body, out)
    by_key = {meeting.key: meeting for meeting in archive.meetings}
    for proceeding in public_proceedings(archive):
        _proceeding_object(archive, by_key, proceeding, out)
    return out


def _step_fields(archive: Archive, by_key: dict, step: StepAt | None, prefix: str) -> dict:
    """A call-in's or referral's step as `<prefix>Meeting`, `<prefix>Minute` ...: the addresses of
    its meeting and minute where they are in the archive."""
    if step is None:
        return {}
    meeting = by_key.get(step.meeting) if step.meeting else None
    return {f"{prefix}Meeting": meeting_url(archive, meeting, step.anchor) if meeting else None,
            f"{prefix}Minute": step.minute, f"{prefix}AgendaItem": step.agenda_item, f"{prefix}Date": step.date}


def _proceeding_object(archive: Archive, by_key: dict, proceeding: Proceeding, out: dict) -> None:
    home = by_key[proceeding.home]
    own = proceeding.own_step
    record = proceeding.record
    url = meeting_url(archive, home, proceeding.slug)  # the record's own box on its meeting's page
    response = next((step for step in proceeding.steps if step.role == "response"), None)
    answer = {"response": response.text if response else None, **_step_fields(archive, by_key, response, "response")}
    if proceeding.is_call_in:
        decision = proceeding.steps[0]
        out["CallIn"].append(_typed(
            "CallIn", url,
            meeting=meeting_url(archive, home), minute=own.minute, web=url, decisionBy=decision.body,
            decisionTitle=decision.title, **_step_fields(archive, by_key, decision, "decision"),
            determination=record.determination.value, reasons=record.reasons,
            calledInBy=[_person_name(archive, home.council, ref) for ref in record.called_in_by],
            responseBy=response.body if response else None, **answer))
    else:
        receiving = next((step.body for step in proceeding.steps if step.role == "response"), None)
        committee = body_committee(archive, home.council, record.to)
        out["Referral"].append(_typed(
            "Referral", url,
            meeting=meeting_url(archive, home), minute=own.minute, resolution=record.resolution, web=url,
            referralType=record.kind.value, to=proceeding.to or receiving or "",
            toOrganization=committee_url(archive, committee) if committee else None, text=record.text, **answer))


def _person_name(archive: Archive, council: str, ref) -> str:
    person = archive.person(council, ref.person) if ref.person else None
    return person.display_name if person else ref.name or ref.person or ""


def _committee_objects(archive, council, committee, body: str, out: dict) -> None:
    organisation = committee_url(archive, committee)
    out["Organization"].append(_typed("Organization", organisation, name=committee.config.name,
                                      shortName=committee.config.short_name, body=body, classification="committee",
                                      web=organisation, meeting=[meeting_url(archive, m) for m in committee.meetings],
                                      minuteNumbering=committee.numbering.value))
    for year, members in sorted(committee.record.membership.items()):
        for member in members:
            if member.person:
                out["Membership"].append(_typed("Membership", f"{organisation}#membership-{year.replace('/', '-')}-{member.person}",
                                                person=person_url(archive, council.slug, member.person),
                                                organization=organisation, legislativeTerm=year, role=member.role))
    for meeting in committee.meetings:
        _meeting_objects(archive, committee, meeting, organisation, out)


def _meeting_objects(archive, committee, meeting, organisation: str, out: dict) -> None:
    url = meeting_url(archive, meeting)
    start = meeting.date.isoformat() + (f"T{meeting.record.start_time}:00" if meeting.record.start_time else "")
    public_docs = [d for d in meeting.documents if d.document.is_public]
    out["Meeting"].append(_typed("Meeting", url, name=f"{committee.config.name}, {meeting.date.isoformat()}", start=start,
                                 location=meeting.record.venue, organization=[organisation],
                                 meetingState=meeting.record.status.value, web=url,
                                 minutesStatus=("none" if meeting.minutes is None else meeting.minutes.front.status.value),
                                 agendaItem=[f"{url}#agenda-{item.number.lower()}" for item in meeting.record.agenda],
                                 paper=[document_url(archive, meeting, d) for d in public_docs]))
    for item in meeting.record.agenda:
        out["AgendaItem"].append(_typed("AgendaItem", f"{url}#agenda-{item.number.lower()}", meeting=url,
                                        number=item.number if item.numbered else None,
                                        name=item.title if item.is_public else (item.public_title or item.title),
                                        public=item.is_public, exemptParagraphs=list(item.exempt_paragraphs)))
        if item.is_public:
            for attachment in item.attachments:
                access = attachment_url(archive, meeting, attachment.file)
                out["File"].append(_typed("File", access, name=attachment.title,
                                          fileName=attachment.file.rsplit("/", 1)[-1], accessUrl=access, paper=None))
    if meeting.minutes is not None:
        for index, declaration in enumerate(meeting.minutes.front.declarations, start=1):
            sensitive = declaration.kind.value == "sensitive"
            member = declaration.member
            out["Declaration"].append(_typed(
                "Declaration", f"{url}#declaration-{index}", meeting=url,
                member=archive.person(meeting.council, member.person).display_name if member.person else member.name,
                person=person_url(archive, meeting.council, member.person) if member.person else None,
                kind=declaration.kind.value, interest="withheld (sensitive interest)" if sensitive else declaration.interest,
                minute=declaration.item, withdrew=declaration.withdrew))
    for doc in public_docs:
        _document_objects(archive, meeting, doc, out)


def _document_objects(archive, meeting, doc, out: dict) -> None:
    paper = document_url(archive, meeting, doc)
    document = doc.document
    out["Paper"].append(_typed("Paper", paper, name=document.title, paperType=DOCUMENT_TYPE_LABELS[document.type],
                               date=document.date, meeting=meeting_url(archive, meeting), web=paper,
                               agendaItem=document.agenda_item))
    for attachment in document.attachments:
        access = attachment_url(archive, meeting, attachment.file)
        out["File"].append(_typed("File", access, name=attachment.title,
                                  fileName=attachment.file.rsplit("/", 1)[-1], accessUrl=access, paper=paper))
    if isinstance(document, Tracker):
        for index, row in enumerate(document.rows, start=1):
            out["Recommendation"].append(_typed("Recommendation", f"{paper}#row-{index}", paper=paper, meetingDate=row.meeting_date,
                                                agendaItem=row.agenda_item, cabinetMember=row.cabinet_member,
                                                recommendationType=row.type.value, text=row.text, response=row.response,
                                                responseDate=row.response_date, status=row.status.value,
                                                minute=row.minute, minuteUrl=_row_minute_url(archive, meeting, row)))
    elif isinstance(document, WorkProgramme):
        sections = [("planned", planned.date, item) for planned in document.meetings for item in planned.items]
        sections += [(name, None, item) for name, items in (("to-schedule", document.to_schedule),
                     ("progress-report", document.progress_reports), ("next-year", document.next_year)) for item in items]
        for index, (section, date, item) in enumerate(sections, start=1):
            out["WorkProgrammeItem"].append(_typed("WorkProgrammeItem", f"{paper}#item-{index}", paper=paper,
                                                   municipalYear=document.municipal_year, section=section, date=date,
                                                   title=item.title, detail=item.detail,
                                                   leadOfficers=list(item.lead_officers), cabinetMembers=list(item.cabinet_members)))
    elif isinstance(document, ScopingDocument):
        out["ScopingDocument"].append(_typed("ScopingDocument", paper + "#scope", paper=paper, title=document.title,
                                             proposedBy=document.proposed_by, version=document.version,
                                             sections=[{"label": label, "text": text} for label, text in document.sections()]))


def _row_minute_url(archive: Archive, meeting, row) -> str | None:
    """The address of the minute a tracker row names, where it is in the archive."""
    committee = archive.committee(meeting.council, meeting.committee)
    made_at = committee.meeting_on(row.meeting_date)
    named = minute_named(made_at, row.minute) if row.minute else None
    return meeting_url(archive, made_at, minute_anchor(named.item.number)) if named else None


def _reference_objects(archive: Archive, linked: LinkedArchive) -> list[dict]:
    return [
        _typed("Reference", f"{archive.config.site_url}reference-report.json#{index}", sourceFile=link.file, line=link.line,
               text=" ".join(link.reference.text.split()), kind=link.reference.kind.value, status=link.status.value,
               target=page_target_url(archive, link.target.meeting, link.target.anchor) if link.target else None,
               reason=link.reason or None)
        for index, link in enumerate(linked.links, start=1)
    ]


def _resolution_objects(archive: Archive) -> list[dict]:
    found = []
    for council in archive.councils:
        for committee in council.committees:
            for year_rows in committee.resolutions_by_year().values():
                for row in year_rows:
                    anchor = f"{minute_anchor(row.minute.number)}-resolution-{row.label}"
                    url = meeting_url(archive, row.meeting, anchor)
                    found.append(_typed("Resolution", url, meeting=url.partition("#")[0],
                                        minute=row.minute.number if row.minute.numbered else None,
                                        minuteTitle=row.minute.title, verb=row.block.verb.value, number=row.label,
                                        preamble=row.block.preamble or None, text=row.resolution.text, web=url))
    return found
