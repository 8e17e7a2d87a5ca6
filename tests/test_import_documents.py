"""`scrutiny import`: attendance named in the minutes' text and by its labels, reports and the
records printed after them (action plans, trackers), scoping forms, work programme tables; and
that no review entry of any draft reaches the built site."""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.importer.minutes import Context
from generator.importer.pack import meetings_in
from generator.importer.people_match import PeopleIndex
from generator.importer.readers import read_source
from generator.importer.tables import people, short_date
from tests.importer.seed_documents import COMMITTEES, SEED_MEETINGS
from tests.test_safety import every_output_byte

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
REAL = ROOT / "tests" / "fixtures" / "import" / "real"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds (../shared/seeds) are not on this machine")


def drafts(path: Path, council: str = "coventry"):
    people_index = PeopleIndex.load(ROOT / "content" / council / "people.yml")
    return meetings_in(read_source(path), Context(people_index, f"content/{council}/people.yml"))


def document(meeting, kind: str):
    [found] = [d for d in meeting.documents if d.front["type"] == kind]
    return found


# --- attendance --------------------------------------------------------------------------------


@needs_seeds
def test_officers_and_witnesses_named_only_by_title_in_the_minutes_text():
    _agenda, minutes = drafts(SEEDS / "rotherham-ilsc-2014-06-11-agenda-pack.txt", "rotherham")
    officers = [(p.printed, p.organisation) for p in minutes.attendance.officers]
    assert [name for name, _ in officers] == [
        "Director of Schools and Lifelong Learning", "Head of the School Effectiveness Service",
        "Virtual Headteacher for Looked After Children", "Policy and Partnership Officer",
        "Senior Scrutiny Adviser: Member Development"]
    assert officers[0][1] == "Schools and Lifelong Learning, Children and Young People's Services Directorate"
    assert [(p.printed, p.organisation) for p in minutes.attendance.invited] == [
        ("Headteacher of Broom Valley Community Primary School", "Broom Valley Community Primary School"),
        ("Executive Headteacher of the Sandhill Multi-Academy Trust", "Sandhill Multi-Academy Trust")]
    assert minutes.attendance.officers[4].note == "named by title only in the minutes (minute 64)"
    assert sum("named only by title" in r.found for r in minutes.review) == 7


@needs_seeds
def test_officers_listed_in_the_heading_are_not_looked_for_in_the_text():
    _pack, previous = drafts(SEEDS / "coventry-sb2-2017-04-27-agenda-pack.txt")
    assert [p.person for p in previous.attendance.officers] == ["a-brennan", "s-frossell", "g-holmes", "n-macdonald",
                                                                "m-rose"]
    assert not any("named only by title" in r.found for r in previous.review)


@needs_seeds
def test_cabinet_and_other_members_get_the_role_their_label_gives():
    _pack, previous = drafts(SEEDS / "coventry-sb2-2017-04-27-agenda-pack.txt")
    assert [(p.person, p.role) for p in previous.attendance.in_attendance] == [
        ("k-maton", "Cabinet Member"), ("p-seaman", "Deputy Cabinet Member")]
    [minutes] = drafts(SEEDS / "coventry-sb2-2018-01-11-minutes.txt")
    assert [(p.person, p.role) for p in minutes.attendance.in_attendance] == [("r-bailey", "Other Member")]


def test_attendance_of_other_councils_minutes():
    [meeting] = drafts(REAL / "north-lincolnshire-corporate-scrutiny-2014-01-30.txt")
    attendance = meeting.attendance
    assert attendance.chair.printed == "Robinson" and attendance.vice_chair.printed == "Wilson"
    assert [p.printed for p in attendance.present] == ["Allcock", "Jawaid", "Ogg"]
    assert [p.printed for p in attendance.in_attendance] == ["Whiteley"]
    [london] = drafts(REAL / "city-of-london-2019-meeting-19587.html")
    assert [p.printed for p in london.attendance.apologies][-2:] == ["James Thomson", "James Tumbridge"]
    [hillingdon] = drafts(REAL / "hillingdon-executive-scrutiny-2015-04-23.html")
    assert not hillingdon.attendance.officers and not hillingdon.attendance.invited


# --- reports and the records printed after them ----------------------------------------------------


