"""Distributed mode: seeds from a Redis list, hostile frontier entries, both spiders, and a
clean stop that hands unfinished work back."""

from __future__ import annotations

import json
import pickle
import signal

import pytest
import redis

from tests.conftest import FIXTURES, run_crawl
from tests.distributed.newssite import write_site
from tests.distributed.test_distributed_crawl import wait_until
from tests.distributed.workers import complete_records, make_worker
from tests.siteserver import FixtureServer
from tests.test_crawl_telegram import KYIVWIRE_HISTORY, stats

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("small-site")
    paths = write_site(root, 40)
    with FixtureServer(root) as server:
        server.article_paths = paths
        yield server


def settings_for(site, redis_server, prefix: str, **extra: str) -> dict[str, str]:
    return {
        "NETWORK_ALLOWLIST": site.hostport, "STATE_URI": f"{redis_server.url}?prefix={prefix}",
        "FRONTIER_WORKER_TIMEOUT": "3", "FRONTIER_IDLE_CLOSE": "1", **extra,
    }


def test_a_worker_without_arguments_takes_seeds_from_redis_and_refuses_hostile_entries(small_site, redis_server, tmp_path):
    prefix = f"seeds-{tmp_path.name}"
    server = redis.Redis.from_url(redis_server.url)
    base = f"{prefix}:frontier:pool"
    server.rpush(f"{base}:seeds", small_site.base_url + "/")
    hostile = [
        pickle.dumps({"url": small_site.base_url + "/x"}),  # scrapy-redis' default format: never unpickled
        json.dumps({"v": 1, "url": small_site.base_url + "/", "callback": "closed"}),
        json.dumps({"v": 1, "url": small_site.base_url + "/list/1", "callback": "parse",
                    "meta": {"proxy": "http://127.0.0.2:9", "dont_obey_robotstxt": True}}),
    ]
    server.zadd(f"{base}:queue", {entry: index for index, entry in enumerate(hostile)})

    result = run_crawl("news", {}, settings_for(small_site, redis_server, prefix, FRONTIER_NAME="pool"), tmp_path / "out")

    assert result.returncode == 0, result.log[-3000:]
    counters = stats(result) | {key: value for key, value in _frontier_stats(result.log).items()}
    assert counters.get("frontier/rejected/not_json") == 1
    assert counters.get("frontier/rejected/unknown_callback") == 1
    assert counters.get("frontier/unsafe_options_dropped") == 2
    assert counters.get("frontier/seeds_from_redis") == 1
    paths = {"/" + record["url"].split("/", 3)[3] for record in result.records("article")}
    assert paths == set(small_site.article_paths)
    assert server.llen(f"{base}:seeds") == 0


def _frontier_stats(log: str) -> dict[str, int]:
    import re

    return {name: int(value) for name, value in re.findall(r"'(frontier/[\w/]+)': (\d+)", log)}


def test_sigint_puts_unfinished_requests_back_and_a_rerun_completes(small_site, redis_server, tmp_path):
    prefix = f"sigint-{tmp_path.name}"
    args = {"urls": small_site.base_url + "/", "article_pattern": r"/news/\d+-"}
    slow = {"DOWNLOAD_DELAY": "0.2", "CONCURRENT_REQUESTS_PER_DOMAIN": "2"}
    first = make_worker("news", args, settings_for(small_site, redis_server, prefix, **slow), tmp_path / "a", tmp_path / "a.log")
    first.start()
    try:
        wait_until(lambda: first.lines_written() >= 5 or first.process.poll() is not None, timeout=60)
        first.process.send_signal(signal.SIGINT)
        assert first.wait(timeout=60) == 0
    finally:
        first.kill()
    assert "shutdown" in first.log
    server = redis.Redis.from_url(redis_server.url)
    assert sum(server.hlen(key) for key in server.scan_iter(f"{prefix}:frontier:*:inflight")) == 0
    assert sum(server.zcard(key) for key in server.scan_iter(f"{prefix}:frontier:*:queue")) > 0

    second = run_crawl("news", args, settings_for(small_site, redis_server, prefix), tmp_path / "b")
    assert second.returncode == 0, second.log[-3000:]
    records = complete_records([tmp_path / "a", tmp_path / "b"], "article")
    paths = ["/" + record["url"].split("/", 3)[3] for record in records]
    assert sorted(paths) == sorted(small_site.article_paths)


