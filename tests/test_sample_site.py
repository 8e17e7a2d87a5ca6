"""The sample archive (the five seed documents) as a reader finds it in the built site."""

import datetime as dt
import json
import re
from pathlib import Path

from generator.build import build
from generator.records.config import SITE_FOLDERS
from tests.conftest import PROJECT_ROOT, add_meetings

COVENTRY = "coventry/education-childrens-services-scrutiny-board-2"
LEICESTER = "leicester/children-young-people-schools-scrutiny-commission"
ROTHERHAM = "rotherham/improving-lives-select-commission"
PORTSMOUTH = "portsmouth/education-children-young-people-scrutiny-panel"


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text()


def article(html: str) -> str:
    return re.search(r"<article\b.*?</article>", html, flags=re.S).group(0)


def minute_section(html: str, number: str) -> str:
    match = re.search(rf'<h3 id="minute-{number}">.*?(?=<h3 |<h2 |</article>)', html, flags=re.S)
    assert match, f"no minute {number}"
    return match.group(0)


def table_rows(html: str, css_class: str) -> list[str]:
    table = re.search(rf'<table class="{css_class}(?: cards)?">.*?</table>', html, flags=re.S).group(0)
    return re.findall(r"<tr(?: id=\"[\w-]+\")?>.*?</tr>", table.split("<tbody>")[1], flags=re.S)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'").replace("&amp;", "&")


def test_coventry_6_april_2017_has_minutes_71_to_78(sample_site):
    html = page(sample_site, f"{COVENTRY}/2017-04-06")
    numbers = re.findall(r'<h3 id="minute-(\d+)">', html)
    assert numbers == [str(n) for n in range(71, 79)]


def test_coventry_minute_73_has_seven_numbered_resolutions(sample_site):
    section = minute_section(page(sample_site, f"{COVENTRY}/2017-04-06"), "73")
    assert re.findall(r'id="minute-73-resolution-(\d+)"', section) == [str(n) for n in range(1, 8)]
    assert "<strong>RESOLVED</strong>" in section
    assert "Support the proposed development of an integrated Family Health and Lifestyle service" in text(section)


def test_coventry_lapsa_declared_on_minute_75_and_withdrew(sample_site):
    html = page(sample_site, f"{COVENTRY}/2017-04-06")
    [row] = [r for r in table_rows(html, "declarations") if "Lapsa" in r]
    assert 'href="#minute-75"' in row
    assert "pecuniary" in row.lower()
    assert row.rstrip().endswith("<td>Yes</td></tr>")


def test_coventry_2018_minutes_keep_the_amended_minute_text(sample_site):
    html = page(sample_site, f"{COVENTRY}/2018-01-11")
    assert re.findall(r'<h3 id="minute-(\d+)">', html) == [str(n) for n in range(32, 40)]
    assert "Maundy Money" in text(minute_section(html, "33"))


def test_leicester_22_july_2015_attendance_and_minutes(sample_site):
    html = page(sample_site, f"{LEICESTER}/2015-07-22")
    attendance = text(re.search(r'<dl class="attendance">.*?</dl>', html, flags=re.S).group(0))
    for name in ("Moore", "Cole", "Aldred", "Grant", "Chohan", "Gugnani", "Malik"):
        assert name in attendance
    assert "Al-Azad" in attendance
    apologies = attendance.split("Apologies")[1]
    for name in ("Senior", "Flack", "Hannan", "Lewis"):
        assert name in apologies
    assert re.findall(r'<h3 id="minute-(\d+)">', html) == [str(n) for n in range(1, 14)]


def test_leicester_scoping_document_is_linked_from_minute_11(sample_site):
    section = minute_section(page(sample_site, f"{LEICESTER}/2015-07-22"), "11")
    [href] = re.findall(r'<ul class="considered">.*?href="([^"]+)"', section, flags=re.S)
    scoping = (sample_site / LEICESTER / "2015-07-22" / href / "index.html").read_text()
    assert "Scoping document" in scoping
    assert "Ofsted" in text(article(scoping))
    assert "Frances Craven" in scoping


def test_rotherham_work_programme_2014_15_lists_dates_and_topics(sample_site):
    folder = sample_site / ROTHERHAM / "2014-06-11" / "work-programme-2014-15"
    html = (folder / "index.html").read_text()
    rows = table_rows(html, "work-programme")
    assert len(rows) >= 8
    assert re.search(r"\d{1,2} (June|July|September|October|November|December) 2014", text(html))


