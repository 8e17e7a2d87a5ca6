"""The record of the last successful build: what the site in `site/` was built from.

A build may start from that site and redo only what changed (MkDocs's --dirty for pages, one
search bundle per committee) when the engines' inputs other than pages are the same as last time:
the theme, the generator's version, mkdocs.yml and the set of pages. Anything else, or any
doubt, means a full build. It also lists the files the build wrote itself beside MkDocs's pages,
so the next build can remove those no longer wanted, and keep those that follow from an
unchanged outline; and, beside the MkDocs project, what each page was rendered from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from importlib import metadata
import json
import pickle
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator import __version__
from generator.incremental.memo import Memo, Remembered

STATE_FILE = "build-state.json"
PAGES_FILE = "pages-state.json"


# Libraries whose output is in the site: a new version of one may change any page or export.
RENDERING_LIBRARIES = ("mkdocs", "mkdocs-material", "pagefind", "jinja2", "markdown", "nh3", "pyyaml",
                       "pagefind-bin", "pydantic", "icalendar", "pymdown-extensions")


def engine_fingerprint(theme_dir: Path, generator_dir: Path) -> str:
    digest = hashlib.sha256(__version__.encode())
    for library in RENDERING_LIBRARIES:
        digest.update(f"{library} {_version(library)}\n".encode())
    for folder in (theme_dir, generator_dir):
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
class PreviousBuild:
    """What the last build left in the site besides MkDocs's pages: every file of ours, and
    which of them follow from the archive's outline, with the outline's digest."""

    generated: frozenset[str]
    outline: str = ""
    outline_files: tuple[str, ...] = ()


def previous_build(project: Path, site_dir: Path, fingerprint: str) -> PreviousBuild | None:
    """If the site in `site_dir` was built by these engines, what it holds of ours, so a build
    can start from it; else None."""
    state_path = project / STATE_FILE
    if not site_dir.is_dir() or not state_path.is_file():
        return None
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
        if (state["fingerprint"], state["site"]) != (fingerprint, str(site_dir.resolve())):
            return None
        return PreviousBuild(frozenset(state["generated"]), state["outline"], tuple(state["outline_files"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def record_build(project: Path, site_dir: Path, fingerprint: str, generated: list[str],
                 outline: str, outline_files: list[str]) -> None:
    state = {"fingerprint": fingerprint, "site": str(site_dir.resolve()), "generated": sorted(generated),
             "outline": outline, "outline_files": sorted(outline_files)}
    (project / STATE_FILE).write_text(json.dumps(state, indent=0) + "\n", encoding="utf-8")


def forget_build(project: Path) -> None:
    (project / STATE_FILE).unlink(missing_ok=True)


def rendered_before(project: Path, docs: Path, fingerprint: str) -> dict[str, RenderedBefore]:
    """The pages the MkDocs project holds, rendered by these templates and this code, with the
    digests of their inputs (page_inputs.py): those whose inputs are unchanged need no rendering."""
    try:
        state = json.loads((project / PAGES_FILE).read_text(encoding="utf-8"))
        if state["fingerprint"] != fingerprint:
            return {}
        return {path: RenderedBefore(inputs, dt.date.fromisoformat(updated))
                for path, (inputs, updated) in state["pages"].items() if (docs / path).is_file()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def forget_pages(project: Path) -> None:
    """Before the project's pages are written: until they all are, no record may vouch for them."""
    (project / PAGES_FILE).unlink(missing_ok=True)


def record_pages(project: Path, fingerprint: str, pages: Mapping[str, RenderedBefore]) -> None:
    """Written once the project holds these pages' files, never before."""
    state = {"fingerprint": fingerprint,
             "pages": {path: [page.inputs, page.updated.isoformat()] for path, page in pages.items()}}
    path = project / PAGES_FILE
    path.with_suffix(".tmp").write_text(json.dumps(state, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    path.with_suffix(".tmp").replace(path)


def recall(project: Path, name: str) -> Remembered | None:
    """The memo `name` (see memo.py) the last build left, if it can be read."""
    try:
        with open(project / f"{name}.pickle", "rb") as file:
            remembered = pickle.load(file)
    except Exception:  # a cache: whatever is wrong with it, its results are computed again
        return None
    return remembered if isinstance(remembered, Remembered) else None


def remember(project: Path, name: str, memo: Memo) -> None:
    remembered = memo.to_remember()
    if remembered is None:
        return
    path = project / f"{name}.pickle"
    with open(path.with_suffix(".tmp"), "wb") as file:
        pickle.dump(remembered, file, protocol=pickle.HIGHEST_PROTOCOL)
    path.with_suffix(".tmp").replace(path)