def test_the_telegram_spider_runs_distributed_too(redis_server, tmp_path):
    with FixtureServer(FIXTURES / "telegram") as server:
        settings = {
            "TELEGRAM_BASE_URL": server.base_url, "NETWORK_ALLOWLIST": server.hostport, "ROBOTSTXT_OBEY": "False",
            "STATE_URI": f"{redis_server.url}?prefix=tg-{tmp_path.name}", "FRONTIER_IDLE_CLOSE": "1",
        }
        workers = [
            make_worker("telegram", {"channels": "kyivwire,fixturenews"}, settings, tmp_path / f"out{n}", tmp_path / f"{n}.log")
            for n in range(2)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            assert worker.wait(timeout=120) == 0, worker.log[-3000:]
    posts = complete_records([worker.output_dir for worker in workers], "telegram_post")
    kyivwire = sorted(post["post_id"] for post in posts if post["channel"].lower() == "kyivwire")
    assert kyivwire == KYIVWIRE_HISTORY
    ids = [post["id"] for post in posts]
    assert len(ids) == len(set(ids))


def test_scrapy_frontier_shows_frontiers_and_pushes_seeds(redis_server, tmp_path):
    import subprocess
    import sys

    from tests.conftest import REPO, crawl_env

    prefix = f"cmd-{tmp_path.name}"
    state = f"STATE_URI={redis_server.url}?prefix={prefix}"

    def frontier(*arguments: str) -> str:
        done = subprocess.run([sys.executable, "-m", "scrapy", "frontier", "-s", state, *arguments],
                              cwd=REPO, env=crawl_env(), capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "no frontier" in frontier()
    assert "2 seeds pushed" in frontier("--seed", "pool", "https://example.org/", "https://example.com/")
    server = redis.Redis.from_url(redis_server.url)
    server.zadd(f"{prefix}:frontier:news:abc:queue", {b"{}": 1})
    rows = [json.loads(line) for line in frontier("--json").splitlines()]
    assert rows == [
        {"frontier": "news:abc", "queued": 1, "in_flight": 0, "workers": 0, "seeds_waiting": 0, "seen": 0},
        {"frontier": "pool", "queued": 0, "in_flight": 0, "workers": 0, "seeds_waiting": 2, "seen": 0},
    ]
    assert "news:abc" in frontier()


def test_max_articles_is_one_budget_for_all_workers_and_the_run_is_reported_once(small_site, redis_server, tmp_path):
    prefix = f"budget-{tmp_path.name}"
    args = {"urls": small_site.base_url + "/", "article_pattern": r"/news/\d+-", "max_articles": "12"}
    # Slow enough that both workers are busy before either could reach 12 on its own.
    settings = settings_for(small_site, redis_server, prefix, CONCURRENT_REQUESTS="2", DOWNLOAD_DELAY="0.2")
    workers = [make_worker("news", args, settings, tmp_path / f"out{n}", tmp_path / f"{n}.log") for n in range(2)]
    for worker in workers:
        worker.start()
    try:
        for worker in workers:
            assert worker.wait(timeout=120) == 0, worker.log[-3000:]
    finally:
        for worker in workers:
            worker.kill()
    articles = complete_records([worker.output_dir for worker in workers], "article")
    assert len(articles) == 12, [len(complete_records([worker.output_dir], "article")) for worker in workers]
    # The frontier is not drained, yet the run ended with its last worker: one merged report.
    merged = [json.loads(path.read_text()) for worker in workers
              for path in (worker.output_dir / "reports" / "news").glob("*.json")]
    assert merged and {report["totals"]["records"]["stored"]["article"] for report in merged} == {12}
    assert {len(report["workers"]) for report in merged} == {2}
