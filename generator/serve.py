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


class _SiteHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the standard library's signature
        pass


def serve(root: Path, host: str, port: int, rebuild: Callable[[], int], poll_seconds: float = 1.0) -> int:
    rebuild()
    site = (root / "site").resolve()
    site.mkdir(exist_ok=True)
    handler = functools.partial(_SiteHandler, directory=str(site))
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
