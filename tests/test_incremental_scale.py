"""A second crawl of an unchanged 500-article site fetches under 5% of the first crawl's requests."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_crawl
from tests.siteserver import FixtureServer

ARTICLES = 500
PER_PAGE = 50


def build_site(root: Path) -> None:
    """A generated outlet: a home page, paginated listings, a sitemap, 500 articles."""
    (root / "news").mkdir(parents=True)
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\nSitemap: {{BASE}}/sitemap.xml\n")
    (root / "index.html").write_text('<html lang="en"><body><a href="/list/1">News</a></body></html>')
    pages = ARTICLES // PER_PAGE
    (root / "list").mkdir()
    for page in range(1, pages + 1):
        links = "".join(f'<li><a href="/news/{n}-story">Story {n}</a></li>'
                        for n in range((page - 1) * PER_PAGE + 1, page * PER_PAGE + 1))
        following = f'<a rel="next" href="/list/{page + 1}">Next</a>' if page < pages else ""
        (root / "list" / str(page)).write_text(f'<html lang="en"><body><ul>{links}</ul>{following}</body></html>')
    entries = "".join(f"<url><loc>{{{{BASE}}}}/news/{n}-story</loc><lastmod>2026-11-20T08:00:00+00:00</lastmod></url>"
                      for n in range(1, ARTICLES + 1))
    (root / "sitemap.xml").write_text(
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>')
    for n in range(1, ARTICLES + 1):
        (root / "news" / f"{n}-story").write_text(
            f'<html lang="en"><head><meta property="og:type" content="article">'
            f'<meta property="article:modified_time" content="2026-11-20T08:00:00+00:00"></head>'
            f"<body><article><h1>Story {n}</h1><p>Story number {n} tells what happened at the river port "
            f"on day {n}, with enough words to be an article body.</p></article></body></html>")


def test_second_crawl_of_an_unchanged_site_fetches_under_five_percent(tmp_path):
    build_site(tmp_path / "site")
    settings = {"DEPTH_LIMIT": "20", "CONCURRENT_REQUESTS": "32", "CONCURRENT_REQUESTS_PER_DOMAIN": "32"}
    with FixtureServer(tmp_path / "site", variables={}) as server:
        settings["NETWORK_ALLOWLIST"] = server.hostport
        first = run_crawl("news", {"urls": server.base_url + "/"}, settings, tmp_path / "data", timeout=300)
        first_requests = len(server.requests)
        second = run_crawl("news", {"urls": server.base_url + "/"}, settings, tmp_path / "data", timeout=300)
        second_requests = len(server.requests) - first_requests
    assert first.returncode == 0 and second.returncode == 0
    assert len(first.records("article")) == ARTICLES
    assert second.records("article") == first.records("article")  # nothing new written
    ratio = second_requests / first_requests
    print(f"first crawl {first_requests} requests, second {second_requests} ({ratio:.1%})")
    assert ratio < 0.05
