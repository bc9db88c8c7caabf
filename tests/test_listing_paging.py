"""Paging through listings: every page of a listing read under the default DEPTH_LIMIT, a
scheduled rerun stops where it is caught up, pages beyond LISTING_MAX_PAGES spend depth, and a
listing page showing only stories older than since= is the last one read.

The generated outlet has no feed and no sitemap: its listings are the only way to its
articles, five per page, newest first, with "1 2 3 … 9 Next" pagination.
"""

from __future__ import annotations

import json
import math
from datetime import date, timedelta
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.discovery.depth import ListingDepthMiddleware
from tests.conftest import run_crawl
from tests.net.helpers import stat
from tests.siteserver import FixtureServer

PER_PAGE = 5
ARGS = {"article_pattern": r"/news/\d+-"}


def day(n: int) -> str:
    """Story n was published on day n after 30 September 2026 (story 31: 1 November)."""
    return (date(2026, 9, 30) + timedelta(days=n)).isoformat()


def pagination(page: int, pages: int) -> str:
    numbers = sorted({1, page - 1, page, page + 1, page + 2, pages} & set(range(1, pages + 1)))
    links = "".join(f'<a href="/list/{n}">{n}</a>' if n != page else f"<span>{n}</span>" for n in numbers)
    following = f'<a rel="next" href="/list/{page + 1}">Next</a>' if page < pages else ""
    return f'<nav class="pagination">{links}{following}</nav>'


def build_site(root: Path, articles: int) -> int:
    """The outlet with ``articles`` stories (newest first in its listing); returns the page count."""
    (root / "news").mkdir(parents=True, exist_ok=True)
    (root / "list").mkdir(exist_ok=True)
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    (root / "index.html").write_text('<html lang="en"><body><a href="/list/1">All news</a></body></html>')
    pages = math.ceil(articles / PER_PAGE)
    for page in range(1, pages + 1):
        newest = articles - (page - 1) * PER_PAGE
        items = "".join(f'<li><a href="/news/{n}-story">Story {n}</a> <time datetime="{day(n)}">{day(n)}</time></li>'
                        for n in range(newest, max(newest - PER_PAGE, 0), -1))
        (root / "list" / str(page)).write_text(
            f'<html lang="en"><body><h1>News, page {page}</h1><ul>{items}</ul>{pagination(page, pages)}</body></html>')
    for n in range(1, articles + 1):
        (root / "news" / f"{n}-story").write_text(
            f'<html lang="en"><head><meta property="og:type" content="article">'
            f'<meta property="article:published_time" content="{day(n)}T08:00:00+00:00"></head>'
            f'<body><article><h1>Story {n}</h1><p>Story number {n} tells what happened at the river '
            f"port that day, in enough words to be the body of an article.</p></article></body></html>")
    return pages


def list_pages_fetched(requests: list[str]) -> set[str]:
    return {path for path in requests if path.startswith("/list/")}


def test_every_page_of_a_listing_is_read_under_the_default_depth_limit(tmp_path):
    pages = build_site(tmp_path / "site", 40)
    with FixtureServer(tmp_path / "site", variables={}) as server:
        run = run_crawl("news", {**ARGS, "urls": server.base_url + "/"},
                        {"NETWORK_ALLOWLIST": server.hostport}, tmp_path / "data")
    assert run.returncode == 0, run.log[-2000:]
    assert pages == 8 and list_pages_fetched(server.requests) == {f"/list/{n}" for n in range(1, 9)}
    # Page 8 is seven pages below the home page's listing, and DEPTH_LIMIT is 3.
    assert sorted(record["title"] for record in run.records("article")) == sorted(f"Story {n}" for n in range(1, 41))


def test_a_rerun_pages_a_listing_only_until_it_is_caught_up(tmp_path):
    site = tmp_path / "site"
    build_site(site, 40)
    with FixtureServer(site, variables={}) as server:
        settings = {"NETWORK_ALLOWLIST": server.hostport}
        first = run_crawl("news", {**ARGS, "urls": server.base_url + "/"}, settings, tmp_path / "data")
        first_requests = len(server.requests)
        build_site(site, 43)  # three new stories on top: every listing page shifts by three
        second = run_crawl("news", {**ARGS, "urls": server.base_url + "/"}, settings, tmp_path / "data")
        second_list_pages = list_pages_fetched(server.requests[first_requests:])
    assert first.returncode == 0 and second.returncode == 0, second.log[-2000:]
    assert sorted(record["title"] for record in second.records("article")) == sorted(
        [f"Story {n}" for n in range(1, 44)])
    # Page 1 holds the new stories (43-39) and is paged; page 2 (38-34) and the pages linked
    # from page 1 are all stored, so the listing ends there instead of at page 9.
    assert "/list/2" in second_list_pages and "/list/4" not in second_list_pages, second_list_pages
    assert stat(second.log, "news/listing/caught_up")
    # The stored stories the rerun saw on those pages were not asked for, and its report says so.
    reports = sorted((tmp_path / "data" / "reports" / "news").glob("*.json"))  # crawl ids begin with the time
    report = json.loads(reports[-1].read_text())
    skipped_known = report["sources"][server.hostport]["skipped"]["known"]
    assert skipped_known == stat(second.log, "incremental/skipped_known") and skipped_known >= 5


