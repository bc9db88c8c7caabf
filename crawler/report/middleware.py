"""Tells the run report which requests failed without a response, and why."""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler

from crawler.report.signals import download_failed


class DownloadFailureSignalMiddleware:
    """Sends ``download_failed`` for every request that ends in an exception.

    Placed first on the engine side (lowest order): Scrapy calls ``process_exception`` from
    the downloader side outwards and stops at the first middleware that returns a request
    or response, so a download that RetryMiddleware retries never reaches this one; only
    final failures and refusals (robots.txt, offsite, network guard, incremental skips) do.
    It never handles the exception itself.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.signals = crawler.signals

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DownloadFailureSignalMiddleware:
        return cls(crawler)

    def process_exception(self, request: Request, exception: Exception) -> None:  # None: others go on
        self.signals.send_catch_log(download_failed, request=request, exception=exception)
