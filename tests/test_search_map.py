"""The search page's map of citations and dates (generator/search_map.py), as the build writes it."""

import json
import re

import pytest

from generator.build import check
from generator.exports.search_map import search_map_files, shard_count, shard_of
from tests.conftest import FIXTURES, PROJECT_ROOT


def map_of(root) -> dict[str, dict]:
    result = check(root)
    return {f.path.removeprefix("search-map/"): json.loads(f.content) for f in search_map_files(result.archive)}


@pytest.fixture(scope="module")
def sample_map():
    return map_of(PROJECT_ROOT)


def test_the_index_names_committees_and_years_and_no_minute(sample_map):
    index = sample_map["index.json"]
    assert [c["council"] for c in index["committees"]][:1] == ["Coventry City Council"]
    assert index["years"] == ["2014", "2015", "2016", "2017", "2018"]
    assert "Pupil Premium" not in json.dumps(index)


def test_a_minute_is_filed_once_by_its_number_with_its_committee_and_municipal_year(sample_map):
    index = sample_map["index.json"]
    shard = sample_map[f"citations/{shard_of('62', index['shards'])}.json"]
    [row] = shard["62"]
    committee, meeting, anchor, number, title, year = row
    assert index["committees"][committee]["url"] == "rotherham/improving-lives-select-commission/"
    assert (meeting, anchor, number, title, year) == ("2014-04-30", "minute-62", "62", "Impact of the Pupil Premium", "2013/14")


def test_meetings_are_filed_by_date_in_a_file_a_year(sample_map):
    [[committee, meeting, title]] = sample_map["dates/2018.json"]["2018-01-11"]
    assert meeting == "2018-01-11" and title == ""


def test_a_committees_own_citation_pattern_is_the_finders_in_javascripts_syntax():
    index = map_of(FIXTURES / "cross-references")["index.json"]
    patterns = {c["name"]: c["citation"] for c in index["committees"]}
    assert patterns["Children's Scrutiny Board"] is None  # numeric: recognised after the word minute
    own = patterns["Overview and Scrutiny Committee"]
    assert "(?<number>" in own and "(?P<" not in own
    assert re.fullmatch(own.replace("(?<", "(?P<"), "OS.14")["number"] == "14"


def test_shards_grow_by_powers_of_two_and_the_hash_is_javascripts():
    assert [shard_count(n) for n in (0, 300, 301, 5000)] == [1, 1, 2, 32]
    # search.js: value = (Math.imul(value, 31) + code) >>> 0, masked
    assert shard_of("62", 1024) == (ord("6") * 31 + ord("2")) % 1024
    assert 0 <= shard_of("1234567890a", 64) < 64