def test_coventry_tracker_rows_are_a_table(sample_site):
    html = page(sample_site, f"{COVENTRY}/2017-04-27/outstanding-issues")
    rows = table_rows(html, "tracker")
    assert len(rows) == 11
    assert "Minister is on paternity leave" in text("".join(rows))


def test_portsmouth_action_plan_is_a_table_with_status_in_words(sample_site):
    html = page(sample_site, f"{PORTSMOUTH}/2014-11-24/improvement-plan-recommendation-11")
    rows = table_rows(html, "action-plan")
    assert len(rows) == 5
    assert all("Not yet rated" in row for row in rows)
    assert "Stephen Kitchman" in rows[0]


def primary_navigation(html: str) -> str:
    return re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>\s*</div>\s*</div>', html, flags=re.S).group(0)


def test_navigation_lists_councils_and_only_the_current_councils_committees_never_meetings(sample_site):
    """Pruned, so the navigation on every page stays the same size however many councils,
    committees and meetings the archive holds."""
    on_meeting = primary_navigation(page(sample_site, f"{COVENTRY}/2017-04-06"))
    on_committee = primary_navigation(page(sample_site, COVENTRY))
    for navigation in (on_meeting, on_committee):
        assert "Coventry City Council" in navigation and "Leicester City Council" in navigation
        assert not re.search(r"\d{4}-\d{2}-\d{2}", navigation)
        assert "Children, Young People and Schools Scrutiny Commission" not in navigation
    assert "Scrutiny Board (2)" in on_committee


def test_every_page_declares_british_english(sample_site):
    assert '<html lang="en-GB"' in page(sample_site, "")


def test_about_page_credits_every_council_and_the_licence(sample_site):
    about = text(page(sample_site, "about"))
    for council in ("Coventry City Council", "Leicester City Council", "Portsmouth City Council",
                    "Rotherham Metropolitan Borough Council"):
        assert council in about
    assert "Open Government Licence" in about


def test_writing_records_guide_is_published(sample_site):
    assert "minutes.md" in text(page(sample_site, "writing-records"))


# -- cross-references in the sample archive -------------------------------------------------------


def ref_links(html: str) -> dict[str, str]:
    return {re.sub(r"<[^>]+>.*", "", label).strip(): href
            for href, label in re.findall(r'<a class="ref" href="([^"]+)"[^>]*>(.*?)</a>', html, flags=re.S)}


def test_leicester_minutes_9_and_10_link_to_minute_11(sample_site):
    html = page(sample_site, f"{LEICESTER}/2015-07-22")
    for number in ("9", "10"):
        assert "#minute-11" in ref_links(minute_section(html, number)).values()
    assert "Minute 9" in minute_section(html, "11") and "Minute 10" in minute_section(html, "11")


def test_coventry_minute_71_links_to_minute_75_which_links_back(sample_site):
    html = page(sample_site, f"{COVENTRY}/2017-04-06")
    assert ref_links(minute_section(html, "71")) == {"minute 75 below": "#minute-75"}
    assert '<a href="#minute-71">Minute 71</a>' in minute_section(html, "75")


def test_references_outside_the_archive_are_marked(sample_site):
    coventry = minute_section(page(sample_site, f"{COVENTRY}/2017-04-06"), "73")
    assert re.search(r'class="ref ref-missing"[^>]*>minute 28/16<span class="ref-note"> \(not in this archive\)', coventry)
    rotherham = page(sample_site, f"{ROTHERHAM}/2014-04-30")
    assert re.search(r'class="ref ref-missing"[^>]*>Minute No. 42<span class="ref-note"> \(not in this archive\)', rotherham)


def test_coventry_agenda_item_on_minutes_and_the_approval_it_records(sample_site):
    agenda = page(sample_site, f"{COVENTRY}/2017-04-27")
    assert "meeting held on 6th April, 2017" in ref_links(agenda)
    assert ref_links(agenda)["meeting held on 6th April, 2017"] == "../2017-04-06/"
    minutes = page(sample_site, f"{COVENTRY}/2017-04-06")
    assert re.search(r'submitted for approval to the <a href="../2017-04-27/#agenda">meeting of Thursday 27 April 2017</a> '
                     r'\(agenda item 3a\)', minutes)


