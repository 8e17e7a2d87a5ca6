"""The record model: immutable, typed with enums, rejecting what it does not know."""

import datetime as dt

import pytest
from pydantic import ValidationError

from generator.records.archive import municipal_year_label, municipal_year_start
from generator.records.models import Access, AgendaItem, MeetingRecord, PersonRef, Verb
from generator.read.minutes_parser import parse_minutes_body


def test_records_are_immutable():
    record = MeetingRecord(venue="Council House")
    with pytest.raises(ValidationError):
        record.venue = "Elsewhere"


def test_person_reference_short_and_inline_forms():
    assert PersonRef.model_validate("m-mutton").person == "m-mutton"
    inline = PersonRef.model_validate({"name": "M Haidar", "organisation": "CWPT"})
    assert (inline.person, inline.name) == (None, "M Haidar")
    with pytest.raises(ValidationError):
        PersonRef.model_validate({"person": "m-mutton", "name": "M Mutton"})


def test_exempt_items_need_schedule_12a_paragraphs():
    assert AgendaItem(number="12", title="Staffing", access=Access.EXEMPT, exempt_paragraphs=(1,)).access is Access.EXEMPT
    with pytest.raises(ValidationError):
        AgendaItem(number="12", title="Staffing", access="exempt")


@pytest.mark.parametrize("date, label", [
    (dt.date(2017, 4, 6), "2016/17"), (dt.date(2017, 5, 1), "2017/18"), (dt.date(1999, 12, 1), "1999/00"),
])
def test_municipal_year_starts_in_may(date, label):
    assert municipal_year_label(municipal_year_start(date, 5)) == label


def test_minutes_parser_keeps_numbers_verbs_and_lines():
    body = "## 3. Minutes\n\n::: AGREED:\nThat the minutes be confirmed.\n:::\n\n## 4. Petitions\n\nNone.\n"
    items, problems = parse_minutes_body(body, 10, "minutes.md")
    assert problems == []
    assert [(i.number, i.title, i.line) for i in items] == [("3", "Minutes", 10), ("4", "Petitions", 16)]
    [block] = items[0].resolution_blocks
    assert block.verb is Verb.AGREED and block.line == 12
    assert block.resolutions[0].text == "That the minutes be confirmed."
