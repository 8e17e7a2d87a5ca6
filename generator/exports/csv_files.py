"""CSV downloads: one row per item, headed columns, UTF-8, for spreadsheets and newsrooms.

Every table is written by `_table`, which makes each cell safe to open in a spreadsheet
(`spreadsheet_cell`): the archive's text comes from documents nobody here wrote."""

from __future__ import annotations

import csv
import io
import re

from generator.records.archive import Archive
from generator.exports import ExportFile, bulk_download
from generator.exports.urls import DATA_DIR, document_url, meeting_url, page_target_url
from generator.link.links import LinkedArchive
from generator.link.proceedings import public_proceedings
from generator.link.people import ROLE_LABELS
from generator.records.site_paths import minute_anchor


def csv_path(name: str) -> str:
    return f"{DATA_DIR}/csv/{name}.csv"


def csv_files(archive: Archive, linked: LinkedArchive) -> list[ExportFile]:
    """The tables that follow from the archive's outline (see page_inputs.py)."""
    return [
        _table("attendance", ["council", "committee", "meeting_date", "role", "person_id", "name", "organisation",
                              "url"], _attendance(archive)),
        _table("declarations", ["council", "committee", "meeting_date", "member", "kind", "interest", "minute",
                                "withdrew", "url"], _declarations(archive)),
        _table("recommendations", ["council", "committee", "tracker", "meeting_date", "agenda_item", "cabinet_member",
                                   "type", "text", "response", "response_date", "status", "url", "minute"],
               _recommendations(archive)),
        _table("call-ins-and-referrals", ["council", "committee", "meeting_date", "minute", "kind", "decision_by",
                                          "decision_date", "decision_minute", "determination", "to", "text",
                                          "response_date", "response_minute", "response", "url"],
               _proceedings(archive)),
    ]


def text_csv_files(archive: Archive, linked: LinkedArchive) -> list[ExportFile]:
    """The tables that carry minutes text or source lines: they change with any edit."""
    return [
        _table("resolutions", ["council", "committee", "municipal_year", "meeting_date", "minute", "minute_title",
                               "verb", "number", "preamble", "text", "url"], _resolutions(archive)),
        _table("references", ["source_file", "line", "text", "kind", "status", "target_url", "reason"],
               _references(archive, linked)),
    ]


# OWASP's characters that make a spreadsheet read a cell as a formula (=, +, -, @) or that
# Excel and Calc skip before reading one (tab, carriage return, line feed); NUL as well, which
# ASVS 4.0 (1.2.10) adds to the list.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n\0")
# What may stand before a trigger and still leave a formula: whitespace and other control
# characters some spreadsheets trim on import, and the quotes OWASP names as a way to start a
# cell again ("'", '"'), with their typographic forms.
_LEADING_FILLER = re.compile(r"[\s\x00-\x1f\x7f-\x9f\"'\u2018\u2019\u201c\u201d\ufeff]*")


def spreadsheet_cell(value: str | int | None) -> str | int:
    """A cell a spreadsheet shows as the text it is, never runs as a formula.

    OWASP's advice on CSV injection (https://owasp.org/www-community/attacks/CSV_Injection):
    no cell may begin with =, +, -, @, tab, carriage return or line feed; a cell that would is
    prefixed with a single quote, which Excel, LibreOffice Calc and Google Sheets take as "this
    is text". A trigger after leading whitespace or quotes counts too (`  =1+2`, `"=1+2`), as
    some spreadsheets trim those on import. OWASP's other measures are the writer's: every text
    cell is wrapped in double quotes and its double quotes doubled (`_table`), so a comma or
    semicolon inside a cell never starts a new one, whatever separator the reader assumes.

    Every string is text from a record, whether or not it looks like a number: a minute or
    agenda item numbered "-2+3" is neutralised like any other. The only numbers the archive
    writes itself are integers (source line numbers, never negative), passed as int; a
    spreadsheet reads an integer's digits as a number, never as a formula, so they are left
    as they are. The quote is visible to programs that read the CSV (pandas, R): such a cell
    reads `'=HYPERLINK(...)`, the price of never running it."""
    if value is None:
        return ""
    if isinstance(value, int):
        return value
    after_filler = value[_LEADING_FILLER.match(value).end():]
    if value[:1] in FORMULA_TRIGGERS or after_filler[:1] in FORMULA_TRIGGERS:
        return "'" + value
    return value


