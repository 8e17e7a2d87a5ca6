"""The HTML blocks of our pages reach the engine marked (generator/render/html_blocks.py) and pass
through whole (the Markdown extension generator/publish/prerendered_html.py), and the engine makes
of a page exactly what it made when it parsed every block itself (with `md_in_html`): the same
HTML, the same contents (headings with their anchors). Checked on every page of the sample
archive and on pages made up by hypothesis of the shapes the scan follows and those it leaves to
the engine, with hostile text in attribute values (a marker among it) and in the Markdown.
"""

from __future__ import annotations

import re

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils import meta

from generator.publish.mkdocs_project import PRERENDERED_HTML
from generator.render.html_blocks import mark_html_blocks
from generator.render.page_text import page_text

COMMON = ["attr_list", "tables", "sane_lists", "toc"]
UNMARKED = re.compile(r"^<!--html (?:\d+|blocks)-->\n", re.M)


def engine(marked: bool) -> markdown.Markdown:
    """Python-Markdown as the exported mkdocs.yml configures it (`marked`), or as it was before:
    `md_in_html` parsing every block."""
    extensions = COMMON + ([PRERENDERED_HTML] if marked else ["md_in_html"])
    return markdown.Markdown(extensions=extensions, extension_configs={"toc": {"permalink": True}})


def convert(text: str, marked: bool) -> tuple[str, list]:
    md = engine(marked)
    return md.convert(text), md.toc_tokens


def assert_converted_alike(page: str) -> None:
    marked = mark_html_blocks(page)
    if re.search("^<!--html", page, re.M):
        assert marked == page, "a page holding a marker line of its own was marked"
    else:
        assert UNMARKED.sub("", marked) == page, "marking changed the page's own text"
    # The engine converts what follows the front matter.
    assert convert(meta.get_data(marked)[0], marked=True) == convert(meta.get_data(page)[0], marked=False)


def test_every_page_of_the_sample_archive_converts_as_before(sample_site):
    docs = sample_site.parent / ".scrutiny" / "docs"
    pages = sorted(docs.rglob("*.md"))
    marked_pages = 0
    for path in pages:
        text, _ = meta.get_data(path.read_text(encoding="utf-8"))
        unmarked = UNMARKED.sub("", text)
        assert convert(text, marked=True) == convert(unmarked, marked=False), path
        marked_pages += text != unmarked
    # Every page we render is marked; the guide (Markdown we did not render) is not.
    assert marked_pages == len(pages) - 1


def test_a_meeting_page_keeps_its_headings_in_the_contents(sample_site):
    page = next((sample_site.parent / ".scrutiny" / "docs").rglob("2017-04-06/index.md"))
    text, _ = meta.get_data(page.read_text(encoding="utf-8"))
    assert "<!--html " in text
    html, toc = convert(text, marked=True)
    ids = [token["id"] for token in _flatten(toc)]
    assert {"attendance", "minutes"} <= set(ids)
    assert any(anchor.startswith("minute-") for anchor in ids)
    assert 'id="minutes"' in html and "<!--html" not in html


def _flatten(tokens: list) -> list:
    return [found for token in tokens for found in [token, *_flatten(token["children"])]]


