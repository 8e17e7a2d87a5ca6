"""Stage 7, export: the archive as data beside the pages (feeds, calendars, JSON, CSV, robots).

Everything here is built from public records only, with absolute URLs under `site_url`, and
written after the engines into the staging folder, so it is published with the site or not at all.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from generator.records.archive import Archive
from generator.publish.engine import remove_empty_parents, replace_if_changed
from generator.exports.urls import url_path
from generator.link.links import LinkedArchive
from generator.render.pages import Page


# Characters an XML 1.0 document may not hold (its Char production, section 2.2: every control
# character but tab, line feed and carriage return; the surrogates; U+FFFE and U+FFFF), and the
# C1 controls the same section asks documents to avoid.
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff\x85]")


def xml_text(text: str) -> str:
    """`text` with every character XML 1.0 forbids (or discourages) replaced by U+FFFD, the
    replacement character, so that the document parses whatever a record holds. The loader
    refuses control characters already; this holds the feeds and the sitemap well-formed even
    if a string reaches them some other way, the one place each XML writer sends its text."""
    return _NOT_XML_CHAR.sub("\ufffd", text)


@dataclass(frozen=True)
class ExportFile:
    """A file of ours; without content when the site already holds it as this build would
    write it (see `outline_export_files`)."""

    path: str
    content: bytes | None


@dataclass(frozen=True)
class Exports:
    """Every file of ours a build publishes beside MkDocs's pages; those that follow from the
    outline apart."""

    outline: list[ExportFile]
    rewritten: list[ExportFile]

    @property
    def files(self) -> list[ExportFile]:
        return self.outline + self.rewritten


def prepare_exports(archive: Archive, linked: LinkedArchive, pages: list[Page],
                    kept: tuple[str, ...] | None = None) -> Exports:
    """Permalink redirects and open data. `kept`: the files that follow from the outline, which
    the site holds already as this build would write them (an incremental build whose outline
    is unchanged; see the build record), so they are not made again."""
    from generator.exports.redirects import redirect_files, redirects
    from generator.exports.search_map import search_map_files

    if kept is not None:
        outline = [ExportFile(path, None) for path in kept]
    else:
        outline = (redirect_files(redirects(archive, pages), archive.config.site_url, pages)
                   + outline_export_files(archive, linked) + search_map_files(archive))
    return Exports(outline, rewritten_export_files(archive, linked, pages))


def outline_export_files(archive: Archive, linked: LinkedArchive) -> list[ExportFile]:
    """The exports that follow from the archive's outline alone (page_inputs.py): feeds,
    calendars and most of the data. An edit to the text of minutes leaves them as they were, so
    an incremental build keeps the site's copies."""
    from generator.exports import calendars, csv_files, feeds, json_data

    files = [*feeds.feed_files(archive, linked), *calendars.calendar_files(archive),
             *json_data.json_files(archive, linked), *csv_files.csv_files(archive, linked),
             ExportFile("robots.txt", f"User-agent: *\nAllow: /\nSitemap: {archive.config.site_url}sitemap.xml\n".encode())]
    return sorted(files, key=lambda f: f.path)


def rewritten_export_files(archive: Archive, linked: LinkedArchive, pages: list[Page]) -> list[ExportFile]:
    """The exports every build writes: those that carry the text of minutes or source lines
    (resolutions and references), and the sitemap, which MkDocs overwrites with its own."""
    from generator.exports import csv_files, json_data

    return sorted([*json_data.text_json_files(archive, linked), *csv_files.text_csv_files(archive, linked),
                   *sitemap_files(archive, pages)], key=lambda f: f.path)


def bulk_download(path: str, content: bytes) -> ExportFile:
    """Bulk data (the JSON and CSV of every record) is published gzip-compressed, as `path.gz`:
    plain, a large archive's data would take much of GitHub Pages' size limit for a site (README,
    Performance); compressed, a small part of it. pandas, R, DuckDB and `gunzip` read it as it is,
    and macOS and Windows 11 open it with a double click. Compressed whatever the archive's size,
    so its addresses never change. Level 1, the fastest: the resolutions and references are
    compressed again at every build, and a higher level made them only a little smaller for a
    noticeable time."""
    return ExportFile(path + ".gz", gzip.compress(content, compresslevel=1, mtime=0))


def sitemap_files(archive: Archive, pages: list[Page]) -> list[ExportFile]:
    """sitemap.xml of every page with the date its content last changed. Ours, not MkDocs's: it
    stays right when MkDocs rebuilds only the changed pages (and does not read the others).
    Addresses are percent-encoded, as the sitemap protocol asks, then escaped for XML."""
    entries = "".join(
        f"    <url>\n         <loc>{escape(archive.config.site_url + url_path(page.url))}</loc>\n"
        f"         <lastmod>{page.updated.isoformat()}</lastmod>\n    </url>\n"
        for page in sorted(pages, key=lambda p: p.url))
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
           + xml_text(entries) + "</urlset>\n").encode("utf-8")
    return [ExportFile("sitemap.xml", xml), ExportFile("sitemap.xml.gz", gzip.compress(xml, mtime=0))]


def remove_stale_generated(site: Path, files: list[ExportFile], previous: frozenset[str]) -> list[str]:
    """Remove the `previous` build's files of ours that this build no longer writes; returns them."""
    stale = sorted(previous - {file.path for file in files})
    for path in stale:
        (site / path).unlink(missing_ok=True)
        remove_empty_parents(site / path, site)
    return stale


def write_generated(site: Path, files: list[ExportFile]) -> list[str]:
    """Write the files of ours beside MkDocs's pages (exports and redirects), touching only those
    whose bytes changed (and none the site already holds); returns those written."""
    return [file.path for file in files
            if file.content is not None and replace_if_changed(site / file.path, file.content)]
