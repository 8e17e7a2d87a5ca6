"""Everything the loader reads is safe to read, and every absurd input is a located error.

Special files (FIFOs, links to devices and to places outside content/) and names git cannot
hold are made here, in a copy of the minimal archive; the scenarios git can hold are in
tests/fixtures/broken/. Each is run through the CLI with a time limit: a hang fails the test."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.events import AliasEvent

from generator.read.sources import SourceError, parse_yaml, read_ahead
from tests.conftest import PROJECT_ROOT, digest

MEETING = "content/testshire/overview-scrutiny/2016-06-01"
COMMITTEE = "content/testshire/overview-scrutiny"
TIME_LIMIT = 120

needs_fifos = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")


def run(command: str, root: Path) -> subprocess.CompletedProcess:
    """`python -m generator command --root root`; a hang raises TimeoutExpired."""
    return subprocess.run([sys.executable, "-m", "generator", command, "--root", str(root)],
                          capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=TIME_LIMIT)


def report(result: subprocess.CompletedProcess, root: Path) -> list[str]:
    """The diagnostics `check` printed, paths relative to the archive, without the summary line."""
    return result.stdout.replace(f"{root}/", "").splitlines()[:-1]


def assert_refused(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "internal error" not in result.stdout + result.stderr


# -- special files and links: each made by a function of the archive's root and a folder outside it


def fifo_named_like_a_record(root: Path, outside: Path) -> list[str]:
    os.mkfifo(root / MEETING / "x.md")
    return [f"{MEETING}/x.md: error: this is a named pipe (FIFO), not a file or a folder",
            "    hint: remove it: the archive holds only plain files and folders"]


def record_linked_to_dev_zero(root: Path, outside: Path) -> list[str]:
    (root / MEETING / "zero.md").symlink_to("/dev/zero")
    return [f"{MEETING}/zero.md: error: the file is a link to a file outside content/",
            "    hint: put the file itself here instead of a link to it"]


def people_file_linked_from_outside(root: Path, outside: Path) -> list[str]:
    people = root / "content/testshire/people.yml"
    (outside / "people.yml").write_text(people.read_text())
    people.unlink()
    people.symlink_to(outside / "people.yml")
    return ["content/testshire/people.yml: error: the file is a link to a file outside content/",
            "    hint: put the file itself here instead of a link to it"]


def meeting_folder_linked_from_outside(root: Path, outside: Path) -> list[str]:
    (outside / "2016-06-08").mkdir()
    (outside / "2016-06-08/meeting.yml").write_text("status: held\nvenue: Somewhere private\n")
    (root / COMMITTEE / "2016-06-08").symlink_to(outside / "2016-06-08")
    return [f"{COMMITTEE}/2016-06-08: error: the folder is a link to a folder outside content/",
            "    hint: move the folder itself into content/ instead of linking to it"]


def committee_folder_linked_from_outside(root: Path, outside: Path) -> list[str]:
    committee = root / COMMITTEE
    committee.rename(outside / "overview-scrutiny")
    committee.symlink_to(outside / "overview-scrutiny")
    return [f"{COMMITTEE}: error: the folder is a link to a folder outside content/",
            "    hint: move the folder itself into content/ instead of linking to it"]


def site_config_linked_from_outside(root: Path, outside: Path) -> list[str]:
    config = root / "site_config.yml"
    (outside / "site_config.yml").write_text(config.read_text())
    config.unlink()
    config.symlink_to(outside / "site_config.yml")
    return ["site_config.yml: error: the file is a link to a file outside its folder",
            "    hint: put the file itself here instead of a link to it"]


def record_linked_to_nothing(root: Path, outside: Path) -> list[str]:
    (root / MEETING / "gone.md").symlink_to("nowhere.md")
    return [f"{MEETING}/gone.md: error: the file is a link to a file that does not exist",
            "    hint: put the file itself here, or remove the link"]


def fifo_in_private_folder(root: Path, outside: Path) -> list[str]:
    (root / MEETING / "private").mkdir()
    os.mkfifo(root / MEETING / "private/names.pdf")
    return [f"{MEETING}/private/names.pdf: error: this is a named pipe (FIFO), not a file or a folder",
            "    hint: remove it: the archive holds only plain files and folders"]


def folder_name_ending_in_a_line_break(root: Path, outside: Path) -> list[str]:
    (root / MEETING).rename(root / (MEETING + "\n"))
    return [f"{MEETING}\\u000a: error: the name holds a line break (U+000A)",
            "    hint: rename it with letters, digits and hyphens; names become the site's addresses"]


def file_name_that_is_not_utf8(root: Path, outside: Path) -> list[str]:
    folder = os.fsencode(root / MEETING)
    with open(folder + b"/annex-\xff.pdf", "wb") as annex:
        annex.write(b"%PDF-1.4\n")
    return [f"{MEETING}/annex-\\udcff.pdf: error: the name holds bytes that are not UTF-8",
            "    hint: rename it with letters, digits and hyphens; names become the site's addresses"]


def attachment_named_like_a_script_address(root: Path, outside: Path) -> list[str]:
    """A colon cannot be in a name on Windows, so git cannot hold this one for every checkout."""
    (root / MEETING / "javascript:alert(1).pdf").write_bytes(b"%PDF-1.4\n")
    return [f"{MEETING}/javascript\\u003aalert(1).pdf: error: the name holds a colon, "
            "which would make its address read as a scheme such as javascript:",
            "    hint: rename it with letters, digits and hyphens; names become the site's addresses"]


SPECIAL = [fifo_named_like_a_record, record_linked_to_dev_zero, people_file_linked_from_outside,
           meeting_folder_linked_from_outside, committee_folder_linked_from_outside, site_config_linked_from_outside,
           record_linked_to_nothing, fifo_in_private_folder, folder_name_ending_in_a_line_break,
           file_name_that_is_not_utf8, attachment_named_like_a_script_address]


@needs_fifos
@pytest.mark.parametrize("damage", SPECIAL, ids=lambda damage: damage.__name__)
def test_special_files_links_and_names_are_located_errors(damage, minimal_copy, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    expected = damage(minimal_copy, outside)
    result = run("check", minimal_copy)
    assert_refused(result)
    found = report(result, minimal_copy)
    if damage is people_file_linked_from_outside:  # without the file, its people are unknown too
        found = found[found.index(expected[0]):][:len(expected)]
    assert found == expected


@needs_fifos
@pytest.mark.parametrize("damage", [fifo_named_like_a_record, record_linked_to_dev_zero,
                                    meeting_folder_linked_from_outside, folder_name_ending_in_a_line_break],
                         ids=lambda damage: damage.__name__)
def test_a_build_refusing_them_leaves_the_site_untouched(damage, minimal_copy, tmp_path):
    assert run("build", minimal_copy).returncode == 0
    before = digest(minimal_copy / "site")
    outside = tmp_path / "outside"
    outside.mkdir()
    damage(minimal_copy, outside)
    result = run("build", minimal_copy)
    assert_refused(result)
    assert digest(minimal_copy / "site") == before


def test_links_that_stay_inside_content_are_followed(minimal_copy):
    """A linked record, or a linked folder, whose real path is inside content/ is read as usual."""
    committee = minimal_copy / COMMITTEE
    (committee / "2016-06-01/sources").mkdir()
    (committee / "committee.yml").rename(committee / "2016-06-01/sources/committee.yml")
    (committee / "committee.yml").symlink_to("2016-06-01/sources/committee.yml")
    (committee / "2016-06-08").symlink_to("2016-06-01")
    result = run("check", minimal_copy)
    assert result.returncode == 0, result.stdout
    assert "Checked 2 meetings: 0 errors, 0 warnings" in result.stdout


def test_a_minute_number_of_5000_digits_is_a_located_error(minimal_copy):
    minutes = minimal_copy / MEETING / "minutes.md"
    minutes.write_text(minutes.read_text().replace("## 2. Fostering", "## " + "2" * 5000 + ". Fostering"))
    result = run("check", minimal_copy)
    assert_refused(result)
    [line] = [line for line in report(result, minimal_copy) if "too long" in line]
    assert line.startswith(f"{MEETING}/minutes.md:17: error: ")
    assert line.endswith("a number of 5000 characters is too long (at most 20)")


@needs_fifos
def test_reading_ahead_never_opens_a_fifo_or_follows_a_link(tmp_path):
    """read_ahead opens every file under content/ in a process of its own, and the build waits
    for it: a FIFO opened for reading would wait for a writer forever."""
    (tmp_path / "minutes.md").write_text("text", encoding="utf-8")
    os.mkfifo(tmp_path / "x.md")
    (tmp_path / "zero.md").symlink_to("/dev/zero")
    (tmp_path / "linked").symlink_to(tmp_path)
    reader = threading.Thread(target=read_ahead, args=(tmp_path,), daemon=True)
    reader.start()
    reader.join(TIME_LIMIT)
    assert not reader.is_alive()


YAML_PIECES = st.sampled_from(["a", "b: ", "- ", "? ", ": ", "&x ", "*x", "!!set ", "!foo ", "! ", "!!str ", "{", "}",
                               "[", "]", ", ", "\n", "  ", '"', "'", "\\x0b", "\\0", "\\e", "|\n  ", "<<: ",
                               "9" * 5000, "0x" + "f" * 300, "#", "%TAG ! tag:x,2000:\n---\n", "---\n", "~"])


@settings(max_examples=300, deadline=None)
@given(st.lists(YAML_PIECES, max_size=12).map("".join))
def test_any_yaml_is_plain_values_or_a_located_error(text):
    """Whatever the text, parsing gives plain values (no alias, tag or unreadable number got
    through) or a SourceError with a line: never another exception."""
    try:
        located, _ = parse_yaml(text, "f.yml")
    except SourceError as exc:
        assert exc.diagnostic.line >= 1
        return
    assert _plain(located.data)
    events = list(yaml.parse(text, Loader=yaml.SafeLoader))
    assert not any(isinstance(event, AliasEvent) or getattr(event, "tag", None) for event in events)


def _plain(value) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value.bit_length() <= 128
    return value is None or isinstance(value, (str, bool, float))
