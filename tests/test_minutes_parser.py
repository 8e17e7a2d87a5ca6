"""The minutes parser: minutes printed without numbers, and numbered paragraphs within a minute."""

import pytest

from generator.read.minutes_parser import parse_minutes_body
from generator.records.models import Access

BODY = """## Chair's Announcements

The Chair welcomed everyone.

## 66. Budget

66.1 The Committee considered the budget.
66.2 Members asked about savings.

(a) first point
(b) second point

::: RESOLVED
1) That the report be noted.
:::

(a) the same label again is not a second anchor

## \\2023/24 Budget Monitoring {exempt=3}

Kept out of the site.

## Any Other Business
"""


def parse(body: str):
    return parse_minutes_body(body, 1, "minutes.md")


def test_minutes_printed_without_numbers_are_numbered_by_their_place():
    items, _ = parse(BODY)
    assert [(i.number, i.numbered, i.title) for i in items] == [
        ("p1", False, "Chair's Announcements"), ("66", True, "Budget"),
        ("p3", False, "2023/24 Budget Monitoring"), ("p4", False, "Any Other Business")]
    assert [i.heading for i in items] == ["Chair's Announcements", "66. Budget", "2023/24 Budget Monitoring",
                                          "Any Other Business"]


def test_a_minute_without_a_number_keeps_its_marker():
    items, diagnostics = parse(BODY)
    assert items[2].access is Access.EXEMPT and items[2].exempt_paragraphs == (3,)
    assert [d.message for d in diagnostics] == [
        "the minute '2023/24 Budget Monitoring' is exempt: its text and resolutions are never published"]


def test_numbered_paragraphs_are_found_once_each():
    items, _ = parse(BODY)
    assert items[1].paragraphs == ("1", "2", "a", "b")
    narrative = [part for part in items[1].content if hasattr(part, "paragraphs")]
    assert [part.paragraphs for part in narrative] == [("1", "2", "a", "b"), ()]
    assert items[0].paragraphs == ()


@pytest.mark.parametrize("heading", ["## 2 Fostering", "## 12a Fostering", "## \\"])
def test_a_number_without_its_full_stop_is_still_an_error(heading):
    items, diagnostics = parse(f"{heading}\n\nText.\n")
    assert items == []
    assert diagnostics[0].message == f"'{heading}' is not a minute heading"
    assert "'## Title' alone for a minute printed without a number" in diagnostics[0].hint


def test_the_place_counts_every_heading_so_adding_one_before_moves_it():
    items, _ = parse("## 1. Apologies\n\n## Chair's Announcements\n")
    assert items[1].number == "p2"
    items, _ = parse("## Welcome\n\n## 1. Apologies\n\n## Chair's Announcements\n")
    assert items[2].number == "p3"
