"""Browser tests: the built sample site served under a GitHub Pages project path, in Debian's
headless Chromium driven by Playwright. Skipped, saying why, where Chromium is not installed."""

from __future__ import annotations

import shutil
import threading
from http.server import ThreadingHTTPServer

import pytest

from generator.serve import site_handler

PROJECT_PATH = "/scrutiny-archive"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def site_url(sample_site):
    # Served as GitHub Pages serves it: under the project path, a missing page answered with the
    # site's own 404.html (Python's bare error page names no icon, so Chromium would ask the
    # server's root for /favicon.ico, a second 404 logged at a moment of its own).
    server = ThreadingHTTPServer(("127.0.0.1", 0), site_handler(sample_site, PROJECT_PATH + "/"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}{PROJECT_PATH}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    chromium = shutil.which("chromium")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: page.console_errors.append(f"{message.text} (at {message.location['url']})")
            if message.type == "error" else None)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    context.close()
