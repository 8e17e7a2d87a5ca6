"""Validation through `scrutiny check`: every problem at once, each with file, line, field and hint."""

from pathlib import Path

import pytest

from generator.build import check
from generator.records.diagnostics import Severity

MEETING = "content/testshire/overview-scrutiny/2016-06-01"


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text()
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1))


def add(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def make_a_dozen_mistakes(root: Path) -> None:
    add(root, "content/testshire/overview-scrutiny/2016-07-06/meeting.yml", 'venue: "Council Chamber\nstatus: held\n')
    edit(root, "content/testshire/people.yml", "c-officer:", "b-member:\n  name: B Member again\nc-officer:")
    edit(root, "content/testshire/overview-scrutiny/committee.yml", "remit:", "remmit:")
    edit(root, f"{MEETING}/minutes.md", "status: confirmed", "status: confirmed\nresolutons: []")
    edit(root, f"{MEETING}/minutes.md", "::: RESOLVED", "::: RESOLVE")
    edit(root, f"{MEETING}/minutes.md", "## 1. Apologies", "## 2. Apologies")
    edit(root, f"{MEETING}/meeting.yml", "present: [b-member]", "present: [b-membr]")
    edit(root, f"{MEETING}/meeting.yml", 'start_time: "14:00"', 'start_time: "14:00"\nagenda_published: 2016-02-30')
    edit(root, f"{MEETING}/meeting.yml", "pages: 3 - 8", "pages: [3, 8]")
    edit(root, f"{MEETING}/fostering-report.md", "title: Fostering in Testshire\n", "")
    add(root, "content/testshire/scrutiny-panel/2016-06-01/meeting.yml", "status: held\n")
    add(root, f"{MEETING}/tracker.yml",
        "type: tracker\ntitle: Tracker\nrows:\n  - meeting_date: 2016-06-01\n    agenda_item: Fostering\n"
        "    type: recomendation\n    text: Report back\n")


EXPECTED = [
    # (file, line, field, words in the message)
    ("content/testshire/overview-scrutiny/2016-07-06/meeting.yml", 3, "", "malformed YAML"),
    ("content/testshire/people.yml", 7, "b-member", "given twice"),
    ("content/testshire/overview-scrutiny/committee.yml", 1, "remmit", "unknown field 'remmit'"),
    (f"{MEETING}/minutes.md", 3, "resolutons", "unknown field 'resolutons'"),
    (f"{MEETING}/minutes.md", 22, "minute[2].resolutions[1].verb", "'RESOLVE' is not one of RESOLVED, AGREED, NOTED"),
    (f"{MEETING}/minutes.md", 18, "minute[2]", "minute 2 is already used in this meeting"),
    (f"{MEETING}/meeting.yml", 6, "attendance.present[0].person", "'b-membr' is not a known person"),
    (f"{MEETING}/meeting.yml", 2, "agenda_published", "'2016-02-30' is not a valid date"),
    (f"{MEETING}/meeting.yml", 16, "agenda[1].pages", "valid string"),
    (f"{MEETING}/fostering-report.md", 2, "title", "required field is missing"),
    ("content/testshire/scrutiny-panel", 0, "", "'scrutiny-panel' is not a committee in site_config.yml"),
    (f"{MEETING}/tracker.yml", 6, "rows[0].type", "'recomendation' is not one of recommendation, action, information"),
]


def test_a_dozen_mistakes_give_a_dozen_precise_diagnostics(minimal_copy):
    make_a_dozen_mistakes(minimal_copy)
    result = check(minimal_copy)
    assert not result.ok
    found = [(d.file, d.line, d.field, d.message) for d in result.diagnostics]
    assert len(found) == len(EXPECTED), "\n".join(d.format() for d in result.diagnostics)
    for file, line, field, words in EXPECTED:
        assert any(f == file and l == line and fi == field and words in m for f, l, fi, m in found), (
            f"no diagnostic {file}:{line} {field} {words!r} in:\n"
            + "\n".join(d.format() for d in result.diagnostics))
    assert all(d.hint for d in result.diagnostics if "malformed" not in d.message)


def test_unknown_field_suggests_the_intended_one(minimal_copy):
    edit(minimal_copy, f"{MEETING}/minutes.md", "declarations:", "declaratons:")
    [diagnostic] = check(minimal_copy).diagnostics
    assert diagnostic.message == "unknown field 'declaratons'"
    assert diagnostic.hint == "did you mean 'declarations'?"


def test_yaml_alias_bomb_is_refused_quickly(minimal_copy):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9))
    add(minimal_copy, f"{MEETING}/meeting.yml", bomb)
    [diagnostic] = [d for d in check(minimal_copy).diagnostics if d.file.endswith("meeting.yml")]
    assert "aliases" in diagnostic.message
    assert diagnostic.line == 2


