"""Resolving references in a built site: links, not-in-archive marks, ambiguity, backlinks, cycles.

The fixture `cross-references` holds two councils in different styles: a committee numbering
through the year (`28/16`), one numbering per meeting, and one citing `OS.12`."""

import json
import html as html_lib
import re

import pytest

from generator.build import build, check
from tests.conftest import FIXTURES, copy_archive

CHILDREN = "northshire/children-scrutiny"
HEALTH = "northshire/health-scrutiny-board"
SOUTHTON = "southton/overview-scrutiny"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = copy_archive(FIXTURES / "cross-references", tmp_path_factory.mktemp("refs"))
    result = build(root)
    assert result.ok, [d.format() for d in result.diagnostics]
    return root


def minute(root, meeting: str, number: str) -> str:
    html = (root / "site" / meeting / "index.html").read_text()
    return re.search(rf'<h3 id="minute-{number}">.*?(?=<h3 |<h2 |</article>)', html, flags=re.S).group(0)


def links(html: str) -> dict[str, str]:
    return {re.sub(r"<[^>]+>.*", "", text).strip(): href
            for href, text in re.findall(r'<a class="ref" href="([^"]+)"[^>]*>(.*?)</a>', html, flags=re.S)}


def test_year_references_link_to_the_exact_minute_and_resolution(site):
    found = links(minute(site, f"{CHILDREN}/2017-04-06", "73"))
    assert found["minute 28/16"] == "../2016-09-01/#minute-28"
    assert found["resolution 2 of minute 28/16"] == "../2016-09-01/#minute-28-resolution-2"
    assert found["minute 29"] == "../2016-09-01/#minute-29"


def test_links_carry_the_target_title_for_hover_and_screen_readers(site):
    html = minute(site, f"{CHILDREN}/2017-04-06", "73")
    assert 'title="Minute 28: Health Visiting, Children&#39;s Scrutiny Board, 1 September 2016"' in html
    assert '<span class="visually-hidden"> (Minute 28: Health Visiting' in html


def test_other_committee_narrowed_by_date(site):
    found = links(minute(site, f"{CHILDREN}/2017-04-06", "73"))
    target = "../../health-scrutiny-board/2017-01-12/#minute-3"
    assert target in found.values()


def test_previous_meeting_of_a_per_meeting_committee(site):
    assert links(minute(site, f"{HEALTH}/2017-02-09", "3")) == {
        "minute 3 of the previous meeting": "../2017-01-12/#minute-3"}


def test_not_in_archive_stays_readable_and_is_marked(site):
    html = minute(site, f"{CHILDREN}/2017-04-06", "73")
    assert re.search(r'<span class="ref ref-missing" title="Not in this archive: the Cabinet is not in this archive">'
                     r'Cabinet minute 34/17<span class="ref-note"> \(not in this archive\)</span></span>', html)
    assert "minute 99/15<span" in html


def test_ambiguous_reference_is_not_linked(site):
    html = minute(site, f"{CHILDREN}/2017-04-06", "73")
    assert re.search(r'<span class="ref ref-ambiguous" title="Ambiguous reference: it fits Minute 3: Health Visiting, '
                     r'Health Scrutiny Board, 12 January 2017; Minute 3: Health Visiting Follow-up', html)


def test_rendering_keeps_the_text_intact_around_links(site):
    html = minute(site, f"{CHILDREN}/2017-04-06", "73")
    paragraph = re.search(r"<p>Further to.*?</p>", html, flags=re.S).group(0)
    paragraph = re.sub(r'<span class="(visually-hidden|ref-note)">.*?</span>', "", paragraph)
    rendered = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", paragraph)).split())  # as a reader sees it
    source = (FIXTURES / "cross-references/content" / CHILDREN / "2017-04-06/minutes.md").read_text()
    original = " ".join(source[source.index("Further to"):source.index("too.") + 4].split())
    assert rendered == original


def test_backlinks_list_every_citing_minute(site):
    html = minute(site, f"{CHILDREN}/2016-09-01", "28")
    backlinks = re.search(r'<div class="backlinks"[^>]*>.*?</div>', html, flags=re.S).group(0)
    assert '<a href="#minute-29">Minute 29</a>' in backlinks
    assert '<a href="../2017-04-06/#minute-73">Minute 73</a>, Children&#39;s Scrutiny Board, 6 April 2017' in backlinks
    assert backlinks.count("Minute 73") == 1


def test_a_cycle_of_references_renders_both_ways(site):
    twelve, thirteen = minute(site, f"{SOUTHTON}/2019-06-03", "12"), minute(site, f"{SOUTHTON}/2019-06-03", "13")
    assert links(twelve) == {"OS.13": "#minute-13"}
    assert links(thirteen) == {"OS.12": "#minute-12"}
    assert 'href="#minute-13">Minute 13</a>' in twelve and 'href="#minute-12">Minute 12</a>' in thirteen


def test_meeting_reference_links_to_the_meeting(site):
    assert links(minute(site, f"{CHILDREN}/2017-04-06", "71")) == {
        "meeting held on 1st September, 2016": "../2016-09-01/"}


def test_reference_report_lists_unresolved_references_with_file_and_line(site):
    report = json.loads((site / "reference-report.json").read_text())
    missing = [row for row in report if row["status"] == "not-in-archive"]
    assert {(row["text"], row["line"]) for row in missing} == {("Cabinet minute 34/17", 12), ("minute 99/15", 12)}
    assert all(row["file"].endswith("2017-04-06/minutes.md") for row in missing)
    resolved = [row for row in report if row["text"] == "minute 28/16"]
    assert resolved[0]["target"] == f"{CHILDREN}/2016-09-01#minute-28"


def test_strict_turns_unresolved_and_ambiguous_references_into_errors():
    relaxed = check(FIXTURES / "cross-references")
    assert relaxed.ok
    strict = check(FIXTURES / "cross-references", strict=True)
    assert not strict.ok
    assert len(strict.diagnostics) == 3
