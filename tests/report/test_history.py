"""Earlier reports: read newest first, unreadable ones skipped with a reason."""

from __future__ import annotations

import json
import os

from crawler.report.counts import RunCounts
from crawler.report.history import parse_report, read_history
from crawler.report.model import write_report
from tests.report.helpers import articles, report


def write_run(folder, crawl_id: str, mtime: int, sources: dict[str, int]) -> None:
    run = RunCounts()
    for name, count in sources.items():
        articles(run, name, count)
    path = folder / f"{crawl_id}.json"
    write_report(report(run, crawl_id), path)
    os.utime(path, (mtime, mtime))


def test_newest_first_and_not_the_current_run(tmp_path):
    write_run(tmp_path, "b", 200, {"x.org": 6})
    write_run(tmp_path, "a", 100, {"x.org": 5})
    write_run(tmp_path, "current", 300, {"x.org": 7})
    history = read_history(tmp_path, "news", "current", {"x.org"}, runs_per_source=5, min_basis=5, max_files=20)
    assert [run.crawl_id for run in history.runs] == ["b", "a"]
    assert history.runs[0].rates["x.org"]["missing_date"] == (0.0, 6)
    assert history.skipped == []


def test_unreadable_reports_are_skipped_with_a_reason(tmp_path):
    write_run(tmp_path, "good", 100, {"x.org": 5})
    (tmp_path / "torn.json").write_text('{"report_version": 1, "spi', "utf-8")
    (tmp_path / "list.json").write_text("[]", "utf-8")
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
    (tmp_path / "future.json").write_text(json.dumps({"report_version": 99, "spider": "news", "sources": {}}), "utf-8")
    (tmp_path / "other.json").write_text(json.dumps({"report_version": 1, "spider": "telegram", "sources": {}}), "utf-8")
    (tmp_path / ".good.json.123.tmp").write_text("half a report", "utf-8")  # a write in progress
    history = read_history(tmp_path, "news", "current", {"x.org"}, runs_per_source=5, min_basis=5, max_files=20)
    assert [run.crawl_id for run in history.runs] == ["good"]
    reasons = {path.name: reason for path, reason in history.skipped}
    assert set(reasons) == {"torn.json", "list.json", "binary.json", "future.json", "other.json"}
    assert reasons["torn.json"].startswith("not JSON")
    assert reasons["list.json"] == "not a JSON object"
    assert reasons["future.json"] == "report_version 99, expected 1"
    assert reasons["other.json"] == "report of spider 'telegram'"


def test_odd_values_inside_a_report_are_ignored():
    text = json.dumps({"report_version": 1, "spider": "news", "sources": {
        "x.org": {"rates": {"missing_date": {"value": "high", "of": 9}, "yield": {"value": 1.0, "of": 7},
                            "failure_share": {"value": float("nan"), "of": 7}, "missing_body": None}},
        "y.org": "not a block",
    }})
    assert parse_report(text, "news").rates == {"x.org": {"yield": (1.0, 7)}}


def test_reading_stops_once_every_source_has_enough_judged_runs(tmp_path):
    for number in range(10):
        write_run(tmp_path, f"run{number}", 100 + number, {"x.org": 5})
    write_run(tmp_path, "small", 1000, {"x.org": 2})  # newest, too small to count
    history = read_history(tmp_path, "news", "current", {"x.org"}, runs_per_source=3, min_basis=5, max_files=50)
    assert [run.crawl_id for run in history.runs] == ["small", "run9", "run8", "run7"]
    capped = read_history(tmp_path, "news", "current", {"x.org"}, runs_per_source=30, min_basis=5, max_files=4)
    assert len(capped.runs) == 4


def test_no_folder_no_history(tmp_path):
    history = read_history(tmp_path / "missing", "news", "c", {"x.org"}, runs_per_source=5, min_basis=5, max_files=20)
    assert history.runs == [] and history.skipped == []
