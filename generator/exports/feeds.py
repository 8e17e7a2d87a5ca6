"""Atom 1.0 feeds: the whole archive and each committee, newest first.

A feed holds the latest FEED_ENTRIES meetings only, as feeds do (RFC 5005 calls it a sliding
window): readers want what is new, and a twenty-year archive in one file would grow without end.
The whole history is in the JSON and CSV exports."""

from __future__ import annotations

import jinja2

from generator.records.archive import Archive, Committee, Meeting
from generator.exports import ExportFile, xml_text
from generator.exports.urls import DATA_DIR, absolute, committee_url, meeting_url
from generator.link.links import LinkedArchive

FEED_ENTRIES = 50


def feed_path(committee: Committee | None = None) -> str:
    name = f"{committee.council}-{committee.slug}" if committee else "archive"
    return f"{DATA_DIR}/feeds/{name}.atom"


def feed_files(archive: Archive, linked: LinkedArchive) -> list[ExportFile]:
    files = [_feed(archive, linked, None, archive.meetings)]
    for council in archive.councils:
        for committee in council.committees:
            files.append(_feed(archive, linked, committee, list(committee.meetings)))
    return files


def _feed(archive: Archive, linked: LinkedArchive, committee: Committee | None, meetings: list[Meeting]) -> ExportFile:
    published = [m for m in meetings if m.is_held and (m.minutes is not None or m.record.agenda or m.documents)]
    entries = sorted(((linked.updated(m), m) for m in published),
                     key=lambda pair: (pair[0], pair[1].date, pair[1].key), reverse=True)[:FEED_ENTRIES]
    template = _environment().get_template("feed.atom.j2")
    host = archive.config.site_url.split("/")[2]
    text = template.render(
        archive=archive, committee=committee, entries=entries, host=host,
        self_url=absolute(archive, feed_path(committee)),
        page_url=committee_url(archive, committee) if committee else archive.config.site_url,
        meeting_url=lambda m: meeting_url(archive, m),
        committee_of=lambda m: archive.committee(m.council, m.committee),
        council_of=lambda m: archive.council(m.council),
    )
    return ExportFile(feed_path(committee), xml_text(text).encode("utf-8"))


def _environment() -> jinja2.Environment:
    """Autoescaping makes text of every string the template writes (`&`, `<`, `>` and quotes);
    `xml_text`, applied to the whole feed, removes what no escaping can make XML."""
    return jinja2.Environment(loader=jinja2.PackageLoader("generator.render", "templates"), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True)
