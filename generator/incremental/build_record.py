"""The build record: what the last build left the next, owned here and nowhere else.

A build reads the record once, at its start (`BuildRecord.read`); clears it once, before it
writes anything (`clear`); and writes it once, at its end (`write`), with what it made. Between
the two, the rest of the build sees plain, immutable values and hands back what it made; no
other module reads or writes a record file. A build that fails or is killed part way leaves no
record, and the next one starts over, in full; a build stopped by errors in the content, having
written nothing, writes back the record it read.

What the record holds:

- the engines the site was built with (`engine_fingerprint`): the theme, the generator and the
  versions of the libraries that render. A build may start from the last site and redo only what
  changed (MkDocs's --dirty for pages, one search bundle per committee) when these are the same;
  anything else, or any doubt, means a full build;
- the files the build wrote itself beside MkDocs's pages, and which of them follow from the
  archive's outline, with the outline's digest (`Exported`), so the next build removes those no
  longer wanted and keeps those that follow from an unchanged outline;
- what each page of the MkDocs project was rendered from (`RenderedBefore`), so a page whose
  inputs are unchanged is not rendered again;
- what the build changed in the site beside the spare site it left (`SpareRecord`), so the next
  build relinks only that in the spare;
- the memos (memo.py): results of costly steps by the digest of their inputs. A memo vouches for
  nothing in the site or the project (it is used only under the key it was made with), so it is
  not cleared; it is replaced whole when a build found something new.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import pickle
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from generator import __version__
from generator.incremental.memo import Remembered

RECORD_FILE = "build-record.json"  # in the MkDocs project's folder, .scrutiny/
YAML_MEMO, REFERENCES_MEMO = "yaml", "references"  # beside it, as <name>.pickle

# Libraries whose output is in the site: a new version of one may change any page or export.
RENDERING_LIBRARIES = ("mkdocs", "mkdocs-material", "pagefind", "jinja2", "markdown", "nh3", "pyyaml",
                       "pagefind-bin", "pydantic", "icalendar", "pymdown-extensions")

FolderIdentity = tuple[int, int, int]


def engine_fingerprint(folders: Sequence[Path]) -> str:
    """A digest of the generator's version, the rendering libraries' and every file in `folders`
    (the theme, the generator)."""
    digest = hashlib.sha256(__version__.encode())
    for library in RENDERING_LIBRARIES:
        digest.update(f"{library} {_version(library)}\n".encode())
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _version(library: str) -> str:
    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return "absent"


@dataclass(frozen=True)
class RenderedBefore:
    """A page as the last build left it in the MkDocs project: the digest of its inputs, and the
    date its content last changed."""

    inputs: str
    updated: dt.date


@dataclass(frozen=True)
class Exported:
    """The files of ours a site holds beside MkDocs's pages (exports and redirects), and which of
    them follow from the archive's outline, with the outline's digest."""

    files: frozenset[str]
    outline: str = ""
    outline_files: tuple[str, ...] = ()

    def kept_for(self, outline: str) -> tuple[str, ...] | None:
        """The files that follow from `outline`, if it is the outline they followed from: the
        site holds them as a build would write them."""
        return self.outline_files if outline == self.outline else None


@dataclass(frozen=True)
class SpareRecord:
    """What a build changed in the site it published, beside the spare it left (the site it
    replaced, or a mirror of it made meanwhile, which differs from it only there). The two
    folders are named by device, inode and change time, which any rename or removal and
    re-creation changes; files changed inside them by hand go unnoticed."""

    site: FolderIdentity
    spare: FolderIdentity
    changed: tuple[str, ...]

    def vouches_for(self, site: FolderIdentity | None, spare: FolderIdentity | None) -> bool:
        return (self.site, self.spare) == (site, spare)


def folder_identity(folder: Path) -> FolderIdentity | None:
    try:
        status = os.stat(folder)
    except OSError:
        return None
    return status.st_dev, status.st_ino, status.st_ctime_ns


@dataclass(frozen=True)
class Memos:
    """The memos the last build left, each if it could be read."""

    yaml: Remembered | None = None
    references: Remembered | None = None


def read_memos(project: Path) -> Memos:
    """The memos alone, for `scrutiny check`, which reads them and writes nothing."""
    return Memos(_recall(project / f"{YAML_MEMO}.pickle"), _recall(project / f"{REFERENCES_MEMO}.pickle"))


@dataclass(frozen=True)
class Recorded:
    """What a build leaves the next: what it published of ours (None if it published nothing),
    what each page was rendered from, the spare site's record and the memos to replace (None:
    keep the one there)."""

    exported: Exported | None
    pages: Mapping[str, RenderedBefore] = field(default_factory=dict)
    spare: SpareRecord | None = None
    yaml: Remembered | None = None
    references: Remembered | None = None


@dataclass(frozen=True)
class BuildRecord:
    """The record as a build read it (see the module's docstring), for `project` (.scrutiny/)
    and the site in `site`, by engines with this `fingerprint`."""

    project: Path
    site: Path
    fingerprint: str
    previous: Exported | None = None  # None: no site this build may start from
    rendered_before: Mapping[str, RenderedBefore] = field(default_factory=dict)
    spare: SpareRecord | None = None
    memos: Memos = Memos()

    @classmethod
    def read(cls, project: Path, docs: Path, site: Path, engines: Sequence[Path]) -> BuildRecord:
        """The record, as far as it holds for these `engines` (folders: the theme, the
        generator), the pages in `docs` and the site in `site`. Whatever is wrong with it reads
        as nothing recorded."""
        site = site.resolve()
        fingerprint = engine_fingerprint(engines)
        record = cls(project, site, fingerprint, memos=read_memos(project))
        try:
            state = json.loads((project / RECORD_FILE).read_text(encoding="utf-8"))
            same_engines, same_site = state["fingerprint"] == fingerprint, state["site"] == str(site)
            return cls(project, site, fingerprint,
                       _exported(state["exported"]) if same_engines and same_site and site.is_dir() else None,
                       _rendered_before(state["pages"], docs) if same_engines else {},
                       _spare_record(state["spare"]) if same_site else None,
                       record.memos)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return record

    def clear(self) -> None:
        """Before the build writes anything (the project, the site, the spare site): until it has
        finished, no record may vouch for them."""
        (self.project / RECORD_FILE).unlink(missing_ok=True)

    def as_read(self, spare: SpareRecord | None) -> Recorded:
        """What a build that wrote nothing but, perhaps, the spare site leaves: the record it
        read, with the spare's."""
        return Recorded(self.previous, self.rendered_before, spare)

    def write(self, recorded: Recorded) -> None:
        """Once, at the end of the build."""
        self.project.mkdir(parents=True, exist_ok=True)
        for name, remembered in ((YAML_MEMO, recorded.yaml), (REFERENCES_MEMO, recorded.references)):
            if remembered is not None:
                _replace(self.project / f"{name}.pickle", pickle.dumps(remembered, protocol=pickle.HIGHEST_PROTOCOL))
        exported, spare = recorded.exported, recorded.spare
        state = {
            "fingerprint": self.fingerprint,
            "site": str(self.site),
            "exported": None if exported is None else {"files": sorted(exported.files), "outline": exported.outline,
                                                       "outline_files": sorted(exported.outline_files)},
            "pages": {path: [page.inputs, page.updated.isoformat()] for path, page in recorded.pages.items()},
            "spare": None if spare is None else {"site": spare.site, "spare": spare.spare,
                                                 "changed": sorted(set(spare.changed))},
        }
        _replace(self.project / RECORD_FILE, (json.dumps(state, indent=0, sort_keys=True) + "\n").encode("utf-8"))


def _exported(fields: dict | None) -> Exported | None:
    if fields is None:
        return None
    return Exported(frozenset(fields["files"]), fields["outline"], tuple(fields["outline_files"]))


def _rendered_before(pages: dict, docs: Path) -> dict[str, RenderedBefore]:
    """The pages the MkDocs project holds, with the digests of their inputs (page_inputs.py)."""
    return {path: RenderedBefore(inputs, dt.date.fromisoformat(updated))
            for path, (inputs, updated) in pages.items() if (docs / path).is_file()}


def _spare_record(fields: dict | None) -> SpareRecord | None:
    if fields is None:
        return None
    return SpareRecord(tuple(fields["site"]), tuple(fields["spare"]), tuple(fields["changed"]))


def _recall(path: Path) -> Remembered | None:
    try:
        with open(path, "rb") as file:
            remembered = pickle.load(file)
    except Exception:  # a cache: whatever is wrong with it, its results are computed again
        return None
    return remembered if isinstance(remembered, Remembered) else None


def _replace(path: Path, content: bytes) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(content)
    partial.replace(path)
