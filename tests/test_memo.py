"""What builds remember of one another (generator/memo.py): the same results, never stale."""

import pytest

from generator.build import build, check
from generator.read.sources import SourceError, YamlMemo
from tests.conftest import FIXTURES, copy_archive

DUPLICATED = "status: held\nvenue: Council House\nvenue: Council Chamber\n"


def test_remembered_yaml_gives_the_same_data_and_problems_without_parsing_again(monkeypatch):
    first = YamlMemo()
    located, problems = first.parse(DUPLICATED, "content/a/b/2020-01-01/meeting.yml")
    assert problems  # the duplicated key
    monkeypatch.setattr("generator.read.sources.parse_yaml", lambda *args: pytest.fail("parsed again"))
    again = YamlMemo(first.memo.to_remember())
    assert again.parse(DUPLICATED, "content/a/b/2020-01-01/meeting.yml") == (located, problems)


def test_the_same_text_in_another_file_is_parsed_for_that_file():
    first = YamlMemo()
    first.parse(DUPLICATED, "content/a/b/2020-01-01/meeting.yml")
    _, problems = YamlMemo(first.memo.to_remember()).parse(DUPLICATED, "content/a/b/2020-02-01/meeting.yml")
    assert {problem.file for problem in problems} == {"content/a/b/2020-02-01/meeting.yml"}


def test_yaml_that_fails_to_parse_is_never_remembered():
    memo = YamlMemo()
    with pytest.raises(SourceError):
        memo.parse("agenda: [", "content/a/b/2020-01-01/meeting.yml")
    assert memo.memo.to_remember() is None


def test_a_check_that_remembers_the_last_build_reports_what_a_fresh_one_does(tmp_path):
    root = copy_archive(FIXTURES / "cross-references", tmp_path / "archive")
    assert build(root).ok
    assert (root / ".scrutiny/yaml.pickle").is_file() and (root / ".scrutiny/references.pickle").is_file()
    fresh = copy_archive(root, tmp_path / "fresh")
    remembering, not_remembering = check(root).diagnostics, check(fresh).diagnostics
    assert remembering and [d.format() for d in remembering] == [d.format() for d in not_remembering]
