"""A compact progress line every ``PROGRESS_INTERVAL`` seconds (default 60; 0 turns it off):

    Progress: 1520 pages (+212/min), 1304 records (+180/min), 7 failed, 41 duplicates, 312 queued, 16 in flight

It stands in for Scrapy's LogStats line (off in settings: ``LOGSTATS_INTERVAL = 0``) and
counts like the run report (``crawler.report.collector``): pages are responses, records are
records stored, failed are pages that could not be had (HTTP errors, download errors,
refusals) plus exceptions in spider callbacks, duplicates are exact and near duplicates.
Off when nothing would show it: logging off (``--nolog``) or a log level above INFO.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings
from scrapy.utils.asyncio import create_looping_call

from crawler.report.collector import RunCollector, run_collector

logger = logging.getLogger(__name__)


def logging_shows_info(settings: BaseSettings) -> bool:
    """Whether an INFO line would reach anyone: Scrapy logs to LOG_FILE even with
    LOG_ENABLED off, and to stderr only with LOG_ENABLED on (``--nolog`` turns it off)."""
    if not (settings.getbool("LOG_ENABLED", True) or settings.get("LOG_FILE")):
        return False
    level = settings.get("LOG_LEVEL") or "DEBUG"
    number = level if isinstance(level, int) else logging.getLevelName(str(level).upper())
    return not isinstance(number, int) or number <= logging.INFO


@dataclass(frozen=True)
class Snapshot:
    at: float  # time.monotonic()
    pages: int
    records: int
    failed: int
    duplicates: int


def snapshot(collector: RunCollector) -> Snapshot:
    totals = collector.counts.totals()
    return Snapshot(
        at=time.monotonic(), pages=totals.fetched, records=sum(totals.stored.values()),
        failed=totals.failed_total + sum(totals.errors.values()),
        duplicates=totals.exact_duplicates + totals.near_duplicates,
    )


def per_minute(now: int, before: int, seconds: float) -> int:
    return round((now - before) * 60 / seconds) if seconds > 0 else 0


def progress_text(now: Snapshot, before: Snapshot, queued: int | None, in_flight: int | None) -> str:
    seconds = now.at - before.at
    parts = [
        f"{now.pages} pages (+{per_minute(now.pages, before.pages, seconds)}/min)",
        f"{now.records} records (+{per_minute(now.records, before.records, seconds)}/min)",
        f"{now.failed} failed",
        f"{now.duplicates} duplicates",
    ]
    if queued is not None:
        parts.append(f"{queued} queued")
    if in_flight is not None:
        parts.append(f"{in_flight} in flight")
    return "Progress: " + ", ".join(parts)


class ProgressLine:
    def __init__(self, crawler: Crawler, collector: RunCollector, interval: float) -> None:
        self.crawler = crawler
        self.collector = collector
        self.interval = interval
        self.task: Any = None
        self.last: Snapshot | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressLine:
        interval = crawler.settings.getfloat("PROGRESS_INTERVAL", 60.0)
        if interval <= 0:
            raise NotConfigured("PROGRESS_INTERVAL is 0")
        if not logging_shows_info(crawler.settings):
            raise NotConfigured("logging is off or above INFO")
        extension = cls(crawler, run_collector(crawler), interval)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self) -> None:
        self.last = snapshot(self.collector)
        self.task = create_looping_call(self.log)
        self.task.start(self.interval, now=False)  # a line at 0 s says nothing

    def queue_sizes(self) -> tuple[int | None, int | None]:
        """Requests waiting in the scheduler and downloading, when they are cheap to know."""
        engine = self.crawler.engine
        queued = in_flight = None
        try:
            scheduler = engine.scheduler if engine is not None else None
            if scheduler is not None and hasattr(scheduler, "__len__"):
                queued = len(scheduler)
        except Exception:  # a remote queue (Redis) that cannot answer now: leave it out
            queued = None
        if engine is not None and getattr(engine, "downloader", None) is not None:
            in_flight = len(engine.downloader.active)
        return queued, in_flight

    def log(self) -> None:
        now = snapshot(self.collector)
        logger.info("%s", progress_text(now, self.last or now, *self.queue_sizes()))
        self.last = now

    def spider_closed(self) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
