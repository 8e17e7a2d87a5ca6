"""What a hostile-archive review found after the publication-safety work, each as a scenario:
withheld material that still reached the site, and crashes without a location."""

from __future__ import annotations

import gzip

import pytest

from tests.conftest import run_cli

MEETING = "content/testshire/overview-scrutiny/2016-06-01"


def outputs(root):
    for path in sorted((root / "site").rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            yield path, gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def append_sub_item(root, sub_item: str) -> None:
    meeting = root / MEETING / "meeting.yml"
    meeting.write_text(meeting.read_text() + "    items:\n" + sub_item)


@pytest.mark.parametrize("how", ["listed in its documents", "naming it as its agenda item"])
def test_a_document_of_an_exempt_sub_item_is_withheld(minimal_copy, how):
    if how == "listed in its documents":
        append_sub_item(minimal_copy, "      - {number: a, title: Sub, access: confidential, documents: [sub-doc]}\n")
        front = "type: briefing-note\ntitle: CANARY title"
    else:
        append_sub_item(minimal_copy, "      - {number: a, title: Sub, access: exempt, exempt_paragraphs: [1], public_title: Sub}\n")
        front = 'type: briefing-note\ntitle: CANARY title\nagenda_item: "2a"'
    (minimal_copy / MEETING / "sub-doc.md").write_text(f"---\n{front}\n---\n\nCANARY body\n")
    result = run_cli("build", "--root", str(minimal_copy))
    assert result.returncode == 0, result.stdout
    assert [str(path) for path, data in outputs(minimal_copy) if b"CANARY" in data] == []


def test_an_exempt_agenda_item_whose_minute_has_no_marker_is_an_error(minimal_copy):
    meeting = minimal_copy / MEETING / "meeting.yml"
    meeting.write_text(meeting.read_text().replace(
        '  - number: "1"\n    title: Apologies\n',
        '  - number: "1"\n    title: CANARY agenda title\n    public_title: Apologies\n    access: exempt\n'
        '    exempt_paragraphs: [1]\n'))
    result = run_cli("check", "--root", str(minimal_copy))
    assert result.returncode == 1
    assert ("minutes.md:13: error: minute[1].access: agenda item 1 is exempt, but minute 1 ('Apologies') has no "
            "marker, so its text would be published") in result.stdout


@pytest.mark.parametrize("heading", ["# Part II - exempt information (not for publication)\n\n## 2. Fostering",
                                     "## 2. Fostering {not for publication}",
                                     "## 2. Fostering \uff5bexempt=1\uff5d",
                                     "## 2. Fostering {exempt=\u0661}"])
def test_a_minute_meant_to_be_withheld_is_never_published(minimal_copy, heading):
    minutes = minimal_copy / MEETING / "minutes.md"
    minutes.write_text(minutes.read_text().replace("## 2. Fostering", heading).replace(
        "The Committee considered", "CANARY The Committee considered"))
    result = run_cli("check", "--root", str(minimal_copy))
    assert result.returncode == 1 and "minute[2].access" in result.stdout, result.stdout
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("damage, expected", [
    ("meeting.yml", "meeting.yml:1: error: malformed YAML: the YAML is nested too deeply to be a record"),
    ("link", "error: link: 'fostering-report.md\\x00' holds a control character"),
    ("reference-style link", "error: link: '../../people.yml'"),
    ("attachment", "error: attachments[0].file: 'annex#1.pdf' holds #, ? or %"),
])
def test_odd_input_gives_a_located_error_never_a_crash(minimal_copy, damage, expected):
    folder = minimal_copy / MEETING
    if damage == "meeting.yml":
        (folder / "meeting.yml").write_text((folder / "meeting.yml").read_text() + "extra: " + "[" * 5000 + "]" * 5000 + "\n")
    elif damage == "link":
        (folder / "minutes.md").write_text((folder / "minutes.md").read_text() + "\nSee [it](fostering-report.md%00).\n")
    elif damage == "reference-style link":
        (folder / "minutes.md").write_text((folder / "minutes.md").read_text() + "\nSee [them][p].\n\n[p]: ../../people.yml\n")
    else:
        (folder / "annex#1.pdf").write_bytes(b"%PDF-1.4 annex")
        report = folder / "fostering-report.md"
        report.write_text(report.read_text().replace('minute: "2"', 'minute: "2"\nattachments:\n  - {title: Annex, file: "annex#1.pdf"}'))
    result = run_cli("check", "--root", str(minimal_copy))
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stdout + result.stderr and "internal error" not in result.stdout + result.stderr
    assert expected in result.stdout, result.stdout
