"""The extraction pool (``EXTRACT_WORKERS``): the same records as in-process, and a dying or
stuck worker costs a counted, logged failure, never the crawl."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from bench.crawl import SiteServer
from crawler.extract.pool import workers_setting
from tests.conftest import REPO, crawl_command, crawl_env, run_crawl

# discovered_via names the first page whose link reached the scheduler; with
# extraction in other processes, a listing and a Read also block race for that.
VOLATILE = ("fetched_at", "crawl_id", "discovered_via")


def comparable(records: list[dict]) -> list[dict]:
    return sorted(({k: v for k, v in record.items() if k not in VOLATILE} for record in records),
                  key=lambda record: (record["kind"], record["id"]))


def stat(log: str, name: str) -> int:
    """A counter from the stats dump at the end of a crawl's log (0 when absent)."""
    for line in log.splitlines():
        line = line.strip().strip(",")
        if line.startswith(f"'{name}':"):
            return int(line.split(":", 1)[1])
    return 0


def test_workers_setting():
    assert workers_setting(0) == 0
    assert workers_setting("2") == 2
    assert workers_setting(-1) == workers_setting(None) == workers_setting("auto") == (os.cpu_count() or 1)
    with pytest.raises(ValueError):
        workers_setting("many")


def test_a_crawl_with_workers_gives_the_same_records_as_in_process(site, tmp_path):
    args = {"urls": site.base_url + "/", "article_pattern": r"/news/\d+-"}
    allow = {"NETWORK_ALLOWLIST": site.hostport}
    here = run_crawl("news", args, {**allow, "EXTRACT_WORKERS": "0"}, tmp_path / "here")
    # Every page in a worker: none read in-process while the workers start.
    pooled = run_crawl("news", args, {**allow, "EXTRACT_WORKERS": "2", "EXTRACT_POOL_WAIT": "True"}, tmp_path / "pooled")
    assert here.returncode == 0 and pooled.returncode == 0, pooled.log[-3000:]
    assert stat(here.log, "extract_pool/tasks") == 0
    assert stat(pooled.log, "extract_pool/tasks") >= 5
    assert here.records("article")
    assert comparable(pooled.records()) == comparable(here.records())
    assert all(record["discovered_via"]["kind"] for record in pooled.records("article"))


def _worker_pids(parent: int) -> list[int]:
    pids = []
    for task in os.listdir(f"/proc/{parent}/task"):
        try:
            children = Path(f"/proc/{parent}/task/{task}/children").read_text().split()
        except OSError:
            continue
        for child in children:
            try:
                command = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            if b"multiprocessing" in command and b"resource_tracker" not in command:
                pids.append(int(child))
    return pids


def test_a_killed_worker_costs_no_page_and_no_hang(tmp_path):
    with SiteServer(articles=40, posts=20) as server:
        settings = {"OUTPUT_DIR": str(tmp_path / "data"), "STATE_URI": f"{tmp_path}/state.sqlite3",
                    "NETWORK_ALLOWLIST": server.hostport, "DOWNLOAD_DELAY": "0.1", "EXTRACT_WORKERS": "1",
                    "EXTRACT_POOL_WAIT": "True",
                    "FOLLOW_TELEGRAM_LINKS": "False"}
        command = crawl_command("news", {"urls": server.base + "/"}, settings)
        log_path = tmp_path / "crawl.log"
        with log_path.open("w") as log:
            child = subprocess.Popen(command, cwd=REPO, env=crawl_env(), stdout=log, stderr=subprocess.STDOUT)
            deadline = time.monotonic() + 60
            while "Extraction pool ready" not in log_path.read_text() and time.monotonic() < deadline \
                    and child.poll() is None:
                time.sleep(0.05)
            workers = _worker_pids(child.pid)
            assert workers, "no extraction worker started"
            os.kill(workers[0], signal.SIGKILL)
            assert child.wait(timeout=120) == 0
    text = log_path.read_text()
    assert stat(text, "extract_pool/crashed") >= 1
    assert stat(text, "extract_pool/restarts") >= 1
    assert "An extraction worker died" in text
    articles = [json.loads(line) for path in (tmp_path / "data").rglob("article/*/*.jsonl")
                for line in path.read_text().splitlines()]
    assert len({record["id"] for record in articles}) == 40  # every page read, in a worker or in-process


def test_a_stuck_page_times_out_and_the_pool_goes_on(tmp_path):
    script = textwrap.dedent("""
        import asyncio, time
        from scrapy.utils.reactor import install_reactor
        install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
        from twisted.internet import reactor
        from twisted.internet.defer import Deferred
        from crawler.extract.pool import ExtractionPool, ExtractTimeout

        class Stats:
            values = {}
            def inc_value(self, key):
                self.values[key] = self.values.get(key, 0) + 1

        async def main():
            pool = ExtractionPool(1, timeout=1.0, stats=Stats())
            pool.start()
            while not pool.ready:
                await asyncio.sleep(0.05)
            try:
                await pool.run(time.sleep, 30)
                print("no timeout")
            except ExtractTimeout:
                print("timed out")
            while not pool.ready:
                await asyncio.sleep(0.05)
            print("after restart", await pool.run(sum, [1, 2, 3]))
            pool.close()
            print(sorted(Stats.values.items()))

        def run():
            d = Deferred.fromFuture(asyncio.ensure_future(main()))
            d.addBoth(lambda result: (print(result) if result is not None else None, reactor.stop()))
        reactor.callWhenRunning(run)
        reactor.run()
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=crawl_env(), capture_output=True,
                          text=True, timeout=60)
    lines = done.stdout.splitlines()
    assert "timed out" in lines, done.stdout + done.stderr
    assert "after restart 6" in lines
    assert "('extract_pool/timeout', 1)" in done.stdout and "('extract_pool/restarts', 1)" in done.stdout
