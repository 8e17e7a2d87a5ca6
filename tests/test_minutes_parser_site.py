"""Minutes printed without numbers, paragraph anchors and ranges, as the built site shows them."""

import re

import pytest

from generator.build import build
from tests.conftest import FIXTURES, copy_archive, run_cli

MEETINGS = "testshire/overview-scrutiny"

MINUTES = """---
status: draft
---

## Chair's Announcements

The Chair welcomed everyone.

## 1. Minutes

The minutes of the meeting held on 1 June 2016 were approved.

## 2. Fostering update

2.1 The Committee noted progress.
2.2 Members asked about recruitment.

(a) recruitment of carers
(b) retention of carers

## 3. Follow-up

Further to Minute 2.2 and Minute 2 (b), minutes 1 to 2 were taken together.
The meeting held on 3 August 2016 is to follow. Minute 2.9 has no such paragraph.
"""

UNNUMBERED_ONLY = """---
status: draft
---

## Welcome

Everyone was welcomed.

## Fostering

The Committee noted the report.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = copy_archive(FIXTURES / "minimal-archive", tmp_path_factory.mktemp("unnumbered"))
    for slug, minutes in (("2016-07-06", MINUTES), ("2016-08-03", UNNUMBERED_ONLY)):
        folder = root / "content" / MEETINGS / slug
        folder.mkdir()
        (folder / "meeting.yml").write_text(
            "venue: Council Chamber\nagenda:\n  - title: Welcome\n  - number: \"1\"\n    title: Minutes\n")
        (folder / "minutes.md").write_text(minutes)
    result = build(root, strict=True)
    assert result.ok, [d.format() for d in result.diagnostics]
    return root / "site"


def page(site, slug: str) -> str:
    return (site / MEETINGS / slug / "index.html").read_text()


def links(html: str) -> dict[str, str]:
    return {re.sub(r"<[^>]+>.*", "", text).strip(): href
            for href, text in re.findall(r'<a class="ref" href="([^"]+)"[^>]*>(.*?)</a>', html, flags=re.S)}


def test_a_minute_without_a_number_is_anchored_by_its_place_and_shown_without_one(site):
    html = page(site, "2016-07-06")
    heading = re.search(r'<h3 id="minute-p1">(.*?)</h3>', html, flags=re.S).group(1)
    assert "Chair's Announcements" in heading or "Chair&#39;s Announcements" in heading
    assert not re.search(r">\s*p1\b|Minute p1|minute p1", html)
    assert 'id="minute-1"' in html


def test_an_agenda_item_without_a_number_is_shown_without_one(site):
    html = page(site, "2016-07-06")
    item = re.search(r'<li id="agenda-p1">(.*?)</li>', html, flags=re.S).group(1)
    assert "Welcome" in item and "item-number" not in item


def test_numbered_paragraphs_have_anchors_that_references_link_to(site):
    html = page(site, "2016-07-06")
    for anchor in ("minute-2-paragraph-1", "minute-2-paragraph-2", "minute-2-paragraph-a", "minute-2-paragraph-b"):
        assert f'id="{anchor}"' in html
    found = links(html)
    assert found["Minute 2.2"] == "#minute-2-paragraph-2"
    assert found["Minute 2 (b)"] == "#minute-2-paragraph-b"
    assert found["Minute 2.9"] == "#minute-2"  # no such paragraph: the minute, its sub-item kept in the words


def test_each_number_of_a_range_links_to_its_minute(site):
    found = links(page(site, "2016-07-06"))
    assert found["minutes 1"] == "#minute-1"
    assert found["2"] == "#minute-2"


def test_a_meeting_cited_by_date_whose_minutes_have_no_numbers_is_linked(site):
    assert links(page(site, "2016-07-06"))["meeting held on 3 August 2016"] == "../2016-08-03/"
    html = page(site, "2016-08-03")
    assert 'id="minute-p1"' in html and 'id="minute-p2"' in html


def test_a_heading_printed_as_the_committee_cites_it_is_linked(minimal_copy):
    """`## 2/16. Fostering` under `citation: "{number}/{yy}"` is minute 2 of 2016/17: references
    to it link, and `scrutiny check` has nothing to say about it."""
    config = minimal_copy / "site_config.yml"
    config.write_text(config.read_text().replace('numbering: meeting', 'numbering: municipal-year')
                      .replace('citation: "{number}"', 'citation: "{number}/{yy}"'))
    minutes = minimal_copy / "content" / MEETINGS / "2016-06-01" / "minutes.md"
    minutes.write_text(minutes.read_text().replace("## 2. Fostering", "## 2/16. Fostering")
                       .replace("There were no apologies.", "There were no apologies; see minute 2/16.")
                       .replace('item: "2"', 'item: "2/16"'))
    report = minimal_copy / "content" / MEETINGS / "2016-06-01" / "fostering-report.md"
    report.write_text(report.read_text().replace('minute: "2"', 'minute: "2/16"'))
    result = run_cli("check", "--root", str(minimal_copy))
    assert result.returncode == 0, result.stdout
    assert "2/16" not in result.stdout


def test_an_unnumbered_minute_of_a_withheld_item_without_its_marker_is_named_by_its_title(minimal_copy):
    meeting = minimal_copy / "content" / MEETINGS / "2016-06-01"
    (meeting / "meeting.yml").write_text((meeting / "meeting.yml").read_text() + (
        "  - title: Staffing\n    access: exempt\n    exempt_paragraphs: [1]\n"))
    (meeting / "minutes.md").write_text((meeting / "minutes.md").read_text() + "\n## Staffing\n\nSECRET\n")
    result = run_cli("check", "--root", str(minimal_copy))
    assert result.returncode == 1
    assert ("error: minute[p3].access: the agenda item 'Staffing' is exempt, but the minute 'Staffing' has no marker, "
            "so its text would be published") in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
