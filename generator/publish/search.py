"""Stage 6, index search: Pagefind over the built pages.

Pages opt in with `data-pagefind-body` (meetings, documents, people, and the resolutions index of
each committee and year), so navigation and page furniture stay out of the index. Every minute
and every resolution has a heading with an id, which Pagefind makes a sub-result: the search page
shows each resolution as its own result, landing on it in the minutes. Exempt material is never
in a page, so it cannot reach the index.

Pagefind's per-record API (`add_custom_record`) answers one record at a time, far too slowly for
an archive's hundred thousand resolutions; whole-directory indexing is what scales, and the
`pagefind` command (the same binary) does it.
"""

from __future__ import annotations

import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator.processes.helpers import run_engine
from generator.publish.engine import EngineError
from generator.records.site_paths import bundle_folders

INDEX_DIR = "pagefind"
# Pagefind 1.5 writes its filter and metadata indexes in an arbitrary order, so their bytes, names
# and even number change from run to run (Pagefind issue #638); its fragments are stable.
PAGEFIND_UNSTABLE = re.compile(r"^pagefind/[^/]+/[^/]+/(filter/.*\.pf_filter|pagefind\..*\.pf_meta|pagefind-entry\.json)$")
# Table headers too: Pagefind runs their cells together ("Municipal yearCommitteeRole"), in the index and excerpts.
EXCLUDED_SELECTORS = (".headerlink", ".visually-hidden", ".ref-note", "thead", ".attendance")
# Pagefind's ready-made search interfaces; the search page uses pagefind.js's API and its own.
# Pagefind's code, which the search page loads from the first bundle only: the bundles merged
# into it use its WebAssembly and worker (the same files in every bundle, so dropped from the others).
RUNTIME_FILES, WASM_FILES = ("pagefind.js", "pagefind-worker.js"), "wasm.*.pagefind"
UNUSED_UI_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                   "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


@dataclass(frozen=True)
class Indexed:
    """The bundles indexed, and the folders and files of the site that indexing changed."""

    bundles: list[str]
    changed: list[str]


def index_site(site: Path, language: str, bundles: list[str], stale: set[str] | None = None) -> Indexed:
    """Index the built site in `site` (a staging folder): each of `bundles` (site_paths.search_bundles)
    into `site/pagefind/<bundle>/`, the first with Pagefind's code. Only the bundles holding a
    `stale` folder are indexed again (all when None); the others are kept from the previous site."""
    todo = [b for b in bundles
            if stale is None or stale & set(bundle_folders(b)) or not (site / INDEX_DIR / b).is_dir()]
    removed = _remove_bundles(site / INDEX_DIR, keep=set(bundles) - set(todo))
    # Pagefind keeps about one core busy; the bundles are indexed two at a time on two cores,
    # and none more once one has failed.
    pool = ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1))
    try:
        for future in [pool.submit(_index, site, bundle, language.split("-")[0].lower()) for bundle in todo]:
            future.result()
    finally:
        pool.shutdown(cancel_futures=True)
    for bundle in todo:
        folder = site / INDEX_DIR / bundle
        unused = [folder / name for name in UNUSED_UI_FILES]
        if bundle != bundles[0]:
            unused += [folder / name for name in RUNTIME_FILES] + list(folder.glob(WASM_FILES))
        for path in unused:
            path.unlink(missing_ok=True)
    return Indexed(todo, sorted({f"{INDEX_DIR}/{bundle}" for bundle in todo} | set(removed)))


def _remove_bundles(index: Path, keep: set[str]) -> list[str]:
    """Remove every bundle but those to `keep`, and whatever else is in `index`; returns the
    paths removed, relative to the site."""
    removed = []
    for council in sorted(index.iterdir()) if index.is_dir() else ():
        if council.is_symlink() or not council.is_dir():
            council.unlink()
            removed.append(f"{INDEX_DIR}/{council.name}")
            continue
        for entry in sorted(council.iterdir()):
            if f"{council.name}/{entry.name}" not in keep:
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
                removed.append(f"{INDEX_DIR}/{council.name}/{entry.name}")
        if not any(council.iterdir()):
            council.rmdir()
    return removed


def _index(site: Path, bundle: str, language: str) -> None:
    """The Pagefind command, which has written every file when it exits. (The Python API's
    service is terminated as soon as it has answered, and has been seen to leave files
    empty: pagefind-entry.json, once in a large build.)"""
    result = run_engine(
        "pagefind", "--site", str(site), "--glob", _pages_of(bundle), "--output-path", str(site / INDEX_DIR / bundle),
        "--force-language", language, "--silent",
        *[argument for selector in EXCLUDED_SELECTORS for argument in ("--exclude-selectors", selector)])
    if result.returncode != 0:
        raise EngineError("Pagefind", (result.stdout + result.stderr).strip() or f"exited {result.returncode}")


def _pages_of(bundle: str) -> str:
    """Pagefind's glob for the pages of a bundle's folders (all in one council)."""
    folders = bundle_folders(bundle)
    if len(folders) == 1:
        return f"{folders[0]}/**/*.html"
    council = bundle.split("/")[0]
    return f"{council}/{{{','.join(folder.split('/')[1] for folder in folders)}}}/**/*.html"
