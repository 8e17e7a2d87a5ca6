"""Benchmark the search page in Debian's Chromium: relevance on the sample archive, and the bytes a
first search downloads.

    python benchmarks/search_benchmark.py [--meetings 5000]

Builds the sample archive (content/), runs the relevance suite (tests/browser/relevance_queries.yml)
on its search page and prints top-1, top-3 and mean reciprocal rank, with every query whose wanted
result was not first; then the bytes a first search downloads before its results show. With
--meetings, also builds a synthetic archive of that many meetings (benchmarks/generate_archive.py)
and prints the bytes of a first search there. Run on demand; never part of the tests.
"""

from __future__ import annotations

import argparse
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


def built(root: Path) -> Path:
    result = build(root)
    assert result.ok, [d.format() for d in result.diagnostics if d.severity.value == "error"][:5]
    return root / "site"


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), site_handler(site, PROJECT_PATH + "/"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}{PROJECT_PATH}/"


def first_search_bytes(browser, site_url: str, query: str = FIRST_QUERY) -> tuple[int, int]:
    """Bytes (as sent, before decompression) and requests a first search makes after the page
    itself, until its results are shown."""
    page = browser.new_page()
    page.goto(site_url + "search/")
    page.wait_for_selector("#archive-search[data-searched]", state="attached")
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    page.evaluate("() => { delete document.getElementById('archive-search').dataset.searched; }")
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    page.wait_for_selector("#archive-search[data-searched]", state="attached")
    total = sum(request.sizes()["responseBodySize"] for request in responses)
    page.close()
    return total, len(responses)


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
            size, count = first_search_bytes(browser, url)
            print(f"first search on the sample archive: {size / 1024:.0f} KB in {count} requests")
            server.shutdown()
            for meetings in args.meetings:
                root = workdir / f"archive-{meetings}"
                generate(root, meetings)
                server, url = serve(built(root))
                size, count = first_search_bytes(browser, url)
                print(f"first search at {meetings} meetings: {size / 1024:.0f} KB in {count} requests")
                server.shutdown()
            browser.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
