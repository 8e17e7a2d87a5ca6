"""How text from records and `site_config.yml` reaches a page: as text, never as markup.

Our pages pass through two readers after us: a browser, and before it MkDocs, which reads every
page again as Markdown with `attr_list`: its headings always, and its HTML blocks too wherever
they are not marked to pass through whole (html_blocks.py) or the engine skips our extension.
A string that is safe HTML can still be live Markdown (`[x](javascript:...)`, `{onclick=...}`,
`` ` ``, `*`), so every string a template prints is escaped once, here, for both: HTML's special
characters and every character that Markdown or `attr_list` give a meaning become character
references, which Markdown leaves alone and a browser shows as the character. Line breaks become
references too, so a string can never start a line of its own (a heading, a list, the end of the
front matter, a marker of html_blocks.py).

Three contexts, one module:
- `page_text`: a value printed by a page template (Jinja's `finalize`, so no template can forget).
- `neutral_html`: HTML we made from maintainer Markdown (already cleaned): the same escaping for
  its text, its tags untouched.
- `engine_text` and `front_matter`: strings MkDocs's theme prints as they are (`site_name`, nav
  labels, a page's `title`): HTML-escaped, on one line, written by a YAML emitter.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from markupsafe import Markup

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
# Characters Markdown, its extensions in mkdocs.yml (attr_list, tables, toc) or an
# HTML attribute in single quotes could read as syntax; and line breaks and tabs, which start a
# block (a heading, a list, code) when they lead a line.
_MARKDOWN = "\\`*_{}[]#!|~'\n\r\t"
_PAGE_TEXT = str.maketrans({**_HTML, **{c: f"&#{ord(c)};" for c in _MARKDOWN}})
_TEXT_ONLY = str.maketrans({c: f"&#{ord(c)};" for c in _MARKDOWN.replace("\n", "")})
_ENGINE_TEXT = str.maketrans(_HTML)
# A tag, with its attribute values quoted as the HTML cleaner writes them, or the text between.
_TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")
_WHITESPACE = re.compile(r"\s+")


def page_text(value: Any) -> Markup:
    """A value as a page template prints it: Markup (our own HTML) as it is, anything else as text."""
    if isinstance(value, Markup):
        return value
    return Markup(str(value).translate(_PAGE_TEXT))


def neutral_html(html: str) -> Markup:
    """Cleaned HTML whose text Markdown cannot read as syntax: the text between tags escaped as
    `page_text` escapes (its line breaks kept: they are the HTML's own), the tags untouched."""
    pieces = []
    last = 0
    for tag in _TAG.finditer(html):
        pieces += [html[last:tag.start()].translate(_TEXT_ONLY), tag[0]]
        last = tag.end()
    pieces.append(html[last:].translate(_TEXT_ONLY))
    return Markup("".join(pieces))


def engine_text(value: str) -> str:
    """A string the theme prints unescaped, in text and in double-quoted attributes: HTML-escaped,
    its line breaks and runs of spaces made one space. (Markdown never reads these.)"""
    if isinstance(value, Markup):
        value = value.striptags()
    return _WHITESPACE.sub(" ", str(value)).strip().translate(_ENGINE_TEXT)


def front_matter(**fields: Any) -> Markup:
    """A page's front matter, written by the YAML emitter: strings as `engine_text`, since the
    theme prints a page's title and feed title as they are."""
    values = {name: engine_text(value) if isinstance(value, str) else value
              for name, value in fields.items() if value is not None}
    text = yaml.safe_dump(values, sort_keys=False, allow_unicode=True, width=2**31 - 1)
    return Markup("---\n" + text + "---\n")
