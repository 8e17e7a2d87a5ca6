"""Only the public record is published: exemption is inherited, record files become links to
their pages (never copies), attachments are regular files of safe types, a minute heading's
marker is understood or refused, and the reference finder reads only public text."""

import os
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.read.attachments import check_files
from generator.build import build, check
from generator.records.texts import archive_texts
from generator.read.minutes_parser import parse_minutes_body
from tests.conftest import FIXTURES, PROJECT_ROOT, copy_archive, run_cli

MEETING = "content/testshire/overview-scrutiny/2016-06-01"
HOSTILE_MEETING = "content/testshire/overview-scrutiny/2017-03-01"


def edit(root, path, old, new):
    file = root / path
    text = file.read_text()
    assert old in text, old
    file.write_text(text.replace(old, new, 1))


def add_exempt_item(root, documents):
    edit(root, f"{MEETING}/meeting.yml", "    documents: [fostering-report]\n",
         "    documents: [fostering-report]\n"
         f'  - number: "3"\n    title: Staffing\n    access: exempt\n    exempt_paragraphs: [1, 4]\n'
         f"    documents: [{', '.join(documents)}]\n")


def write_document(root, slug, fields=""):
    (root / MEETING / f"{slug}.md").write_text(f"---\ntype: briefing-note\ntitle: {slug}\n{fields}---\n\nText.\n")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = copy_archive(FIXTURES / "exempt-and-hostile", tmp_path_factory.mktemp("hostile"))
    result = check(root)
    assert result.ok, [d.format() for d in result.diagnostics]
    return root, result.archive


# -- exemption is inherited --------------------------------------------------------------------


def test_a_document_of_an_exempt_item_is_exempt_unless_it_says_public(minimal_copy):
    add_exempt_item(minimal_copy, ["listed", "listed-but-public"])
    write_document(minimal_copy, "listed")
    write_document(minimal_copy, "listed-but-public", "access: public\n")
    write_document(minimal_copy, "named-by-agenda-item", 'agenda_item: "3"\n')
    meeting = check(minimal_copy).archive.meetings[0]
    listed, named = meeting.document("listed").document, meeting.document("named-by-agenda-item").document
    assert (listed.access.value, listed.exempt_paragraphs) == ("exempt", (1, 4))
    assert not named.is_public
    assert meeting.document("listed-but-public").document.is_public
    assert meeting.document("fostering-report").document.is_public


def test_a_document_under_a_withheld_minute_and_its_appendices_are_withheld(minimal_copy):
    edit(minimal_copy, f"{MEETING}/minutes.md", "## 2. Fostering", "## 2. Fostering {confidential}")
    edit(minimal_copy, f"{MEETING}/fostering-report.md", "recommendations:",
         "appendices:\n  - {title: Carers, document: carers}\nrecommendations:")
    write_document(minimal_copy, "carers")
    meeting = check(minimal_copy).archive.meetings[0]
    assert meeting.document("fostering-report").document.access.value == "confidential"
    assert meeting.document("carers").document.access.value == "confidential"


def test_sub_items_of_a_withheld_item_are_withheld(hostile):
    _, archive = hostile
    staffing = archive.meetings[0].record.agenda[1]
    assert not staffing.is_public and [sub.is_public for sub in staffing.items] == [False]


def test_an_item_in_the_private_part_needs_an_exemption(minimal_copy):
    edit(minimal_copy, f"{MEETING}/meeting.yml", "    documents: [fostering-report]\n",
         '    documents: [fostering-report]\n  - {number: "3", title: Staffing, part: private, access: confidential}\n')
    assert check(minimal_copy).ok


# -- the reference finder reads only what is public ------------------------------------------------


def test_the_reference_finder_reads_no_withheld_text(hostile):
    _, archive = hostile
    texts = list(archive_texts(archive))
    assert texts, "the fixture has public text"
    assert [t.text for t in texts if re.search("canary", t.text, re.I)] == []


# -- record files are pages, never files ------------------------------------------------------------


def test_a_link_to_a_record_file_is_a_link_to_its_page(minimal_copy):
    edit(minimal_copy, f"{MEETING}/fostering-report.md", "1.1 Testshire",
         "See [the minutes](minutes.md#minute-2), [the agenda](meeting.yml), [this](./fostering-report.md) "
         "and [the meeting](./).\n\n1.1 Testshire")
    result = check(minimal_copy)
    assert result.ok, [d.format() for d in result.diagnostics]
    files = check_files(result.archive, minimal_copy)
    meeting = result.archive.meetings[0]
    folder = "testshire/overview-scrutiny/2016-06-01"
    assert files.record_links == {
        (meeting.folder, "minutes.md"): f"{folder}/index.md",
        (meeting.folder, "meeting.yml"): f"{folder}/index.md",
        (meeting.folder, "./fostering-report.md"): f"{folder}/fostering-report.md",
        (meeting.folder, "./"): f"{folder}/index.md",
    }
    assert files.record_page(meeting, "minutes.md#minute-2") == (f"{folder}/index.md", "minute-2")
    assert files.record_page(meeting, "annex.pdf") is None
    assert files.published == []


