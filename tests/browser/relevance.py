"""The relevance suite's measure: each query of relevance_queries.yml typed into the search page,
and where the result that must come first came. Used by test_relevance.py and by
benchmarks/search_benchmark.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

QUERIES = Path(__file__).with_name("relevance_queries.yml")
DEEPEST = 10  # results looked at for the reciprocal rank; lower counts as not found


@dataclass(frozen=True)
class Outcome:
    query: str
    wanted: str
    found: list[str]  # the first results' addresses, from the site's root

    @property
    def rank(self) -> int | None:
        for position, address in enumerate(self.found[:DEEPEST], start=1):
            if address == self.wanted or ("#" not in self.wanted and address.split("#")[0] == self.wanted):
                return position
        return None


@dataclass(frozen=True)
class Figures:
    top1: float
    top3: float
    mrr: float

    def __str__(self) -> str:
        return f"top-1 {self.top1:.1%}, top-3 {self.top3:.1%}, MRR {self.mrr:.3f}"


def load_queries(path: Path = QUERIES) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def run_queries(page, site_url: str, queries: list[dict]) -> list[Outcome]:
    """Types each query into one search page, as a reader searching again would."""
    page.goto(site_url + "search/")
    page.wait_for_selector("#archive-search[data-searched]")
    root = page.evaluate("() => new URL('..', location).pathname")
    return [Outcome(q["query"], q["first"], _search(page, q["query"], root)) for q in queries]


def _search(page, query: str, root: str) -> list[str]:
    page.evaluate("() => { delete document.getElementById('archive-search').dataset.searched; }")
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    page.wait_for_function("q => document.getElementById('archive-search').dataset.searched === q", arg=query.strip())
    hrefs = page.eval_on_selector_all(".search-result h2 a", "links => links.map(a => a.getAttribute('href'))")
    return [href[len(root):] if href.startswith(root) else href for href in hrefs]


def figures(outcomes: list[Outcome]) -> Figures:
    ranks = [o.rank for o in outcomes]
    count = len(ranks) or 1
    return Figures(sum(r == 1 for r in ranks) / count, sum(r is not None and r <= 3 for r in ranks) / count,
                   sum(1 / r for r in ranks if r) / count)


def misses(outcomes: list[Outcome]) -> list[str]:
    """Each query whose wanted result was not first: what it wanted, where it came, what came first."""
    return [f"{o.query!r}: wanted {o.wanted} (rank {o.rank or 'none'}), first {o.found[0] if o.found else 'nothing'}"
            for o in outcomes if o.rank != 1]
