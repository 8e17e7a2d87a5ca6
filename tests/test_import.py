"""`scrutiny import`: seeds from text, DOCX and PDF; real councils' HTML and text; bad input;
the archive's own check and build on the drafts. (The figures are measured by
benchmarks/import_benchmark.py, not here.)"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.importer.minutes import Context
from generator.importer.pack import meetings_in
from generator.importer.people_match import PeopleIndex
from generator.importer.readers import read_source
from tests.importer.seed_documents import make_docx, make_pdf

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
REAL = ROOT / "tests" / "fixtures" / "import" / "real"
COVENTRY = ("coventry", "education-childrens-services-scrutiny-board-2")
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds (../shared/seeds) are not on this machine")


def drafts(path: Path, council: str = "coventry"):
    people = PeopleIndex.load(ROOT / "content" / council / "people.yml")
    return meetings_in(read_source(path), Context(people, f"content/{council}/people.yml"))


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    root.mkdir()
    shutil.copy(ROOT / "site_config.yml", root)
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "theme", root / "theme")
    for date in ("2017-04-06", "2017-04-27", "2018-01-11"):
        shutil.rmtree(root / "content" / COVENTRY[0] / COVENTRY[1] / date)
    return root


def run(root: Path, *args: str) -> int:
    return main(["import", "--root", str(root), "--council", COVENTRY[0], "--committee", COVENTRY[1], *args])


@needs_seeds
def test_minutes_from_text_match_the_transcription():
    [meeting] = drafts(SEEDS / "coventry-sb2-2018-01-11-minutes.txt")
    assert str(meeting.date) == "2018-01-11" and meeting.start_time == "14:00"
    assert [i.number for i in meeting.minutes.items] == [str(n) for n in range(32, 40)]
    assert meeting.minutes.items[2].title == "Private Fostering"
    assert meeting.attendance.chair.person == "m-mutton"
    assert [p.person for p in meeting.attendance.apologies] == ["c-miks", "k-jones", "r-potter"]
    assert meeting.minutes.closed_at == "16:00"
    assert any("venue" in r.found for r in meeting.review)


@needs_seeds
def test_agenda_pack_is_split_into_agenda_previous_minutes_and_documents():
    pack, previous = drafts(SEEDS / "coventry-sb2-2017-04-27-agenda-pack.txt")
    assert str(pack.date) == "2017-04-27" and str(previous.date) == "2017-04-06"
    assert [a.number for a in pack.agenda] == [str(n) for n in range(1, 11)]
    assert pack.agenda[2].pages == "3 - 6" and [s.number for s in pack.agenda[2].items] == ["a", "b"]
    assert "one-strategic-plan-for-school-organisation" in pack.agenda[3].documents
    assert [d.member.person for d in previous.minutes.declarations] == ["m-lapsa"]
    assert previous.minutes.declarations[0].withdrew and previous.minutes.declarations[0].item == "75"


@needs_seeds
def test_a_minute_without_its_heading_is_reviewed():
    _agenda, minutes = drafts(SEEDS / "rotherham-ilsc-2014-06-11-agenda-pack.txt", "rotherham")
    numbers = [i.number for i in minutes.minutes.items]
    assert numbers == [str(n) for n in range(57, 66)]
    assert any("minute 64" in r.found for r in minutes.minutes.review)


@needs_seeds
@pytest.mark.parametrize("maker", [make_docx, make_pdf], ids=["docx", "pdf"])
def test_docx_and_pdf_read_as_the_text(tmp_path, maker):
    seed = SEEDS / "coventry-sb2-2018-01-11-minutes.txt"
    [from_text] = drafts(seed)
    [from_file] = drafts(maker(seed.read_text(encoding="utf-8"), tmp_path / f"seed.{maker.__name__[5:]}"))
    assert [(i.number, i.title) for i in from_file.minutes.items] == [(i.number, i.title) for i in from_text.minutes.items]
    blocks = lambda m: [b for i in m.minutes.items for b in i.blocks if b.startswith(":::")]  # noqa: E731
    assert blocks(from_file) == blocks(from_text)


def test_moderngov_page_of_another_council():
    [meeting] = drafts(REAL / "hillingdon-executive-scrutiny-2015-04-23.html")
    assert str(meeting.date) == "2015-04-23" and meeting.start_time == "19:30"
    assert meeting.venue.startswith("Committee Room 6 - Civic Centre")
    items = meeting.minutes.items
    assert [i.number for i in items] == ["48", "49", "50", "51", "52"]
    assert items[2].title == "To receive the Minutes of the meeting held on 19 March 2015"
    assert "To hear the Call-In" not in "".join(items[4].blocks)  # the agenda text, not the minutes
    assert items[4].blocks[-1].startswith("::: RESOLVED") and "be endorsed" in items[4].blocks[-1]


def test_moderngov_page_without_a_date_needs_one(tmp_path, capsys, archive):
    source = REAL / "city-of-london-2019-meeting-19587.html"
    assert run(archive, str(source), "--dry-run") == 1
    assert "no meeting date" in capsys.readouterr().out
    assert run(archive, str(source), "--date", "2019-03-05", "--dry-run") == 0
    [meeting] = drafts(source)
    assert [p.printed for p in meeting.attendance.apologies][:2] == ["Kevin Everett", "Christopher Hill"]


def test_plain_text_minutes_of_another_council():
    [meeting] = drafts(REAL / "north-lincolnshire-corporate-scrutiny-2014-01-30.txt")
    items = meeting.minutes.items
    assert [i.number for i in items] == ["233", "234", "235", "236", "237", "238"]
    assert items[1].title == "Minutes" and items[1].blocks[0].startswith("::: RESOLVED")
    assert meeting.venue == "Civic Centre, Scunthorpe"


@needs_seeds
def test_import_then_check_and_build(archive, capsys):
    assert run(archive, str(SEEDS / "coventry-sb2-2018-01-11-minutes.txt")) == 0
    assert main(["check", "--root", str(archive), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "warning: review[0]: to review: no venue printed" in out
    assert "minutes.md:" in out or "meeting.yml:" in out


@needs_seeds
def test_build_succeeds_on_imported_drafts(archive):
    run(archive, str(SEEDS / "coventry-sb2-2017-04-27-agenda-pack.txt"))
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(archive), "--quiet"],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


@needs_seeds
def test_existing_meeting_is_never_overwritten_and_dry_run_writes_nothing(tmp_path, capsys):
    root = tmp_path / "archive"
    root.mkdir()
    shutil.copy(ROOT / "site_config.yml", root)
    shutil.copytree(ROOT / "content", root / "content")
    folder = root / "content" / COVENTRY[0] / COVENTRY[1] / "2018-01-11"
    before = {p: p.read_bytes() for p in folder.iterdir()}
    seed = str(SEEDS / "coventry-sb2-2018-01-11-minutes.txt")
    assert run(root, seed, "--dry-run") == 0
    assert not (folder / "import-draft").exists()
    assert run(root, seed) == 0
    assert {p: p.read_bytes() for p in before} == before
    assert (folder / "import-draft" / "minutes.md").is_file()
    assert "draft written beside its files" in capsys.readouterr().out
    assert main(["check", "--root", str(root), "--quiet"]) == 0


def test_bad_input_gives_one_line_each_and_the_batch_goes_on(tmp_path, capsys, archive):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "corrupt.pdf").write_bytes(b"%PDF-1.4\nthis is not a pdf at all\n")
    (bad / "really-html.docx").write_text("<html><body><p>Minutes</p></body></html>", encoding="utf-8")
    (bad / "scan.pdf").write_bytes(_blank_pdf())
    (bad / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    (bad / "encrypted.pdf").write_bytes(_encrypted_pdf())
    (bad / "windows.txt").write_bytes(
        "Minutes of the Meeting held on 5 March 2019 at 6.00 pm\nPresent: Councillor M Mutton (Chair)\n\n"
        "1. Caf\xe9 provision \u2013 update\n\nRESOLVED that the report be noted.\n\n2. Close\n\nNothing.\n".encode("cp1252"))
    code = run(archive, str(bad))
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if ": failed: " in line]
    assert code == 1 and "Traceback" not in out
    assert {Path(line.split(":")[0]).name for line in lines} == {
        "empty.txt", "corrupt.pdf", "really-html.docx", "scan.pdf", "broken.docx", "encrypted.pdf"}
    assert "no text layer" in out and "encrypted" in out and "is an HTML page" in out
    written = archive / "content" / COVENTRY[0] / COVENTRY[1] / "2019-03-05" / "minutes.md"
    assert "## 1. Café provision – update" in written.read_text(encoding="utf-8")
    assert not list(archive.rglob(".import-*"))


def test_unknown_council_or_committee_is_one_line(archive, capsys):
    assert main(["import", "--root", str(archive), "--council", "nowhere", "--committee", "x", "f.txt"]) == 2
    assert "'nowhere' is not a council" in capsys.readouterr().err


def _blank_pdf() -> bytes:
    import io

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.rect(50, 50, 200, 200, fill=1)
    page.showPage()
    page.save()
    return buffer.getvalue()


def _encrypted_pdf() -> bytes:
    import io

    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="owner"))
    page.drawString(72, 720, "Minutes of the meeting held on 5 March 2019")
    page.showPage()
    page.save()
    return buffer.getvalue()
