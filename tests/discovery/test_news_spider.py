"""The news spider's decisions, in process: what it schedules from which page, and how tagged.

Extraction is replaced by a stub here so that the spider's own rules (read-also policy,
budgets, since, profiles) are tested whatever the extractors find; the end-to-end crawls in
``tests/test_crawl_discovery.py`` use the real ones.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from scrapy import Request
from scrapy.exceptions import CloseSpider, IgnoreRequest
from scrapy.http import HtmlResponse, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

import crawler.spiders.news as news_module
from crawler.items import Article
from crawler.outlets import UnknownOutlet
from crawler.spiders.news import NewsSpider

ARTICLE_HTML = b"""<html><head><meta property="og:type" content="article"><title>T</title></head>
<body><main><article><h1>T</h1><p>Body text of the article.</p>
<p>See <a href="https://spzh.news/en/news/300-body-link">this</a>.</p>
<div class="read-also"><a href="/en/news/200-related">Related</a></div></article></main></body></html>"""


def make_spider(settings: dict[str, Any] | None = None, **args: Any) -> NewsSpider:
    crawler = get_crawler(NewsSpider, settings or {})
    spider = NewsSpider.from_crawler(crawler, **args)
    crawler.spider = spider
    return spider


def start_requests(spider: NewsSpider) -> list[Request]:
    async def collect() -> list[Request]:
        return [request async for request in spider.start()]
    return asyncio.run(collect())


def via(request: Request) -> tuple[str, str | None]:
    return request.meta["discovered_via"]["kind"], request.meta["discovered_via"]["from_url"]


@pytest.fixture
def related(monkeypatch):
    """Make extraction return a fixed ``related`` list (and minimal fields)."""
    items: list[dict[str, Any]] = []

    def fake_extract(response, metadata, tz, profile):
        return {"url": response.url, "canonical_url": response.url, "title": "T", "body": "Body",
                "related": list(items), "language": None}

    monkeypatch.setattr(news_module, "extract_fields", fake_extract)
    return items


def article_response(url: str, hops: int = 0, body: bytes = ARTICLE_HTML) -> HtmlResponse:
    request = Request(url, meta={"discovered_via": {"kind": "feed", "from_url": "https://spzh.news/en/rss"},
                                 "read_also_hops": hops})
    return HtmlResponse(url, body=body, encoding="utf-8", request=request)


def test_an_outlet_run_starts_from_its_pages_feeds_sitemaps_and_robots():
    spider = make_spider(outlet="uoj")
    requests = start_requests(spider)
    urls = [request.url for request in requests]
    assert urls[:6] == list(spider.profiles[0].start_urls)
    assert "https://spzh.news/en/rss" in urls and "https://spzh.news/sitemap.xml" in urls
    assert "https://spzh.news/robots.txt" in urls
    assert {via(request) for request in requests} == {("seed", None)}
    assert spider.allowed_domains == ["spzh.eu", "spzh.live", "spzh.news"]


def test_urls_of_a_known_outlet_use_its_profile_but_not_its_feeds():
    spider = make_spider(urls="https://spzh.live/ru/")
    assert [profile.name for profile in spider.profiles] == ["uoj"]
    assert [request.url for request in start_requests(spider)] == ["https://spzh.live/ru/", "https://spzh.live/robots.txt"]
    assert spider.pattern_for(spider.profiles[0]).search("https://spzh.live/ru/news/1-x")


def test_unknown_urls_take_the_generic_path():
    spider = make_spider({"DISCOVER_ROBOTS_SITEMAPS": False}, urls="https://example.org/news/")
    assert spider.profiles == [] and spider.allowed_domains == ["example.org"]
    assert [request.url for request in start_requests(spider)] == ["https://example.org/news/"]


@pytest.mark.parametrize(("args", "error"), [
    ({}, ValueError), ({"outlet": "nope"}, UnknownOutlet), ({"urls": "https://a.example/", "since": "last week"}, ValueError),
    ({"urls": "https://a.example/", "max_articles": "0"}, ValueError), ({"urls": "https://a.example/", "max_articles": "x"}, ValueError),
])
def test_bad_arguments_stop_the_run(args, error):
    with pytest.raises(error):
        make_spider(**args)


def test_read_also_links_are_followed_one_hop_within_the_outlet(related):
    related += [{"url": "/en/news/200-related", "title": "R", "summary": None},
                {"url": "https://spzh.eu/en/amp-news/201-mirror", "title": "Mirror", "summary": None},
                {"url": "https://strana.news/news/1-other.html", "title": "Other outlet", "summary": None}]
    spider = make_spider(urls="https://spzh.news/en/")
    url = "https://spzh.news/en/news/100-start"
    out = list(spider.parse(article_response(url)))
    assert isinstance(out[0], Article) and out[0].discovered_via == {"kind": "feed", "from_url": "https://spzh.news/en/rss"}
    read_also = [request for request in out[1:] if via(request)[0] == "read_also"]
    assert [request.url for request in read_also] == [
        "https://spzh.news/en/news/200-related", "https://spzh.eu/en/news/201-mirror",  # AMP twin folded
    ]
    assert {via(request)[1] for request in read_also} == {url}
    assert {request.meta["read_also_hops"] for request in read_also} == {1}
    links = [request.url for request in out[1:] if via(request)[0] == "link"]
    assert "https://spzh.news/en/news/300-body-link" in links
    assert "https://spzh.news/en/news/200-related" not in links  # governed by the read-also policy only
    assert "https://strana.news/news/1-other.html" not in [request.url for request in out[1:]]
    assert spider.crawler.stats.get_value("news/read_also/skipped_other_outlet") == 1


def test_read_also_stops_after_read_also_depth_hops(related):
    related.append({"url": "/en/news/200-related", "title": "R", "summary": None})
    spider = make_spider({"READ_ALSO_DEPTH": 2}, urls="https://spzh.news/en/")
    hop1 = [r for r in spider.parse(article_response("https://spzh.news/en/news/100-a", hops=1)) if isinstance(r, Request)]
    assert [r.meta["read_also_hops"] for r in hop1 if via(r)[0] == "read_also"] == [2]
    hop2 = [r for r in spider.parse(article_response("https://spzh.news/en/news/101-b", hops=2)) if isinstance(r, Request)]
    assert not [r for r in hop2 if via(r)[0] == "read_also"]
    assert "https://spzh.news/en/news/200-related" not in [r.url for r in hop2]
    assert spider.crawler.stats.get_value("news/read_also/skipped_too_deep") == 1


def test_read_also_across_outlets_when_allowed(related):
    related.append({"url": "https://strana.news/news/1-other.html", "title": "Other", "summary": None})
    spider = make_spider({"READ_ALSO_CROSS_OUTLET": True, "FOLLOW_ARTICLE_LINKS": False}, urls="https://spzh.news/en/")
    [_, request] = list(spider.parse(article_response("https://spzh.news/en/news/100-a")))
    assert request.url == "https://strana.news/news/1-other.html"
    assert via(request)[0] == "read_also" and request.meta["allow_offsite"] is True


def articles_of(results) -> list[Article]:
    return [item for item in results if isinstance(item, Article)]


def test_max_articles_counts_the_articles_kept(related):
    """The budget counts articles yielded and not dropped by the pipelines: a duplicate reached
    through another URL frees its place (the run ends when max_articles are stored, which
    tests/test_crawl_discovery.py checks on a real crawl)."""
    spider = make_spider(urls="https://spzh.news/en/", max_articles="1")
    [first] = articles_of(spider.parse(article_response("https://spzh.news/en/news/100-a")))
    # Spent while that article is in the pipelines: the next article page is not read.
    assert articles_of(spider.parse(article_response("https://spzh.news/en/news/101-b"))) == []
    spider.article_dropped(first)  # the dedup pipeline dropped it
    assert len(articles_of(spider.parse(article_response("https://spzh.news/en/news/102-c")))) == 1


def test_max_articles_bounds_what_is_scheduled():
    spider = make_spider(urls="https://example.org/", max_articles="2")
    links = "".join(f'<a href="/news/{1000 + i}-story-{i}">S{i}</a>' for i in range(5))
    page = HtmlResponse("https://example.org/", body=f"<html><body><main>{links}<a href='/about'>About</a>"
                        "</main></body></html>".encode(), encoding="utf-8",
                        request=Request("https://example.org/", meta={"discovered_via": {"kind": "seed", "from_url": None}}))
    requests = list(spider.parse(page))
    candidates = [r for r in requests if r.meta.get("article_candidate")]
    assert [r.url for r in candidates] == ["https://example.org/news/1000-story-0", "https://example.org/news/1001-story-1"]
    assert [r.url for r in requests if r not in candidates] == ["https://example.org/about"]  # not budgeted
    assert {via(r) for r in requests} == {("listing", "https://example.org/")}
    assert spider.budget_spent()
    # A candidate that is no article frees its slot, and so does one that fails.
    not_article = HtmlResponse(candidates[0].url, body=b"<html><body><p>Gone</p></body></html>", request=candidates[0])
    list(spider.parse(not_article))
    assert not spider.budget_spent()
    assert [r.url for r in spider.parse(page) if r.meta.get("article_candidate")] == ["https://example.org/news/1002-story-2"]
    assert spider.budget_spent()
    failure = Failure(IgnoreRequest("robots.txt"))
    failure.request = candidates[1]  # as Scrapy hands it to an errback
    spider.candidate_failed(failure)
    assert [r.url for r in spider.parse(page) if r.meta.get("article_candidate")] == ["https://example.org/news/1003-story-3"]


FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel>
<item><link>https://spzh.news/en/news/1-new</link><pubDate>Mon, 23 Nov 2026 07:00:00 +0200</pubDate></item>
<item><link>https://spzh.news/en/news/2-old</link><pubDate>Mon, 01 Mar 2021 10:00:00 +0200</pubDate></item>
<item><link>https://spzh.news/en/news/3-undated</link></item>
<item><link>https://spzh.news/en/amp-news/4-amp</link></item>
</channel></rss>"""


