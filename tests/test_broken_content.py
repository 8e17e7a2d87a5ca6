"""The broken-content corpus: each scenario in tests/fixtures/broken/ overlays the minimal archive
with one kind of damage, and must give exactly its expected diagnostics, exit code 1, no traceback."""

import shutil

import pytest

from tests.conftest import FIXTURES, run_cli

SCENARIOS = sorted(p.name for p in (FIXTURES / "broken").iterdir())


def test_the_corpus_is_large_enough():
    assert len(SCENARIOS) >= 30


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_broken_scenario_gives_its_precise_diagnostics(scenario, tmp_path):
    archive = tmp_path / "archive"
    shutil.copytree(FIXTURES / "minimal-archive", archive)
    shutil.copytree(FIXTURES / "broken" / scenario / "overlay", archive, dirs_exist_ok=True)
    result = run_cli("check", "--root", str(archive))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    report = result.stdout.replace(f"{archive}/", "").splitlines()
    expected = (FIXTURES / "broken" / scenario / "expected.txt").read_text().splitlines()
    assert report[:-1] == expected


def test_a_huge_record_is_refused_without_reading_it_all(minimal_copy):
    huge = minimal_copy / "content/testshire/overview-scrutiny/2016-06-01/huge.md"
    huge.write_text("---\ntype: report\ntitle: Huge\n---\n" + "x" * (6 * 1024 * 1024))
    result = run_cli("check", "--root", str(minimal_copy))
    assert result.returncode == 1
    assert "huge.md: error: the file is 6 MB; records may be at most 5 MB" in result.stdout


def test_a_symlink_pointing_out_of_content_is_an_error(minimal_copy, tmp_path):
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(b"%PDF secret")
    folder = minimal_copy / "content/testshire/overview-scrutiny/2016-06-01"
    (folder / "annex.pdf").symlink_to(outside)
    report = folder / "fostering-report.md"
    report.write_text(report.read_text().replace('minute: "2"', 'minute: "2"\nattachments:\n  - {title: Annex, file: annex.pdf}'))
    result = run_cli("check", "--root", str(minimal_copy))
    assert result.returncode == 1
    assert "attachments[0].file: 'annex.pdf' points outside content/" in result.stdout
