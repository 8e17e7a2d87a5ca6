"""Open data: feeds, calendars, JSON against its published schemas, CSV, sitemap and robots,
read with the libraries a newsroom would use. Row counts are those counted in the seeds."""

import csv
import gzip
import json
import re
from pathlib import Path

import feedparser
import icalendar
import jsonschema
import pytest

from generator.build import build
from generator.exports.feeds import FEED_ENTRIES
from tests.conftest import add_meetings

COVENTRY = "coventry-education-childrens-services-scrutiny-board-2"
SITE_URL = "https://example.github.io/scrutiny-archive/"


def test_archive_feed_parses_newest_first_with_stable_ids(sample_site):
    feed = feedparser.parse((sample_site / "data/feeds/archive.atom").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    updated = [entry.updated for entry in feed.entries]
    assert updated == sorted(updated, reverse=True)
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)
    assert all(entry.link.startswith(SITE_URL) for entry in feed.entries)
    [january] = [e for e in feed.entries if e.link.endswith("/2018-01-11/")]
    assert january.title == "Education and Children's Services Scrutiny Board (2), 11 January 2018: minutes"
    assert "34. Private Fostering" in january.summary


def test_a_feed_holds_only_the_latest_meetings(minimal_copy):
    add_meetings(minimal_copy, FEED_ENTRIES + 5)
    assert build(minimal_copy).ok
    feed = feedparser.parse((minimal_copy / "site/data/feeds/archive.atom").read_bytes())
    assert len(feed.entries) == FEED_ENTRIES
    assert feed.entries[0].link.endswith("/2017-02-27/")
    assert not any(entry.link.endswith("/2016-06-01/") for entry in feed.entries)


def test_committee_feed_holds_only_that_committee(sample_site):
    feed = feedparser.parse((sample_site / f"data/feeds/{COVENTRY}.atom").read_bytes())
    assert not feed.bozo
    assert {e.link.rsplit("/", 2)[-2] for e in feed.entries} == {"2017-04-06", "2017-04-27", "2018-01-11"}
    page = (sample_site / "coventry/education-childrens-services-scrutiny-board-2/index.html").read_text()
    assert '<link rel="alternate feed" type="application/atom+xml"' in page and f"{COVENTRY}.atom" in page


def test_calendar_imports_with_london_times_and_stable_uids(sample_site):
    calendar = icalendar.Calendar.from_ical((sample_site / f"data/calendars/{COVENTRY}.ics").read_bytes())
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    april = events["coventry-education-childrens-services-scrutiny-board-2-2017-04-27@example.github.io"]
    start = april.decoded("DTSTART")
    assert (start.isoformat(), str(start.tzinfo)) == ("2017-04-27T14:00:00+01:00", "Europe/London")
    assert str(april["LOCATION"]) == "Committee Room 3 - Council House"
    assert str(april["URL"]) == SITE_URL + "coventry/education-childrens-services-scrutiny-board-2/2017-04-27/"


def test_archive_calendar_marks_planned_dates_tentative(sample_site):
    calendar = icalendar.Calendar.from_ical((sample_site / "data/calendars/archive.ics").read_bytes())
    statuses = {str(e["UID"]): str(e["STATUS"]) for e in calendar.walk("VEVENT")}
    assert len(statuses) >= 13
    assert statuses["leicester-children-young-people-schools-scrutiny-commission-2016-04-12@example.github.io"] == "CONFIRMED"
    tentative = [uid for uid, status in statuses.items() if status == "TENTATIVE"]
    assert tentative and all(uid.endswith("-planned@example.github.io") for uid in tentative)


def test_json_export_validates_against_its_published_schemas(sample_site):
    root = sample_site / "data/json"
    index = json.loads((root / "index.json").read_text())
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    for name, entry in index["types"].items():
        schema = json.loads((root / "schema" / f"{name}.schema.json").read_text())
        jsonschema.Draft202012Validator.check_schema(schema)
        assert entry["data"].endswith(f"/data/json/{name}.json.gz")
        objects = bulk_json(root, name)
        assert len(objects) == entry["count"]
        for item in objects:
            jsonschema.validate(item, schema, format_checker=checker)
        assert len({item["id"] for item in objects}) == len(objects), name
    meetings = bulk_json(root, "Meeting")
    assert len(meetings) == 13
    assert bulk_json(root, "Resolution")[0]["type"] == "https://github.com/scrutiny-archive/schema/1/Resolution"
    assert bulk_json(root, "Body")[0]["type"] == "https://schema.oparl.org/1.1/Body"


def bulk_json(folder: Path, name: str) -> list[dict]:
    return json.loads(gzip.decompress((folder / f"{name}.json.gz").read_bytes()))


def csv_rows(site: Path, name: str) -> list[dict]:
    with gzip.open(site / f"data/csv/{name}.csv.gz", "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("name, count", [
    # Coventry 6 April 2017: 7 + 1 + 1 + 1; 11 January 2018: 3 + 3 + 1 + 3 + 1;
    # Leicester 22 July 2015: 1 + 1 + 1 + 1 + 2 + 5; Rotherham 30 April 2014: 10.
    ("resolutions", 42),
    # Everyone in the attendance of the four sets of minutes: 22 + 18 + 15 + 22.
    ("attendance", 77),
    # Lapsa (Coventry) and seven at Leicester (Councillor Cole three times).
    ("declarations", 8),
    # The Coventry outstanding-issues tracker.
    ("recommendations", 11),
])
def test_csv_round_trips_with_the_seed_counts(sample_site, name, count):
    rows = csv_rows(sample_site, name)
    assert len(rows) == count
    assert all(all(value is not None for value in row.values()) for row in rows)


def test_references_csv_says_what_resolved(sample_site):
    rows = csv_rows(sample_site, "references")
    statuses = {(row["text"], row["status"]) for row in rows}
    assert ("minute 28/16", "not-in-archive") in statuses
    assert ("minute 75 below", "resolved") in statuses


def test_sitemap_lists_every_page_with_content_dates(sample_site):
    sitemap = (sample_site / "sitemap.xml").read_text()
    listed = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    pages = {SITE_URL + str(p.parent.relative_to(sample_site)).replace(".", "") + "/"
             for p in sample_site.rglob("index.html") if 'http-equiv="refresh"' not in p.read_text()}
    pages = {url.replace(SITE_URL + "/", SITE_URL) for url in pages}
    assert pages - {SITE_URL + "search/"} <= listed
    lastmods = re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)
    assert len(lastmods) == len(listed) and max(lastmods) == "2018-01-11"
    assert re.search(r"2017-04-06/</loc>\s*<lastmod>2017-04-27</lastmod>", sitemap)
    assert (sample_site / "robots.txt").read_text() == f"User-agent: *\nAllow: /\nSitemap: {SITE_URL}sitemap.xml\n"


def test_exports_carry_no_exempt_or_private_material(tmp_path):
    from generator.build import build
    from tests.conftest import FIXTURES, copy_archive

    root = copy_archive(FIXTURES / "exempt-and-hostile", tmp_path / "hostile")
    assert build(root).ok
    for path in (root / "site/data").rglob("*"):
        if path.is_file():
            assert b"CANARY" not in path.read_bytes().upper(), path
    declarations = csv_rows(root / "site", "declarations")
    assert declarations[0]["interest"] == "withheld (sensitive interest)"
