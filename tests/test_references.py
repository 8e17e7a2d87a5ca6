"""The reference finder, table-driven: every phrasing the archive must understand."""

import datetime as dt
import random

import pytest

from generator.references import CitationScheme, ReferenceKind, ReferenceMemo, find_references

MINUTE, RANGE, RESOLUTION, MEETING = (ReferenceKind.MINUTE, ReferenceKind.MINUTE_RANGE,
                                      ReferenceKind.RESOLUTION, ReferenceKind.MEETING)

# text, expected matched span, kind, number, sub, year, committee, date
PHRASINGS = [
    ("Further to minute 28/16 the Scrutiny Board considered", "minute 28/16", MINUTE, "28", None, "2016/17", None, None),
    ("Minute 31/17 'Any Other Business', now reading as below", "Minute 31/17", MINUTE, "31", None, "2017/18", None, None),
    ("a report on minute 28/2016 was", "minute 28/2016", MINUTE, "28", None, "2016/17", None, None),
    ("(Minute No. 42 refers)", "Minute No. 42", MINUTE, "42", None, None, None, None),
    ("see min. 42 for details", "min. 42", MINUTE, "42", None, None, None, None),
    ("(Minute 48(6) refers)", "Minute 48(6)", MINUTE, "48", "6", None, None, None),
    ("as agreed at minute 12(a) above", "minute 12(a) above", MINUTE, "12", "a", None, None, None),
    ("in resolution 2 of minute 73 the Board", "resolution 2 of minute 73", RESOLUTION, "73", "2", None, None, None),
    ("minutes 40 to 42 were taken together", "minutes 40 to 42", RANGE, "40", None, None, None, None),
    ("see minute 11 above", "minute 11 above", MINUTE, "11", None, None, None, None),
    ('(see minute 11, "Lessons Learned from the Recent Ofsted Inspection", below)', "minute 11", MINUTE, "11", None, None, None, None),
    ('(minute 11, "Lessons Learned ...", referred)', "minute 11", MINUTE, "11", None, None, None, None),
    ("the matter referred to in minute 75 below headed", "minute 75 below", MINUTE, "75", None, None, None, None),
    ("Cabinet minute 34/17 refers", "Cabinet minute 34/17", MINUTE, "34", None, "2017/18", "Cabinet", None),
    ("under minute 27 of the Health Scrutiny Board the", "minute 27 of the Health Scrutiny Board", MINUTE, "27", None, None, "Health Scrutiny Board", None),
    ("minute 31 (15 January 2014) recorded", "minute 31 (15 January 2014)", MINUTE, "31", None, None, None, dt.date(2014, 1, 15)),
    ("The minutes of the meeting held on 30th November, 2017 were approved", "meeting held on 30th November, 2017", MEETING, None, None, None, None, dt.date(2017, 11, 30)),
    ("The Board noted at its meeting on 6 April 2017 that", "meeting on 6 April 2017", MEETING, None, None, None, None, dt.date(2017, 4, 6)),
    ("Minutes of the previous meeting held on 30th April, 2014. (Pages 1 - 12)", "previous meeting held on 30th April, 2014", MEETING, None, None, None, None, dt.date(2014, 4, 30)),
    ("The minutes of the meeting held on the 9th March, 2017 were approved.", "meeting held on the 9th March, 2017", MEETING, None, None, None, None, dt.date(2017, 3, 9)),
    ("a meeting held on 06/04/17 agreed", "meeting held on 06/04/17", MEETING, None, None, None, None, dt.date(2017, 4, 6)),
    ("That the next meeting take place on Wednesday 9th July, 2014, to start at 1.30 p.m.", "next meeting take place on Wednesday 9th July, 2014", MEETING, None, None, None, None, dt.date(2014, 7, 9)),
    ("That the next meeting of the Improving Lives Select Commission take place on Wednesday 11th June, 2014",
     "next meeting of the Improving Lives Select Commission take place on Wednesday 11th June, 2014", MEETING, None, None, None, "Improving Lives Select Commission", dt.date(2014, 6, 11)),
    ("matters arising from the previous meeting were", "the previous meeting", MEETING, None, None, None, None, None),
    ("The latest Improvement Board meeting takes place on 19th April 2017.", "Improvement Board meeting takes place on 19th April 2017", MEETING, None, None, None, "Improvement Board", dt.date(2017, 4, 19)),
    ("the Council meeting on 6 April 2017", "Council meeting on 6 April 2017", MEETING, None, None, None, "Council", dt.date(2017, 4, 6)),
    ("MINUTE NO 7 was", "MINUTE NO 7", MINUTE, "7", None, None, None, None),
]


