"""Publication safety: exempt and private material never reaches any output, hostile content
never runs, and a killed build loses nothing."""

import gzip
import hashlib
import re
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.read.minutes_parser import parse_minutes_body
from generator.records.models import MeetingRecord
from generator.read.sources import SourceError, parse_yaml
from generator.read.validation_errors import validate_located
from tests.conftest import FIXTURES, PROJECT_ROOT, copy_archive, stable_digest

CANARY = re.compile(rb"canary", re.I)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = copy_archive(FIXTURES / "exempt-and-hostile", tmp_path_factory.mktemp("hostile"))
    result = build(root)
    assert result.ok, [d.format() for d in result.diagnostics]
    return root


def every_output_byte(root: Path):
    """Every file the build wrote, decompressed where it is compressed."""
    for path in sorted((root / "site").rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            yield path, gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    yield root / "reference-report.json", (root / "reference-report.json").read_bytes()


def test_no_exempt_confidential_or_private_canary_reaches_any_output(hostile_site):
    outputs = list(every_output_byte(hostile_site))
    leaks = [str(path) for path, data in outputs if CANARY.search(data)]
    assert leaks == []
    index = b"".join(data for path, data in outputs if "pagefind" in path.parts)
    assert b"considered fostering" in index, "the search index was read, and holds the public text"


def test_exempt_items_are_published_as_stubs(hostile_site):
    html = (hostile_site / "site/testshire/overview-scrutiny/2017-03-01/index.html").read_text()
    assert "Not for publication by virtue of paragraphs 1, 2 of Part 1 of Schedule 12A to the Local Government Act 1972." in html
    assert "The committee considered a staffing matter." in html
    assert "Legal matter" in html and "Confidential: not for publication." in html
    assert "Staffing report" in html
    assert "A sensitive interest (details withheld under section 32 of the Localism Act 2011)" in html
    assert not (hostile_site / "site/testshire/overview-scrutiny/2017-03-01/exempt-staffing-report").exists()
    assert not (hostile_site / "site/testshire/overview-scrutiny/2017-03-01/private").exists()


def test_public_attachments_are_published_and_redaction_is_shown(hostile_site):
    folder = hostile_site / "site/testshire/overview-scrutiny/2017-03-01"
    assert (folder / "annex.pdf").read_bytes().startswith(b"%PDF-1.4 public annex")
    report = (folder / "fostering-report/index.html").read_text()
    assert 'href="../annex.pdf"' in report and 'src="../annex.png"' in report
    assert "This document was redacted before publication" in report


class LiveMarkup(HTMLParser):
    """Collects every piece of markup that could run script: handlers, dangerous tags and URLs,
    and scripts other than Material's own."""

    OUR_SCRIPTS = re.compile(r"^(?:\.\./|\./|/[a-z0-9-]+/)*assets/javascripts/(?:bundle\.[0-9a-f]+\.min|search|upcoming|planned)\.js$")

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in {"iframe", "object", "embed", "style", "frame", "applet"}:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if name in {"href", "src", "action", "formaction"} and re.match(r"\s*(javascript|data|vbscript):", value or "", re.I):
                self.found.append(f"{tag} {name}={value}")
        if tag == "script":
            src = attributes.get("src")
            allowed = (src and self.OUR_SCRIPTS.match(src)) or attributes.get("type") == "application/json" or not src
            if not allowed:
                self.found.append(f"script src={src}")
            self.in_script = not src and attributes.get("type") != "application/json"

    def handle_data(self, data):
        if self.in_script and not data.startswith(("__md_scope=", "var target=document.getElementById")):
            self.found.append(f"inline script {data[:40]}")
        self.in_script = False


def test_hostile_markup_never_becomes_live_html(hostile_site):
    for path in (hostile_site / "site").rglob("*.html"):
        parser = LiveMarkup()
        parser.feed(path.read_text())
        assert parser.found == [], path


def test_hostile_titles_render_as_text_everywhere(hostile_site):
    html = (hostile_site / "site/testshire/overview-scrutiny/2017-03-01/index.html").read_text()
    assert "<title>Overview &lt;script&gt;alert(3)&lt;/script&gt; Committee, 1 March 2017" in html
    assert "Fostering &lt;img src=x onerror=alert(8)&gt;" in html


def digest(folder: Path) -> str:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return hashlib.sha256(b"".join(p.relative_to(folder).as_posix().encode() + p.read_bytes() for p in files)).hexdigest()


def engines_of(parent_pid: int) -> list[int]:
    """The engine processes (generator.processes.helpers) started by `parent_pid`, alive or not yet reaped."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            arguments = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"generator.processes.helpers" in arguments and str(parent_pid).encode() in arguments:
            found.append(int(entry.name))
    return found


def processes_naming(root: Path) -> list[int]:
    """Live processes (not zombies) whose command line names `root`: a build's, or its helpers'."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            arguments = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if str(root).encode() in arguments and state != "Z":
            found.append(int(entry.name))
    return found


def children_of(parent_pid: int) -> dict[int, bytes]:
    """The live child processes of `parent_pid`, with their command lines."""
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            state, parent = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
            arguments = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if parent == str(parent_pid) and state != "Z":
            found[int(entry.name)] = arguments
    return found


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    return condition()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="engines die with their parent on Linux only")
def test_an_engine_dies_with_the_build_that_started_it():
    """Regression: MkDocs, left running by a build killed outright, wrote on into the staging
    folder that the next build had already claimed, leaving a stray copy of it."""
    build_process = subprocess.Popen([sys.executable, "-c", (
        "from generator.processes import helpers; "
        "helpers.run_engine('timeit', '-n', '1', '-r', '1', 'import time; time.sleep(60)')")],
        cwd=PROJECT_ROOT)
    assert wait_for(lambda: engines_of(build_process.pid), 30), "the engine never started"
    build_process.send_signal(signal.SIGKILL)
    build_process.wait()
    assert wait_for(lambda: not engines_of(build_process.pid), 10)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_mkdocs_runs_as_an_engine_child(minimal_copy, tmp_path):
    assert build(minimal_copy).ok
    script = ("import sys; from pathlib import Path; from generator.publish.engine import run_mkdocs; "
              "run_mkdocs(Path(sys.argv[1]), Path(sys.argv[2]), 0, shares=2)")
    process = subprocess.Popen([sys.executable, "-c", script, str(minimal_copy / ".scrutiny"), str(tmp_path / "out")],
                               cwd=PROJECT_ROOT)
    try:
        assert wait_for(lambda: len(engines_of(process.pid)) == 2, 30)
    finally:
        process.wait()