def test_text_that_is_not_utf8_is_named(minimal_copy):
    (minimal_copy / MEETING / "fostering-report.md").write_bytes("---\ntitle: caf\xe9\n---\n".encode("latin-1"))
    [diagnostic] = check(minimal_copy).diagnostics
    assert diagnostic.file.endswith("fostering-report.md")
    assert "not UTF-8" in diagnostic.message
    assert diagnostic.line == 2


def test_bom_and_crlf_are_accepted(minimal_copy):
    report = minimal_copy / MEETING / "fostering-report.md"
    report.write_bytes(b"\xef\xbb\xbf" + report.read_text().replace("\n", "\r\n").encode())
    assert check(minimal_copy).diagnostics == []


def test_confirmation_before_the_meeting_is_an_error(minimal_copy):
    edit(minimal_copy, f"{MEETING}/minutes.md", "confirmed_on: 2016-07-06", "confirmed_on: 2016-05-01")
    [diagnostic] = check(minimal_copy).diagnostics
    assert (diagnostic.field, diagnostic.line) == ("confirmed_on", 3)


def test_minute_numbers_may_repeat_across_meetings_when_numbering_restarts(minimal_copy):
    source = minimal_copy / MEETING
    target = source.parent / "2016-07-06"
    target.mkdir()
    for name in ("meeting.yml", "minutes.md"):
        (target / name).write_text((source / name).read_text().replace("documents: [fostering-report]", "")
                                   .replace("confirmed_on: 2016-07-06", "confirmed_on: 2016-09-01"))
    assert check(minimal_copy).ok
    config = minimal_copy / "site_config.yml"
    config.write_text(config.read_text().replace("numbering: meeting", "numbering: municipal-year"))
    problems = check(minimal_copy).diagnostics
    assert {d.message for d in problems} == {
        "minute 1 is already used in this municipal year 2016/17 "
        f"({MEETING}/minutes.md:13)",
        "minute 2 is already used in this municipal year 2016/17 "
        f"({MEETING}/minutes.md:17)",
    }


@pytest.mark.parametrize("heading, message", [
    ("## 2. Fostering {exempt}", "an exempt minute needs the paragraphs"),
    ("## 2. Fostering {exempt=9}", "Schedule 12A has paragraphs 1 to 7"),
    ("## 2 Fostering", "is not a minute heading"),
])
def test_bad_minute_headings(minimal_copy, heading, message):
    edit(minimal_copy, f"{MEETING}/minutes.md", "## 2. Fostering", heading)
    diagnostics = [d for d in check(minimal_copy).diagnostics if d.severity is Severity.ERROR]
    assert any(message in d.message and d.line == 17 for d in diagnostics), [d.format() for d in diagnostics]


def test_site_config_unknown_key_is_reported_with_its_line(minimal_copy):
    edit(minimal_copy, "site_config.yml", "licence:", "license: x\nlicence:")
    diagnostics = check(minimal_copy).diagnostics
    assert [(d.file, d.line, d.field, d.hint) for d in diagnostics] == [
        ("site_config.yml", 4, "license", "did you mean 'licence'?")]


@pytest.mark.parametrize("old, new, field", [
    ("  testshire:\n", "  search:\n", "councils"),
    ("      overview-scrutiny:\n", "      people:\n", "councils.testshire.committees"),
    ("    name: Testshire County Council\n", "    name: Testshire County Council\n    former_slugs: [data]\n", "councils"),
])
def test_a_council_or_committee_may_not_take_a_folder_the_site_has(minimal_copy, old, new, field):
    edit(minimal_copy, "site_config.yml", old, new)
    diagnostics = check(minimal_copy).diagnostics
    assert [(d.file, d.field, d.severity) for d in diagnostics] == [("site_config.yml", field, Severity.ERROR)]
    assert "the site has a folder of that name already" in diagnostics[0].message
