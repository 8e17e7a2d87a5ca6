"""Stage 6, index search: Pagefind over the built pages.

Pages opt in with `data-pagefind-body` (meetings, documents, people, and the resolutions index of
each committee and year), so navigation and page furniture stay out of the index. Every minute
and every resolution has a heading with an id, which Pagefind makes a sub-result: the search page
shows each resolution as its own result, landing on it in the minutes. Exempt material is never
in a page, so it cannot reach the index.

Pagefind's per-record API (`add_custom_record`) costs about 0.1 s a record, far too slow for an
archive's hundred thousand resolutions; whole-directory indexing is what scales.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


INDEX_DIR = "pagefind"
# Pagefind's ready-made search interfaces; the search page uses pagefind.js's API and its own.
UNUSED_UI_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                   "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


def index_site(site: Path, language: str, bundles: list[str], stale: set[str] | None = None) -> list[str]:
    """Index the built site in `site` (a staging folder): one bundle per council, in
    `site/pagefind/<council>/`, which the search page merges. Only the `stale` bundles are
    indexed again (all when None); the others are kept from the previous site. Returns the
    bundles indexed."""
    logging.getLogger("pagefind").setLevel(logging.WARNING)
    todo = [b for b in bundles if stale is None or b in stale or not (site / INDEX_DIR / b).is_dir()]
    for leftover in (site / INDEX_DIR).glob("*") if (site / INDEX_DIR).is_dir() else ():
        if leftover.name not in bundles or leftover.name in todo:
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
    # Pagefind's API is async; its own thread and event loop let a build run from any caller,
    # including one that already runs an event loop.
    with ThreadPoolExecutor(max_workers=1) as worker:
        for bundle in todo:
            worker.submit(asyncio.run, _index(site, bundle, language.split("-")[0].lower())).result()
            for name in UNUSED_UI_FILES:
                (site / INDEX_DIR / bundle / name).unlink(missing_ok=True)
    return todo


async def _index(site: Path, bundle: str, language: str) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(force_language=language, output_path=str(site / INDEX_DIR / bundle),
                         exclude_selectors=[".headerlink", ".visually-hidden", ".ref-note"])
    async with PagefindIndex(config=config) as index:  # which writes the files as it closes
        await index.add_directory(str(site), glob=f"{bundle}/**/*.html")
