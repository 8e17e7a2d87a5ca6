"""The command line: help, version, check's exit codes and output."""

import io
import json
import re
import subprocess
import sys

from generator import __version__
from generator.build import BUILD_STAGES
from generator.progress import Progress, mode_for
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
    assert ": 0 errors," in result.stdout.splitlines()[-1]


def test_strict_check_of_sample_passes_and_lists_every_unresolved_reference_with_file_and_line():
    result = run_cli("check", "--strict")
    assert result.returncode == 0  # a minute outside the archive is information, not an error
    assert ("content/coventry/education-childrens-services-scrutiny-board-2/2017-04-06/minutes.md:26: note: "
            "minute 73 reference: 'minute 28/16' is not in this archive") in result.stdout
    assert ("content/rotherham/improving-lives-select-commission/2014-04-30/minutes.md:297: note: "
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
    keys = ("text", "start", "end", "kind", "number", "sub", "year", "committee", "date")
    rows = [{key: row[key] for key in keys} for row in map(json.loads, result.stdout.splitlines())]
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


def test_build_reports_each_stage_on_plain_lines_and_ends_with_one_summary_line(minimal_copy):
    result = run_cli("build", "--root", str(minimal_copy))
    assert result.returncode == 0, result.stdout + result.stderr
    stages = result.stderr.splitlines()
    assert [line.split(" ...")[0] for line in stages] == [
        f"[{n}/{len(BUILD_STAGES)}] {name}" for n, name in enumerate(BUILD_STAGES, start=1)]
    assert all(re.fullmatch(r".* \.\.\. \d+\.\d s", line) for line in stages)
    summary = result.stdout.splitlines()[-1]
    assert re.fullmatch(rf"Built \d+ pages into {re.escape(str(minimal_copy))}/site/ \(full build\): "
                        r"0 errors, 0 warnings, \d+\.\d s, \d+\.\d MB\.", summary), summary
    again = run_cli("build", "--root", str(minimal_copy))
    assert "(incremental, 0 rendered, 0 files changed)" in again.stdout.splitlines()[-1]


def test_quiet_build_prints_no_progress_only_problems_and_the_summary(minimal_copy):
    minutes = minimal_copy / "content/testshire/overview-scrutiny/2016-06-01/minutes.md"
    minutes.write_text(minutes.read_text().replace('item: "2"', 'item: "9"'))
    result = run_cli("build", "--quiet", "--root", str(minimal_copy))
    assert result.returncode == 0
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert "warning: declarations[0].item: there is no minute 9" in lines[0]
    assert lines[-1].startswith("Built ") and "0 errors, 1 warning," in lines[-1]


def test_a_failed_build_says_so_in_its_summary_line(minimal_copy):
    minutes = minimal_copy / "content/testshire/overview-scrutiny/2016-06-01/minutes.md"
    minutes.write_text(minutes.read_text().replace("::: RESOLVED", "::: RESOLVE"))
    result = run_cli("build", "--quiet", "--root", str(minimal_copy))
    assert result.returncode == 1
    assert re.fullmatch(r"Build stopped: 1 error, 0 warnings, \d+\.\d s\. Fix the errors above; "
                        r"the previous site was left as it was\.", result.stdout.splitlines()[-1])


def test_on_a_terminal_progress_is_a_bar_that_is_cleared_at_the_end():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    progress = Progress(("load", "render"), mode_for(terminal, quiet=False), terminal)
    with progress.stage("load"):
        pass
    with progress.stage("render"):
        pass
    written = terminal.getvalue()
    assert "\r\033[K[------------------------] 0/2 load 0.0 s" in written
    assert "\r\033[K[############------------] 1/2 render 0.0 s" in written
    assert written.endswith("\r\033[K")
