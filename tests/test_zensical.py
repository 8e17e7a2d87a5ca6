"""Zensical builds the exported project as it is: the sample archive's mkdocs.yml, our theme
override (partials/languages/en-GB.html) and our Markdown extension, which it runs.

Zensical is not a dependency of the project: the test runs it where it is installed, found as
the `zensical` command or through SCRUTINY_ZENSICAL (the path of its command, for instance in a
virtual environment of its own), and is skipped otherwise. Zensical imports our extension from
this checkout (PYTHONPATH), as an engine installed elsewhere would.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.render.html_blocks import MARKED_PAGE
from tests.conftest import PROJECT_ROOT

ZENSICAL = os.environ.get("SCRUTINY_ZENSICAL") or shutil.which("zensical")

pytestmark = pytest.mark.skipif(ZENSICAL is None or not Path(ZENSICAL).is_file(),
                                reason="Zensical is not installed (set SCRUTINY_ZENSICAL to its command)")


def article_text(page: Path) -> str:
    """The words of a page's content, from its heading on, without markup or white space (the
    engines' templates differ around the content, and Zensical highlights code)."""
    found = re.search(r"<article\b.*?</article>", page.read_text(encoding="utf-8"), flags=re.S)
    content = found.group(0)
    content = content[content.find("<h1"):]
    return "".join(html.unescape(re.sub(r"<[^>]*>", " ", content)).split())


@pytest.fixture(scope="module")
def zensical_site(sample_site, tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("zensical") / "project"
    shutil.copytree(sample_site.parent / ".scrutiny", project)
    environment = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    result = subprocess.run([ZENSICAL, "build", "-f", str(project / "mkdocs.yml")], cwd=project,
                            env=environment, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def test_zensical_builds_every_page_we_render_with_the_content_mkdocs_gives_it(sample_site, zensical_site):
    """Every page the render stage wrote (the guide, Markdown of its own, has code that Zensical
    highlights its own way)."""
    docs = sample_site.parent / ".scrutiny" / "docs"
    sources = [page.relative_to(docs) for page in docs.rglob("*.md") if MARKED_PAGE in page.read_text(encoding="utf-8")]
    assert sources
    for source in sources:
        built = source.parent / "index.html" if source.name == "index.md" else source.with_suffix("") / "index.html"
        assert article_text(zensical_site / built) == article_text(sample_site / built), built


def test_zensical_keeps_the_sites_language_and_runs_our_extension(zensical_site):
    home = (zensical_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en-GB"' in home
    # The extension takes the markers out; an engine that skipped it would leave them as comments.
    assert not [page for page in zensical_site.rglob("*.html") if "<!--html" in page.read_text(encoding="utf-8")]
    meeting = next(zensical_site.rglob("2017-04-06/index.html")).read_text(encoding="utf-8")
    # Headings stay Markdown: their anchors (attr_list) are there and in the contents.
    assert re.search(r'<h2 id="minutes"', meeting)
    assert 'href="#minutes"' in meeting