def test_rotherham_next_meeting_resolution_links_to_that_meeting(sample_site):
    html = minute_section(page(sample_site, f"{ROTHERHAM}/2014-04-30"), "65")
    assert list(ref_links(html).values()) == ["../2014-06-11/"]


def test_coventry_tracker_rows_link_to_minutes_73_and_75(sample_site):
    html = page(sample_site, f"{COVENTRY}/2017-04-27/outstanding-issues")
    targets = set(re.findall(r'href="(\.\./\.\./2017-04-06/#minute-\d+)"', html))
    assert targets == {"../../2017-04-06/#minute-73", "../../2017-04-06/#minute-75"}
    minute_73 = minute_section(page(sample_site, f"{COVENTRY}/2017-04-06"), "73")
    assert "Outstanding Issues, row" in minute_73


def test_threads_are_listed_by_year_and_every_minute_links_to_its_thread(sample_site):
    index = page(sample_site, "threads")
    years = re.findall(r'<li><a href="(\d{4})/">\d{4}</a>: (\d+) threads?</li>', index)
    assert years, "the threads index lists no year"
    year_page = page(sample_site, f"threads/{years[0][0]}")
    sections = re.findall(r'<section class="thread-entry" id="([^"]+)"', year_page)
    assert len(sections) == int(years[0][1])
    assert year_page.count("minute ") >= 2 * len(sections)
    meeting = page(sample_site, f"{COVENTRY}/2017-04-06")
    linked = set(re.findall(r'Follow this issue: <a href="../../../threads/(\d{4})/#([^"]+)"', meeting))
    assert linked and all(slug in page(sample_site, f"threads/{year}") for year, slug in linked)


def test_pages_are_compacted_but_preformatted_text_keeps_its_indentation(sample_site):
    guide = page(sample_site, "writing-records")
    outside_verbatim = re.sub(r"<(pre|script|textarea)\b.*?</\1>", "VERBATIM", guide, flags=re.S)
    assert not re.search(r"\n[ \t]", outside_verbatim)
    assert "\n\n" not in outside_verbatim
    example = re.search(r"<pre\b.*?</pre>", guide, flags=re.S).group(0)
    assert re.search(r"\n +\S", example), "an indented YAML example lost its indentation"


def test_search_bundles_hold_the_index_but_not_pagefinds_unused_interfaces(sample_site):
    bundle = sample_site / "pagefind" / "coventry" / "education-childrens-services-scrutiny-board-2"
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-entry.json").is_file()
    assert not list(bundle.glob("pagefind-*ui*")) and not (bundle / "pagefind-highlight.js").exists()


def test_only_the_first_search_bundle_holds_pagefinds_code(sample_site):
    """The search page loads Pagefind from the first bundle; those merged into it use its code."""
    first = sample_site / "pagefind" / "coventry" / "education-childrens-services-scrutiny-board-2"
    assert (first / "pagefind-worker.js").is_file() and (first / "wasm.en.pagefind").is_file()
    with_code = {path.parent for path in (sample_site / "pagefind").glob("*/*/*") if path.name.endswith(
        ("pagefind.js", "pagefind-worker.js", ".pagefind"))}
    assert with_code == {first}


def test_every_search_bundle_was_written_whole(sample_site):  # one per committee, and each council's people
    """Regression: Pagefind's Python API once left a bundle's pagefind-entry.json empty (its
    service is terminated as soon as it answers); the build now runs the pagefind command."""
    bundles = sorted(bundle for council in (sample_site / "pagefind").iterdir() for bundle in council.iterdir())
    assert [b.relative_to(sample_site / "pagefind").as_posix() for b in bundles] == [
        "coventry/education-childrens-services-scrutiny-board-2", "coventry/people",
        "leicester/children-young-people-schools-scrutiny-commission", "leicester/people",
        "portsmouth/education-children-young-people-scrutiny-panel", "portsmouth/people",
        "rotherham/improving-lives-select-commission", "rotherham/people"]
    for bundle in bundles:
        entry = json.loads((bundle / "pagefind-entry.json").read_text())
        assert entry["languages"], bundle.name
        assert list((bundle / "fragment").iterdir()) and list((bundle / "index").iterdir())


