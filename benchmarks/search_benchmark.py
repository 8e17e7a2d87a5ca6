"""Benchmark the search page in Debian's Chromium: relevance on the sample archive, and the bytes a
first search downloads.

    python benchmarks/search_benchmark.py [--meetings 5000]

Builds the sample archive (content/), runs the relevance suite (tests/browser/relevance_queries.yml)
on its search page and prints top-1, top-3 and mean reciprocal rank, with every query whose wanted
result was not first; then the bytes a first search downloads before its results show, by kind
of file. With --meetings, also builds a synthetic archive of that many meetings
(benchmarks/generate_archive.py) and prints the bytes of a first search there, with PASS or FAIL
against the target (FIRST_SEARCH_LIMIT). Run on demand; never part of the tests.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate_archive import generate  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from generator.build import build  # noqa: E402
from generator.serve import site_handler  # noqa: E402
from tests.browser.conftest import CHROMIUM_ARGS, PROJECT_PATH  # noqa: E402
from tests.browser.relevance import figures, load_queries, misses, run_queries  # noqa: E402
from tests.conftest import copy_archive  # noqa: E402

FIRST_QUERY = "fostering"
FIRST_SEARCH_LIMIT, TARGET_MEETINGS = 1024 * 1024, 5000  # bytes a first search may fetch, up to that size (issue 19)
# What a first search fetches, by kind: Pagefind's files (its code; then per bundle its entry,
# metadata, the chunk of the word index holding each word sought, filter indexes; fragments of
# the results shown), the citation map, anything else.
KINDS = (("word index", r"\.pf_index$"), ("metadata", r"\.pf_meta$"), ("bundle entries", r"pagefind-entry\.json"),
         ("filter indexes", r"\.pf_filter$"), ("result fragments", r"\.pf_fragment$"),
         ("Pagefind's code", r"pagefind(?:-worker)?\.js$|wasm\.[^/]+\.pagefind$"), ("citation map", r"/search-map/"))


def built(root: Path) -> Path:
    result = build(root)
    assert result.ok, [d.format() for d in result.diagnostics if d.severity.value == "error"][:5]
    return root / "site"


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), site_handler(site, PROJECT_PATH + "/"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}{PROJECT_PATH}/"


def first_search_bytes(browser, site_url: str, query: str = FIRST_QUERY) -> dict[str, tuple[int, int]]:
    """Bytes (as sent, before decompression) and requests a first search makes after the page
    itself, until its results are shown, by kind of file (KINDS)."""
    page = browser.new_page()
    page.goto(site_url + "search/")
    page.wait_for_selector("#archive-search[data-searched]", state="attached")
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    page.evaluate("() => { delete document.getElementById('archive-search').dataset.searched; }")
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    page.wait_for_selector("#archive-search[data-searched]", state="attached")
    fetched: dict[str, tuple[int, int]] = {}
    for request in responses:
        path = request.url.split("?")[0]
        kind = next((name for name, pattern in KINDS if re.search(pattern, path)), "other")
        size, count = fetched.get(kind, (0, 0))
        fetched[kind] = (size + max(0, request.sizes()["responseBodySize"]), count + 1)
    page.close()
    return fetched


def report(where: str, fetched: dict[str, tuple[int, int]], judged: bool) -> None:
    size, count = sum(s for s, _ in fetched.values()), sum(c for _, c in fetched.values())
    verdict = (f": {'PASS' if size <= FIRST_SEARCH_LIMIT else 'FAIL'} (target at most {FIRST_SEARCH_LIMIT // 1024:,} KB up to {TARGET_MEETINGS:,} meetings)"
               if judged else "")
    print(f"first search ({FIRST_QUERY}) {where}: {size / 1024:,.0f} KB in {count} requests{verdict}")
    for kind, (kind_size, kind_count) in sorted(fetched.items(), key=lambda item: -item[1][0]):
        print(f"  {kind}: {kind_size / 1024:,.1f} KB in {kind_count}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, action="append", default=[], help="also measure a synthetic archive")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="search-benchmark-"))
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            sample = built(copy_archive(ROOT, workdir / "sample"))
            server, url = serve(sample)
            queries = load_queries()
            outcomes = run_queries(browser.new_page(), url, queries)
            print(f"relevance, {len(queries)} queries on the sample archive: {figures(outcomes)}")
            for line in misses(outcomes):
                print("  not first:", line)
            report("on the sample archive", first_search_bytes(browser, url), judged=False)
            server.shutdown()
            for meetings in args.meetings:
                root = workdir / f"archive-{meetings}"
                generate(root, meetings)
                server, url = serve(built(root))
                report(f"at {meetings:,} meetings", first_search_bytes(browser, url), judged=meetings <= TARGET_MEETINGS)
                server.shutdown()
            browser.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
