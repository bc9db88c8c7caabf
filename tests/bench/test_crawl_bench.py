"""bench/crawl.py end to end at toy sizes, so that the benchmark cannot rot. Timings are
reported by the benchmark, never asserted here."""

from __future__ import annotations

import json
import subprocess
import sys

from bench.crawlsite import Site, article_path
from crawler.extract import extract_article
from crawler.extract.telegram import parse_preview_page
from tests.conftest import REPO, crawl_env


def test_the_generated_site_is_heavy_and_readable():
    site = Site(articles=30, posts=45)
    status, _, body = site.get(article_path(7))
    assert status == 200 and 50_000 <= len(body) <= 110_000
    fields = extract_article(body.decode(), "http://127.0.0.1:1" + article_path(7))
    assert fields["title"] and fields["body"] and fields["published_at"] and fields["related"]
    status, _, page = site.get("/s/benchwire")
    parsed = parse_preview_page(page.decode(), "http://127.0.0.1:1/s/benchwire")
    assert len(parsed["posts"]) == 20 and parsed["prev_url"].endswith("?before=26")
    assert site.get("/nope")[0] == 404


def test_bench_crawl_runs_every_case(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench.crawl", "--articles", "12", "--posts", "41", "--reps", "1", "--workers", "0",
         "--json", str(out)],
        cwd=REPO, env=crawl_env(), capture_output=True, text=True, timeout=240,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert "| (a) bare |" in done.stdout and "| (e) telegram |" in done.stdout
    result = json.loads(out.read_text())
    summary = result["summary"]
    assert set(summary) == {"a", "b", "c", "d", "e", "f"}
    for case in "abcdf":
        assert summary[case]["pages"] >= 12
    assert summary["e"]["pages"] >= 3 and summary["e"]["items"] >= 41  # 3 pages of 41 posts (and the channel)
    assert summary["b"]["items"] == summary["c"]["items"] == 12
    assert summary["c"]["pages_per_s_vs_d"] is not None