def test_no_council_can_take_a_folder_the_site_has(sample_site):
    """config.SITE_FOLDERS, the names a council may not have, are the site's own folders."""
    councils = {path.name for path in (PROJECT_ROOT / "content").iterdir() if path.is_dir()}
    folders = {path.name for path in sample_site.iterdir() if path.is_dir()}
    assert folders - councils == SITE_FOLDERS


def test_a_minute_in_a_long_thread_shows_its_neighbours_and_links_to_the_rest(minimal_copy):
    """A minute shows the two minutes before and after it in its thread, not all of them: a large
    archive's threads run to hundreds of minutes, and every one of them listing all made the
    pages, and the build, grow with the square of a thread's length."""
    add_meetings(minimal_copy, 8)  # 2017-01-01 to 2017-01-08, each citing the one before
    meetings = sorted((minimal_copy / "content/testshire/overview-scrutiny").glob("2017-*"))
    for previous, meeting in zip(["2016-06-01", *(m.name for m in meetings)], meetings):
        minutes = meeting / "minutes.md"
        day = dt.date.fromisoformat(previous)
        minutes.write_text(minutes.read_text().replace(
            "The Committee considered", f"Further to minute 2 ({day.day} {day:%B %Y}), the Committee considered"))
    assert build(minimal_copy).ok
    site = minimal_copy / "site"
    middle = minute_section(page(site, "testshire/overview-scrutiny/2017-01-04"), "2")
    thread = re.search(r'<div class="thread".*?</div>', middle, flags=re.S).group(0)
    assert "(9 minutes)" in thread
    # The neighbours, less the minute that cites this one: it is listed under "Referred to by".
    assert re.findall(r"<li value=.*?</li>", thread) == [
        *[f'<li value="{day + 1}"><a href="../2017-01-0{day}/#minute-2">Minute 2, Overview and Scrutiny Committee, '
          f"{day} January 2017</a>: Fostering</li>" for day in (2, 3)],
        '<li value="5"><strong aria-current="true">Minute 2, 4 January 2017 (this minute)</strong></li>',
        '<li value="7"><a href="../2017-01-06/#minute-2">Minute 2, Overview and Scrutiny Committee, 6 January 2017</a>: '
        "Fostering</li>"]
    assert "2017-01-05/#minute-2" in middle[middle.index('class="backlinks"'):middle.index('class="thread"')]
    assert '<ol start="3">' in thread
    more = re.findall(r'<p class="thread-more"><a href="../../../threads/2016/#([^"]+)">(.*?)</a></p>', thread)
    assert [text for _, text in more] == ["2 earlier minutes of this issue", "2 later minutes of this issue"]
    assert all(f'id="{slug}"' in page(site, "threads/2016") for slug, _ in more)
    first = minute_section(page(site, "testshire/overview-scrutiny/2016-06-01"), "2")
    first_thread = re.search(r'<div class="thread".*?</div>', first, flags=re.S).group(0)
    assert first_thread.count("<li value=") == 2 and "<ol>" in first_thread
    assert re.findall(r'<p class="thread-more">.*?>(.*?)</a>', first_thread) == ["6 later minutes of this issue"]


def test_a_thread_crosses_meetings_and_takes_in_the_rows_that_follow_its_minutes_up(sample_site):
    threads = (sample_site / "threads/2017/index.html").read_text()
    health = threads[threads.index(">Health Visiting and Early Help</h2>"):]
    health = health[:health.index("</section>")]
    assert "1 minute and 4 rows that follow it up, 6 April 2017 to 27 April 2017" in health
    assert 'outstanding-issues/#row-9">Outstanding Issues, row 9</a>' in health


def test_a_declarations_minute_is_not_part_of_the_issue_it_names(sample_site):
    html = (sample_site / "coventry/education-childrens-services-scrutiny-board-2/2017-04-06/index.html").read_text()
    declarations = html[html.index('id="minute-71"'):html.index('id="minute-72"')]
    assert "Follow this issue" not in declarations
    threads = (sample_site / "threads/2017/index.html").read_text()
    assert "minute 71</a>" not in threads


def test_a_declaration_quoted_on_a_persons_page_names_its_minute_not_below(sample_site):
    html = (sample_site / "coventry/people/m-lapsa/index.html").read_text()
    declarations = html[html.index('class="declarations-made"'):]
    declarations = declarations[:declarations.index("</ul>")]
    assert "2017-04-06/#minute-75\">minute 75, 6 April 2017</a>" in declarations
    assert "below" not in declarations
