"""Golden files: the rendered content of the fixture archive's pages, byte for byte.

After an intended change to templates, regenerate with UPDATE_GOLDEN=1 and review the diff.
"""

import os
import re
from pathlib import Path

import pytest

from generator.build import build

GOLDEN = Path(__file__).resolve().parent / "golden"
PAGES = {
    "meeting.html": "testshire/overview-scrutiny/2016-06-01/index.html",
    "report.html": "testshire/overview-scrutiny/2016-06-01/fostering-report/index.html",
    "committee.html": "testshire/overview-scrutiny/index.html",
}


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    from tests.conftest import FIXTURES, copy_archive

    root = copy_archive(FIXTURES / "minimal-archive", tmp_path_factory.mktemp("golden"))
    assert build(root).ok
    return root / "site"


def article(page: Path) -> str:
    return re.search(r"<article\b.*?</article>", page.read_text(), flags=re.S).group(0) + "\n"


@pytest.mark.parametrize("golden_name", sorted(PAGES))
def test_page_matches_golden_file(fixture_site, golden_name):
    rendered = article(fixture_site / PAGES[golden_name])
    golden = GOLDEN / golden_name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(rendered)
    assert rendered == golden.read_text(), f"{golden_name} changed; UPDATE_GOLDEN=1 to accept"