@pytest.mark.parametrize("text, span, kind, number, sub, year, committee, date", PHRASINGS,
                         ids=[p[1] for p in PHRASINGS])
def test_phrasing(text, span, kind, number, sub, year, committee, date):
    [reference] = find_references(text)
    assert text[reference.start:reference.end] == reference.text == span
    assert (reference.kind, reference.number, reference.sub, reference.year, reference.committee, reference.date) == (
        kind, number, sub, year, committee, date)


@pytest.mark.parametrize("text", [
    "The Scrutiny Board noted the minutes.", "minutes were taken by the clerk", "page 42 of the report",
    "The meeting closed at 4.00 pm", "held on 31st February 2017", "a meeting on 30/02/17",
])
def test_text_without_references(text):
    assert find_references(text) == []


@pytest.mark.parametrize("citation, prefix, text, number, year", [
    ("SB{yy}/{number}", None, "as agreed at SB17/34 the Board", "34", "2017/18"),
    ("{prefix}.{number}", "OS", "see OS.12 and OS.13", "12", None),
    ("{prefix}/{number}/{mm}/{yy}", "HSB", "HSB/12/07/16 refers", "12", "2016/17"),
    ("{prefix}{number}/{yyyy}", "XY", "under XY12/2019", "12", "2019/20"),
])
def test_committee_citation_schemes_are_configuration(citation, prefix, text, number, year):
    scheme = CitationScheme.from_citation("council/committee", citation, prefix)
    reference = find_references(text, (scheme,))[0]
    assert (reference.number, reference.year, reference.scheme) == (number, year, "council/committee")


def test_purely_numeric_schemes_need_the_word_minute():
    assert CitationScheme.from_citation("c/c", "{number}/{yy}", None) is None


def test_several_references_keep_their_order_and_exact_spans():
    text = "Further to minute 28/16 and minute 67/16, the minutes of the meeting held on 9th March, 2017."
    found = find_references(text)
    assert [r.text for r in found] == ["minute 28/16", "minute 67/16", "meeting held on 9th March, 2017"]
    assert all(text[r.start:r.end] == r.text for r in found)


def test_the_finder_never_raises_on_any_input():
    generator = random.Random(7)
    alphabet = "minute No. 0123456789/()abc meeting held on the 1st January, 2017 –-\n\u00e9\u2019"
    for _ in range(500):
        text = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 200)))
        for reference in find_references(text):
            assert text[reference.start:reference.end] == reference.text
    assert find_references("") == []
    assert find_references("minute " * 10000)[:1] == []


def test_a_remembered_text_is_not_searched_again_and_gives_the_same_references(monkeypatch):
    schemes = (CitationScheme.from_citation("c/sb", "SB{yy}/{number}", None),)
    texts = ["Further to minute 28/16 and SB16/4, the Board", "No references here."]
    first = ReferenceMemo(schemes)
    found = [first.find(text) for text in texts]
    remembered = first.memo.to_remember()
    monkeypatch.setattr("generator.references.find_references", lambda *args: pytest.fail("searched again"))
    again = ReferenceMemo(schemes, remembered)
    assert [again.find(text) for text in texts] == found
    assert again.memo.to_remember() is None  # nothing new to keep


def test_references_remembered_under_other_citation_schemes_are_not_used():
    text = "as SB16/4 records"
    before = ReferenceMemo((CitationScheme.from_citation("c/sb", "SB{yy}/{number}", None),))
    assert [r.text for r in before.find(text)] == ["SB16/4"]
    after = ReferenceMemo((), before.memo.to_remember())
    assert after.find(text) == []


def test_references_found_ahead_in_two_processes_are_those_found_one_text_at_a_time(monkeypatch):
    schemes = (CitationScheme.from_citation("c/sb", "SB{yy}/{number}", None),)
    texts = [f"Further to minute {n}/16 of the meeting held on {n % 28 + 1} June 2016, and SB16/{n}." for n in range(60)]
    texts += ["No references here.", texts[0]]
    one_at_a_time = [find_references(text, schemes) for text in texts]
    memo = ReferenceMemo(schemes)
    monkeypatch.setattr("generator.references.TEXTS_WORTH_FORKING", 10)
    memo.find_all(texts, workers=2)
    monkeypatch.setattr("generator.references.find_references", lambda *args: pytest.fail("not found ahead"))
    assert [memo.find(text) for text in texts] == one_at_a_time
