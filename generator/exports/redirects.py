"""Short permalinks for minutes, and redirects from renamed council and committee folders.

Both are tiny HTML pages written beside the MkDocs output, pointing at the page that holds the
record: `/m/<council>/<committee code>/<date>/<minute>/` for each public minute, and every page
under a `former_slugs` name for the page under its new name.

The template autoescapes what it writes, and the addresses it is given are percent-encoded
(`Redirect.relative_target`, `canonical_url`): a page's address may hold a document's file
name, and in the refresh header's `url=` a quote or semicolon would be read as syntax. No
record's text (a title, a name) is written into a redirect page.
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from generator.records.archive import Archive
from generator.exports import ExportFile
from generator.exports.urls import url_path
from generator.records.site_paths import minute_anchor
from generator.render.pages import Page, minute_permalink
from generator.records.site_paths import meeting_path, page_url, relative_url

PERMALINK_DIR = "m"


@dataclass(frozen=True)
class Redirect:
    path: str
    target: str

    def relative_target(self) -> str:
        target, _, anchor = self.target.partition("#")
        here = self.path.rpartition("/")[0] + "/" if "/" in self.path else ""
        return url_path(relative_url(target, here) or "./") + (f"#{url_path(anchor)}" if anchor else "")

    def canonical_url(self, site_url: str) -> str:
        target, _, anchor = self.target.partition("#")
        return site_url + url_path(target) + (f"#{url_path(anchor)}" if anchor else "")


def redirects(archive: Archive, pages: list[Page]) -> list[Redirect]:
    found = []
    for meeting in archive.meetings:
        if meeting.minutes is None:
            continue
        target = page_url(meeting_path(meeting))
        for item in meeting.minutes.items:
            found.append(Redirect(
                minute_permalink(archive, meeting.council, meeting.committee, meeting.slug, item.number) + "index.html",
                f"{target}#{minute_anchor(item.number)}"))
    for council in archive.councils:
        moves = [(old, council.slug) for old in council.config.former_slugs]
        moves += [(f"{council.slug}/{old}", f"{council.slug}/{committee.slug}")
                  for committee in council.committees for old in committee.config.former_slugs]
        for old, new in moves:
            for page in pages:
                if page.url.startswith(new + "/"):
                    found.append(Redirect(old + page.url[len(new):] + "index.html", page.url))
    return sorted(found, key=lambda r: r.path)


def redirect_files(found: list[Redirect], site_url: str, pages: list[Page]) -> list[ExportFile]:
    """The redirect pages, except where a real page has the same address: a page always wins."""
    template = _environment().get_template("redirect.html.j2")
    page_files = {page.url + "index.html" for page in pages}
    return [ExportFile(redirect.path, template.render(target=redirect.relative_target(),
                                                      canonical=redirect.canonical_url(site_url)).encode("utf-8"))
            for redirect in found if redirect.path not in page_files]


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("generator.render", "templates"), autoescape=True)
