"""Files published beside the pages: attachments named by records and files linked from Markdown.

Only the public record is published, and records are published as pages, never as files:

- A Markdown link to a record file is a link to its page, which `CheckedFiles.record_links`
  gives (a public document's file: the document's page; `minutes.md` or `meeting.yml`: the
  meeting's page), or an error when that page is not public (an exempt or confidential
  document) or there is none (people.yml, committee.yml, any other `.md` or `.yml`).
- Any other file is published only when a public item names it, only if it is a regular file
  whose real path (links followed) is inside `content/` and outside every `private/` folder,
  and only of a type a browser will not run (`PUBLISHED_TYPES`). Attachments of exempt or
  confidential items, sub-items' too, must sit in a `private/` folder, which is never published.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from generator.records.archive import Archive, Meeting
from generator.records.diagnostics import Diagnostic, error, warning
from generator.records.texts import archive_texts
from generator.records.models import AgendaItem
from generator.records.site_paths import document_path, meeting_path
from generator.records.diagnostics import FieldPath, dotted

PRIVATE_FOLDER = "private"
MARKDOWN_URL = re.compile(r"\]\(\s*<?([^)\s>]+)|\b(?:src|href)\s*=\s*[\"']([^\"']+)[\"']"
                          r"|^[ ]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*<?([^\s>]+)", re.I | re.M)  # a reference-style definition too (a footnote's is text)
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|#|//)", re.I)
# What a browser shows or offers to save, never runs: no HTML, SVG or script, no records.
PUBLISHED_TYPES = {
    "PDF": (".pdf",),
    "office documents": (".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp", ".rtf"),
    "images": (".png", ".jpg", ".jpeg", ".gif", ".webp"),
    "CSV": (".csv",),
    "plain text": (".txt",),
}
PUBLISHED_SUFFIXES = frozenset(suffix for suffixes in PUBLISHED_TYPES.values() for suffix in suffixes)
RECORD_SUFFIXES = frozenset({".md", ".yml"})
MEETING_RECORDS = frozenset({"meeting.yml", "minutes.md"})
NEVER_PUBLISHED_RECORDS = {"people.yml": "the council's people file", "committee.yml": "a committee's record"}


@dataclass(frozen=True)
class PublishedFile:
    """A file to copy into the site: where it goes (relative to the site) and where it comes from."""

    path: str
    source: Path


@dataclass(frozen=True)
class FileUse:
    """A file a record names: as an attachment, or (`linked`) as a link in its Markdown."""

    meeting: Meeting
    file: str
    public: bool
    where: str
    line: int
    field: str
    linked: bool = False


def relative_urls(text: str) -> list[str]:
    if not text or ("](" not in text and "=" not in text and "]:" not in text):  # what every match holds
        return []
    urls = [a or b or c for a, b, c in MARKDOWN_URL.findall(text)]
    return [url for url in urls if not EXTERNAL.match(url)]


def link_path(url: str) -> str:
    """The file a relative link names: without its fragment or query, percent-escapes decoded."""
    return unquote(url.split("#")[0].split("?")[0])


def file_uses(archive: Archive) -> Iterator[FileUse]:
    for meeting in archive.meetings:
        yield from _agenda_attachments(meeting, meeting.record.agenda, ("agenda",), True)
        for doc in meeting.documents:
            for a_index, attachment in enumerate(doc.document.attachments):
                path = ("attachments", a_index, "file")
                yield FileUse(meeting, attachment.file, doc.document.is_public, doc.source.path,
                              doc.source.line_of(path), dotted(path))
    meetings = {m.key: m for m in archive.meetings}
    for text in archive_texts(archive):
        meeting = meetings[text.place.meeting]
        for url in relative_urls(text.text):
            yield FileUse(meeting, url, True, text.file, text.line, "link", linked=True)


def _agenda_attachments(meeting: Meeting, items: tuple[AgendaItem, ...], path: FieldPath,
                        public: bool) -> Iterator[FileUse]:
    """The attachments of agenda items and of their sub-items, at any depth: an item is public
    only when it and every item it is listed under are."""
    for index, item in enumerate(items):
        here = path + (index,)
        item_public = public and item.is_public
        for a_index, attachment in enumerate(item.attachments):
            where = here + ("attachments", a_index, "file")
            yield FileUse(meeting, attachment.file, item_public, meeting.source.path,
                          meeting.source.line_of(where), dotted(where))
        yield from _agenda_attachments(meeting, item.items, here + ("items",), item_public)


@dataclass(frozen=True)
class CheckedFiles:
    """What `check_files` found: the problems, the public files to publish, and the page each
    link to a record file leads to.

    `record_links` maps (the meeting's folder as `Meeting.folder` has it, the link's path as
    `link_path` gives it) to the path of the page in the MkDocs project (as `site_paths` gives
    it: `<council>/<committee>/<meeting>/index.md` or `.../<document>.md`). Renderers read it
    through `record_page`."""

    diagnostics: list[Diagnostic]
    published: list[PublishedFile]
    record_links: dict[tuple[str, str], str] = field(default_factory=dict)

    def record_page(self, meeting: Meeting, url: str) -> tuple[str, str] | None:
        """The page a relative link in one of `meeting`'s texts leads to when it names a record
        file, with the link's fragment ('' if none): `([the report](report.md#2))` in a meeting
        of 1 June gives ('council/committee/2016-06-01/report.md', '2'). None for any other link."""
        page = self.record_links.get((meeting.folder, link_path(url)))
        return (page, url.partition("#")[2]) if page else None


class _FileChecker:
    def __init__(self, archive: Archive, root: Path):
        self.archive = archive
        self.root = root
        self.content = (root / "content").resolve()
        self.published: dict[str, Path] = {}
        self.record_links: dict[tuple[str, str], str] = {}

    def check(self, use: FileUse) -> tuple[str, str] | None:
        """The problem with `use` as (message, hint), or None; a file fit to publish is recorded."""
        name = link_path(use.file) if use.linked else use.file
        if any(ord(c) < 32 or ord(c) == 127 for c in name):
            return (f"'{ascii(name)[1:-1]}' holds a control character", "name the file in plain characters")
        if not use.linked and any(c in name for c in "#?%"):
            return (f"'{name}' holds #, ? or %, which a web address reads otherwise",
                    "rename the file without them")
        if not use.linked and (EXTERNAL.match(name) or not name.strip()):
            return (f"'{name}' is not a file name",
                    "name a file in the meeting's folder; put a web address in the text as a Markdown link")
        if name.startswith(("/", "~", "\\")) or re.match(r"^[A-Za-z]:", name):
            return (f"'{name}' is an absolute path", "name files relative to the meeting's folder")
        try:
            target = (self.root / use.meeting.folder / name).resolve()
        except (OSError, RuntimeError):  # a loop of symbolic links
            return (f"'{name}' cannot be followed to a file", "replace the symbolic link by the file itself")
        if not target.is_relative_to(self.content):
            return (f"'{name}' points outside content/", "keep attachments inside the meeting's folder")
        inside = target.relative_to(self.content)
        if target.suffix.lower() in RECORD_SUFFIXES:
            return self._record(use, name, inside) if use.linked else (
                f"'{name}' is a record, and records are published as pages, never as files",
                "list a document in the item's documents:, or link to it in the text")
        try:
            mode = os.stat(target).st_mode
        except OSError:
            return (f"'{name}' does not exist", "check the file name and the folder it is in")
        if stat.S_ISDIR(mode) and use.linked and (meeting := self._meeting_at(inside)):
            self.record_links[(use.meeting.folder, name)] = meeting_path(meeting)  # a meeting's folder
            return None
        if not stat.S_ISREG(mode):
            return (f"'{name}' is not a regular file", "attach an ordinary file (a PDF, an image), not a folder or device")
        if target.suffix.lower() not in PUBLISHED_SUFFIXES:
            kind = f"a {target.suffix} file" if target.suffix else "a file without a type (extension)"
            return (f"'{name}' is {kind}; only types a browser will not run are published",
                    "attachments may be " + "; ".join(f"{label} ({', '.join(suffixes)})"
                                                      for label, suffixes in PUBLISHED_TYPES.items()))
        private = PRIVATE_FOLDER in inside.parts
        if use.public and private:
            return (f"'{name}' is in {PRIVATE_FOLDER}/, which is never published",
                    "move it out of private/ if it is public, or mark the item exempt")
        if not use.public and not private:
            return (f"'{name}' belongs to an exempt or confidential item but is placed where it would be published",
                    f"move it into the meeting's {PRIVATE_FOLDER}/ folder")
        if use.public:
            self.published[inside.as_posix()] = target
        return None

    def _record(self, use: FileUse, name: str, inside: PurePosixPath) -> tuple[str, str] | None:
        """A link to a record file: to its page when it has a public one; else the problem."""
        if inside.name in NEVER_PUBLISHED_RECORDS:
            return (f"'{name}' is {NEVER_PUBLISHED_RECORDS[inside.name]}, which is never published",
                    "remove the link; what is public of it is on its pages in the site")
        meeting = self._meeting_at(inside.parent)
        doc = meeting.document(inside.stem) if meeting and inside.name not in MEETING_RECORDS else None
        if meeting and inside.name in MEETING_RECORDS:
            page = meeting_path(meeting)
        elif doc and doc.source.path == f"{meeting.folder}/{inside.name}":
            if not doc.document.is_public:
                return (f"'{name}' is an exempt or confidential document, which is never published",
                        "remove the link, or give the document access: public if it may be published")
            page = document_path(meeting, doc)
        elif meeting and inside.stem in meeting.invalid_documents:
            return None  # reported already, where it is broken
        else:
            return (f"'{name}' is not a record of this archive, and record files are never published",
                    "link to a meeting's minutes.md or a document's file, or attach the material as a PDF")
        self.record_links[(use.meeting.folder, name)] = page
        return None

    def _meeting_at(self, folder: PurePosixPath) -> Meeting | None:
        if len(folder.parts) != 3:  # <council>/<committee>/<meeting>
            return None
        council, committee, slug = folder.parts
        try:
            meetings = self.archive.committee(council, committee).meetings
        except KeyError:
            return None
        return next((m for m in meetings if m.slug == slug), None)


def check_files(archive: Archive, root: Path) -> CheckedFiles:
    """Every file that records name or link to, checked; those public and without a problem are
    published, each at the site path that mirrors its place in content/."""
    checker = _FileChecker(archive, root)
    diagnostics = []
    used: set[tuple[str, str]] = set()
    for use in file_uses(archive):
        problem = checker.check(use)
        if problem:
            diagnostics.append(error(use.where, use.line, use.field, *problem))
        used.add((use.meeting.folder, PurePosixPath(link_path(use.file) if use.linked else use.file).as_posix()))
    for meeting in archive.meetings:
        for name in meeting.files:
            if (meeting.folder, name) not in used:
                diagnostics.append(warning(f"{meeting.folder}/{name}", 0, "", "no record names this file, so it is not published",
                                           "name it in an item's attachments: list, or remove it"))
    return CheckedFiles(diagnostics, [PublishedFile(path, source) for path, source in sorted(checker.published.items())],
                        checker.record_links)
