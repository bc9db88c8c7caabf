"""``scrapy report [SPIDER] [--runs N] [--json] [--fail-on-warnings]``: the run reports on disk.

After scheduled runs one wants to know, without reading logs, what the last run gave and
whether it degraded: the newest report of each spider as the table the crawl logged, then
its last runs one line each. ``--fail-on-warnings`` exits with 1 when a spider's newest
report has degradation warnings, for a monitoring check after the cron job or timer.
Reports are read from ``RUN_REPORT_DIR`` (default ``<OUTPUT_DIR>/reports``); an unreadable
one is named and skipped.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.commands.table import text_table
from crawler.report.extension import report_directory
from crawler.report.table import count_at, render_table

_WORKER_PARTS = "workers"  # reports/workers/<spider>/: distributed workers' parts, not runs


def spider_folders(directory: Path, spider: str | None) -> list[Path]:
    if spider:
        return [directory / spider]
    if not directory.is_dir():
        return []
    return sorted(path for path in directory.iterdir() if path.is_dir() and path.name != _WORKER_PARTS)


def newest_reports(folder: Path, count: int) -> tuple[list[dict[str, Any]], list[str]]:
    """Up to ``count`` reports of one spider, newest first, and the problems of unreadable ones."""
    paths = sorted((path for path in folder.glob("*.json") if not path.name.startswith(".")),
                   key=lambda path: (path.stat().st_mtime, path.name), reverse=True)
    reports, problems = [], []
    for path in paths:
        if len(reports) == count:
            break
        try:
            report = json.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            problems.append(f"{path}: {error}")
            continue
        if isinstance(report, dict) and isinstance(report.get("sources"), dict):
            reports.append(report)
        else:
            problems.append(f"{path}: not a run report")
    return reports, problems


def runs_table(reports: list[dict[str, Any]]) -> str:
    """One line per run: when, how it ended, what it fetched and kept, warnings."""
    header = ["CRAWL_ID", "FINISHED", "REASON", "SECONDS", "FETCHED", "FAILED", "STORED", "NEW", "WARNINGS"]
    rows = []
    for report in reports:
        totals = report.get("totals") or {}
        rows.append([
            str(report.get("crawl_id")), str(report.get("finished_at")), str(report.get("finish_reason")),
            f"{report.get('duration_seconds') or 0:.0f}",
            str(count_at(totals, ("pages", "fetched"))), str(count_at(totals, ("pages", "failed"))),
            str(count_at(totals, ("records", "stored"))), str(count_at(totals, ("records", "new"))),
            str(len(report.get("warnings") or [])),
        ])
    return text_table(header, rows)


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[SPIDER] [--runs N] [--json] [--fail-on-warnings]"

    def short_desc(self) -> str:
        return "Show the newest run reports (what each source gave, and degradation warnings)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--runs", type=int, default=5, help="list this many newest runs per spider (default 5)")
        parser.add_argument("--json", action="store_true", help="print the newest report of each spider as JSON")
        parser.add_argument("--fail-on-warnings", action="store_true",
                            help="exit with 1 when a spider's newest report has warnings")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        if len(args) > 1:
            raise UsageError("give at most one spider name: scrapy report [SPIDER]")
        if opts.runs < 1:
            raise UsageError("--runs must be at least 1")
        directory = report_directory(self.settings)
        found = False
        warned = False
        for folder in spider_folders(directory, args[0] if args else None):
            reports, problems = newest_reports(folder, opts.runs)
            for problem in problems:
                print(f"scrapy report: skipped {problem}")
            if not reports:
                continue
            found = True
            warned = warned or bool(reports[0].get("warnings"))
            if opts.json:
                print(json.dumps(reports[0], ensure_ascii=False))
                continue
            print(render_table(reports[0]))
            print(f"\nLast {len(reports)} run(s) of {folder.name}:")
            print(runs_table(reports))
            print()
        if not found:
            print(f"scrapy report: no run reports under {directory}")
            self.exitcode = 1
        elif opts.fail_on_warnings and warned:
            self.exitcode = 1
