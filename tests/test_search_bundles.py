"""The search index's bundles (site_paths.search_bundles): a council's committees share one up to
BUNDLE_MEETINGS meetings, since a first search fetches a chunk of the word index from every
bundle; a bigger committee has its own, since an edit re-indexes the bundles holding the pages it
changed (tests/test_build.py rebuilds after edits)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from generator.build import check
from generator.records.site_paths import (
    BUNDLE_MEETINGS,
    LONGEST_BUNDLE_NAME,
    bundle_folders,
    bundle_of,
    meeting_path,
    search_bundles,
)
from tests.conftest import FIXTURES, PROJECT_ROOT


@pytest.fixture(scope="module")
def northshire_archive():
    result = check(FIXTURES / "cross-references")
    assert result.ok
    return result.archive


def with_meetings(archive, counts: dict[str, int], slugs: dict[str, str] | None = None):
    """The archive with Northshire's committees given that many meetings (copies of their first),
    and renamed as `slugs` says."""
    slugs = slugs or {}
    northshire = archive.councils[0]
    committees = tuple(replace(c, slug=slugs.get(c.slug, c.slug), meetings=(c.meetings[0],) * counts[c.slug])
                       for c in northshire.committees)
    return replace(archive, councils=(replace(northshire, committees=committees), *archive.councils[1:]))


def test_a_councils_committees_with_few_meetings_share_a_bundle(northshire_archive):
    assert [b for b in search_bundles(northshire_archive) if not b.endswith("/people")] == [
        "northshire/children-scrutiny_health-scrutiny-board", "southton/overview-scrutiny"]
    assert bundle_folders("northshire/children-scrutiny_health-scrutiny-board") == [
        "northshire/children-scrutiny", "northshire/health-scrutiny-board"]


@pytest.mark.parametrize("children, health, bundles", [
    (BUNDLE_MEETINGS - 100, 100, ["northshire/children-scrutiny_health-scrutiny-board"]),
    (BUNDLE_MEETINGS - 99, 100, ["northshire/children-scrutiny", "northshire/health-scrutiny-board"]),
    (BUNDLE_MEETINGS + 1, 1, ["northshire/children-scrutiny", "northshire/health-scrutiny-board"]),
    (3, 0, ["northshire/children-scrutiny"]),  # a committee without meetings has no pages to index
])
def test_a_bundle_holds_at_most_bundle_meetings_unless_one_committee_has_more(northshire_archive, children, health,
                                                                               bundles):
    archive = with_meetings(northshire_archive, {"children-scrutiny": children, "health-scrutiny-board": health})
    assert [b for b in search_bundles(archive) if b.startswith("northshire/") and not b.endswith("/people")] == bundles


def test_a_bundles_folder_name_stays_short(northshire_archive):
    long = {"children-scrutiny": "children-" * 6 + "scrutiny", "health-scrutiny-board": "health-" * 8 + "board"}
    archive = with_meetings(northshire_archive, {"children-scrutiny": 1, "health-scrutiny-board": 1}, long)
    bundles = [b for b in search_bundles(archive) if b.startswith("northshire/") and not b.endswith("/people")]
    assert bundles == [f"northshire/{long['children-scrutiny']}", f"northshire/{long['health-scrutiny-board']}"]
    assert all(len(b.split("/")[1]) <= LONGEST_BUNDLE_NAME for b in bundles)


def test_every_indexed_page_is_in_exactly_one_bundle():
    result = check(PROJECT_ROOT)
    assert result.ok
    folders = [folder for bundle in search_bundles(result.archive) for folder in bundle_folders(bundle)]
    assert len(folders) == len(set(folders))
    for meeting in result.archive.meetings:
        assert bundle_of(meeting_path(meeting)) in folders
