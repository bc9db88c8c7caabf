"""kill -9 during writes: every surviving line parses, nothing acknowledged is lost.

The writer is the real store in a child process; it acknowledges a record on stdout once
``write`` has returned. It is killed with SIGKILL at random moments, 50 times. Each new
writer starts in the same output folder and so repairs what the one before tore; the test
then checks the killed run's file and deletes it (8 MB lines add up). The writers are forks
of one process that has imported everything already, so 50 kills cost 50 forks, not 50
Python start-ups.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from pipelines.jsonlines import repair_directory
from tests.conftest import REPO, crawl_command, crawl_env, run_crawl
from tests.kill_writer import BODY_START

KILLS = 50


class ForkServer:
    """``tests.kill_writer --fork``: forks one writer per run; all of them print to one pipe."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.kill_writer", "--fork"],
            cwd=REPO, env=crawl_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=lambda: self.lines.extend(self.process.stdout), daemon=True)
        self.reader.start()
        self.wait_for(lambda line: line == "ready\n")

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def wait_for(self, match, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while True:
            found = next((line for line in list(self.lines) if match(line)), None)
            if found is not None:
                return found
            assert time.monotonic() < deadline and self.process.poll() is None, "the fork server gave no answer"
            time.sleep(0.005)

    def spawn(self, output_dir: Path, run: int, mode: str) -> Writer:
        known = {line for line in self.lines if line.startswith("pid ")}
        self.send(f"spawn {output_dir} {run} {mode}")
        line = self.wait_for(lambda line: line.startswith("pid ") and line not in known)
        return Writer(self, int(line.split()[1]), run)

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


class Writer:
    def __init__(self, server: ForkServer, pid: int, run: int) -> None:
        self.server, self.pid, self.tag = server, pid, f"run{run:03d}"

    @property
    def lines(self) -> list[str]:
        return [line for line in list(self.server.lines) if self.tag in line]

    def wait_for(self, prefix: str, timeout: float = 60) -> None:
        self.server.wait_for(lambda line: line.startswith(prefix) and self.tag in line, timeout)

    def kill(self) -> set[str]:
        os.kill(self.pid, signal.SIGKILL)
        self.server.send(f"reap {self.pid}")
        self.server.wait_for(lambda line: line == f"reaped {self.pid}\n")
        return {line.split()[1] for line in self.lines if line.startswith("ack ")}


def check_run_file(path: Path, acked: set[str]) -> None:
    data = path.read_bytes()
    assert not data or data.endswith(b"\n"), f"{path} ends in a partial line"
    found = []
    for line in data.split(b"\n")[:-1]:
        record = json.loads(line)  # every surviving line parses: nothing torn, nothing glued
        assert record["body"].startswith(BODY_START)
        found.append(record["id"].strip())
    assert len(found) == len(set(found))
    assert acked <= set(found), f"lost acknowledged records: {sorted(acked - set(found))[:5]}"


def test_kill_9_mid_write_never_tears_or_loses_lines(tmp_path):
    server = ForkServer()
    try:
        torn, acknowledged = kill_writers(server, tmp_path)
    finally:
        server.close()
    assert acknowledged >= KILLS
    assert len(list(tmp_path.rglob("*.torn-*"))) == torn
    print(f"{KILLS} kills, {acknowledged} acknowledged records kept, {torn} torn lines moved aside")


def kill_writers(server: ForkServer, tmp_path: Path) -> tuple[int, int]:
    rng = random.Random(20261125)
    previous: tuple[Path, set[str]] | None = None
    torn = acknowledged = 0
    for run in range(KILLS + 1):
        writer = server.spawn(tmp_path, run, "large" if run % 2 else "pipeline")
        writer.wait_for("repaired")  # the previous run's file is repaired by now
        if previous:
            check_run_file(*previous)
            previous[0].unlink()
        torn += sum(int(line.split()[1]) for line in writer.lines if line.startswith("repaired"))
        if run == KILLS:
            writer.kill()
            break
        writer.wait_for("ack")
        time.sleep(rng.uniform(0.0, 0.05))  # short: what a large writer writes by then is read twice
        acked = writer.kill()
        acknowledged += len(acked)
        files = [p for p in tmp_path.rglob("*.jsonl") if f"run{run:03d}" in p.name]
        assert len(files) == 1
        previous = (files[0], acked)
    return torn, acknowledged


def test_kill_9_of_a_real_crawl_leaves_only_whole_lines_and_a_rerun_keeps_them(site, tmp_path):
    """A real ``scrapy crawl`` killed after its first record, 3 times; the next run repairs and adds."""
    args = {"urls": site.base_url + "/", "article_pattern": r"/news/\d+-"}
    slow = {"OUTPUT_DIR": str(tmp_path), "STATE_URI": f"{tmp_path}.state.sqlite3",
            "NETWORK_ALLOWLIST": site.hostport, "DOWNLOAD_DELAY": "0.3",
            "CONCURRENT_REQUESTS_PER_DOMAIN": "1"}
    for _ in range(3):
        known = set(tmp_path.rglob("*.jsonl"))
        child = subprocess.Popen(crawl_command("news", args, slow), cwd=REPO, env=crawl_env(),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(
            path.stat().st_size for path in set(tmp_path.rglob("*.jsonl")) - known
        ):
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
        child.wait()
    before = {path: path.read_bytes() for path in tmp_path.rglob("*.jsonl")}
    assert len(before) == 3
    result = run_crawl("news", args, {"NETWORK_ALLOWLIST": site.hostport}, tmp_path)
    assert result.returncode == 0
    assert repair_directory(tmp_path) == []
    for path, data in before.items():
        assert path.read_bytes().startswith(data.rsplit(b"\n", 1)[0])
    for path in tmp_path.rglob("*.jsonl"):
        for line in path.read_text("utf-8").splitlines():
            json.loads(line)
