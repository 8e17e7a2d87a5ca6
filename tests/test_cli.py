"""The command line: help, version, check's exit codes and output."""

import json
import subprocess
import sys

from generator import __version__
from tests.conftest import FIXTURES, PROJECT_ROOT, run_cli


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"scrutiny {__version__}"


def test_every_command_has_help():
    for command in ("build", "check", "serve"):
        result = run_cli(command, "--help")
        assert result.returncode == 0, command
        assert "--root" in result.stdout
    assert "--strict" in run_cli("build", "--help").stdout
    assert "--strict" in run_cli("check", "--help").stdout


def test_check_of_sample_archive_has_no_errors():
    result = run_cli("check")
    assert result.returncode == 0, result.stdout
    assert "\n0 errors," in result.stdout


def test_strict_check_of_sample_lists_every_unresolved_reference_with_file_and_line():
    result = run_cli("check", "--strict")
    assert result.returncode == 1
    assert ("content/coventry/education-childrens-services-scrutiny-board-2/2017-04-06/minutes.md:26: error: "
            "minute 73 reference: 'minute 28/16' is not in this archive") in result.stdout
    assert ("content/rotherham/improving-lives-select-commission/2014-04-30/minutes.md:297: error: "
            "minute 64 reference: 'Minute No. 42' is not in this archive") in result.stdout


def test_check_reports_errors_with_exit_code_1(minimal_copy):
    minutes = minimal_copy / "content/testshire/overview-scrutiny/2016-06-01/minutes.md"
    minutes.write_text(minutes.read_text().replace("::: RESOLVED", "::: RESOLVE"))
    result = run_cli("check", "--root", str(minimal_copy))
    assert result.returncode == 1
    assert "minutes.md:21: error: minute[2].resolutions[1].verb: 'RESOLVE' is not one of RESOLVED, AGREED, NOTED" in result.stdout
    assert "hint:" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_strict_turns_warnings_into_errors(minimal_copy):
    minutes = minimal_copy / "content/testshire/overview-scrutiny/2016-06-01/minutes.md"
    minutes.write_text(minutes.read_text().replace('item: "2"', 'item: "9"'))
    relaxed = run_cli("check", "--root", str(minimal_copy))
    assert relaxed.returncode == 0
    assert "warning: declarations[0].item: there is no minute 9" in relaxed.stdout
    strict = run_cli("check", "--strict", "--root", str(minimal_copy))
    assert strict.returncode == 1
    assert "error: declarations[0].item: there is no minute 9" in strict.stdout


def test_missing_config_is_a_diagnostic_not_a_traceback(tmp_path):
    result = run_cli("check", "--root", str(tmp_path))
    assert result.returncode == 1
    assert "site_config.yml is missing" in result.stdout
    assert "Traceback" not in result.stderr


def test_fixture_archive_is_clean():
    result = run_cli("check", "--strict", "--root", str(FIXTURES / "minimal-archive"))
    assert result.returncode == 0, result.stdout


def test_refs_prints_one_json_object_per_reference(tmp_path):
    source = tmp_path / "minutes.txt"
    source.write_text("Further to minute 28/16 the Board noted (Minute No. 42 refers).")
    result = run_cli("refs", str(source))
    assert result.returncode == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows == [
        {"text": "minute 28/16", "start": 11, "end": 23, "kind": "minute", "number": "28", "sub": None,
         "year": "2016/17", "committee": None, "date": None},
        {"text": "Minute No. 42", "start": 41, "end": 54, "kind": "minute", "number": "42", "sub": None,
         "year": None, "committee": None, "date": None},
    ]


def test_refs_resolves_against_the_archive_from_standard_input():
    result = subprocess.run(
        [sys.executable, "-m", "generator", "refs", "-", "--resolve", "--council", "coventry",
         "--committee", "education-childrens-services-scrutiny-board-2", "--date", "2017-04-27"],
        input="see minute 73 and minute 28/16", capture_output=True, text=True, cwd=PROJECT_ROOT)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["text"], r["status"], r["target"]) for r in rows] == [
        ("minute 73", "resolved", "coventry/education-childrens-services-scrutiny-board-2/2017-04-06#minute-73"),
        ("minute 28/16", "not-in-archive", None),
    ]


def test_refs_never_crashes_on_binary_input():
    result = subprocess.run([sys.executable, "-m", "generator", "refs", "-"], input=bytes(range(256)) * 20,
                            capture_output=True, cwd=PROJECT_ROOT)
    assert result.returncode == 0
    assert b"Traceback" not in result.stderr
