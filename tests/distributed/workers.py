"""Worker processes of a distributed crawl, for tests: real ``scrapy crawl`` subprocesses."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import REPO, crawl_command, crawl_env


@dataclass
class Worker:
    output_dir: Path
    command: list[str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def start(self) -> Worker:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(self.command, cwd=REPO, env=crawl_env(), stdout=log, stderr=subprocess.STDOUT)
        return self

    def wait(self, timeout: float) -> int:
        assert self.process is not None
        return self.process.wait(timeout=timeout)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)

    @property
    def log(self) -> str:
        return self.log_path.read_text("utf-8", "replace") if self.log_path.exists() else ""

    def lines_written(self) -> int:
        return sum(path.read_bytes().count(b"\n") for path in self.output_dir.glob("*/*/*.jsonl"))


def make_worker(
    spider: str, args: dict[str, str], settings: dict[str, str], output_dir: Path, log_path: Path
) -> Worker:
    command = crawl_command(spider, args, {"OUTPUT_DIR": str(output_dir), **settings})
    return Worker(output_dir, command, log_path)


def complete_records(output_dirs: list[Path], kind: str) -> list[dict]:
    """Every complete line of every worker's output (a killed worker's torn last line is not a
    record: nothing acknowledged it, and its request went back to the frontier)."""
    records = []
    for output_dir in output_dirs:
        for path in sorted(output_dir.glob(f"{kind}/*/*.jsonl")):
            data = path.read_bytes()
            complete = data[: data.rfind(b"\n") + 1]
            records += [json.loads(line) for line in complete.splitlines()]
    return records