def test_feed_entries_since_and_amp_twins():
    spider = make_spider(urls="https://spzh.news/en/", since="2026-01-01")
    feed_url = "https://spzh.news/en/rss"
    response = XmlResponse(feed_url, body=FEED, request=Request(feed_url))
    requests = list(spider.parse(response))  # routed by content, as when a feed is a start URL
    assert [r.url for r in requests] == [
        "https://spzh.news/en/news/1-new", "https://spzh.news/en/news/3-undated", "https://spzh.news/en/news/4-amp",
    ]
    assert {via(r) for r in requests} == {("feed", feed_url)}
    assert spider.crawler.stats.get_value("news/skipped/older_than_since") == 1
    assert spider.since.utcoffset().total_seconds() == 2 * 3600  # midnight in the outlet's zone


def test_garbage_documents_are_counted_not_raised():
    spider = make_spider(urls="https://spzh.news/en/")
    url = "https://spzh.news/en/rss"
    response = HtmlResponse(url, body=b"<html><body>Down for maintenance</body></html>", request=Request(url))
    assert list(spider.parse_document(response)) == []
    assert spider.crawler.stats.get_value("news/discovery/garbage") == 1


def test_feeds_and_sitemaps_restart_depth():
    spider = make_spider(urls="https://spzh.news/en/")
    robots = TextResponse("https://spzh.news/robots.txt", body=b"Sitemap: https://spzh.news/sitemap.xml\n",
                          encoding="utf-8", request=Request("https://spzh.news/robots.txt"))
    [request] = list(spider.parse_robots(robots))
    assert request.url == "https://spzh.news/sitemap.xml" and request.meta["depth_reset"] is True
    assert via(request) == ("sitemap", "https://spzh.news/robots.txt")
