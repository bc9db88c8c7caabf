"""The extensions built from settings, as Scrapy builds them."""

from __future__ import annotations

import json
import logging

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler.progress import ProgressLine
from crawler.report.extension import (
    RunReportExtension,
    report_directory,
    thresholds_from,
)
from crawler.spiders.news import NewsSpider
from tests.report.helpers import articles


def crawler_with(**settings):
    return get_crawler(NewsSpider, {"CRAWL_ID": "20261125T060000Z-test", **settings})


def test_off_by_setting():
    with pytest.raises(NotConfigured):
        RunReportExtension.from_crawler(crawler_with(RUN_REPORT_ENABLED=False))
    with pytest.raises(NotConfigured):
        ProgressLine.from_crawler(crawler_with(PROGRESS_INTERVAL=0))
    with pytest.raises(NotConfigured):
        ProgressLine.from_crawler(crawler_with(LOG_ENABLED=False))  # --nolog
    assert isinstance(ProgressLine.from_crawler(crawler_with(PROGRESS_INTERVAL=5)), ProgressLine)


def test_settings():
    crawler = crawler_with(OUTPUT_DIR="/srv/news")
    assert str(report_directory(crawler.settings)) == "/srv/news/reports"
    assert str(report_directory(crawler_with(RUN_REPORT_DIR="/srv/reports").settings)) == "/srv/reports"
    assert thresholds_from(crawler.settings).as_dict() == {"history": 5, "min_records": 5, "delta": 0.3, "yield_drop": 0.5}
    with pytest.raises(ValueError):
        thresholds_from(crawler_with(RUN_REPORT_DEGRADATION_DELTA=0).settings)
    with pytest.raises(ValueError):
        thresholds_from(crawler_with(RUN_REPORT_MIN_RECORDS=0).settings)


def test_finish_writes_the_report_and_compares_with_the_last_one(tmp_path, caplog):
    first = RunReportExtension.from_crawler(crawler_with(OUTPUT_DIR=str(tmp_path), CRAWL_ID="20261124T060000Z-one"))
    articles(first.collector.counts, "a.org", 6)
    first.finish("news", "finished")
    second = RunReportExtension.from_crawler(crawler_with(OUTPUT_DIR=str(tmp_path), CRAWL_ID="20261125T060000Z-two"))
    articles(second.collector.counts, "a.org", 6, without_date=6)
    with caplog.at_level(logging.INFO):
        report = second.finish("news", "closespider_timeout")
    assert report["finish_reason"] == "closespider_timeout"
    assert [warning["metric"] for warning in report["warnings"]] == ["missing_date"]
    written = json.loads((tmp_path / "reports" / "news" / "20261125T060000Z-two.json").read_text("utf-8"))
    assert written == report
    assert "Extraction degraded: a.org: missing_date 0% -> 100%" in caplog.text
    assert second.crawler.stats.get_value("run_report/warnings") == 1


def test_a_report_that_cannot_be_written_does_not_fail_the_crawl(tmp_path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", "utf-8")
    extension = RunReportExtension.from_crawler(crawler_with(RUN_REPORT_DIR=str(blocker)))
    articles(extension.collector.counts, "a.org", 1)
    with caplog.at_level(logging.INFO):
        extension.finish("news", "finished")
    assert "Could not write the run report" in caplog.text
    assert "Run report: news" in caplog.text  # the table is still logged
