"""A deadline for Scrapy's graceful shutdown.

On SIGTERM or Ctrl-C Scrapy stops scheduling and waits for every request in progress, which
includes callbacks still running: the telegram spider waiting out a 429's Retry-After (up to
``TELEGRAM_RETRY_AFTER_MAX``, 300 s) holds the shutdown that long, and a supervisor that
sent SIGTERM then sends SIGKILL. This extension gives the work in progress
``SHUTDOWN_DEADLINE`` seconds. When they pass it does what a clean close would have done
with everything emitted so far - closes the item pipelines (the store closes and fsyncs its
files), sends ``spider_closed`` (the state store closes, the run report is written), dumps
the stats - and stops the reactor. What the abandoned callbacks would still have yielded is
lost, as the log says; every record written stays whole and is in the state store (each is
committed as it is written). A second signal still forces an immediate exit (Scrapy's own
handler), which leaves whole lines too: a record is written with one ``write`` loop that a
reactor stop cannot cut.
"""

from __future__ import annotations

import contextlib
import logging

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import call_later, create_looping_call
from scrapy.utils.defer import deferred_from_coro

logger = logging.getLogger(__name__)

_POLL = 0.2  # s between looks at whether the engine has started stopping


def in_progress_requests(engine: object) -> set[object]:
    """Requests being downloaded or having their callbacks run."""
    downloading = set(getattr(getattr(engine, "downloader", None), "active", ()))
    scraping = set(getattr(getattr(getattr(engine, "scraper", None), "slot", None), "active", ()))
    return downloading | scraping


class ShutdownDeadline:
    def __init__(self, crawler: Crawler) -> None:
        self.deadline = crawler.settings.getfloat("SHUTDOWN_DEADLINE", 30.0)
        if self.deadline <= 0:
            raise NotConfigured("SHUTDOWN_DEADLINE is 0: wait as long as the work in progress takes")
        self.crawler = crawler
        self.spider: Spider | None = None
        self.seen_running = False
        self.expiry = None
        self.watch = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ShutdownDeadline:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        self.spider = spider
        self.watch = create_looping_call(self.check)
        self.watch.start(_POLL, now=False)

    def check(self) -> None:
        """Scrapy's shutdown (a signal, or ``crawler.stop()``) begins with ``engine.running = False``."""
        engine = self.crawler.engine
        if engine is None or self.expiry is not None:
            return
        if engine.running:
            self.seen_running = True
        elif self.seen_running:
            self.expiry = call_later(self.deadline, self.expire)
            logger.info("Shutting down: the work in progress has %.0f s (SHUTDOWN_DEADLINE)", self.deadline)

    def expire(self) -> None:
        deferred_from_coro(self.close_now())

    async def close_now(self) -> None:
        crawler, engine = self.crawler, self.crawler.engine
        in_progress = len(in_progress_requests(engine)) if engine is not None else 0
        logger.error("SHUTDOWN_DEADLINE (%.0f s) passed: closing now; %d requests in progress and what their "
                     "callbacks would still have yielded are abandoned", self.deadline, in_progress)
        crawler.stats.set_value("shutdown/deadline_passed", 1)
        crawler.stats.set_value("shutdown/abandoned_requests", in_progress)
        self.stop_watching()
        if engine is not None:
            try:
                await engine.scraper.itemproc.close_spider_async()
            except Exception:
                logger.exception("Closing the item pipelines failed")
        await crawler.signals.send_catch_log_async(signal=signals.spider_closed, spider=self.spider, reason="shutdown")
        crawler.stats.close_spider(reason="shutdown")
        from twisted.internet import reactor

        with contextlib.suppress(RuntimeError):  # already stopping
            reactor.stop()

    def spider_closed(self) -> None:
        self.stop_watching()
        if self.expiry is not None:
            with contextlib.suppress(Exception):  # it may be what is closing the spider
                self.expiry.cancel()

    def stop_watching(self) -> None:
        if self.watch is not None and self.watch.running:
            self.watch.stop()
        self.watch = None
