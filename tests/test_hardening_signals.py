"""Output integrity under signals, with real ``scrapy crawl`` runs.

One SIGTERM while a callback is slow (the telegram spider waiting out a 429's Retry-After of
120 s) ends the run within SHUTDOWN_DEADLINE: every line written is a valid record and is
in the state store, the stats are dumped. A second signal forces the exit at once, and
still leaves only whole, valid lines. (kill -9 at random moments: tests/test_kill.py.)
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import jsonschema

from crawler.schema import load_schema
from crawler.state import open_state_store
from tests.conftest import FIXTURES, REPO, crawl_command, crawl_env
from tests.siteserver import FixtureServer

DEADLINE = 3.0


def start_slow_crawl(server: FixtureServer, output_dir: Path, log: Path) -> subprocess.Popen:
    """Three channels; the first answers 429 with Retry-After: 120, so its callback sleeps."""
    server.statuses["/s/busywire"] = [(429, {"Retry-After": "120"})]
    command = crawl_command("telegram", {"channels": "busywire,kyivwire,fixturenews"}, {
        "TELEGRAM_BASE_URL": server.base_url, "NETWORK_ALLOWLIST": server.hostport, "ROBOTSTXT_OBEY": "False",
        "OUTPUT_DIR": str(output_dir), "STATE_URI": f"{output_dir}.state.sqlite3",
        "DOWNLOAD_DELAY": "0.3", "CONCURRENT_REQUESTS_PER_DOMAIN": "1", "SHUTDOWN_DEADLINE": str(DEADLINE),
    })
    with log.open("w") as handle:
        child = subprocess.Popen(command, cwd=REPO, env=crawl_env(), stdout=handle, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        written = any(path.stat().st_size for path in output_dir.rglob("*.jsonl"))
        if written and "/s/busywire" in server.paths_requested():
            return child
        time.sleep(0.05)
    child.kill()
    raise AssertionError("the crawl wrote nothing")


def valid_records(output_dir: Path) -> list[dict]:
    records = []
    for path in sorted(output_dir.rglob("*.jsonl")):
        data = path.read_bytes()
        assert data.endswith(b"\n"), f"{path} ends in a partial line"
        for line in data.splitlines():
            record = json.loads(line)
            jsonschema.validate(record, load_schema(record["kind"]))
            records.append(record)
    return records


def wait(child: subprocess.Popen, seconds: float) -> float:
    started = time.monotonic()
    try:
        child.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
        raise AssertionError(f"still running {seconds:.0f} s after the signal") from None
    return time.monotonic() - started


def test_one_sigterm_during_a_slow_callback_ends_the_run_within_the_deadline(tmp_path):
    output_dir, log = tmp_path / "out", tmp_path / "crawl.log"
    with FixtureServer(FIXTURES / "telegram") as server:
        child = start_slow_crawl(server, output_dir, log)
        child.send_signal(signal.SIGTERM)
        took = wait(child, DEADLINE + 12)
    text = log.read_text("utf-8")
    assert child.returncode == 0, text[-3000:]
    assert took >= DEADLINE - 0.5  # the work in progress had its time
    assert "SHUTDOWN_DEADLINE (3 s) passed" in text and "'finish_reason': 'shutdown'" in text
    records = valid_records(output_dir)
    posts = [record for record in records if record["kind"] == "telegram_post"]
    assert posts
    store = open_state_store(f"{output_dir}.state.sqlite3")
    try:
        assert all(store.get_record(post["id"]) is not None for post in posts)  # committed, each of them
    finally:
        store.close()


def test_a_second_signal_forces_the_exit_and_leaves_only_valid_lines(tmp_path):
    output_dir, log = tmp_path / "out", tmp_path / "crawl.log"
    with FixtureServer(FIXTURES / "telegram") as server:
        child = start_slow_crawl(server, output_dir, log)
        child.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        child.send_signal(signal.SIGTERM)
        took = wait(child, 10)
    assert took < DEADLINE  # forced: the deadline was not waited for
    assert "forcing unclean shutdown" in log.read_text("utf-8")
    assert valid_records(output_dir)
