"""Files published beside the pages: attachments named by records and files linked from Markdown.

A file is published only when a public record names it, and only from inside `content/`:
absolute paths, `../` escapes and symlinks that lead out are errors. Attachments of exempt or
confidential items must sit in a `private/` folder, which is never published.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.archive import Archive, Meeting
from generator.diagnostics import Diagnostic, error, warning
from generator.link import archive_texts
from generator.sources import dotted

PRIVATE_FOLDER = "private"
MARKDOWN_URL = re.compile(r"\]\(\s*<?([^)\s>]+)|\b(?:src|href)\s*=\s*[\"']([^\"']+)[\"']", re.I)
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|#|//)", re.I)


@dataclass(frozen=True)
class PublishedFile:
    """A file to copy into the site: where it goes (relative to the site) and where it comes from."""

    path: str
    source: Path


@dataclass(frozen=True)
class FileUse:
    meeting: Meeting
    file: str
    public: bool
    where: str
    line: int
    field: str


def relative_urls(text: str) -> list[str]:
    if not text or ("](" not in text and "=" not in text):  # what every MARKDOWN_URL match holds
        return []
    urls = [a or b for a, b in MARKDOWN_URL.findall(text)]
    return [url for url in urls if not EXTERNAL.match(url)]


def file_uses(archive: Archive) -> Iterator[FileUse]:
    for meeting in archive.meetings:
        for index, item in enumerate(meeting.record.agenda):
            for a_index, attachment in enumerate(item.attachments):
                path = ("agenda", index, "attachments", a_index, "file")
                yield FileUse(meeting, attachment.file, item.is_public, meeting.source.path,
                              meeting.source.line_of(path), dotted(path))
        for doc in meeting.documents:
            for a_index, attachment in enumerate(doc.document.attachments):
                path = ("attachments", a_index, "file")
                yield FileUse(meeting, attachment.file, doc.document.is_public, doc.source.path,
                              doc.source.line_of(path), dotted(path))
    meetings = {m.key: m for m in archive.meetings}
    for text in archive_texts(archive):
        meeting = meetings[text.place.meeting]
        for url in relative_urls(text.text):
            yield FileUse(meeting, url.split("#")[0].split("?")[0], True, text.file, text.line, "link")


@dataclass(frozen=True)
class CheckedFiles:
    """What `check_files` found: the problems, and the public files to publish."""

    diagnostics: list[Diagnostic]
    published: list[PublishedFile]


def check_files(archive: Archive, root: Path) -> CheckedFiles:
    """Every file that records name or link to, checked; those public and without a problem are
    published, each at the site path that mirrors its place in content/."""
    content = (root / "content").resolve()
    diagnostics = []
    published: dict[str, Path] = {}
    used: set[tuple[str, str]] = set()
    for use in file_uses(archive):
        problem = _problem(use, root)
        if problem:
            diagnostics.append(error(use.where, use.line, use.field, *problem))
        elif use.public:
            source = (root / use.meeting.folder / use.file).resolve()
            published[source.relative_to(content).as_posix()] = source
        used.add((use.meeting.folder, PurePosixPath(use.file).as_posix()))
    for meeting in archive.meetings:
        for name in meeting.files:
            if (meeting.folder, name) not in used:
                diagnostics.append(warning(f"{meeting.folder}/{name}", 0, "", "no record names this file, so it is not published",
                                           "name it in an item's attachments: list, or remove it"))
    return CheckedFiles(diagnostics, [PublishedFile(path, source) for path, source in sorted(published.items())])


def _problem(use: FileUse, root: Path) -> tuple[str, str] | None:
    if use.file.startswith(("/", "~", "\\")) or re.match(r"^[A-Za-z]:", use.file):
        return (f"'{use.file}' is an absolute path", "name files relative to the meeting's folder")
    content = (root / "content").resolve()
    target = (root / use.meeting.folder / use.file).resolve()
    if not target.is_relative_to(content):
        return (f"'{use.file}' points outside content/", "keep attachments inside the meeting's folder")
    if not target.is_file():
        return (f"'{use.file}' does not exist", "check the file name and the folder it is in")
    private = PRIVATE_FOLDER in target.relative_to(content).parts
    if use.public and private:
        return (f"'{use.file}' is in {PRIVATE_FOLDER}/, which is never published",
                "move it out of private/ if it is public, or mark the item exempt")
    if not use.public and not private:
        return (f"'{use.file}' belongs to an exempt or confidential item but is placed where it would be published",
                f"move it into the meeting's {PRIVATE_FOLDER}/ folder")
    return None
