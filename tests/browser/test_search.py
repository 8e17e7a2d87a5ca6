"""Search in a real browser, on the sample site served under a project path."""

import re

import pytest


def search(page, site_url, query: str):
    page.goto(site_url + "search/?" + query)
    page.wait_for_selector("#archive-search[data-searched]", state="attached")  # set once a search has ended
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


# --- ranking, citations, phrases, bad input (issue 19) -------------------------------------------

def first_hrefs(results, count=3) -> list[str]:
    return [r.query_selector("h2 a").get_attribute("href") for r in results[:count]]


def test_initials_on_person_pages_never_match_a_longer_word(page, site_url):
    results = search(page, site_url, "q=pupil+premium")
    assert first_hrefs(results, 1)[0].endswith("/2014-04-30/#minute-62")
    assert not any("/people/" in href for href in first_hrefs(results, 10))


def test_a_meeting_leads_to_its_best_minute_and_lists_the_other_matches(page, site_url):
    results = search(page, site_url, "q=school+performance")
    assert first_hrefs(results, 1)[0].endswith("/2014-04-30/#minute-61")
    also = [a.get_attribute("href") for a in results[0].query_selector_all(".search-result-also a")]
    assert any(href.endswith("/2014-04-30/#minute-62") for href in also)


def test_a_person_is_found_by_name_and_person_excerpts_read_as_text(page, site_url):
    results = search(page, site_url, "q=Lapsa")
    assert first_hrefs(results, 1)[0].endswith("/coventry/people/m-lapsa/")
    assert "yearCommittee" not in page.inner_text("#search-results")


def test_a_minute_citation_offers_that_minute_first(page, site_url):
    results = search(page, site_url, "q=minute+34%2F17")
    assert first_hrefs(results, 1)[0].endswith("/2018-01-11/#minute-34")
    assert "Minute cited" in results[0].inner_text()
    assert "cites one minute of 2017/18" in page.inner_text("#search-notice")
    assert page.console_errors == []


def test_a_meeting_date_offers_that_meeting_first(page, site_url):
    results = search(page, site_url, "q=11%2F01%2F2018")
    assert first_hrefs(results, 1)[0].endswith("/education-childrens-services-scrutiny-board-2/2018-01-11/")
    assert page.inner_text("#search-notice") == "One meeting was held on 11 January 2018."


def test_a_first_search_loads_no_map_and_a_citation_loads_one_shard(page, site_url):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    search(page, site_url, "q=fostering")
    assert not any("/search-map/" in url for url in requested)
    search(page, site_url, "q=Minute+62")
    maps = sorted(url.split("/search-map/")[1] for url in requested if "/search-map/" in url)
    assert maps == ["citations/0.json", "index.json"]


def test_quoted_phrases_keep_only_results_that_contain_them(page, site_url):
    loose = search(page, site_url, "q=pupil+referral")
    exact = search(page, site_url, "q=%22pupil+referral%22")
    assert 0 < len(exact) < len(loose)
    assert all("pupil referral" in r.inner_text().lower() for r in exact)
    assert "contains the exact phrase “pupil referral”" in page.inner_text("#search-status") or \
        "contain the exact phrase “pupil referral”" in page.inner_text("#search-status")


@pytest.mark.parametrize("query, says", [
    ("%3B%3B%3B+%21%21", "has no letters or numbers to search for"),
    ("minute+999%2F16", "No minute 999 of 2016/17 is in this archive."),
    ("31+February+2016", "There is no 31 February 2016: check the day and month."),
    ("fostring", "No results for “fostring”; "),
])
def test_bad_input_gets_a_helpful_message(page, site_url, query, says):
    search(page, site_url, "q=" + query)
    assert says in page.inner_text("#search-status") + " " + page.inner_text("#search-notice")
    assert page.console_errors == []


def test_a_very_long_query_is_cut_and_says_so(page, site_url):
    search(page, site_url, "q=" + "+".join(["fostering"] * 400))
    assert "Your search was long" in page.inner_text("#search-notice")
    assert page.console_errors == []


def test_on_a_phone_the_first_result_is_on_the_first_screen_with_the_filters_folded(browser, site_url):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    phone = context.new_page()
    phone.goto(site_url + "search/?q=private+fostering&council=Coventry+City+Council")
    phone.wait_for_selector(".search-result")
    assert not phone.eval_on_selector("#search-filters-fold", "d => d.open")
    assert " ".join(phone.inner_text("#search-filters-fold summary").split()) == "Filters and order (1 set)"
    assert phone.eval_on_selector(".search-result h2 a", "a => a.getBoundingClientRect().bottom") <= 740
    phone.click("#search-filters-fold summary")
    assert phone.is_visible("#search-council")
    context.close()


def test_the_search_box_shows_focus_when_tabbed_to(page, site_url):
    page.goto(site_url + "search/")
    page.wait_for_selector("#archive-search[data-searched]")
    page.focus("#search-sort")
    for _ in range(40):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.id") == "search-q":
            break
    outline = page.eval_on_selector("#search-q", "e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth")
    assert outline.startswith("solid") and not outline.endswith(" 0px")


def test_person_filter_lists_people_by_surname_with_their_council(page, site_url):
    search(page, site_url, "q=ofsted")
    page.wait_for_function("() => document.querySelectorAll('#search-person option').length > 1")
    people = page.eval_on_selector_all("#search-person option", "options => options.map(o => o.textContent)")[1:]
    assert "Jones, Mrs K (Coventry City Council)" in people and "Jones, Mrs J. (Rotherham Metropolitan Borough Council)" in people
    surnames = [name.split(",")[0].lower() for name in people]
    assert surnames == sorted(surnames)


def test_without_javascript_the_page_says_so_and_links_what_works(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(site_url + "search/")
    note = plain.inner_text(".search-noscript")
    assert "Search needs JavaScript" in note and "every meeting, minute and resolution is listed there" not in note
    links = plain.eval_on_selector_all(".search-noscript a", "links => links.map(a => a.getAttribute('href'))")
    assert any(href.endswith("calendar/") for href in links)
    assert any(href.endswith("#resolutions") for href in links)
    context.close()