@pytest.mark.parametrize("page", [
    # Forged markers inside attribute values (any text may be there), before and in a block.
    '<div title="\n<!--html 1-->\n<p>x</p>\n">\n<p>a</p>\n</div>\n\n## H {#h}\n\n<p>b</p>\n',
    '<p title="<!--html 9-->">a</p>\n<p>b</p>\n',
    '<p title="a>b" data-x=\'</p>\'>c</p>\n\n# T\n',
    # A page that already holds a marker line, or a carriage return: left to the engine.
    "<!--html 1-->\n<p>a</p>\n<div>\n<p>b</p>\n</div>\n",
    "<p>a\rb</p>\n\n<p>c</p>\n",
    # What the scan leaves to the engine from there on: text after a block, an indent, a comment,
    # a rule, an unclosed element, a script inside a block.
    "<p>a</p> tail *b*\n<div>\n<p>c</p>\n</div>\n",
    "<p>a</p>\n   <div>\n<p>b</p>\n\n</div>\n<p>c</p>\n",
    "<p>a</p>\n<!-- c -->\n<p>b</p>\n",
    "<p>a</p>\n<hr><div>\nb\n</div>\n<p>c</p>\n",
    "<p>a</p>\n<div>\n<p>b</p>\n",
    "<div><script>var x = '</div>';</script></div>\n<p>c</p>\n",
    # Inline HTML opening a line is a paragraph of Markdown, around blocks.
    "<span>a *b*</span>\n<div>\nc\n</div>\n<span>d</span>\n\n<p>e</p>",
    # Blocks with blank lines inside, next to one another, at the very end.
    "# T\n<ol>\n<li>a\n\n<p>b</p></li>\n</ol>\n<ul><li>c</li></ul>\n\n\n<p>d</p>",
    "<DIV CLASS='x'>\n<div>a</div>\n<div/>\n</DIV>\n",
    "---\ntitle: x\n---\n\n<p>a</p>\n",
])
def test_pages_the_scan_must_not_misread(page):
    assert_converted_alike(page)


def test_a_page_with_a_marker_line_of_its_own_is_left_unmarked():
    for page in ("<p>a</p>\n<!--html 5-->\n<p>b</p>\n", '<p title="\n<!--html blocks-->">a</p>\n'):
        assert mark_html_blocks(page) == page


def test_a_marked_page_says_so_on_its_first_line():
    assert mark_html_blocks("---\ntitle: x\n---\n\n# T\n\n<p>a</p>\n") == (
        "---\ntitle: x\n---\n<!--html blocks-->\n\n# T\n\n<!--html 1-->\n<p>a</p>\n")
    assert mark_html_blocks("# T\n\nNo HTML.\n") == "# T\n\nNo HTML.\n"


# Hostile text, as our templates print it: escaped by page_text outside attributes and inside.
HOSTILE = st.lists(st.sampled_from(['<', '>', '"', "'", "&", "\n", " ", "*", "#", "{", "}", "x", "<!--html 2-->",
                                   "\n<!--html 1-->\n", "</div>", "<div>", "`", "\t", "\u2028"]), max_size=8).map("".join)
NAMES = st.sampled_from(["div", "p", "ul", "li", "ol", "table", "tr", "td", "nav", "dl", "dd", "section",
                         "span", "a", "strong", "details", "summary", "noscript"])


@st.composite
def elements(draw, depth: int = 0) -> str:
    name = draw(NAMES)
    # An attribute value as a template prints it, or as the HTML cleaner writes one (with `<`,
    # `>` and line breaks as they are).
    attribute = draw(st.one_of(st.just(""), HOSTILE.map(lambda text: f' title="{page_text(text)}"'),
                               HOSTILE.map(lambda text: ' title="{}"'.format(
                                   text.replace("&", "&amp;").replace('"', "&quot;"))),
                               st.just(' title="a>b"'), st.just(" hidden")))
    children = draw(st.lists(st.one_of(HOSTILE.map(page_text), elements(depth + 1)) if depth < 3 else
                             HOSTILE.map(page_text), max_size=3))
    separator = draw(st.sampled_from(["", "\n", "\n\n"]))
    return f"<{name}{attribute}>{separator}{separator.join(children)}{separator}</{name}>"


LINES = st.one_of(
    elements(),
    HOSTILE.map(lambda text: f"## {page_text(text)} {{#h-{len(text)}}}"),
    HOSTILE.map(page_text),
    st.sampled_from(["", "<hr>", "   <div>x</div>", "<!-- note -->", "<br>", "<p>a</p> after",
                     "<script src=\"x.js\" defer></script>", "<div>\n\n<p>open</p>"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, max_size=10).map("\n".join))
def test_any_page_of_blocks_headings_and_text_converts_as_before(page):
    assert_converted_alike(page)
