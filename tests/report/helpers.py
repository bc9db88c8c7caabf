"""Reports built the way the extension builds them, for the history and table tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from crawler.report.classify import Outcome
from crawler.report.counts import RunCounts
from crawler.report.model import RunInfo, build_report

START = datetime(2026, 11, 25, 6, 0, tzinfo=timezone.utc)


def info(crawl_id: str = "20261125T060000Z-aaaa", spider: str = "news") -> RunInfo:
    return RunInfo(spider, crawl_id, START, START + timedelta(seconds=12.5), 12.5, "finished")


def articles(run: RunCounts, source: str, count: int, *, without_date: int = 0, pages: int | None = None) -> None:
    """``count`` articles from ``count`` (or ``pages``) fetched article pages."""
    counts = run.source(source)
    for _ in range(count if pages is None else pages):
        counts.scheduled(repeat=False)
        counts.response(None, not_modified=False, record_page=True)
    for number in range(count):
        missing = {"title": False, "body": False, "date": number < without_date, "authors": False}
        counts.record_stored("article", 1, False, missing)


def report(run: RunCounts, crawl_id: str = "20261125T060000Z-aaaa", **kwargs: Any) -> dict[str, Any]:
    return build_report(info(crawl_id), run, {"history": 5}, **kwargs)


def failing(run: RunCounts, source: str, reason: str = "download/TimeoutError") -> None:
    run.source(source).scheduled(repeat=False)
    run.source(source).no_response(Outcome.FAILED, reason)
