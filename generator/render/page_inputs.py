"""What the pages are rendered from, as digests, so a build re-renders only the pages whose
inputs changed (Lektor's build record, coarsened to two kinds of input).

Every page is a function of the archive's *outline* (every record and configuration file, the
minutes without the text of their paragraphs and resolutions, and every reference with what it
resolved to) and of the minutes text of the meetings it shows: a meeting's own pages show its
minutes, a resolutions index shows those of its committee's year, and no other page shows any.
So a maintainer's usual fix, a word in a paragraph or a resolution, changes one meeting's text and
not the outline, and re-renders a handful of pages; anything else changes the outline and
re-renders them all. The templates, the generator's code and the versions of the libraries that
render are in the build's fingerprint, recorded beside the digests (see incremental/build_record.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from generator.records.archive import Archive, Meeting
from generator.link.links import LinkedArchive, MeetingKey
from generator.records.models import Minutes

# The fields of minutes that are their text, or move with it (source lines): not their outline.
NOT_OUTLINE = {"items": {"__all__": {"line": True, "content": {"__all__": {
    "markdown": True, "line": True, "resolutions": {"__all__": {"text": True, "line": True}}}}}}}


@dataclass(frozen=True)
class PageInputs:
    outline: str
    minutes_text: dict[MeetingKey, str]

    def digest(self, shows: Iterable[Meeting] = ()) -> str:
        """The digest of a page's inputs: the outline and the text of the minutes it `shows`."""
        digest = hashlib.sha256(self.outline.encode())
        for meeting in shows:
            digest.update(self.minutes_text.get(meeting.key, "-").encode())
        return digest.hexdigest()[:32]


def page_inputs(archive: Archive, linked: LinkedArchive) -> PageInputs:
    """From what the archive was made of, exactly as it was read (a file saved during the build
    counts at the next)."""
    minutes_files = {m.minutes_source.path: m for m in archive.meetings if m.minutes_source is not None}
    outline = hashlib.sha256(repr(archive.config).encode())
    minutes_text: dict[MeetingKey, str] = {}
    for path, digest in sorted(archive.sources.items()):
        meeting = minutes_files.get(path)
        if meeting is not None:
            minutes_text[meeting.key] = digest
            outline.update(f"{path}\0{_minutes_outline(meeting.minutes)}\0".encode())
        else:
            outline.update(f"{path}\0{digest}\0".encode())
    for meeting in archive.meetings:
        outline.update(repr((meeting.folder, meeting.files)).encode())
    outline.update(_links_outline(linked).encode())
    return PageInputs(outline.hexdigest(), minutes_text)


def _minutes_outline(minutes: Minutes | None) -> str:
    return minutes.model_dump_json(exclude=NOT_OUTLINE) if minutes is not None else "-"


def _links_outline(linked: LinkedArchive) -> str:
    """Every reference with where it is and what it resolved to (never its position in its text),
    and the approvals and threads that follow from them (and from the words around them; the
    backlinks follow from the references and the records alone). Only the references of the texts
    read for them (`linked.links`): those of the texts a page only shows (`texts.shown_texts`) are
    in records and front matter the outline digests whole, and resolve by the outline alone."""
    links = [(link.place, link.reference.text, link.reference.kind, link.status, link.target, link.candidates,
              link.reason, link.file) for link in linked.links]
    return repr((links, sorted(linked.approvals.items()), linked.threads))
