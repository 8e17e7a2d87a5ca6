"""Search in a real browser, on the sample site served under a project path."""

import re

import pytest


def search(page, site_url, query: str):
    page.goto(site_url + "search/?" + query)
    page.wait_for_function("() => { const s = document.getElementById('search-status').textContent;"
                           " return s && !s.startsWith('Searching'); }")
    if "No results" not in page.inner_text("#search-status"):
        page.wait_for_selector(".search-result")
    return page.query_selector_all(".search-result")


def test_private_fostering_finds_coventry_minute_34_first_and_lands_on_it(page, site_url):
    results = search(page, site_url, "q=private+fostering")
    link = results[0].query_selector("h2 a")
    assert link.get_attribute("href").endswith("/coventry/education-childrens-services-scrutiny-board-2/2018-01-11/#minute-34")
    assert "11 January 2018 · minute 34" in results[0].inner_text()
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith("/2018-01-11/#minute-34")
    assert page.inner_text("#minute-34").startswith("34. Private Fostering")
    assert page.console_errors == []


def test_resolutions_filter_lands_on_the_minute_75_resolution(page, site_url):
    results = search(page, site_url, "q=Further+Education&kind=Resolution")
    href = results[0].query_selector("h2 a").get_attribute("href")
    assert href.endswith("/2017-04-06/#minute-75-resolution-1")
    assert all("Resolution ·" in r.inner_text() for r in results)


def test_a_resolution_search_lands_on_the_matching_resolution_within_its_minute(page, site_url):
    results = search(page, site_url, "q=apps&kind=Resolution")
    link = results[0].query_selector("h2 a")
    assert link.get_attribute("href").endswith("/2017-04-06/#minute-73-resolution-6")
    assert link.inner_text().startswith("Minute 73, resolution 6:")


def test_council_filter_restricts_results_to_that_council(page, site_url):
    everywhere = search(page, site_url, "q=ofsted")
    leicester = search(page, site_url, "q=ofsted&council=Leicester+City+Council")
    assert len(leicester) < len(everywhere)
    assert leicester and all("Leicester City Council" in r.inner_text() for r in leicester)
    assert page.input_value("#search-council") == "Leicester City Council"


@pytest.mark.parametrize("order, reverse", [("newest", True), ("oldest", False)])
def test_sorting_orders_by_meeting_date(page, site_url, order, reverse):
    results = search(page, site_url, f"q=ofsted&sort={order}")
    dates = [r.get_attribute("data-date") for r in results]
    assert len(dates) > 3 and dates == sorted(dates, reverse=reverse)


def test_a_query_without_results_says_so_helpfully(page, site_url):
    assert search(page, site_url, "q=zebracrossingquux") == []
    assert page.inner_text("#search-status") == "No results for “zebracrossingquux”. Try fewer or different words."


def test_the_header_search_box_leads_to_the_search_page(page, site_url):
    page.goto(site_url + "coventry/")
    page.fill("#archive-search-box-input", "health visiting")
    page.keyboard.press("Enter")
    page.wait_for_selector(".search-result")
    assert re.search(r"/search/\?q=health\+visiting$", page.url)
    assert page.console_errors == []


def test_search_page_with_results_passes_axe(page, site_url):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed")
    search(page, site_url, "q=fostering")
    results = axe.Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]}})
    assert results.violations_count == 0, results.generate_report()


def council_choices(page) -> list[str]:
    return page.eval_on_selector_all("#search-council option", "options => options.map(o => o.textContent)")


def test_filter_choices_are_fetched_after_the_first_results(page, site_url):
    search(page, site_url, "q=ofsted")
    page.wait_for_function("() => document.querySelectorAll('#search-council option').length > 1")
    assert council_choices(page) == ["Any", "Coventry City Council", "Leicester City Council",
                                     "Portsmouth City Council", "Rotherham Metropolitan Borough Council"]


def test_filter_choices_are_fetched_when_a_filter_is_reached_before_any_search(page, site_url):
    page.goto(site_url + "search/")
    page.wait_for_timeout(300)
    assert council_choices(page) == ["Any"]
    page.focus("#search-council")
    page.wait_for_function("() => document.querySelectorAll('#search-council option').length > 1")
    assert "Leicester City Council" in council_choices(page)
    assert page.console_errors == []
