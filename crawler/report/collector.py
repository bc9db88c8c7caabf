"""Counts what each source gave, from the crawler's signals.

One collector per crawler (``run_collector``), shared by the run report and the progress
line, so both tell the same numbers.
"""

from __future__ import annotations

import time
import weakref
from datetime import datetime, timezone
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from twisted.python.failure import Failure

from crawler.report.classify import drop_reason, failure_reason, http_reason
from crawler.report.counts import RunCounts, SourceCounts
from crawler.report.quality import kind_of, missing_fields
from crawler.report.signals import download_failed, request_skipped
from crawler.report.sources import HostSources, SourceResolver, resolver_for

_COLLECTORS: weakref.WeakKeyDictionary[Crawler, RunCollector] = weakref.WeakKeyDictionary()


def _own_download(request: Request) -> bool:
    """Fetched by a Scrapy component for itself (robots.txt), not by the spider: not a page."""
    return request.callback is NO_CALLBACK


class RunCollector:
    def __init__(self, crawler: Crawler) -> None:
        self.counts = RunCounts()
        self.resolver: SourceResolver = HostSources()
        self.started_at = datetime.now(timezone.utc)
        self.started_monotonic = time.monotonic()
        connect = crawler.signals.connect
        connect(self.spider_opened, signal=signals.spider_opened)
        connect(self.request_scheduled, signal=signals.request_scheduled)
        connect(self.request_dropped, signal=signals.request_dropped)
        connect(self.response_received, signal=signals.response_received)
        connect(self.download_failed, signal=download_failed)
        connect(self.request_skipped, signal=request_skipped)
        connect(self.item_scraped, signal=signals.item_scraped)
        connect(self.item_dropped, signal=signals.item_dropped)
        connect(self.item_error, signal=signals.item_error)
        connect(self.spider_error, signal=signals.spider_error)

    def spider_opened(self, spider: Spider) -> None:
        self.resolver = resolver_for(spider)
        self.started_at = datetime.now(timezone.utc)
        self.started_monotonic = time.monotonic()

    def _request_source(self, request: Request) -> SourceCounts:
        return self.counts.source(self.resolver.for_request(request))

    def _item_source(self, item: Any, response: Response | None) -> SourceCounts:
        name = self.resolver.for_item(item)
        if name is None:
            request = getattr(response, "request", None)
            name = self.resolver.for_request(request) if request is not None else "(unknown)"
        return self.counts.source(name)

    # --- pages ---

    def request_scheduled(self, request: Request) -> None:
        self._request_source(request).scheduled(self.resolver.is_repeat(request))

    def request_dropped(self, request: Request) -> None:
        self._request_source(request).refused_by_dupefilter(self.resolver.is_repeat(request))

    def response_received(self, response: Response, request: Request) -> None:
        if _own_download(request):
            return
        self._request_source(request).response(
            http_reason(response.status), response.status == 304, self.resolver.expects_records(request)
        )

    def download_failed(self, request: Request, exception: BaseException) -> None:
        if _own_download(request):
            return
        self._request_source(request).no_response(*failure_reason(exception))

    def request_skipped(self, url: str, reason: str) -> None:
        self.counts.source(self.resolver.for_url(url)).skipped[reason] += 1

    def spider_error(self, failure: Failure, response: Response) -> None:
        request = getattr(response, "request", None)
        source = self._request_source(request) if request is not None else self.counts.source("(unknown)")
        source.errors[f"spider/{type(failure.value).__name__}"] += 1

    # --- records ---

    def item_scraped(self, item: Any, response: Response | None = None) -> None:
        self._item_source(item, response).record_stored(
            kind_of(item), int(getattr(item, "revision", 1) or 1),
            bool(getattr(item, "near_duplicate_of", None)), missing_fields(item),
        )

    def item_dropped(self, item: Any, exception: BaseException, response: Response | None = None) -> None:
        self._item_source(item, response).record_dropped(kind_of(item), drop_reason(exception), missing_fields(item))

    def item_error(self, item: Any, failure: Failure, response: Response | None = None) -> None:
        reason = f"error/{type(failure.value).__name__}"
        self._item_source(item, response).record_dropped(kind_of(item), reason, missing_fields(item))


def run_collector(crawler: Crawler) -> RunCollector:
    """The crawler's collector, made (and connected to its signals) at first use."""
    collector = _COLLECTORS.get(crawler)
    if collector is None:
        collector = _COLLECTORS[crawler] = RunCollector(crawler)
    return collector
