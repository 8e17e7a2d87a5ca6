"""`scrutiny serve`: the preview answers on localhost and rebuilds after a content change."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from tests.conftest import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode()
    except OSError:
        return None


def wait_for(condition, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    return None


def test_serve_rebuilds_when_content_changes(minimal_copy):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--root", str(minimal_copy),
                               "--port", str(port)], cwd=PROJECT_ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    page = f"http://127.0.0.1:{port}/testshire/overview-scrutiny/2016-06-01/"
    try:
        assert "Council Chamber" in (wait_for(lambda: fetch(page)) or "")
        meeting = minimal_copy / "content/testshire/overview-scrutiny/2016-06-01/meeting.yml"
        meeting.write_text(meeting.read_text().replace("Council Chamber", "Committee Room 2"))
        assert wait_for(lambda: "Committee Room 2" in (fetch(page) or ""))
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_answers_a_missing_page_with_the_sites_own_404_page(minimal_copy):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--root", str(minimal_copy),
                               "--port", str(port)], cwd=PROJECT_ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: fetch(f"http://127.0.0.1:{port}/"))
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/no-such-page/", timeout=2)
            raise AssertionError("a missing page was served")
        except urllib.error.HTTPError as missing:
            assert missing.code == 404
            assert "<title>Page not found" in missing.read().decode()
        # The 404 page's links are absolute, to the published address's path: served there too.
        assert "Testshire" in (fetch(f"http://127.0.0.1:{port}/testshire/testshire/") or "")
    finally:
        server.terminate()
        server.wait(timeout=10)
