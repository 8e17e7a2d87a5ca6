"""The search page's map of citations and dates: which minute `minute 28/16`, `SB17/3` or
`Minute 62` names, and which meetings were held on `30 April 2014`.

Written at build time beside the site (`search-map/`), since the site has no server. It is split
so that a search never downloads the whole map, and the search page loads it only for a query
that looks like a citation or a date:

- `index.json`: the committees (names, addresses, numbering, and each one's own citation
  pattern as the reference finder reads it, references.CitationScheme, in JavaScript's syntax),
  how many citation shards there are, and the years that have meetings;
- `citations/<n>.json`: every minute whose number hashes to shard n (`shard_of`, which the
  search page computes the same way), by number, each with its committee, meeting, title and
  municipal year, so the page narrows `28/16` or `SB17/3` to the minutes they name;
- `dates/<yyyy>.json`: each date of that year with the meetings held on it.

Each minute and meeting is written once, in one file.
"""

from __future__ import annotations

import json
from collections import defaultdict

from generator.records.archive import Archive, Committee
from generator.exports import ExportFile
from generator.records.site_paths import minute_anchor
from generator.records.models import MinuteItem
from generator.link.references import CitationScheme
from generator.records.site_paths import committee_path, page_url

MAP_DIR = "search-map"
MINUTES_PER_SHARD = 300  # a shard stays a few tens of kilobytes whatever the archive's size


def search_map_files(archive: Archive) -> list[ExportFile]:
    committees = [c for council in archive.councils for c in council.committees]
    numbered = {(c.council, c.slug): position for position, c in enumerate(committees)}
    minutes = minute_rows(committees, numbered)
    shards = shard_count(sum(len(rows) for rows in minutes.values()))
    dates = date_rows(archive, numbered)
    index = {"committees": [committee_row(archive, c) for c in committees], "shards": shards,
             "years": sorted({date[:4] for date in dates})}
    files = [_json_file("index.json", index)]
    for shard, numbers in sorted(_grouped(minutes, lambda number: shard_of(number, shards)).items()):
        files.append(_json_file(f"citations/{shard}.json", {number: minutes[number] for number in numbers}))
    for year, days in sorted(_grouped(dates, lambda date: date[:4]).items()):
        files.append(_json_file(f"dates/{year}.json", {day: dates[day] for day in days}))
    return files


def committee_row(archive: Archive, committee: Committee) -> dict:
    scheme = CitationScheme.from_citation(committee.slug, committee.config.citation, committee.config.prefix)
    return {"council": archive.council(committee.council).config.name, "name": committee.config.name,
            "url": page_url(committee_path(committee)), "numbering": committee.numbering.value,
            "citation": javascript_pattern(scheme.pattern.pattern) if scheme else None}


def javascript_pattern(python: str) -> str:
    """A citation scheme's pattern (escaped literals, named groups, \\b and a lookahead) in
    JavaScript's syntax, which differs only in how a group is named."""
    return python.replace("(?P<", "(?<")


def shard_count(minutes: int) -> int:
    """A power of two, so that the search page's hash needs no more than a mask."""
    count = 1
    while count * MINUTES_PER_SHARD < minutes:
        count *= 2
    return count


def shard_of(number: str, shards: int) -> int:
    """The shard of a minute number; search.js computes the same (a 31-hash of its characters)."""
    value = 0
    for character in number:
        value = (value * 31 + ord(character)) & 0xFFFFFFFF
    return value & (shards - 1)


def minute_rows(committees: list[Committee], numbered: dict) -> dict[str, list[list]]:
    """Every minute by its number (lower case): [committee, meeting, anchor, title, municipal year]."""
    rows: dict[str, list[list]] = defaultdict(list)
    for committee in committees:
        for meeting in committee.meetings:
            for item in meeting.minutes.items if meeting.minutes else ():
                if not item.numbered:  # found by its title; it has no number to look up
                    continue
                rows[item.number.lower()].append([numbered[(committee.council, committee.slug)], meeting.slug,
                                                  minute_anchor(item.number), item.number, public_title(item),
                                                  meeting.municipal_year])
    return rows


def public_title(item: MinuteItem) -> str:
    """The title the meeting's page shows: a withheld minute's neutral title, never its own."""
    return item.title if item.is_public else (item.public_title or "Private item")


def date_rows(archive: Archive, numbered: dict) -> dict[str, list[list]]:
    """Every meeting by its date: [committee, meeting, title (when not the committee's name)]."""
    rows: dict[str, list[list]] = defaultdict(list)
    for meeting in archive.meetings:
        rows[meeting.date.isoformat()].append([numbered[(meeting.council, meeting.committee)], meeting.slug,
                                               meeting.record.title or ""])
    return rows


def _grouped(rows: dict, group_of) -> dict:
    grouped: dict = defaultdict(list)
    for key in sorted(rows):
        grouped[group_of(key)].append(key)
    return grouped


def _json_file(name: str, data: dict) -> ExportFile:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return ExportFile(f"{MAP_DIR}/{name}", text.encode())
