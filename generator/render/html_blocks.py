"""The HTML blocks of a rendered page, marked so that the Markdown engine stores them whole.

Our pages are Markdown made mostly of HTML blocks (a heading in Markdown, then the HTML we
rendered for what it heads). Python-Markdown finds each raw HTML block by feeding the page to
Python's HTML parser, tag by tag, which costs more than the rest of the page's conversion. The
blocks are ours and well formed, so the render stage finds each one's extent here, with a
regular expression over its tags, by the rules Python-Markdown's `HTMLExtractor` follows (a
block-level start tag at the start of a line opens a block; the end tag that closes it ends it),
and puts a marker line before it: `<!--html N-->`, the block's length in lines (and a line
`<!--html blocks-->` first, after the front matter, to say the page is marked). The Markdown
extension `generator.publish.prerendered_html` (named in mkdocs.yml) stores each marked block in
the engine's HTML stash as it is, before any block parser sees it, exactly as the HTML parser
would have stored it; the engine then converts only the Markdown between the blocks (headings).
An engine without the extension shows the same page: a marker is an HTML comment.

Why a length and not an end marker: an attribute value inside a block may hold any text,
an end marker included, but no text can change a count of lines. A marker cannot come from
text either: outside the blocks our pages' text is escaped (`<` is `&lt;`); a page that already
holds a line that starts like a marker (an attribute value may hold one), or a carriage return
(which an engine reads as a line break), is left unmarked, without the first line, so the
extension reads none of its lines as a marker. Everything after anything the scan does not
follow (a block that does not end its line, a comment, an unclosed element) is left unmarked:
Python-Markdown reads that part itself, as before.
"""

from __future__ import annotations

import functools
import re

from markdown.util import BLOCK_LEVEL_ELEMENTS

MARKER = "<!--html {}-->"
MARKER_LINE = re.compile(r"^<!--html (\d+)-->$", re.M)
# The first line of a marked page's Markdown: the extension reads the markers of no other page.
MARKED_PAGE = "<!--html blocks-->"
_MARKER_LIKE = re.compile(r"^<!--html", re.M)

# Elements Python-Markdown reads as a block of raw HTML when one starts a line. `hr` is stored
# as a block of its own (with what follows on its line); the rest of the void elements never
# open a block.
_BLOCK_ELEMENTS = frozenset(BLOCK_LEVEL_ELEMENTS) - {"hr"}
# A line that starts with `<` (after up to three spaces, as Python-Markdown allows): group 1 is
# the indent, group 2 the element's name when what follows is a start tag.
_LINE_OF_HTML = re.compile(r"^( {0,3})<([A-Za-z][^\t\n\r\f />\x00`]*)?", re.M)
_NAME = r"[A-Za-z][^\t\n\r\f />\x00`]*+"
# A tag's attributes: quoted values may hold `>`.
_ATTRIBUTES = r"""(?:[^>"']++|"[^"]*+"|'[^']*+')*+"""


def mark_html_blocks(page: str) -> str:
    """The page with a marker line before each HTML block it opens a line with; its text
    otherwise unchanged (removing the marker lines gives the page back)."""
    if "\r" in page or _MARKER_LIKE.search(page):
        return page
    body = _after_front_matter(page)
    pieces = [page[:body], MARKED_PAGE, "\n"]
    copied = scan = body
    while (start := _LINE_OF_HTML.search(page, scan)) is not None:
        if start[1] or start[2] is None or start[2].lower() == "hr":
            break  # an indented tag, a comment, an end tag, a rule: Python-Markdown's reading follows
        tag = start[2].lower()
        if tag not in _BLOCK_ELEMENTS:
            scan = _end_of_line(page, start.start()) + 1  # inline HTML: part of a paragraph
            continue
        end = _block_end(page, start.start(), tag)
        if end is None:
            break
        line_end = _end_of_line(page, end)
        if page[end:line_end].strip(" "):
            break  # more after the block on its line: Python-Markdown's own reading follows
        pieces += [page[copied:start.start()], MARKER.format(page.count("\n", start.start(), line_end) + 1),
                   "\n", page[start.start():line_end]]
        copied = scan = line_end
    if len(pieces) == 3:
        return page  # no block to mark
    pieces.append(page[copied:])
    return "".join(pieces)


def _end_of_line(page: str, position: int) -> int:
    found = page.find("\n", position)
    return len(page) if found < 0 else found


def _after_front_matter(page: str) -> int:
    if not page.startswith("---\n"):
        return 0
    end = page.find("\n---\n", 3)
    return 0 if end < 0 else end + len("\n---\n")


def _block_end(page: str, start: int, tag: str) -> int | None:
    """Where the block opened by the start tag at `start` ends (after the end tag that closes
    it), or None if it holds what the scan does not follow."""
    next_tag = _next_tag_named(tag)
    position, depth = start, 0
    while (found := next_tag.match(page, position)) is not None:
        if found[1]:
            depth -= 1
            if depth == 0:
                return found.end()
        elif not found[2].endswith("/"):
            depth += 1
        position = found.end()
    return None


@functools.cache
def _next_tag_named(tag: str) -> re.Pattern:
    """From a position, past text and other elements' tags, to the next start or end tag of
    `tag` (group 1 the slash of an end tag, group 2 the attributes). It stops short, so does not
    match, at anything else that starts with `<` (a comment, a stray `<`), and at a script or
    style inside the block, whose text is not tags."""
    name = re.escape(tag)
    other = rf"<(?!/?(?:{name}|script|style)[\s/>])/?{_NAME}{_ATTRIBUTES}>"
    return re.compile(rf"(?:[^<]++|{other})*+<(/?){name}((?:[\s/]{_ATTRIBUTES})?)>", re.I)