def test_record_files_are_never_copied_into_the_site(tmp_path):
    root = copy_archive(FIXTURES / "exempt-and-hostile", tmp_path / "archive")
    assert build(root).ok
    published = [p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*")
                 if p.suffix in {".md", ".yml"}]
    assert published == []
    folder = root / "site/testshire/overview-scrutiny/2017-03-01"
    assert sorted(p.name for p in folder.iterdir()) == ["annex.pdf", "annex.png", "fostering-report", "index.html"]


# -- attachments: regular files inside content/, of safe types ------------------------------------


def attach(root, file):
    edit(root, f"{MEETING}/fostering-report.md", 'minute: "2"\n',
         f'minute: "2"\nattachments:\n  - {{title: Annex, file: "{file}"}}\n')


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_attachment_is_an_error_and_never_read(minimal_copy):
    os.mkfifo(minimal_copy / MEETING / "annex.pdf")
    attach(minimal_copy, "annex.pdf")
    result = subprocess.run([sys.executable, "-m", "generator", "check", "--root", str(minimal_copy)],
                            capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=60)  # never a hang
    assert result.returncode == 1
    assert "attachments[0].file: 'annex.pdf' is not a regular file" in result.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /dev/zero")
def test_an_attachment_linked_to_a_device_is_an_error(minimal_copy):
    (minimal_copy / MEETING / "annex.pdf").symlink_to("/dev/zero")
    attach(minimal_copy, "annex.pdf")
    result = run_cli("check", "--root", str(minimal_copy))
    assert result.returncode == 1
    assert "attachments[0].file: 'annex.pdf' points outside content/" in result.stdout


def test_an_attachment_is_judged_by_the_type_of_the_file_it_leads_to(minimal_copy):
    (minimal_copy / MEETING / "page.html").write_text("<script>alert(1)</script>")
    (minimal_copy / MEETING / "annex.pdf").symlink_to("page.html")
    attach(minimal_copy, "annex.pdf")
    result = run_cli("check", "--root", str(minimal_copy))
    assert result.returncode == 1
    assert "'annex.pdf' is a .html file; only types a browser will not run are published" in result.stdout


def test_a_link_to_a_symlinked_record_outside_content_is_an_error(minimal_copy, tmp_path):
    (tmp_path / "secret.md").write_text("---\ntype: report\ntitle: Secret\n---\n")
    (minimal_copy / MEETING / "notes").symlink_to(tmp_path / "secret.md")
    edit(minimal_copy, f"{MEETING}/fostering-report.md", "1.1 Testshire", "[notes](notes)\n\n1.1 Testshire")
    result = run_cli("check", "--root", str(minimal_copy))
    assert "link: 'notes' points outside content/" in result.stdout


# -- minute headings: a marker is understood, or an error -------------------------------------------

MARKER_WORDS = st.sampled_from(["exempt=1", "exempt = 2", "exempt", "confidential", "Exempt=1", "CONFIDENTIAL",
                                ".exempt", "exmept=1", "confidental", "ex\u200bempt=1", "class=exempt", "exempt=1,9"])
AROUND = st.lists(st.sampled_from(list(" .(){}x1\u200b\u00a0\t-") + [" (continued)"]), max_size=8).map("".join)


@settings(max_examples=300, deadline=None)
@given(before=AROUND, marker=MARKER_WORDS, after=AROUND)
def test_a_heading_with_a_marker_is_withheld_or_an_error(before, marker, after):
    body = f"## 1. Apologies\n\nNone.\n\n## 3. Staffing{before}{{{marker}}}{after}\n\nSECRET\n"
    items, problems = parse_minutes_body(body, 1, "minutes.md")
    errors = [d for d in problems if d.severity.value == "error"]
    published = [item for item in items if item.is_public and any("SECRET" in getattr(part, "markdown", "")
                                                                   for part in item.content)]
    assert errors or not published, (body, items)


@pytest.mark.parametrize("heading, access", [
    ("## 3. Staffing {exempt=1}", "exempt"), ("## 3. Staffing {exempt = 1, 2}", "exempt"),
    ("## 3. Staffing { exempt=1 }", "exempt"), ("## 3. Staffing {confidential}", "confidential"),
    ("## 3. Staffing {confidential}\u00a0", "confidential"),
])
def test_well_formed_markers_withhold_without_error(heading, access):
    items, problems = parse_minutes_body(f"{heading}\n\nSECRET\n", 1, "minutes.md")
    assert [d.severity.value for d in problems] == ["warning"]
    assert [(item.title, item.access.value) for item in items] == [("Staffing", access)]
