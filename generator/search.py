"""Stage 6, index search: Pagefind over the built pages, plus one record per resolution.

Pages opt in with `data-pagefind-body` (meeting and document pages), so navigation and page
furniture stay out of the index. Each public resolution is also its own record, so a search
can be narrowed to resolutions and land on the exact one. Exempt material is never in a page or
a record, so it cannot reach the index.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator.archive import Archive, ResolutionRow
from generator.pages import meeting_path, minute_anchor, page_url, short_date

INDEX_DIR = "pagefind"


@dataclass(frozen=True)
class SearchRecord:
    url: str
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)


def resolution_records(archive: Archive) -> list[SearchRecord]:
    return [
        _resolution_record(archive, row)
        for council in archive.councils
        for committee in council.committees
        for rows in committee.resolutions_by_year().values()
        for row in rows
    ]


def _resolution_record(archive: Archive, row: ResolutionRow) -> SearchRecord:
    meeting, item = row.meeting, row.minute
    council = archive.council(meeting.council).config
    committee = archive.committee(meeting.council, meeting.committee).config
    anchor = f"{minute_anchor(item.number)}-resolution-{row.label}"
    text = " ".join(part for part in (row.block.verb.value, row.block.preamble, row.resolution.text) if part)
    return SearchRecord(
        url="/" + page_url(meeting_path(meeting)) + "#" + anchor,
        content=text,
        meta={
            "title": f"Resolution {row.label} of minute {item.number}: {item.title}",
            "kind": "Resolution",
            "place": f"{council.name} · {committee.name} · {short_date(meeting.date)} · minute {item.number}",
            "date": meeting.date.isoformat(),
        },
        filters={"council": [council.name], "committee": [committee.name],
                 "year": [meeting.municipal_year], "kind": ["Resolution"]},
        sort={"date": meeting.date.isoformat()},
    )


def index_site(site: Path, records: list[SearchRecord], language: str) -> None:
    """Index the built site in `site` (a staging folder) and write `site/pagefind/`."""
    logging.getLogger("pagefind").setLevel(logging.WARNING)
    # Pagefind's API is async; its own thread and event loop let a build run from any caller,
    # including one that already runs an event loop.
    with ThreadPoolExecutor(max_workers=1) as worker:
        worker.submit(asyncio.run, _index(site, records, language.split("-")[0].lower())).result()


async def _index(site: Path, records: list[SearchRecord], language: str) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(force_language=language, output_path=str(site / INDEX_DIR),
                         exclude_selectors=[".headerlink", ".visually-hidden", ".ref-note"])
    async with PagefindIndex(config=config) as index:
        await index.add_directory(str(site))
        for record in records:
            await index.add_custom_record(url=record.url, content=record.content, language=language,
                                          meta=record.meta, filters=record.filters, sort=record.sort)
        await index.write_files()