def test_pages_beyond_listing_max_pages_spend_link_depth_again(tmp_path):
    build_site(tmp_path / "site", 40)
    with FixtureServer(tmp_path / "site", variables={}) as server:
        run = run_crawl("news", {**ARGS, "urls": server.base_url + "/"},
                        {"NETWORK_ALLOWLIST": server.hostport, "LISTING_MAX_PAGES": "3", "DEPTH_LIMIT": "2"},
                        tmp_path / "data")
    assert run.returncode == 0, run.log[-2000:]
    # Pages 1-3 are at depth 1 like the listing, their stories at depth 2. Pages 4, 5 and 8,
    # linked from them, are ordinary links at depth 2: fetched, but their stories (depth 3)
    # and the pages they link to are not.
    assert list_pages_fetched(server.requests) == {f"/list/{n}" for n in (1, 2, 3, 4, 5, 8)}
    assert sorted(record["title"] for record in run.records("article")) == sorted(f"Story {n}" for n in range(26, 41))
    assert stat(run.log, "news/listing/beyond_max_pages")


def test_since_ends_paging_at_the_first_page_showing_only_older_stories(tmp_path):
    build_site(tmp_path / "site", 40)
    with FixtureServer(tmp_path / "site", variables={}) as server:
        run = run_crawl("news", {**ARGS, "urls": server.base_url + "/", "since": "2026-11-01"},
                        {"NETWORK_ALLOWLIST": server.hostport}, tmp_path / "data")
    assert run.returncode == 0, run.log[-2000:]
    # Pages 1 and 2 list stories 40-31 (1-10 November); page 3 (26-30) and the pages linked
    # from the first two (4 and 8) show only October: nothing after them is read.
    assert list_pages_fetched(server.requests) == {"/list/1", "/list/2", "/list/3", "/list/4", "/list/8"}
    assert stat(run.log, "news/listing/older_than_since") == 3
    titles = {record["title"] for record in run.records("article")}
    assert {f"Story {n}" for n in range(31, 41)} <= titles and "Story 10" not in titles


@pytest.fixture
def depth_middleware() -> ListingDepthMiddleware:
    crawler = get_crawler(settings_dict={"DEPTH_LIMIT": 2, "DEPTH_PRIORITY": 1})
    return ListingDepthMiddleware.from_crawler(crawler)


def response_at(depth: int) -> HtmlResponse:
    request = Request("https://example.org/list/1", meta={"depth": depth})
    return HtmlResponse(request.url, body=b"<html></html>", request=request)


def test_a_further_listing_page_keeps_the_depth_of_the_page_it_continues(depth_middleware):
    next_page = depth_middleware.get_processed_request(
        Request("https://example.org/list/2", meta={"listing_page": 2, "same_depth": True}), response_at(2))
    assert next_page is not None and next_page.meta["depth"] == 2 and next_page.priority == -2
    assert "same_depth" not in next_page.meta  # consumed: it never spreads to further requests
    beyond = depth_middleware.get_processed_request(
        Request("https://example.org/list/60", meta={"listing_page": 60}), response_at(2))
    assert beyond is None  # beyond LISTING_MAX_PAGES: an ordinary link, past DEPTH_LIMIT here


def test_other_links_are_a_step_deeper_and_bounded_by_depth_limit(depth_middleware):
    link = depth_middleware.get_processed_request(Request("https://example.org/news/1-story"), response_at(1))
    assert link is not None and link.meta["depth"] == 2
    assert depth_middleware.get_processed_request(Request("https://example.org/news/2-story"), response_at(2)) is None
    reset = depth_middleware.get_processed_request(
        Request("https://example.org/sitemap.xml", meta={"depth_reset": True}), response_at(2))
    assert reset is not None and reset.meta["depth"] == 0
