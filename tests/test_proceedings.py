"""Call-ins, referrals, rows that name their minute, `source` and inline persons: the record
model of issue 17, through the built site, the exports and `scrutiny check`.

tests/fixtures/call-ins-and-referrals/ holds a real call-in (Enfield, 2015) and a real
recommendation to Cabinet with its response (Mid Devon, 2021); its README names the sources.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from generator.build import build
from generator.records.models import MeetingRecord
from tests.conftest import FIXTURES, copy_archive, run_cli

ENFIELD, MID_DEVON = "enfield", "mid-devon"
COVENTRY = "coventry/education-childrens-services-scrutiny-board-2"
MINIMAL_MEETING = "content/testshire/overview-scrutiny/2016-06-01"


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def boxes(html: str) -> list[str]:
    """The call-in and referral boxes of a page."""
    return re.findall(r'<div class="proceeding .*?</ol>\s*(?:<p class="no-response">.*?</p>\s*)?</div>', html, re.S)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'").replace("&amp;", "&").strip()


def bulk(site: Path, name: str) -> list:
    return json.loads(gzip.decompress((site / "data/json" / f"{name}.json.gz").read_bytes()))


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    root = copy_archive(FIXTURES / "call-ins-and-referrals", tmp_path_factory.mktemp("proceedings"))
    result = build(root)
    assert result.ok, [d.format() for d in result.diagnostics]
    return root / "site"


def test_a_call_in_is_shown_on_every_meeting_it_involves_each_step_linked(real_site):
    scrutiny = boxes(page(real_site, f"{ENFIELD}/overview-scrutiny/2015-04-01"))
    decision = boxes(page(real_site, f"{ENFIELD}/cabinet/2015-03-11"))
    response = boxes(page(real_site, f"{ENFIELD}/cabinet/2015-04-29"))
    assert len(scrutiny) == len(decision) == len(response) == 1
    assert 'id="call-in-1"' in scrutiny[0]  # the record's own place, which the others link to
    assert "Determination: Referred back to the decision-maker" in text(scrutiny[0])
    assert 'href="../../cabinet/2015-03-11/"' in scrutiny[0]
    assert 'href="../../cabinet/2015-04-29/#minute-27">minute 27</a>' in scrutiny[0]
    assert 'href="../../overview-scrutiny/2015-04-01/#call-in-1"' in decision[0]
    assert 'href="../2015-04-29/#minute-27"' in decision[0]
    assert "minute 27 (this minute)" in text(response[0])
    assert "re-confirmed its original decision" in text(response[0])


def test_a_referral_and_its_response_are_shown_on_both_meetings(real_site):
    made = boxes(page(real_site, f"{MID_DEVON}/scrutiny-committee/2021-08-16"))
    received = boxes(page(real_site, f"{MID_DEVON}/cabinet/2021-08-31"))
    assert len(made) == len(received) == 1
    assert "Recommendation to Cabinet" in text(made[0])
    assert 'href="../../cabinet/2021-08-31/"' in made[0]
    assert 'href="../../scrutiny-committee/2021-08-16/#referral-1"' in received[0]
    assert "Net Zero Carbon terminology" in text(received[0]) and "decision ref 979" in text(made[0])


def test_source_is_shown_as_a_link_to_the_original_document(real_site):
    html = page(real_site, f"{ENFIELD}/cabinet/2015-04-29")
    assert '<a href="https://governance.enfield.gov.uk/ieListDocuments.aspx?CId=107&amp;MID=8741">Original document</a>' in html
    assert "Original document (minutes)" in html


def test_call_ins_and_referrals_are_in_the_json_and_csv_downloads(real_site):
    [call_in] = bulk(real_site, "CallIn")
    assert call_in["determination"] == "referred-back" and call_in["decisionDate"] == "2015-03-11"
    assert call_in["responseMeeting"].endswith("/enfield/cabinet/2015-04-29/#minute-27")
    assert call_in["id"].endswith("/enfield/overview-scrutiny/2015-04-01/#call-in-1")
    [referral] = bulk(real_site, "Referral")
    assert referral["referralType"] == "recommendation" and referral["to"] == "Cabinet"
    assert referral["toOrganization"].endswith("/mid-devon/cabinet/")
    rows = list(csv.DictReader(io.StringIO(gzip.decompress(
        (real_site / "data/csv/call-ins-and-referrals.csv.gz").read_bytes()).decode("utf-8"))))
    assert [(row["kind"], row["determination"]) for row in rows] == [("call-in", "referred-back"), ("referral", "")]


def test_a_call_in_whose_steps_are_minutes_makes_a_thread(tmp_path):
    """Synthetic minutes added to the real fixture (the council's own minutes of these two meetings
    are not transcribed): with each step at a minute, the call-in joins them as one issue."""
    root = copy_archive(FIXTURES / "call-ins-and-referrals", tmp_path / "archive")
    content = root / "content/enfield"
    (content / "cabinet/2015-03-11/minutes.md").write_text("---\nstatus: draft\n---\n\n## 18. Property Acquisition\n\nA decision.\n")
    (content / "overview-scrutiny/2015-04-01/minutes.md").write_text("---\nstatus: draft\n---\n\n## 5. Call-in: Property Acquisition\n\nConsidered.\n")
    meeting = content / "overview-scrutiny/2015-04-01/meeting.yml"
    meeting.write_text(meeting.read_text().replace("  - decision:\n", '  - minute: "5"\n    decision:\n')
                       .replace("      date: 2015-03-11\n", '      date: 2015-03-11\n      minute: "18"\n'))
    result = build(root)
    assert result.ok, [d.format() for d in result.diagnostics]
    site = root / "site"
    html = page(site, f"{ENFIELD}/cabinet/2015-03-11")
    assert "Follow this issue" in html and "3 minutes" in html
    assert 'id="call-in-1"' in page(site, f"{ENFIELD}/overview-scrutiny/2015-04-01")
    assert "Property Acquisition" in page(site, "threads/2015")


# -- the sample archive ---------------------------------------------------------------------------


def test_sample_tracker_rows_name_the_minutes_they_came_from(sample_site):
    tracker = page(sample_site, f"{COVENTRY}/2017-04-27/outstanding-issues")
    assert tracker.count('2017-04-06/#minute-73">Health Visiting and Early Help</a> (minute 73)') == 3
    assert '2017-04-06/#minute-75">Further Education Colleges</a> (minute 75)' in tracker
    minutes = page(sample_site, f"{COVENTRY}/2017-04-06")
    for row in (8, 9, 10, 11):
        assert f'outstanding-issues/#row-{row}">Outstanding Issues, row {row}</a>' in minutes


def test_sample_recommendations_to_cabinet_members_show_their_response(sample_site):
    [april] = boxes(page(sample_site, f"{COVENTRY}/2017-04-06"))
    assert "Recommendation to Cabinet Members (Cllr Caan/Cllr Ruane)" in text(april)
    assert 'href="#minute-73-resolution-4">4</a>' in april
    assert "19 April 2017" in text(april) and "Briefing note sent to Cabinet Members." in text(april)
    [january] = boxes(page(sample_site, f"{COVENTRY}/2018-01-11"))
    assert "No response is recorded in this archive." in text(january)


# -- bad input -----------------------------------------------------------------------------------


def check(root: Path) -> str:
    result = run_cli("check", "--root", str(root))
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    return result.stdout.replace(f"{root}/", "")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def test_a_failed_build_publishes_nothing_of_a_broken_call_in(minimal_copy):
    append(minimal_copy / MINIMAL_MEETING / "meeting.yml",
           "call_ins:\n  - {minute: \"2\", decision: {by: overview-scrutiny, date: 2016-05-04}, "
           "determination: referred-to-council}\n")
    result = build(minimal_copy)
    assert not result.ok and not (minimal_copy / "site").exists()


def test_an_action_plan_row_naming_a_minute_links_both_ways(minimal_copy):
    (minimal_copy / MINIMAL_MEETING / "actions.yml").write_text(
        "type: action-plan\ntitle: Actions\nactions:\n  - {action: Report back on recruitment, minute: \"2\"}\n")
    result = build(minimal_copy)
    assert result.ok, [d.format() for d in result.diagnostics]
    site = minimal_copy / "site/testshire/overview-scrutiny/2016-06-01"
    assert 'href="../#minute-2">2</a>' in (site / "actions/index.html").read_text()
    assert 'actions/#row-1">Actions, row 1</a>' in (site / "index.html").read_text()


def test_an_action_plan_row_naming_a_minute_of_a_missing_meeting_is_located(minimal_copy):
    (minimal_copy / MINIMAL_MEETING / "actions.yml").write_text(
        "type: action-plan\ntitle: Actions\nactions:\n"
        "  - {action: Report back, minute: \"92(b)\", meeting_date: 2016-03-02}\n")
    report = check(minimal_copy)
    assert (f"{MINIMAL_MEETING}/actions.yml:4: error: actions[0].minute: minute 92(b) is of a meeting on 2016-03-02, "
            "and no meeting of the Overview and Scrutiny Committee on that date is in this archive") in report


def test_a_call_in_naming_an_agenda_item_links_it_or_is_located(minimal_copy):
    meeting = minimal_copy / MINIMAL_MEETING / "meeting.yml"
    append(meeting, "call_ins:\n  - decision: {by: overview-scrutiny, date: 2016-06-01, agenda_item: \"2\"}\n"
                    "    determination: no-further-action\n")
    result = build(minimal_copy)
    assert result.ok, [d.format() for d in result.diagnostics]
    html = (minimal_copy / "site/testshire/overview-scrutiny/2016-06-01/index.html").read_text()
    assert '<a href="#agenda-2">agenda item 2</a>' in html
    meeting.write_text(meeting.read_text().replace('agenda_item: "2"', 'agenda_item: "7"'))
    assert (f"{MINIMAL_MEETING}/meeting.yml:19: error: call_ins[0].decision.agenda_item: there is no agenda item 7 on "
            "the agenda of the Overview and Scrutiny Committee of 2016-06-01") in check(minimal_copy)


def test_a_call_in_naming_a_minute_not_in_the_decision_meeting_is_located(minimal_copy):
    append(minimal_copy / MINIMAL_MEETING / "meeting.yml",
           "call_ins:\n  - minute: \"2\"\n    decision:\n      by: overview-scrutiny\n      date: 2016-06-01\n"
           "      minute: \"9\"\n    determination: no-further-action\n")
    assert (f"{MINIMAL_MEETING}/meeting.yml:23: error: call_ins[0].decision.minute: there is no minute 9 in the "
            "minutes of the Overview and Scrutiny Committee of 2016-06-01") in check(minimal_copy)


# -- source and inline persons -------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(address=st.one_of(st.text(max_size=60), st.from_regex(r"(https?|javascript|file|data|ftp):[ -~]{0,40}")))
def test_a_source_is_an_http_address_or_refused(address):
    try:
        record = MeetingRecord.model_validate({"source": address})
    except ValidationError as refused:
        assert "is not a web address" in str(refused)
        return
    assert re.match(r"https?://[A-Za-z0-9.-]+", record.source)
    assert not re.search(r"[\s\"'<>`\\]", record.source)


def test_an_inline_substitute_for_an_inline_member_is_accepted_and_shown(minimal_copy):
    meeting = minimal_copy / MINIMAL_MEETING / "meeting.yml"
    meeting.write_text(meeting.read_text().replace(
        "  officers:\n", "  substitutes:\n    - {name: Councillor X Example, for: {name: Councillor Y Example}}\n"
                         "    - {name: Councillor Z Example, for: b-member}\n  officers:\n"))
    result = build(minimal_copy)
    assert result.ok, [d.format() for d in result.diagnostics]
    html = (minimal_copy / "site/testshire/overview-scrutiny/2016-06-01/index.html").read_text()
    assert "Councillor X Example (substitute for Councillor Y Example)" in html
    assert re.search(r"Councillor Z Example \(substitute for [^)]*\)", html)


# -- publication safety ----------------------------------------------------------------------------


def test_an_exempt_call_in_or_one_on_an_exempt_minute_reaches_no_output(tmp_path):
    root = copy_archive(FIXTURES / "call-ins-and-referrals", tmp_path / "archive")
    meeting = root / "content/enfield/overview-scrutiny/2015-04-01/meeting.yml"
    meeting.write_text(meeting.read_text().replace("    determination: referred-back\n",
                                                   "    determination: referred-back\n    access: exempt\n"
                                                   "    exempt_paragraphs: [3]\n")
                       .replace("re-confirmed its original decision.", "re-confirmed SECRET-WORDS."))
    referral = root / "content/mid-devon/scrutiny-committee/2021-08-16/meeting.yml"
    referral.write_text(referral.read_text().replace("  - kind: recommendation", '  - minute: "4"\n    kind: recommendation')
                        .replace("Net Zero Carbon", "OTHER-SECRET"))
    (referral.parent / "minutes.md").write_text("---\nstatus: draft\n---\n\n## 4. Housing Strategy {exempt=3}\n\nNot for publication.\n")
    result = build(root)
    assert result.ok, [d.format() for d in result.diagnostics]
    for path in (root / "site").rglob("*"):
        if path.is_file() and "pagefind" not in path.parts:
            data = path.read_bytes()
            data = gzip.decompress(data) if path.suffix == ".gz" else data
            assert b"SECRET-WORDS" not in data and b"OTHER-SECRET" not in data, path
