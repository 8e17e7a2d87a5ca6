"""The reference finder, table-driven: every phrasing the archive must understand."""

import datetime as dt
import random

import pytest

from generator.link.references import CitationScheme, ReferenceKind, ReferenceMemo, find_references

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
    ("Agenda Item Number 15, Minute Number 112/23 – Parking", "Minute Number 112/23", MINUTE, "112", None, "2023/24", None, None),
    ("as agreed at minute item 32/24 the", "minute item 32/24", MINUTE, "32", None, "2024/25", None, None),
    ("see item 33/24 for", "item 33/24", MINUTE, "33", None, "2024/25", None, None),
    ("Minute No. 12 (a) refers", "Minute No. 12 (a)", MINUTE, "12", "a", None, None, None),
    ("Minute 32 (Policy and Resources Committee (18/12/20)) refers", "Minute 32 (Policy and Resources Committee (18/12/20))",
     MINUTE, "32", None, None, "Policy and Resources Committee", dt.date(2020, 12, 18)),
    ("Minute 424 of Cabinet held on Tuesday, 2nd November 2021, which", "Minute 424 of Cabinet held on Tuesday, 2nd November 2021",
     MINUTE, "424", None, None, "Cabinet", dt.date(2021, 11, 2)),
    ("the Cabinet at its meeting held on 6 June 2016 agreed", "Cabinet at its meeting held on 6 June 2016", MEETING, None, None,
     None, "Cabinet", dt.date(2016, 6, 6)),
    ("the minutes of the Overview Scrutiny Committee held on Thursday, 6 July 2023 were agreed",
     "Overview Scrutiny Committee held on Thursday, 6 July 2023", MEETING, None, None, None, "Overview Scrutiny Committee",
     dt.date(2023, 7, 6)),
    ("the meeting of this Board held on 15 November 2018 approved", "meeting of this Board held on 15 November 2018", MEETING,
     None, None, None, None, dt.date(2018, 11, 15)),
    # Stockport: the citing body by a shorter name, its last meeting without a date.
    ("At the last meeting of the Scrutiny Committee, it was resolved", "last meeting of the Scrutiny Committee", MEETING,
     None, None, None, "Scrutiny Committee", None),
    ("the recommendation made by the Scrutiny Committee at its last meeting.", "Scrutiny Committee at its last meeting",
     MEETING, None, None, None, "Scrutiny Committee", None),
    ("(Minute 66.1 refers)", "Minute 66.1", MINUTE, "66", "1", None, None, None),
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
    ("{prefix}/{number}/{mm}/{yy}", "HSB", "HSB/12/07/16 refers", "12", None),
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
    monkeypatch.setattr("generator.link.references.find_references", lambda *args: pytest.fail("searched again"))
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
    monkeypatch.setattr("generator.link.references.TEXTS_WORTH_FORKING", 10)
    memo.find_all(texts, workers=2)
    monkeypatch.setattr("generator.link.references.find_references", lambda *args: pytest.fail("not found ahead"))
    assert [memo.find(text) for text in texts] == one_at_a_time


@pytest.mark.parametrize("text, number, prefix, month, year", [
    ("see Minute AB/40/11/18 now", "40", "AB", (2018, 11), None),
    ("see minute E/1/06/19 now", "1", "E", (2019, 6), None),
    ("see Minute CB21/86 now", "86", "CB", None, "2021/22"),
    ("the Council's Minute No. CL.34 was", "34", "CL", None, None),
    ("(Minute 52/02/2016) would", "52", None, (2016, 2), None),
    ("Minute 111 – March 2017 - Resolutions", "111", None, (2017, 3), None),
])
def test_prefixes_and_months_are_kept_for_the_resolver(text, number, prefix, month, year):
    [reference] = find_references(text)
    assert (reference.number, reference.prefix, reference.month, reference.year) == (number, prefix, month, year)


def test_a_bare_number_takes_the_meeting_named_before_it_in_the_sentence():
    found = find_references("the Council meeting on 20 October agreed the budget (Minute No. 57 refers). Minute 58 was")
    assert [(r.text, r.committee, r.day_month) for r in found] == [
        ("Council meeting on 20 October", "Council", (20, 10)), ("Minute No. 57", "Council", (20, 10)),
        ("Minute 58", None, None)]


def test_lists_and_second_dates_are_each_a_reference():
    assert [r.number for r in find_references("Items 15 and 17 (minutes 290 and 292) as")] == ["290", "292"]
    dates = [r.date for r in find_references("the minutes of the Scrutiny Board held on 23 February 2016 and 7 June 2016.")]
    assert dates == [dt.date(2016, 2, 23), dt.date(2016, 6, 7)]


def test_a_sub_item_of_a_prefixed_scheme_is_kept():
    scheme = CitationScheme.from_citation("c/os", "{prefix}.{number}", "OS")
    [reference] = find_references("Minute No. OS.14.4 refers", (scheme,))
    assert (reference.number, reference.sub) == ("14", "4")
    assert scheme.number_of("OS.14.") == "14"


@pytest.mark.parametrize("text, spans", [
    ("minutes 40 to 42 were taken together", [("minutes 40", RANGE, "40"), ("42", MINUTE, "42")]),
    ("minutes 40 to 42/16 refer", [("minutes 40", RANGE, "40"), ("42/16", MINUTE, "42")]),
    ("[Note Minute paras 456 to 469 below summarises", [("Minute paras 456", RANGE, "456"), ("469", MINUTE, "469")]),
])
def test_each_number_of_a_range_is_a_reference_of_its_own(text, spans):
    """So that each number written out links to its minute; the minutes between link back."""
    found = find_references(text)
    assert [(r.text, r.kind, r.number) for r in found] == spans
    assert found[0].last == spans[-1][2]
    assert found[-1].year == found[0].year


def test_a_last_meeting_without_the_body_named_before_it_is_left_as_text():
    """'The Cabinet, at its last meeting': whose meeting is not read, so nothing is guessed."""
    assert [r.text for r in find_references("The Cabinet, at its last meeting, agreed")] == []
