"""Text never becomes markup: whatever a record or site_config.yml holds in a text field, every page
shows it as text (no new element, attribute or link), every export still parses, and the build
never crashes.

The archive in tests/fixtures/every-text-field/ has a placeholder in every text field of every
record type: "@T@" where the field is plain text (titles, names, headings), "@M@" where it is
Markdown. A build with plain words in them is the baseline each hostile build is compared with.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import shutil
import xml.etree.ElementTree as ElementTree
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.records.diagnostics import has_errors
from tests.conftest import FIXTURES, PROJECT_ROOT
from tests.test_safety import LiveMarkup

ARCHIVE = FIXTURES / "every-text-field"
MEETING = "testshire/overview-scrutiny/2016-06-01"
PLAIN, PLAIN_MARKDOWN = "Plain", "Plain text."

# No digits: a number in a title can rightly be read as a reference to a minute, which would add a
# link, and the test is of markup, not of references.
PAYLOADS = [
    '"', "'", "<", ">", "&", "&amp;", "&#x3c;", "[", "]", "(", ")", "{", "}", "#", "*", "_", "`", "|", "!",
    "\\", ":", "=", "-", "+", ".", "~", " ", "  ", "\n", "\n---\n", "---", "...", "\t", "a", "Z", "é", "ß",
    "<script>alert(x)</script>", '" onfocus="alert(x)" autofocus x="', "'><img src=x onerror=alert(x)>",
    "[link](javascript:alert(x))", "![img](javascript:alert(x))", "<javascript:alert(x)>",
    "{onclick=alert(x)}", "{: .x onclick=alert(x) }", "{#minute-1}", "{{ x*y }}", "{% raw %}", "{%# x #%}",
    "*em*", "__strong__", "`code`", "| a | b |", "\n| - | - |\n", "# heading", "\n## Z. Heading",
    "\n::: RESOLVED", "<!--", "-->", "]]>", "<![CDATA[", "\u2028", "\u00a0", "\u200b", "javascript:",
    "data:text/html,x", "[x]: javascript:alert(x)", "[^a]", "&lt;b&gt;", "%3Cscript%3E", "=HYPERLINK(a)",
]
CONTROL_CHARACTERS = ["\x00", "\x0b", "\x1b", "\x7f", "\ufffe"]


def hostile_text(control: bool = False) -> st.SearchStrategy[str]:
    tokens = PAYLOADS + (CONTROL_CHARACTERS if control else [])
    return st.lists(st.sampled_from(tokens), min_size=1, max_size=12).map("".join)


def yaml_quoted(text: str) -> str:
    """`text` as a double-quoted YAML scalar, for any string."""
    return yaml.safe_dump(text, default_style='"', allow_unicode=True, width=2**31 - 1).removesuffix("...\n").strip()


def fill(root: Path, plain: str, markdown: str) -> None:
    """Put `plain` into every plain-text field and `markdown` into every Markdown field. In the body
    of a Markdown file (a minute heading, a part heading) a line break would end the field, so
    there it is a space."""
    for path in root.joinpath("content").rglob("*"):
        if path.suffix in (".yml", ".md"):
            _fill_file(path, plain, markdown)
    # The site's title and names are refused with a line break in them (they head every page).
    _fill_file(root / "site_config.yml", " ".join(plain.splitlines()) or PLAIN, markdown)


def _fill_file(path: Path, plain: str, markdown: str) -> None:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'"@T@( [A-Z])?"', lambda m: yaml_quoted(plain + (m[1] or "")), text)
    text = text.replace('"@M@"', yaml_quoted(markdown))
    one_line = " ".join(plain.splitlines()) or PLAIN
    text = text.replace("@T@", one_line).replace("@M@", markdown)
    path.write_text(text, encoding="utf-8")


def built(tmp: Path, plain: str, markdown: str):
    root = tmp / "archive"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(ARCHIVE, root)
    shutil.copytree(PROJECT_ROOT / "theme", root / "theme")
    fill(root, plain, markdown)
    return root, build(root)


class Shape(HTMLParser):
    """A page's elements in order, each with its attribute names, and the URLs it links to: what a
    text field must never change."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, tuple[str, ...]]] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, tuple(sorted(name for name, _ in attrs))))
        # A heading's id (and the contents' link to it) may be made from its text: only where a
        # link leads off the page is part of the page's shape.
        self.urls += ["#" if (value or "").startswith("#") else value or ""
                      for name, value in attrs if name in ("href", "src", "action")]


def shape(html: str) -> Shape:
    parser = Shape()
    parser.feed(html)
    return parser


def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


@cache
def baseline(tmp_root: Path) -> dict[str, Shape]:
    root, result = built(tmp_root / "baseline", PLAIN, PLAIN_MARKDOWN)
    assert result.ok, [d.format() for d in result.diagnostics]
    return {path: shape(html) for path, html in pages(root / "site").items()}


