"""Shared test helpers: the fixture site server and real ``scrapy crawl`` runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.redisserver import RedisServer
from tests.siteserver import FixtureServer

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SITE = FIXTURES / "site"

# Settings every test crawl uses: fast, and allowed to reach the local fixture server only.
FAST_SETTINGS = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "LOG_LEVEL": "INFO",
    # A redis:// STATE_URI turns distributed mode on; a lone worker need not wait for others.
    "FRONTIER_IDLE_CLOSE": "0",
    # Pages are read in the crawl process: two spawned extraction workers per crawl would cost
    # two cold Python start-ups on a 2-core machine. tests/test_extract_pool.py tests the pool.
    "EXTRACT_WORKERS": "0",
}


@dataclass
class CrawlResult:
    returncode: int
    log: str
    output_dir: Path

    def records(self, kind: str | None = None) -> list[dict]:
        return [json.loads(line) for path in self.files(kind) for line in path.read_text("utf-8").splitlines()]

    def files(self, kind: str | None = None) -> list[Path]:
        pattern = f"{kind}/*/*.jsonl" if kind else "*/*/*.jsonl"
        return sorted(self.output_dir.glob(pattern))


def crawl_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    return env


def crawl_command(spider: str, args: dict[str, str], settings: dict[str, str]) -> list[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", spider]
    for name, value in args.items():
        command += ["-a", f"{name}={value}"]
    for name, value in {**FAST_SETTINGS, **settings}.items():
        command += ["-s", f"{name}={value}"]
    return command


def run_crawl(
    spider: str, args: dict[str, str], settings: dict[str, str], output_dir: Path, timeout: float = 120
) -> CrawlResult:
    """Run ``scrapy crawl`` as a subprocess in the repository, like a user would."""
    defaults = {"OUTPUT_DIR": str(output_dir), "STATE_URI": f"{output_dir}.state.sqlite3"}
    command = crawl_command(spider, args, {**defaults, **settings})
    done = subprocess.run(
        command, cwd=REPO, env=crawl_env(), capture_output=True, text=True, timeout=timeout
    )
    return CrawlResult(done.returncode, done.stdout + done.stderr, output_dir)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """A real redis-server; skipped where it is not installed, except on CI (which installs it)."""
    server = RedisServer()
    if server.executable is None and not os.environ.get("CI"):
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "redis"])
def state_uri(request, tmp_path) -> str:
    """A state store URI for each backend: a SQLite file, or a fresh prefix on the test redis-server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/state.sqlite3"
    server = request.getfixturevalue("redis_server")
    return f"{server.url}?prefix=test-{tmp_path.name}"


@pytest.fixture(scope="session")
def site() -> Iterator[FixtureServer]:
    with FixtureServer(SITE) as server:
        yield server


def read_fixture(relative: str) -> str:
    return (SITE / relative).read_text("utf-8")
