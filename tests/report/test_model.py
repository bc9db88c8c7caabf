"""The report JSON: shape, rates, atomic writing."""

from __future__ import annotations

import json
import os
import stat

from crawler.report.counts import RunCounts
from crawler.report.model import report_path, write_report
from tests.report.helpers import articles, failing, report


def test_report_shape_and_rates():
    run = RunCounts()
    articles(run, "example.org", 4, without_date=1, pages=5)
    failing(run, "example.org")
    built = report(run, spider_counts={"gone": {"missing": 1}})
    assert built["report_version"] == 1 and built["spider"] == "news"
    assert built["started_at"] == "2026-11-25T06:00:00+00:00" and built["duration_seconds"] == 12.5
    source = built["sources"]["example.org"]
    assert source["pages"]["discovered"] == 6 and source["pages"]["fetched"] == 5 and source["pages"]["failed"] == 1
    assert source["missing"]["date"] == {"missing": 1, "of": 4, "share": 0.25}
    assert source["rates"]["yield"] == {"value": 0.8, "of": 5}
    assert source["rates"]["failure_share"] == {"value": round(1 / 6, 4), "of": 6}
    assert source["rates"]["missing_date"] == {"value": 0.25, "of": 4}
    assert "missing_text" not in source["rates"]  # no posts here
    assert built["sources"]["gone"]["spider"] == {"missing": 1}  # known to the spider only
    assert built["sources"]["gone"]["pages"]["discovered"] == 0
    assert "rates" not in built["totals"] and built["totals"]["records"]["stored"] == {"article": 4}
    assert built["warnings"] == []


def test_rates_of_a_source_with_nothing_measured():
    run = RunCounts()
    failing(run, "down.example")
    rates = report(run)["sources"]["down.example"]["rates"]
    assert rates == {"yield": {"value": None, "of": 0}, "failure_share": {"value": 1.0, "of": 1}}


def test_write_is_whole_and_leaves_no_temporary_files(tmp_path):
    path = report_path(tmp_path / "reports", "news", "20261125T060000Z-aaaa")
    assert path == tmp_path / "reports" / "news" / "20261125T060000Z-aaaa.json"
    write_report({"a": 1}, path)
    write_report({"a": 2, "text": "Київ"}, path)  # a rerun with a fixed CRAWL_ID replaces it
    assert json.loads(path.read_text("utf-8")) == {"a": 2, "text": "Київ"}
    assert [entry.name for entry in path.parent.iterdir()] == [path.name]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