def assert_no_live_markup(site: Path) -> None:
    for path, html in pages(site).items():
        parser = LiveMarkup()
        parser.feed(html)
        assert parser.found == [], path


def assert_exports_parse(site: Path) -> None:
    for path in sorted(site.rglob("*")):
        if not path.is_file() or "pagefind" in path.parts:
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        name = path.name.removesuffix(".gz")
        if name.endswith(".json"):
            json.loads(data)
        elif name.endswith((".atom", ".xml")):
            ElementTree.fromstring(data)
        elif name.endswith(".ics"):
            icalendar.Calendar.from_ical(data)
        elif name.endswith(".csv"):
            rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
            assert rows, path


def assert_nothing_new(site: Path, expected: dict[str, Shape]) -> None:
    """Every kind of element (a tag with its attribute names) and every URL on the hostile site's
    pages is one the baseline's pages have: a text field added no element, attribute or link.
    (Which minutes an agenda item or a tracker row is matched with can rightly depend on their
    words, so the count of each is not compared.)"""
    found = pages(site)
    assert sorted(found) == sorted(expected)
    kinds = {element for page in expected.values() for element in page.elements}
    urls = {url for page in expected.values() for url in page.urls}
    for path, html in found.items():
        page = shape(html)
        assert set(page.elements) <= kinds, (path, set(page.elements) - kinds)
        assert set(page.urls) <= urls, (path, set(page.urls) - urls)


def visible_text(html: str) -> str:
    """The text a reader sees (character references decoded), whitespace made single spaces."""
    class Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []

        def handle_data(self, data):
            self.parts.append(data)
    parser = Text()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


def heading(html: str, anchor: str) -> str:
    match = re.search(rf'<h\d id="{anchor}">(.*?)<a class="headerlink"', html, re.S)
    assert match, f"no heading #{anchor}"
    return visible_text(match[1])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=hostile_text())
def test_any_text_in_a_plain_field_is_shown_as_text_and_changes_no_element(tmp_path_factory, text):
    tmp = tmp_path_factory.getbasetemp()
    expected = baseline(tmp)
    root, result = built(tmp / "hostile", text, PLAIN_MARKDOWN)
    if not result.ok:  # refused: then with a located diagnostic, never a crash
        assert has_errors(result.diagnostics)
        assert all(d.file and d.line >= 0 for d in result.diagnostics)
        return
    site = root / "site"
    assert_no_live_markup(site)
    assert_nothing_new(site, expected)
    assert_exports_parse(site)
    meeting = (site / MEETING / "index.html").read_text(encoding="utf-8")
    shown = " ".join(text.split())
    assert shown in heading(meeting, "minute-1")
    assert shown in visible_text(re.search(r"<h1[^>]*>(.*?)</h1>", meeting, re.S)[1])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=hostile_text(control=True), markdown=hostile_text(control=True))
def test_any_text_anywhere_builds_safely_or_is_refused_with_its_place(tmp_path_factory, text, markdown):
    root, result = built(tmp_path_factory.getbasetemp() / "anywhere", text, markdown)
    if not result.ok:
        assert has_errors(result.diagnostics)
        assert all(d.file and d.line >= 0 for d in result.diagnostics)
        return
    assert_no_live_markup(root / "site")
    assert_exports_parse(root / "site")


@pytest.mark.parametrize("payload", [
    '<script>alert(x)</script>', '" onfocus="alert(x)" autofocus x="', "[x](javascript:alert(x))",
    "Title {onclick=alert(x)}", "Budget {draft}", "A\n---\nB", "{{ x*y }}",
])
def test_scenario_hostile_plain_text_everywhere(tmp_path, payload):
    root, result = built(tmp_path, payload, PLAIN_MARKDOWN)
    assert result.ok, [d.format() for d in result.diagnostics]
    site = root / "site"
    assert_no_live_markup(site)
    assert_nothing_new(site, baseline(tmp_path / "base"))
    assert_exports_parse(site)
    meeting = (site / MEETING / "index.html").read_text(encoding="utf-8")
    shown = " ".join(payload.split())
    assert shown in heading(meeting, "minute-1"), "a minute title's braces are text, and its anchor survives"
    title = re.search(r"<title>(.*?)</title>", meeting, re.S)[1]
    assert visible_text(title).startswith(shown), "the page title, from the front matter"


def test_a_minute_titled_with_braces_keeps_its_anchor_and_permalink(tmp_path):
    root, result = built(tmp_path, "Budget {2016/17} {#other .x}", PLAIN_MARKDOWN)
    assert result.ok, [d.format() for d in result.diagnostics]
    meeting = (root / "site" / MEETING / "index.html").read_text(encoding="utf-8")
    assert heading(meeting, "minute-1") == "1. Budget {2016/17} {#other .x}"
    redirect = (root / "site/m/testshire/osc/2016-06-01/1/index.html").read_text(encoding="utf-8")
    assert "2016-06-01/#minute-1" in redirect
