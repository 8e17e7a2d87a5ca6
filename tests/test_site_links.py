"""The built sample site as a link checker sees it: every internal link and anchor resolves, and
no page asks another origin for anything (no fonts, scripts or styles from third parties)."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and "name" in attributes:
            self.ids.add(attributes["name"])
        for name in ("href", "src"):
            if attributes.get(name):
                self.links.append((tag, name, attributes[name]))


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text())
    return parser


def resolve(page: Path, site: Path, url: str) -> tuple[Path, str]:
    parts = urlsplit(url)
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def test_every_internal_link_and_anchor_resolves(sample_site):
    pages = {path: parse(path) for path in sample_site.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        if page.name == "404.html":
            continue  # its links are absolute to site_url, for any depth of missing page
        for tag, attribute, url in parsed.links:
            if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I) or url.startswith("//"):
                continue
            target, fragment = resolve(page, sample_site, url)
            if not target.exists():
                broken.append(f"{page.relative_to(sample_site)}: {url}")
            elif fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if fragment not in ids:
                    broken.append(f"{page.relative_to(sample_site)}: {url} (no #{fragment})")
    assert broken == []


def test_no_page_loads_anything_from_another_origin(sample_site):
    for page in sample_site.rglob("*.html"):
        for tag, attribute, url in parse(page).links:
            loads = tag in {"script", "img", "iframe", "source", "video", "audio"} or (tag == "link" and attribute == "href")
            if loads and tag == "link" and re.search(r'rel="(canonical|alternate)"', ""):
                continue
            if loads and tag != "link":
                assert not re.match(r"^(https?:)?//", url), (page, url)
        html = page.read_text()
        for stylesheet in re.findall(r'<link rel="(?:stylesheet|preconnect|preload)"[^>]*href="([^"]+)"', html):
            assert not re.match(r"^(https?:)?//", stylesheet), (page, stylesheet)
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html


def test_minute_permalinks_redirect_to_the_minute(sample_site):
    redirect = (sample_site / "m/coventry/sb2/2017-04-06/73/index.html").read_text()
    assert 'content="0; url=../../../../../coventry/education-childrens-services-scrutiny-board-2/2017-04-06/#minute-73"' in redirect
    meeting = (sample_site / "coventry/education-childrens-services-scrutiny-board-2/2017-04-06/index.html").read_text()
    assert 'href="../../../m/coventry/sb2/2017-04-06/73/">Permanent link to minute 73</a>' in meeting


def test_every_page_has_one_h1_and_no_skipped_heading_levels(sample_site):
    for page in sample_site.rglob("*.html"):
        html = page.read_text()
        if 'http-equiv="refresh"' in html:
            continue
        article = re.search(r"<article\b.*?</article>", html, flags=re.S)
        levels = [int(level) for level in re.findall(r"<h([1-6])\b", article.group(0) if article else html)]
        assert levels.count(1) == 1, page
        for before, after in zip(levels, levels[1:]):
            assert after <= before + 1, (page, levels)
