"""Stage 7, export: the archive as data beside the pages (feeds, calendars, JSON, CSV, robots).

Everything here is built from public records only, with absolute URLs under `site_url`, and
written after the engines into the staging folder, so it is published with the site or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.archive import Archive
from generator.link import LinkedArchive


@dataclass(frozen=True)
class ExportFile:
    path: str
    content: bytes


def export_files(archive: Archive, linked: LinkedArchive) -> list[ExportFile]:
    from generator.exports import calendars, csv_files, feeds, json_data

    files = [*feeds.feed_files(archive, linked), *calendars.calendar_files(archive),
             *json_data.json_files(archive, linked), *csv_files.csv_files(archive, linked),
             ExportFile("robots.txt", f"User-agent: *\nAllow: /\nSitemap: {archive.config.site_url}sitemap.xml\n".encode())]
    return sorted(files, key=lambda f: f.path)


def write_exports(site: Path, files: list[ExportFile]) -> None:
    for file in files:
        path = site / file.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(file.content)