@needs_seeds
def test_a_report_with_an_action_plan_and_no_minutes():
    [meeting] = drafts(SEEDS / "portsmouth-ecyp-2014-11-24-report-and-action-plan.txt", "portsmouth")
    assert meeting.minutes is None
    report = document(meeting, "report")
    assert {k: str(report.front[k]) for k in ("title", "to", "from", "date")} == {
        "title": "Scrutiny of Children's Services", "to": "ECYP Scrutiny Panel", "from": "Julian Wooster, DCAS",
        "date": "2014-11-24"}
    plan = document(meeting, "action-plan")
    assert report.front["appendices"] == [{"title": plan.front["title"], "document": plan.slug}]
    assert plan.front["recommendation"].startswith("11. Ensure that elected members")
    assert plan.front["lead"] == "Julian Wooster - Director of Children's and Adults' Services"
    assert plan.front["linked_plan"] == "None" and len(plan.front["measures_of_success"]) == 3
    assert [(a["by_when"], a["by_whom"], a["status"]) for a in plan.front["actions"]][0] == (
        "Jan 2015", "Stephen Kitchman", "not-rated")
    assert any("no RAG rating" in r.found for r in plan.review)


@needs_seeds
def test_briefing_note_fields_and_its_tracker():
    pack, _previous = drafts(SEEDS / "coventry-sb2-2017-04-27-agenda-pack.txt")
    note = next(d for d in pack.documents if d.front["title"] == "Outstanding Issues Report")
    assert note.front["purpose"].startswith("1.1 To inform Members")
    assert note.front["recommendations"] == ["Note the attached outstanding issues at Appendix 1"]
    assert note.front["contact"] == {"name": "Gennie Holmes", "role": "Scrutiny Co-ordinator",
                                     "phone": "024 7683 1172", "email": "gennie.holmes@coventry.gov.uk"}
    tracker = document(pack, "tracker")
    assert tracker.front["title"] == "Outstanding Issues" and str(tracker.front["as_at"]) == "2017-04-06"
    rows = tracker.front["rows"]
    assert len(rows) == 11 and {r["type"] for r in rows} == {"action", "information", "recommendation"}
    assert rows[1]["response"] == "Minister is on paternity leave so there had been a delay"
    assert str(rows[1]["response_date"]) == "2017-02-06" and rows[1]["status"] == "responded"
    assert rows[8]["agenda_item"] == "Health Visiting and Early Help"  # a row cut by a page break, joined
    assert any("not rows" in r.found for r in tracker.review)  # the stray characters are named, not dropped


@needs_seeds
def test_work_programme_table_into_meetings_and_items():
    pack, _previous = drafts(SEEDS / "coventry-sb2-2017-04-27-agenda-pack.txt")
    programme = document(pack, "work-programme")
    front = programme.front
    assert front["municipal_year"] == "2016/17" and str(front["last_updated"]) == "2017-04-07"
    first = front["meetings"][0]
    assert str(first["date"]) == "2016-06-16"
    assert first["items"][0] == {
        "title": "Recruitment and Retention of Social Work Staff (task and finish group)",
        "detail": first["items"][0]["detail"], "lead_officers": ["John Gregg"], "cabinet_members": ["Cllr Ruane"]}
    teen = next(i for m in front["meetings"] for i in m["items"] if i["title"].startswith("Teen pregnancy"))
    assert teen["title"] == "Teen pregnancy and PSHE in schools"
    assert teen["lead_officers"] == ["Kirston Nelson", "Nadia Ingliss", "Judith Simmonds"]
    assert front["next_year"][0]["title"].startswith("LSCB Interim Annual Report")
    assert any("joined to the row above" in r.found for r in programme.review)


def test_people_cells_and_dates_of_tables():
    assert people("John Gregg Fran Doyle Cllr Ruane") == (["John Gregg", "Fran Doyle"], ["Cllr Ruane"])
    assert people("John Gregg/ Lee Pardy- McLaughlin Cllr Ruane") == (["John Gregg", "Lee Pardy-McLaughlin"],
                                                                       ["Cllr Ruane"])
    assert people("Suzanne Lawlor – Carers Strategy") == (["Suzanne Lawlor – Carers Strategy"], [])
    assert [str(short_date(t)) for t in ("16 th June 16", "10th Nov 16", "07/04/17", "8th December 2016")] == [
        "2016-06-16", "2016-11-10", "2017-04-07", "2016-12-08"]


@needs_seeds
def test_scoping_form_answers_go_to_their_fields():
    [meeting] = drafts(SEEDS / "leicester-cyps-2015-07-22-minutes-and-scoping.txt", "leicester")
    scoping = document(meeting, "scoping-document")
    front = scoping.front
    assert front["title"].startswith("A review of the historical context of the recent Ofsted inspection")
    assert front["version"] == "5th Draft" and front["chair"] == "Councillor Moore"
    assert front["proposed_by"] == "Councillor Moore, Chair of CYPS"
    assert front["scope"] == "Leicester City Councils Children's Services."
    assert front["timescales"] == {"duration": "8 weeks", "start": "End of July 2015",
                                   "completion": "End of September 2015"}
    assert front["witnesses"].startswith("Set out who you want") or "Union representatives" in front["witnesses"]
    assert front["findings_to"] == "The findings of this review will be presented to: City Mayor and Executive"
    assert [(s["section"], s["name"], str(s.get("date"))) for s in front["sign_offs"]] == [
        ("Divisional Lead Director", "Frances Craven", "2015-07-21"),
        ("Scrutiny Support Manager", "Kalvaran Sandhu", "2015-07-21")]


