"""The forms, other than as written, in which pages show a record's text: a document's body cut
at its headings, and Markdown as one line of plain text. The link stage links every text a page
shows in the form the page shows it (see `texts.shown_texts`), so these are made here, before
both the link and the render stage."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup


def markdown_as_text(text: str) -> str:
    """Maintainer Markdown as one line of text: its marks dropped, a link by its words."""
    return " ".join(re.sub(r"[*_`#>|\\]|\[([^\]]*)\]\([^)]*\)", lambda m: m[1] or "", text).split())


@dataclass(frozen=True)
class BodySection:
    """A part of a document's Markdown body: the heading that opens it (none for the text
    before the first), its level on the page (2 or deeper: the page's title is level 1), its
    anchor, and its text."""

    title: str
    level: int
    anchor: str
    text: str

    @property
    def marks(self) -> Markup:
        """The Markdown heading's opening marks (ours, so never escaped as text is)."""
        return Markup("#" * self.level)


ATX_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")


def body_sections(body: str) -> list[BodySection]:
    """A document's body cut at its headings, so that each heading reaches the page as a heading
    of its own, anchored and in the contents, while the text between is rendered as Markdown."""
    sections: list[BodySection] = []
    title, level, lines, fenced, used = "", 2, [], False, set()
    for line in body.split("\n"):
        if FENCE.match(line):
            fenced = not fenced
        heading = None if fenced else ATX_HEADING.match(line)
        if heading:
            sections.append(BodySection(title, level, _anchor(title, used), "\n".join(lines).strip("\n")))
            title, level, lines = heading[2], max(2, len(heading[1])), []
        else:
            lines.append(line)
    sections.append(BodySection(title, level, _anchor(title, used), "\n".join(lines).strip("\n")))
    return [section for section in sections if section.title or section.text]


def _anchor(title: str, used: set[str]) -> str:
    """A heading's id from its words ('5. Summary' is section-5-summary), unique on the page."""
    if not title:
        return ""
    stem = "section-" + (re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "untitled")[:60].rstrip("-")
    anchor, count = stem, 1
    while anchor in used:
        count += 1
        anchor = f"{stem}-{count}"
    used.add(anchor)
    return anchor
