"""Browser tests: the built sample site served under a GitHub Pages project path, in Debian's
headless Chromium driven by Playwright. Skipped, saying why, where Chromium is not installed."""

from __future__ import annotations

import functools
import shutil
import threading
from pathlib import Path
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

PROJECT_PATH = "/scrutiny-archive"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _ProjectPathHandler(SimpleHTTPRequestHandler):
    """Serves the site as GitHub Pages does: under its project path, and a missing page answered
    with the site's own 404.html. (Python's bare error page names no icon, so Chromium then asks
    the server's root for /favicon.ico, a second 404 logged at a moment of its own.)"""

    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file():
            return super().send_error(code, message, explain)
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def translate_path(self, path):
        path = path.split("?")[0].split("#")[0]
        if path.startswith(PROJECT_PATH):
            path = path[len(PROJECT_PATH):] or "/"
        return super().translate_path(path)

    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture(scope="session")
def site_url(sample_site):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_ProjectPathHandler, directory=str(sample_site)))
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