def _table(name: str, header: list[str], rows) -> ExportFile:
    """The one way a CSV file is written: headed, every text cell quoted and spreadsheet-safe
    (integers, which need neither, stay numbers)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(header)
    writer.writerows([spreadsheet_cell(cell) for cell in row] for row in rows)
    return bulk_download(csv_path(name), buffer.getvalue().encode("utf-8"))


def _names(archive: Archive, meeting):
    return archive.council(meeting.council).config.name, archive.committee(meeting.council, meeting.committee).config.name


def _resolutions(archive: Archive):
    for council in archive.councils:
        for committee in council.committees:
            for year, rows in sorted(committee.resolutions_by_year().items()):
                for row in rows:
                    anchor = f"{minute_anchor(row.minute.number)}-resolution-{row.label}"
                    yield (council.config.name, committee.config.name, year, row.meeting.date.isoformat(),
                           row.minute.number if row.minute.numbered else "", row.minute.title, row.block.verb.value, row.label, row.block.preamble,
                           " ".join(row.resolution.text.split()), meeting_url(archive, row.meeting, anchor))


def _attendance(archive: Archive):
    for meeting in archive.meetings:
        council, committee = _names(archive, meeting)
        attendance = meeting.record.attendance
        for role, label in ROLE_LABELS.items():
            value = getattr(attendance, role)
            for ref in ((value,) if role in ("chair", "vice_chair") else value):
                if ref is None:
                    continue
                person = archive.person(meeting.council, ref.person) if ref.person else None
                yield (council, committee, meeting.date.isoformat(), label, ref.person or "",
                       person.display_name if person else ref.name, ref.organisation or "", meeting_url(archive, meeting))


def _declarations(archive: Archive):
    for meeting in archive.meetings:
        if meeting.minutes is None:
            continue
        council, committee = _names(archive, meeting)
        for declaration in meeting.minutes.front.declarations:
            member = declaration.member
            name = archive.person(meeting.council, member.person).display_name if member.person else member.name
            sensitive = declaration.kind.value == "sensitive"
            yield (council, committee, meeting.date.isoformat(), name, declaration.kind.value,
                   "withheld (sensitive interest)" if sensitive else declaration.interest,
                   declaration.item or "general business", "yes" if declaration.withdrew else "no",
                   meeting_url(archive, meeting, "declarations"))


def _recommendations(archive: Archive):
    for council in archive.councils:
        for committee in council.committees:
            for meeting, doc in committee.trackers:
                for row in doc.document.rows:
                    yield (council.config.name, committee.config.name, doc.document.title, row.meeting_date.isoformat(),
                           row.agenda_item, row.cabinet_member or "", row.type.value, " ".join(row.text.split()),
                           row.response or "", row.response_date.isoformat() if row.response_date else "",
                           row.status.value, document_url(archive, meeting, doc), row.minute or "")


def _proceedings(archive: Archive):
    """One row a call-in or referral: who decided or received, what was determined, the response."""
    by_key = {meeting.key: meeting for meeting in archive.meetings}
    for proceeding in public_proceedings(archive):
        home = by_key[proceeding.home]
        council, committee = _names(archive, home)
        record, steps = proceeding.record, {step.role: step for step in proceeding.steps}
        decision, response = steps.get("decision"), steps.get("response")
        text = record.reasons if proceeding.is_call_in else record.text
        yield (council, committee, home.date.isoformat(), proceeding.own_step.minute or "", proceeding.kind,
               decision.body if decision else "", decision.date.isoformat() if decision and decision.date else "",
               decision.minute or "" if decision else "",
               record.determination.value if proceeding.is_call_in else "", proceeding.to,
               " ".join((text or "").split()), response.date.isoformat() if response and response.date else "",
               response.minute or "" if response else "", " ".join((response.text or "").split()) if response else "",
               meeting_url(archive, home, proceeding.slug))


def _references(archive: Archive, linked: LinkedArchive):
    for link in linked.links:
        target = page_target_url(archive, link.target.meeting, link.target.anchor) if link.target else ""
        yield (link.file, link.line, " ".join(link.reference.text.split()), link.reference.kind.value,
               link.status.value, target, link.reason)
