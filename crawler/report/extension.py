"""The run report extension: at the end of every crawl, the report of each source is
compared with its earlier runs, written as JSON and logged as a table.

In distributed mode each worker writes its own part to ``workers/<spider>/<crawl_id>.json``
and leaves it on the frontier's board in Redis; the last worker to leave the frontier
merges every part into the run's report, ``<spider>/<crawl id of the run>.json``, the one
judged against earlier runs (``crawler.distributed.run``).

Settings: ``RUN_REPORT_ENABLED``, ``RUN_REPORT_DIR`` (default ``<OUTPUT_DIR>/reports``),
``RUN_REPORT_HISTORY``, ``RUN_REPORT_MIN_RECORDS``, ``RUN_REPORT_DEGRADATION_DELTA``,
``RUN_REPORT_YIELD_DROP`` (see ``degradation``).
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings

from crawler.distributed.run import FrontierRun
from crawler.distributed.signals import last_worker_left, worker_leaving
from crawler.report.collector import RunCollector, run_collector
from crawler.report.counts import RunCounts
from crawler.report.degradation import Thresholds, find_warnings
from crawler.report.history import measures_of, read_history
from crawler.report.model import RunInfo, build_report, report_path, write_report
from crawler.report.parts import merge_parts, part_of
from crawler.report.table import render_table, warning_text
from crawler.run import crawl_id_of

logger = logging.getLogger(__name__)

_FILES_PER_RUN_WANTED = 10  # earlier reports read at most: this many per run of history wanted


def report_directory(settings: BaseSettings) -> Path:
    configured = settings.get("RUN_REPORT_DIR")
    return Path(configured) if configured else Path(settings.get("OUTPUT_DIR") or "data") / "reports"


def thresholds_from(settings: BaseSettings) -> Thresholds:
    thresholds = Thresholds(
        history=settings.getint("RUN_REPORT_HISTORY", 5),
        min_records=settings.getint("RUN_REPORT_MIN_RECORDS", 5),
        delta=settings.getfloat("RUN_REPORT_DEGRADATION_DELTA", 0.3),
        yield_drop=settings.getfloat("RUN_REPORT_YIELD_DROP", 0.5),
    )
    if thresholds.history < 0 or thresholds.min_records < 1:
        raise ValueError("RUN_REPORT_HISTORY must be >= 0 and RUN_REPORT_MIN_RECORDS >= 1")
    if not 0 < thresholds.delta <= 1 or not 0 < thresholds.yield_drop <= 1:
        raise ValueError("RUN_REPORT_DEGRADATION_DELTA and RUN_REPORT_YIELD_DROP must be in (0, 1]")
    return thresholds


class RunReportExtension:
    def __init__(self, crawler: Crawler, collector: RunCollector, directory: Path, thresholds: Thresholds) -> None:
        self.crawler = crawler
        self.collector = collector
        self.directory = directory
        self.thresholds = thresholds
        self.worker_id: str | None = None  # distributed mode: this worker's id in the frontier
        self.last_run: FrontierRun | None = None  # the frontier's run this worker was last out of

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunReportExtension:
        settings = crawler.settings
        if not settings.getbool("RUN_REPORT_ENABLED", True):
            raise NotConfigured("RUN_REPORT_ENABLED is off")
        extension = cls(crawler, run_collector(crawler), report_directory(settings), thresholds_from(settings))
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.worker_leaving, signal=worker_leaving)
        crawler.signals.connect(extension.last_worker_left, signal=last_worker_left)
        return extension

    # --- distributed mode ---

    def worker_leaving(self, run: FrontierRun, worker_id: str, reason: str) -> None:
        self.worker_id = worker_id
        spider = self.crawler.spider.name if self.crawler.spider else "?"
        info = self.run_info(spider, reason)
        part = part_of(worker_id, info.crawl_id, reason, info.started_at, info.finished_at, self.collector.counts,
                       self.collector.resolver.spider_counts(self.crawler.stats.get_stats()))
        try:
            run.leave_part(worker_id, part)
        except Exception:  # noqa: BLE001 (Redis gone: this worker's own report is still written)
            logger.exception("Could not leave this worker's report part in the frontier")

    def last_worker_left(self, run: FrontierRun) -> None:
        self.last_run = run

    def merge_frontier_report(self, spider: str) -> None:
        """The report of the whole run of the frontier, from the parts its workers left."""
        run = self.last_run
        assert run is not None
        crawl_id, merged = run.crawl_id(), merge_parts(run.parts())
        for why in merged.refused:
            logger.warning("Run report: left out a %s", why)
        if crawl_id is None or merged.started_at is None or merged.finished_at is None:
            logger.info("Run report: the frontier's run was merged by another worker")
            return
        info = RunInfo(spider=spider, crawl_id=crawl_id, started_at=merged.started_at, finished_at=merged.finished_at,
                       duration_seconds=(merged.finished_at - merged.started_at).total_seconds(),
                       finish_reason=",".join(merged.finish_reasons))
        self.publish(info, merged.counts, merged.spider_counts, extra={"workers": merged.workers})
        run.close()

    # --- every crawl ---

    def spider_closed(self, spider: Spider, reason: str) -> None:
        try:
            self.finish(spider.name, reason)
        except Exception:  # a report must never turn a finished crawl into a failed one
            logger.exception("Could not make the run report")

    def run_info(self, spider: str, reason: str) -> RunInfo:
        return RunInfo(
            spider=spider, crawl_id=crawl_id_of(self.crawler),
            started_at=self.collector.started_at, finished_at=datetime.now(timezone.utc),
            duration_seconds=time.monotonic() - self.collector.started_monotonic, finish_reason=reason,
        )

    def degradation(self, spider: str, crawl_id: str, report: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
        """Warnings per source against this spider's earlier reports (unreadable ones logged)."""
        if self.thresholds.history == 0:
            return {}
        current = {name: measures_of(block["rates"]) for name, block in report["sources"].items()}
        history = read_history(
            self.directory / spider, spider, crawl_id, set(current), self.thresholds.history,
            self.thresholds.min_records, max_files=max(20, self.thresholds.history * _FILES_PER_RUN_WANTED),
        )
        for path, why in history.skipped:
            logger.warning("Run report: skipped the earlier report %s: %s", path, why)
        return find_warnings(current, history.runs, self.thresholds)

    def finish(self, spider: str, reason: str) -> dict[str, Any]:
        info = self.run_info(spider, reason)
        spider_counts = self.collector.resolver.spider_counts(self.crawler.stats.get_stats())
        if self.worker_id is None:
            return self.publish(info, self.collector.counts, spider_counts)
        # A worker's part: the whole crawl is judged (and merged) by the last worker out.
        report = self.publish(info, self.collector.counts, spider_counts, extra={"worker": self.worker_id},
                              subfolder="workers", judge=False)
        if self.last_run is not None:
            self.merge_frontier_report(spider)
        return report

    def publish(self, info: RunInfo, counts: RunCounts, spider_counts: dict[str, dict[str, int]], *,
                extra: dict[str, Any] | None = None, subfolder: str | None = None, judge: bool = True) -> dict[str, Any]:
        """Build, judge, write and log one report."""
        thresholds = self.thresholds.as_dict()
        warnings = self.degradation(info.spider, info.crawl_id, build_report(info, counts, thresholds)) if judge else {}
        report = build_report(info, counts, thresholds, warnings, spider_counts)
        report.update(extra or {})
        folder = self.directory / subfolder if subfolder else self.directory
        path = report_path(folder, info.spider, info.crawl_id)
        try:
            write_report(report, path)
        except OSError as error:
            logger.error("Could not write the run report to %s: %s", path, error)
            path = None
        logger.info("%s%s", render_table(report), f"\nReport: {path}" if path else "")
        for warning in report["warnings"]:
            logger.warning("Extraction degraded: %s", warning_text(warning["source"], warning))
        if judge:
            self.crawler.stats.set_value("run_report/warnings", len(report["warnings"]))
        return report
