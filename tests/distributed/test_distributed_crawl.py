"""Distributed mode end to end: several real ``scrapy crawl`` workers, one real redis-server,
one generated 500-article site on 127.0.0.1."""

from __future__ import annotations

import collections
import json
import time
from pathlib import Path

import pytest
import redis

from tests.distributed.newssite import write_site
from tests.distributed.workers import Worker, complete_records, make_worker
from tests.siteserver import FixtureServer

pytestmark = pytest.mark.timeout(300)

TOTAL = 500


@pytest.fixture(scope="module")
def news_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    paths = write_site(root, TOTAL)
    with FixtureServer(root) as server:
        server.article_paths = paths
        yield server


def worker_settings(site: FixtureServer, redis_url: str, prefix: str, **extra: str) -> dict[str, str]:
    return {
        "NETWORK_ALLOWLIST": site.hostport,
        "STATE_URI": f"{redis_url}?prefix={prefix}",
        "FRONTIER_WORKER_TIMEOUT": "3",
        "FRONTIER_IDLE_CLOSE": "2",
        "CONCURRENT_REQUESTS": "8",
        **extra,
    }


def news_workers(site, redis_server, prefix: str, tmp_path: Path, count: int) -> list[Worker]:
    args = {"urls": site.base_url + "/", "article_pattern": r"/news/\d+-"}
    settings = worker_settings(site, redis_server.url, prefix)
    return [
        make_worker("news", args, settings, tmp_path / f"out{index}", tmp_path / f"worker{index}.log")
        for index in range(count)
    ]


def wait_until(condition, timeout: float, step: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(step)


def article_paths(records: list[dict]) -> collections.Counter[str]:
    return collections.Counter("/" + record["url"].split("/", 3)[3] for record in records)


def test_three_workers_share_the_crawl_and_a_killed_one_loses_nothing(news_site, redis_server, tmp_path):
    prefix = f"three-{tmp_path.name}"
    workers = news_workers(news_site, redis_server, prefix, tmp_path, 3)
    for worker in workers:
        worker.start()
    victim, survivors = workers[0], workers[1:]
    try:
        wait_until(lambda: victim.lines_written() >= 20 or victim.process.poll() is not None, timeout=120)
        victim.kill()  # SIGKILL, with requests in flight
        for worker in survivors:
            assert worker.wait(timeout=240) == 0, worker.log[-3000:]
    finally:
        for worker in workers:
            worker.kill()

    counts = article_paths(complete_records([worker.output_dir for worker in workers], "article"))
    assert set(counts) == set(news_site.article_paths), sorted(set(news_site.article_paths) - set(counts))[:10]
    assert [path for path, count in counts.items() if count > 1] == []
    # The work was shared, and the victim's unfinished requests were given to the others.
    by_worker = [len(complete_records([worker.output_dir], "article")) for worker in workers]
    assert all(count > 0 for count in by_worker), by_worker
    assert "requests of dead workers put back in the queue" in survivors[0].log + survivors[1].log
    for worker in survivors:
        assert "Traceback" not in worker.log, worker.log[-3000:]
    assert_one_report_for_the_crawl(workers, survivors, redis.Redis.from_url(redis_server.url), prefix)


def assert_one_report_for_the_crawl(workers: list[Worker], survivors: list[Worker], server: redis.Redis, prefix: str) -> None:
    """The last worker out merged the parts the workers that stopped cleanly left."""
    parts = [json.loads(path.read_text()) for worker in survivors
             for path in (worker.output_dir / "reports" / "workers" / "news").glob("*.json")]
    merged = [json.loads(path.read_text()) for worker in survivors
              for path in (worker.output_dir / "reports" / "news").glob("*.json")]
    assert len(parts) == 2 and merged, [worker.output_dir for worker in survivors]
    assert len({report["crawl_id"] for report in merged}) == 1  # two workers last out at once: the same report
    report = merged[0]
    crawl_ids = {record["crawl_id"] for worker in workers for record in complete_records([worker.output_dir], "article")}
    assert report["crawl_id"] in crawl_ids  # the id of the worker that started the crawl
    assert sorted(entry["crawl_id"] for entry in report["workers"]) == sorted(part["crawl_id"] for part in parts)
    stored = report["totals"]["records"]["stored"]["article"]
    assert stored == sum(part["totals"]["records"]["stored"]["article"] for part in parts)
    assert stored == len(complete_records([worker.output_dir for worker in survivors], "article"))
    assert not list(server.scan_iter(f"{prefix}:frontier:*:run"))  # the board is cleared for the next crawl


def test_the_frontier_survives_a_crash_of_every_worker(news_site, redis_server, tmp_path):
    prefix = f"restart-{tmp_path.name}"
    first = news_workers(news_site, redis_server, prefix, tmp_path / "first", 1)[0]
    first.start()
    try:
        wait_until(lambda: first.lines_written() >= 50 or first.process.poll() is not None, timeout=120)
        first.kill()
    finally:
        first.kill()
    server = redis.Redis.from_url(redis_server.url)
    queued = sum(server.zcard(key) for key in server.scan_iter(f"{prefix}:frontier:*:queue"))
    in_flight = sum(server.hlen(key) for key in server.scan_iter(f"{prefix}:frontier:*:inflight"))
    assert queued + in_flight > 0, "the crawl ended before the kill; make the site bigger"

    again = news_workers(news_site, redis_server, prefix, tmp_path / "again", 1)[0]
    again.start()
    try:
        assert again.wait(timeout=240) == 0, again.log[-3000:]
    finally:
        again.kill()
    assert "requests queued" in again.log
    counts = article_paths(complete_records([first.output_dir, again.output_dir], "article"))
    assert set(counts) == set(news_site.article_paths)
    assert [path for path, count in counts.items() if count > 1] == []
    # The restarted worker went on from the frontier: it did not fetch again what was done.
    assert len(complete_records([again.output_dir], "article")) < TOTAL