# --- every seed imported, checked and built: no review entry is published -----------------------------


@pytest.fixture(scope="module")
def built_drafts(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("drafts") / "archive"
    root.mkdir()
    shutil.copy(ROOT / "site_config.yml", root)
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "theme", root / "theme")
    for seed, dates in SEED_MEETINGS.items():
        council = seed.split("-")[0]
        for date in dates:
            shutil.rmtree(root / "content" / council / COMMITTEES[council] / date)
    for seed in SEED_MEETINGS:
        council = seed.split("-")[0]
        assert main(["import", "--root", str(root), "--council", council, "--committee", COMMITTEES[council],
                     str(SEEDS / f"{seed}.txt")]) == 0
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(root), "--quiet"],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def review_texts(root: Path) -> set[str]:
    """What every review entry of every draft says it found and asks a person to check."""
    texts: set[str] = set()
    for path in (root / "content").rglob("*.*"):
        if path.suffix not in (".yml", ".md") or "review:" not in path.read_text(encoding="utf-8"):
            continue
        text = path.read_text(encoding="utf-8")
        front = text.split("\n---", 1)[0].strip("-\n") if path.suffix == ".md" else text
        for entry in (yaml.safe_load(front) or {}).get("review", []):
            texts |= {entry["found"], entry["check"]}
    return texts



def forms(text: str) -> set[bytes]:
    """The text as a page, a feed or a JSON export may carry it."""
    return {text.encode(), html.escape(text).encode(), html.escape(text, quote=False).encode(),
            json.dumps(text)[1:-1].encode()}


@needs_seeds
def test_no_review_entry_reaches_the_built_site(built_drafts):
    texts = review_texts(built_drafts)
    assert len(texts) > 40, "the drafts hold review entries of every kind"
    # The "Writing records" guide quotes the importer's review messages as examples: not a leak.
    outputs = [(path, data) for path, data in every_output_byte(built_drafts) if "writing-records" not in path.parts]
    leaks = sorted({(str(path.relative_to(built_drafts)), text[:60]) for path, data in outputs
                    for text in texts for form in forms(text) if form in data})
    assert leaks == []
    assert any(b"Julian Wooster - Director of Children" in data for _path, data in outputs)


@needs_seeds
def test_imported_documents_have_their_pages(built_drafts):
    site = built_drafts / "site"
    assert (site / "portsmouth" / COMMITTEES["portsmouth"] / "2014-11-24" / "scrutiny-of-childrens-services"
            / "index.html").is_file()
    coventry = site / "coventry" / COMMITTEES["coventry"] / "2017-04-27"
    assert (coventry / "outstanding-issues" / "index.html").is_file()
    page = (coventry / "outstanding-issues" / "index.html").read_text(encoding="utf-8")
    assert "Minister is on paternity leave" in page


@needs_seeds
def test_work_programme_dates_printed_without_a_year_are_dated_in_its_municipal_year():
    agenda, _minutes = drafts(SEEDS / "rotherham-ilsc-2014-06-11-agenda-pack.txt", "rotherham")
    programme = document(agenda, "work-programme")
    dates = [str(m["date"]) for m in programme.front["meetings"]]
    assert dates == ["2014-06-11", "2014-07-09", "2014-09-17", "2014-11-05", "2014-12-17", "2015-01-21",
                     "2015-03-11", "2015-04-15"]
    assert [i["title"] for i in programme.front["meetings"][1]["items"]] == [
        "Children running away from care and home", "The impact of neglect on children and young people"]
    assert [i["title"] for i in programme.front["to_schedule"]][0] == "Children Missing from Education"
    assert any("'January 21 st 2014' as 2015-01-21" in r.found for r in programme.review)
    report = next(d for d in agenda.documents if d.front["title"] == "2014/2015 Work programme")
    assert report.front["appendices"] == [{"title": programme.front["title"], "document": programme.slug}]
    assert report.front["purpose"] == "The paper outlines the proposed work programme for 2014/15."
    assert len(report.front["recommendations"]) == 3


def test_drafts_are_written_without_yaml_aliases():
    from generator.importer.writer import dump

    day = short_date("9 th July 14")
    assert "&" not in dump({"meetings": [{"date": day}, {"date": day}]})
