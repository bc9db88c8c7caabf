"""The report as a table for the log."""

from __future__ import annotations

from crawler.report.counts import RunCounts
from crawler.report.table import format_grid, render_table
from tests.report.helpers import articles, failing, report


def test_grid_columns_are_fixed_width():
    lines = format_grid(["source", "pages"], [["a.org", "5"], ["long-source.example", "12345"]])
    assert lines == ["source               pages", "a.org                    5", "long-source.example  12345"]


def test_table_of_a_news_run():
    run = RunCounts()
    articles(run, "a.org", 4, without_date=1)
    run.source("a.org").record_dropped("article", "duplicate_content", {"title": False, "body": False,
                                                                        "date": False, "authors": False})
    failing(run, "b.org")
    warning = {"metric": "missing_date", "before": 0.0, "now": 0.4, "runs": 3, "rule": "rose by 0.3 or more"}
    text = render_table(report(run, warnings={"a.org": [warning]}))
    lines = text.splitlines()
    assert lines[0] == "Run report: news 20261125T060000Z-aaaa (finished, 12.5 s, 2 sources)"
    assert lines[1].split() == ["source", "pages", "fetched", "failed", "records", "stored", "new", "rev", "dropped",
                                "dup", "near", "no", "title", "no", "body", "no", "date", "no", "authors"]
    assert lines[2].split() == ["a.org", "4", "4", "0", "5", "4", "4", "0", "1", "1", "0", "0%", "0%", "20%", "0%"]
    assert lines[3].split() == ["b.org", "1", "0", "1", "0", "0", "0", "0", "0", "0", "0", "-", "-", "-", "-"]
    assert lines[4].split()[:6] == ["TOTAL", "5", "4", "1", "5", "4"]
    assert len({len(line) for line in lines[1:5]}) == 1
    assert "failed   b.org: download/TimeoutError 1" in lines
    assert "dropped  a.org: duplicate_content 1" in lines
    assert "WARNING  a.org: missing_date 0% -> 40% (rose by 0.3 or more; baseline of 3 earlier runs)" in lines


def test_one_source_needs_no_total_and_posts_show_their_own_fields():
    run = RunCounts()
    counts = run.source("fixturenews")
    counts.record_stored("telegram_post", 1, False, {"text": True, "date": False})
    counts.record_stored("telegram_channel", 1, False, {})
    lines = render_table(report(run)).splitlines()
    assert lines[1].split()[-4:] == ["no", "text", "no", "date"]
    assert lines[2].split()[-2:] == ["100%", "0%"]
    assert not any(line.startswith("TOTAL") for line in lines)


def test_long_source_names_are_cut():
    run = RunCounts()
    failing(run, "a-very-long-host-name-of-a-regional-news-site.example.org")
    row = render_table(report(run)).splitlines()[2]
    assert row.startswith("a-very-long-host-name-of-a-regional-new… ")
