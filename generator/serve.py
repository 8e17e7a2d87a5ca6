"""`scrutiny serve`: a local preview that rebuilds when a source file changes.

Changes are found by polling modification times once a second: simple, dependency-free, and
fast enough for an archive's few thousand files.
"""

from __future__ import annotations

import functools
import gc
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

WATCHED = ("site_config.yml", "content", "theme")


def snapshot(root: Path) -> dict[str, float]:
    stamps: dict[str, float] = {}
    for name in WATCHED:
        path = root / name
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            stamps[str(file)] = file.stat().st_mtime
    return stamps


class SiteHandler(SimpleHTTPRequestHandler):
    """The site as GitHub Pages serves it: at the root and under the published address's path
    (the 404 page's links are absolute, to that path), a missing page answered with the site's
    own 404.html."""

    base_path = "/"

    def translate_path(self, path):
        local = super().translate_path(path)
        if self.base_path != "/" and path.startswith(self.base_path) and not Path(local).exists():
            return super().translate_path("/" + path[len(self.base_path):])
        return local

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

    def log_message(self, format, *args):  # noqa: A002 - the standard library's signature
        pass


def site_handler(site: Path, base_path: str = "/"):
    """A request handler serving `site` as GitHub Pages would under `base_path` (see SiteHandler)."""
    return functools.partial(type("SiteHandler", (SiteHandler,), {"base_path": base_path}), directory=str(site))


def serve(root: Path, host: str, port: int, rebuild: Callable[[], int], poll_seconds: float = 1.0,
          base_path: str = "/") -> int:
    rebuild()
    site = (root / "site").resolve()
    site.mkdir(exist_ok=True)
    handler = site_handler(site, base_path)
    server = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving on http://{host}:{server.server_port}/ (Ctrl+C to stop); watching {', '.join(WATCHED)}")
    seen = snapshot(root)
    try:
        while True:
            time.sleep(poll_seconds)
            current = snapshot(root)
            if current != seen:
                seen = current
                print("Change found; rebuilding ...")
                rebuild()
                gc.collect()  # what the last build left in cycles, while nothing waits (build.py)
    except KeyboardInterrupt:
        return 0
    finally:
        server.shutdown()
