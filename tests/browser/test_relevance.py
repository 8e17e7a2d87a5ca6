"""The relevance suite: queries a journalist or resident would type (relevance_queries.yml), run in
the browser against the sample site's own search page, each with the result that must come first."""

from tests.browser.relevance import figures, load_queries, misses, run_queries

TOP1_TARGET, TOP3_TARGET = 0.90, 0.98


def test_the_right_result_comes_first(page, site_url, capsys):
    queries = load_queries()
    assert len(queries) >= 40
    outcomes = run_queries(page, site_url, queries)
    measured = figures(outcomes)
    with capsys.disabled():
        print(f"\nrelevance over {len(queries)} queries: {measured}")
    report = "\n".join(misses(outcomes))
    assert measured.top1 >= TOP1_TARGET and measured.top3 >= TOP3_TARGET, f"{measured}\n{report}"
    assert page.console_errors == []
