"""End to end: the run report and the progress line of real ``scrapy crawl`` runs against
fixture sites on 127.0.0.1 (tests/fixtures/report, see its README for what each page holds)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import (
    FIXTURES,
    REPO,
    CrawlResult,
    crawl_command,
    crawl_env,
    run_crawl,
)
from tests.siteserver import FixtureServer
from tests.test_crawl_telegram import telegram_server

REPORT = FIXTURES / "report"


def reports(output_dir: Path, spider: str) -> list[dict]:
    """The run reports of a spider, oldest first."""
    paths = sorted((output_dir / "reports" / spider).glob("*.json"), key=lambda path: path.stat().st_mtime)
    return [json.loads(path.read_text("utf-8")) for path in paths]


def only_report(result: CrawlResult, spider: str) -> dict:
    assert result.returncode == 0, result.log[-3000:]
    (report,) = reports(result.output_dir, spider)
    return report


@pytest.fixture(scope="module")
def news_run(tmp_path_factory) -> tuple[CrawlResult, dict, str, str]:
    """One crawl of two fixture sites; the courier also links to a third, refused host."""
    output = tmp_path_factory.mktemp("report") / "data"
    with FixtureServer(REPORT / "tribune") as tribune, \
            FixtureServer(REPORT / "courier", variables={"TRIBUNE": tribune.base_url}) as courier:
        tribune.statuses["/news/203-page-that-always-fails"] = [(500, {})] * 3  # RETRY_TIMES=2: 3 tries
        result = run_crawl(
            "news", {"urls": f"{courier.base_url}/,{tribune.base_url}/"},
            {"NETWORK_ALLOWLIST": f"{courier.hostport},{tribune.hostport}", "PROGRESS_INTERVAL": "0.1"},
            output,
        )
    return result, only_report(result, "news"), courier.hostport, tribune.hostport


def test_report_lists_every_source_with_its_counts(news_run):
    result, report, courier, tribune = news_run
    assert set(report["sources"]) == {courier, tribune, "127.0.0.1:9"}
    site = report["sources"][courier]
    # Pages: the start page, robots.txt (read for Sitemap: lines) and the 8 article links on
    # the start page; 104 is missing (404) and /private/ is disallowed by robots.txt.
    assert site["pages"]["discovered"] == 10
    assert site["pages"]["fetched"] == 9
    assert site["failed"] == {"http_404": 1, "robots_forbidden": 1}
    # Records: 101, 102, 103, 105 (a copy of 101), 106 (102 lightly edited), 107 (a video
    # page without text: dropped as invalid).
    assert site["pages"]["record_pages"] == 6
    assert site["records"]["extracted"] == {"article": 6}
    assert site["records"]["stored"] == {"article": 4}
    assert site["records"]["new"] == 4 and site["records"]["revisions"] == 0
    assert site["dropped"] == {"duplicate_content": 1, "invalid/bad_body": 1}
    assert site["duplicates"] == {"exact": 1, "near": 1, "near_tagged": 1}
    # 103 has neither a date nor an author, 107 no body; of 6 records extracted.
    assert {name: entry["missing"] for name, entry in site["missing"].items()} == \
        {"title": 0, "body": 1, "date": 1, "authors": 1}
    assert site["missing"]["date"]["share"] == round(1 / 6, 4)
    assert site["rates"]["yield"] == {"value": 1.0, "of": 6}
    # 9 answered and 1 refused by robots.txt: 10 attempts, 2 failed.
    assert site["rates"]["failure_share"] == {"value": 0.2, "of": 10}

    partner = report["sources"][tribune]
    # The start page, robots.txt, 201 (also linked from the courier: one request), 202 and
    # 203, which fails with 500 three times: one page, two retries, one failure.
    assert partner["pages"]["discovered"] == 5
    assert partner["pages"]["requeued"] == 2
    assert partner["pages"]["fetched"] == 5
    assert partner["failed"] == {"http_500": 1}
    assert partner["records"]["stored"] == {"article": 2} and partner["dropped"] == {}

    refused = report["sources"]["127.0.0.1:9"]  # an article link to a host not allowed
    assert refused["pages"]["discovered"] == 1 and refused["pages"]["fetched"] == 0
    assert refused["failed"] == {"network_guard/private_ip": 1}

    totals = report["totals"]
    assert totals["pages"]["fetched"] == 14 and totals["pages"]["failed"] == 4
    assert totals["records"]["stored"] == {"article": 6}
    assert len(result.records("article")) == 6  # the report agrees with the output
    assert report["spider"] == "news" and report["finish_reason"] == "finished"
    assert report["crawl_id"] == result.records("article")[0]["crawl_id"]
    assert report["warnings"] == [] and all(block["warnings"] == [] for block in report["sources"].values())


def test_report_is_logged_as_a_table(news_run):
    result, report, courier, _ = news_run
    log = result.log
    assert f"Run report: news {report['crawl_id']} (finished" in log
    header = next(line for line in log.splitlines() if line.startswith("source "))
    assert header.split() == ["source", "pages", "fetched", "failed", "records", "stored", "new", "rev",
                              "dropped", "dup", "near", "no", "title", "no", "body", "no", "date", "no", "authors"]
    row = next(line for line in log.splitlines() if line.startswith(courier + " "))
    assert row.split() == [courier, "10", "9", "2", "6", "4", "4", "0", "2", "1", "1", "0%", "17%", "17%", "17%"]
    assert len(row) == len(header)  # fixed width: every column right-aligned under its title
    assert f"failed   {courier}: http_404 1, robots_forbidden 1" in log
    assert f"dropped  {courier}: duplicate_content 1, invalid/bad_body 1" in log
    assert re.search(r"^TOTAL\s+16\s+14\s+4\s+8\s+6\s", log, re.MULTILINE)
    assert "'run_report/warnings': 0" in log  # the stats dump is kept


def test_progress_line_replaces_logstats(news_run):
    result, *_ = news_run
    lines = [line for line in result.log.splitlines() if "[crawler.progress] INFO: Progress:" in line]
    assert lines, result.log[-3000:]
    assert re.search(r"Progress: \d+ pages \(\+\d+/min\), \d+ records \(\+\d+/min\), \d+ failed, "
                     r"\d+ duplicates, \d+ queued, \d+ in flight$", lines[-1])
    assert "Crawled 0 pages" not in result.log and "pages/min" not in result.log  # no LogStats line


def crawl_history(valley: FixtureServer, ridge: FixtureServer, output: Path, *options: str) -> CrawlResult:
    settings = {
        "NETWORK_ALLOWLIST": f"{valley.hostport},{ridge.hostport}", "OUTPUT_DIR": str(output),
        "STATE_URI": f"{output}.state.sqlite3", "PROGRESS_INTERVAL": "0.05",
        "INCREMENTAL": "False",  # the same article URLs on both runs: re-read, not skipped as stored
    }
    command = crawl_command("news", {"urls": f"{valley.base_url}/,{ridge.base_url}/"}, settings) + list(options)
    done = subprocess.run(command, cwd=REPO, env=crawl_env(), capture_output=True, text=True, timeout=120,
                          check=False)
    return CrawlResult(done.returncode, done.stdout + done.stderr, output)


def test_a_source_that_loses_its_dates_is_flagged(tmp_path):
    output = tmp_path / "data"
    with FixtureServer(REPORT / "history" / "valley" / "v1") as valley, \
            FixtureServer(REPORT / "history" / "ridge") as ridge:
        # A quiet first run: no log at all (no progress line either), but its report is written.
        first = crawl_history(valley, ridge, output, "--nolog")
        assert first.returncode == 0 and first.log == "", first.log[-3000:]
        (corrupt := output / "reports" / "news" / "19990101T000000Z-torn.json").write_text('{"report_ver', "utf-8")
        valley.root = (REPORT / "history" / "valley" / "v2").resolve()  # a new layout: no dates
        second = crawl_history(valley, ridge, output)
    assert second.returncode == 0, second.log[-3000:]
    shown = scrapy_report("news", "--fail-on-warnings", "-s", f"OUTPUT_DIR={output}")
    assert shown.returncode == 1, shown.stdout + shown.stderr  # the newest run degraded
    assert f"skipped {corrupt}" in shown.stdout and "Last 2 run(s) of news:" in shown.stdout
    assert f"WARNING  {valley.hostport}: missing_date 0% -> 100%" in shown.stdout
    corrupt.unlink()
    before, after = reports(output, "news")
    assert before["warnings"] == []
    assert before["sources"][valley.hostport]["missing"]["date"] == {"missing": 0, "of": 5, "share": 0.0}
    assert before["sources"][ridge.hostport]["records"]["stored"] == {"article": 5}
    # Both runs extracted the same five articles from each site; the second one dropped
    # them as duplicates, and valley's came without dates.
    now = after["sources"][valley.hostport]
    assert now["missing"]["date"] == {"missing": 5, "of": 5, "share": 1.0}
    assert now["dropped"] == {"duplicate": 5}
    assert now["warnings"] == [{"metric": "missing_date", "before": 0.0, "now": 1.0, "runs": 1,
                                "rule": "rose by 0.3 or more"}]
    assert after["sources"][ridge.hostport]["warnings"] == []
    assert after["sources"][ridge.hostport]["missing"]["date"]["of"] == 5  # judged, and fine
    assert after["warnings"] == [{"source": valley.hostport, **now["warnings"][0]}]
    assert re.search(rf"WARNING: Extraction degraded: {re.escape(valley.hostport)}: missing_date 0% -> 100%",
                     second.log)
    assert f"skipped the earlier report {corrupt}: not JSON" in second.log
    assert "'run_report/warnings': 1" in second.log
    assert "[crawler.progress] INFO: Progress:" in second.log


def scrapy_report(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scrapy", "report", *args], cwd=REPO, env=crawl_env(),
                          capture_output=True, text=True, timeout=60, check=False)


def test_scrapy_report_lists_the_newest_runs(tmp_path):
    folder = tmp_path / "reports" / "news"
    folder.mkdir(parents=True)
    for number, stored in enumerate((4, 7), start=1):
        report = {"spider": "news", "crawl_id": f"2026112{number}T060000Z-run{number}", "finish_reason": "finished",
                  "finished_at": f"2026-11-2{number}T06:01:00+00:00", "duration_seconds": 60.0,
                  "totals": {"pages": {"fetched": 10 * number, "failed": number}, "records": {"stored": {"article": stored}, "new": stored}},
                  "sources": {"uoj": {"pages": {"fetched": 10 * number}, "records": {"stored": {"article": stored}}}},
                  "warnings": []}
        (folder / f"{report['crawl_id']}.json").write_text(json.dumps(report), "utf-8")
        os.utime(folder / f"{report['crawl_id']}.json", (number * 1000, number * 1000))
    shown = scrapy_report("--runs", "5", "--fail-on-warnings", "-s", f"OUTPUT_DIR={tmp_path}")
    assert shown.returncode == 0, shown.stdout + shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0].startswith("Run report: news 20261122T060000Z-run2")  # the newest first
    runs = [line.split() for line in lines if line.startswith("2026112")]
    assert [(row[0], row[4], row[5], row[6]) for row in runs] == [
        ("20261122T060000Z-run2", "20", "2", "7"), ("20261121T060000Z-run1", "10", "1", "4")]
    empty = scrapy_report("-s", f"OUTPUT_DIR={tmp_path / 'nothing'}")
    assert empty.returncode == 1 and "no run reports under" in empty.stdout


def test_telegram_report_per_channel(tmp_path):
    with telegram_server() as server:
        result = run_crawl(
            "telegram", {"channels": "fixturenews,@nopreview,https://t.me/gonewire,t.me/s/ghostwire"},
            {"TELEGRAM_BASE_URL": server.base_url, "NETWORK_ALLOWLIST": server.hostport, "ROBOTSTXT_OBEY": "False"},
            tmp_path / "data",
        )
    report = only_report(result, "telegram")
    assert set(report["sources"]) == {"fixturenews", "nopreview", "gonewire", "ghostwire"}
    news = report["sources"]["fixturenews"]
    # Two preview pages of six posts (tests/fixtures/telegram/README.md) and the channel record.
    assert news["pages"]["discovered"] == 2 and news["pages"]["record_pages"] == 2
    assert news["records"]["stored"] == {"telegram_channel": 1, "telegram_post": 6}
    assert news["records"]["new"] == 6
    assert news["rates"]["yield"] == {"value": 3.0, "of": 2}
    assert set(news["missing"]) == {"text", "date"}  # no title or authors for posts
    assert news["spider"] == {"end/history_start": 1}
    # A channel without a public preview: its /s/ page redirects to the landing page.
    pages = report["sources"]["nopreview"]["pages"]
    assert (pages["discovered"], pages["requeued"], pages["fetched"]) == (1, 1, 1)
    assert report["sources"]["nopreview"]["spider"] == {"no_preview": 1}
    assert report["sources"]["gonewire"]["spider"] == {"missing": 1}  # redirected to the home page
    assert report["sources"]["ghostwire"]["failed"] == {"http_404": 1}
    assert "spider   gonewire: missing 1" in result.log