# A build as `scrutiny build` runs it, in which a helper may be held up so that the build can be
# killed while the helper is surely alive: the forked copy reading ahead, or bringing the spare
# site up to date, sleeps (in that copy, not in the build).
BUILD_HOLDING_UP_A_HELPER = """
import sys, time
from pathlib import Path
import generator.build

root, held_up = Path(sys.argv[1]), sys.argv[2]
if held_up != "none":
    setattr(generator.build, held_up, lambda *arguments: time.sleep(120))
generator.build.build(root)
"""
KILLED_WHILE = {
    # name: (a full build?, the helper held up, the helper the build is killed while it runs)
    "full build, MkDocs": (True, "none", b"generator.publish.mkdocs_share"),
    "full build, reading ahead": (True, "read_ahead", None),
    "incremental build, MkDocs": (False, "none", b"generator.publish.mkdocs_share"),
    "incremental build, bringing the spare up to date": (False, "prepare_spare", None),
}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; helpers die with the build on Linux only")
@pytest.mark.parametrize("full, held_up, engine", KILLED_WHILE.values(), ids=KILLED_WHILE.keys())
def test_a_build_killed_midway_leaves_no_process_and_the_previous_site_exactly_as_it_was(
        minimal_copy, tmp_path, full, held_up, engine):
    """Regression: after `kill -9` of an incremental build, a forked helper with the build's
    command line lived on, blocked reading a pipe, adopted by init."""
    assert build(minimal_copy).ok
    before = digest(minimal_copy / "site")
    if full:  # another theme: the next build is a full one
        (minimal_copy / "theme/assets/stylesheets/archive.css").write_text("/* changed */\n", encoding="utf-8")
    meeting = minimal_copy / "content/testshire/overview-scrutiny/2016-06-01/meeting.yml"
    meeting.write_text(meeting.read_text().replace("Council Chamber", "Committee Room 2"))
    process = subprocess.Popen([sys.executable, "-c", BUILD_HOLDING_UP_A_HELPER, str(minimal_copy), held_up],
                               cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    own = wait_for(lambda: _cmdline(process.pid), 10) and _cmdline(process.pid)

    def helper_running() -> bool:  # an engine, or a forked copy of the build (its command line)
        return any(engine in arguments if engine else arguments == own
                   for arguments in children_of(process.pid).values())

    try:
        assert wait_for(helper_running, 120), "the build never started the helper"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert wait_for(lambda: not processes_naming(minimal_copy), 20), "a helper of the killed build lived on"
    assert digest(minimal_copy / "site") == before
    rebuilt = build(minimal_copy)
    assert rebuilt.ok and not rebuilt.incremental  # the killed build left no record to start from
    assert not list(minimal_copy.glob(".site-building-*"))
    assert "Committee Room 2" in (minimal_copy / "site/testshire/overview-scrutiny/2016-06-01/index.html").read_text()
    clean = copy_archive(minimal_copy, tmp_path / "clean")  # the killed build's half-changed spare was healed
    assert build(clean).ok
    assert stable_digest(minimal_copy / "site") == stable_digest(clean / "site")


def _cmdline(pid: int) -> bytes:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes()
    except OSError:
        return b""


# Ways of starting a process, called: the standard library's.
STARTS_A_PROCESS = re.compile(r"\bsubprocess\.(?:Popen|run|call|check_call|check_output)\(|\bos\.(?:fork|forkpty|"
                              r"spawn\w*|exec\w*|posix_spawn\w*|system|popen)\(|\bmultiprocessing\b|ProcessPoolExecutor")


def test_only_the_helpers_module_starts_processes():
    """One way to run work in other processes (processes/helpers.py), each of which dies with
    the build. The importer, a command of its own that builds nothing, keeps its pool."""
    package = PROJECT_ROOT / "generator"
    found = [f"{path.relative_to(package)}:{number}: {line.strip()}"
             for path in sorted(package.rglob("*.py"))
             if path != package / "processes/helpers.py" and "importer" not in path.relative_to(package).parts
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if STARTS_A_PROCESS.search(line)]
    assert found == []


def test_the_build_writes_nothing_into_content(minimal_copy):
    before = digest(minimal_copy / "content")
    assert build(minimal_copy).ok
    assert digest(minimal_copy / "content") == before


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("abc:-[]{}&*!|>'\"#%@`\t\n ?,0123456789")), max_size=200))
def test_random_yaml_gives_records_or_diagnostics(text):
    try:
        located, problems = parse_yaml(text, "meeting.yml")
    except SourceError as exc:
        assert exc.diagnostic.file == "meeting.yml"
        return
    record, more = validate_located(MeetingRecord, located, "meeting.yml")
    assert (record is None) == bool(more)
    assert all(d.file == "meeting.yml" and d.line >= 1 for d in problems + more)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(list("#:() .{}=\n1234ab") + ["## ", "::: ", ":::", "RESOLVED", "exempt", "\n1) "]),
                max_size=80).map("".join))
def test_random_minutes_give_minutes_or_diagnostics(body):
    items, problems = parse_minutes_body(body, 5, "minutes.md")
    assert all(item.line >= 5 for item in items)
    assert all(d.file == "minutes.md" and d.line >= 5 for d in problems)


def test_a_link_to_a_record_file_leads_to_its_page_never_to_a_copy(hostile_site):
    folder = hostile_site / "site/testshire/overview-scrutiny/2017-03-01"
    report = (folder / "fostering-report/index.html").read_text()
    assert '<a href="../#minute-1" rel="noopener noreferrer">the minutes</a>' in report
    assert '<a href="../" rel="noopener noreferrer">the agenda</a>' in report
    assert '<a href="../fostering-report/" rel="noopener noreferrer">this report</a>' in report
    meeting = (folder / "index.html").read_text()
    assert '<a href="./" rel="noopener noreferrer">minutes</a>' in meeting
    assert not [p for p in (hostile_site / "site").rglob("*") if p.suffix in (".md", ".yml")]
