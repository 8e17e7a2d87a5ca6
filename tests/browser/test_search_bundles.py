"""A search bundle holding two committees (site_paths.search_bundles), searched in the browser:
Northshire's two committees of the cross-references fixture share one."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer

import pytest

from generator.build import build
from generator.serve import site_handler
from tests.browser.conftest import PROJECT_PATH
from tests.conftest import FIXTURES, copy_archive

SHARED = "northshire/children-scrutiny_health-scrutiny-board"


@pytest.fixture(scope="module")
def northshire_url(tmp_path_factory):
    root = copy_archive(FIXTURES / "cross-references", tmp_path_factory.mktemp("northshire"))
    assert build(root).ok
    assert (root / "site/pagefind" / SHARED / "pagefind-entry.json").is_file()
    server = ThreadingHTTPServer(("127.0.0.1", 0), site_handler(root / "site", PROJECT_PATH + "/"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}{PROJECT_PATH}/"
    server.shutdown()


def test_a_bundle_of_two_committees_finds_the_meetings_of_both(page, northshire_url):
    page.goto(northshire_url + "search/?q=health+visiting")
    page.wait_for_selector("#archive-search[data-searched]", state="attached")
    links = [a.get_attribute("href") for a in page.query_selector_all(".search-result h2 a")]
    assert any("/northshire/children-scrutiny/2016-09-01/#minute-28" in link for link in links)
    assert any("/northshire/health-scrutiny-board/2017-01-12/#minute-3" in link for link in links)
    page.click("#search-committee")  # the choices of both committees come from the one bundle
    page.wait_for_function("document.querySelectorAll('#search-committee option').length > 2")
    choices = page.inner_text("#search-committee")
    assert "Children's Scrutiny Board" in choices and "Health Scrutiny Board" in choices
    assert page.console_errors == []
