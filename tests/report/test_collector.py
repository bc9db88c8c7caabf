"""The collector and the failure middleware wired to a real crawler's signals."""

from __future__ import annotations

from scrapy import Request, signals
from scrapy.exceptions import DropItem, IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.test import get_crawler
from twisted.internet.error import TimeoutError
from twisted.python.failure import Failure

from crawler.items import Article
from crawler.report.collector import run_collector
from crawler.report.middleware import DownloadFailureSignalMiddleware
from crawler.spiders.news import NewsSpider

SITE = "https://example.org"


def opened():
    crawler = get_crawler(NewsSpider, {"TELEGRAM_BASE_URL": "https://t.me"})
    collector = run_collector(crawler)
    assert run_collector(crawler) is collector  # one per crawler
    spider = NewsSpider.from_crawler(crawler, urls=f"{SITE}/")
    crawler.signals.send_catch_log(signals.spider_opened, spider=spider)
    return crawler, collector, spider


def send(crawler, signal, **arguments):
    results = crawler.signals.send_catch_log(signal, **arguments)
    assert not [result for _, result in results if isinstance(result, Failure)], results


def test_pages_from_signals():
    crawler, collector, spider = opened()
    page = Request(f"{SITE}/news/1-a", meta={"article_candidate": f"{SITE}/news/1-a"})
    gone = Request(f"{SITE}/news/2-b", meta={"article_candidate": f"{SITE}/news/2-b"})
    again = Request(f"{SITE}/news/1-a")
    for request in (page, gone, again):
        send(crawler, signals.request_scheduled, request=request, spider=spider)
    send(crawler, signals.request_dropped, request=again, spider=spider)
    send(crawler, signals.response_received, response=HtmlResponse(page.url, body=b"<p>x</p>", request=page),
         request=page, spider=spider)
    send(crawler, signals.response_received, response=HtmlResponse(gone.url, status=404, request=gone),
         request=gone, spider=spider)
    robots = Request(f"{SITE}/robots.txt", callback=NO_CALLBACK)  # RobotsTxtMiddleware's own fetch
    send(crawler, signals.response_received, response=HtmlResponse(robots.url, request=robots),
         request=robots, spider=spider)
    counts = collector.counts.sources["example.org"]
    assert (counts.discovered, counts.already_seen, counts.fetched, counts.record_pages) == (2, 1, 2, 1)
    assert counts.failed == {"http_404": 1}


def test_failures_reach_the_collector_through_the_middleware():
    crawler, collector, _ = opened()
    middleware = DownloadFailureSignalMiddleware.from_crawler(crawler)
    assert middleware.process_exception(Request(f"{SITE}/private/1"), IgnoreRequest("Forbidden by robots.txt")) is None
    middleware.process_exception(Request(f"{SITE}/slow"), TimeoutError())
    middleware.process_exception(Request(f"{SITE}/known"), IgnoreRequest("already stored, nothing newer announced"))
    middleware.process_exception(Request(f"{SITE}/robots.txt", callback=NO_CALLBACK), TimeoutError())
    counts = collector.counts.sources["example.org"]
    assert counts.failed == {"robots_forbidden": 1, "download/TimeoutError": 1}
    assert counts.skipped == {"known": 1} and counts.unanswered == 2


def test_records_from_signals():
    crawler, collector, spider = opened()
    response = HtmlResponse(f"{SITE}/news/1-a", request=Request(f"{SITE}/news/1-a"))
    stored = Article(url=f"{SITE}/news/1-a", title="T", body="B", authors=["A"], published_at=None, revision=2)
    copy = Article(url=f"{SITE}/news/3-c", title="T", body="B", authors=[], published_at=None)
    send(crawler, signals.item_scraped, item=stored, response=response, spider=spider)
    send(crawler, signals.item_dropped, item=copy, response=response, spider=spider,
         exception=DropItem("duplicate_content: same title and body as x"))
    send(crawler, signals.item_error, item=copy, response=response, spider=spider, failure=Failure(OSError("disk")))
    send(crawler, signals.spider_error, failure=Failure(KeyError("x")), response=response, spider=spider)
    counts = collector.counts.sources["example.org"]
    assert counts.stored == {"article": 1} and (counts.new, counts.revisions) == (0, 1)
    assert counts.dropped == {"duplicate_content": 1, "error/OSError": 1}
    assert counts.extracted == {"article": 3}
    assert counts.missing == {"date": 3, "authors": 2}
    assert counts.errors == {"spider/KeyError": 1}
