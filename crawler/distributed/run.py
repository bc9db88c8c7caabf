"""One run of a shared frontier, as its workers see it: an id, shared counters, and the
report parts they leave.

A run lasts from the first worker joining to the last one leaving (the frontier drained,
or every worker stopped); workers restarted after a crash join the run still open. Each
worker leaves its part of the run report in Redis when it stops (before it leaves the
frontier); the last one out merges the parts into the run's report
(``crawler.report.extension``) and clears the board for the next run. A worker killed with
SIGKILL leaves no part: its records are in its output, not in the merged counts.
"""

from __future__ import annotations

import json
from typing import Any

import redis

from crawler.distributed.frontier import FrontierKeys

BOARD_TTL = 30 * 24 * 3600  # s: parts of a crawl whose last worker never came back expire


class FrontierRun:
    def __init__(self, server: redis.Redis, keys: FrontierKeys) -> None:
        self.server = server
        self.keys = keys

    def join(self, crawl_id: str, fresh: bool) -> str:
        """This worker's crawl id becomes the crawl's id unless another worker's did first.
        ``fresh``: the frontier is empty and nobody else works on it, so a new crawl starts
        and what an unfinished earlier one left is thrown away."""
        if fresh:
            self.server.delete(self.keys.run, self.keys.reports, self.keys.counters)
        self.server.set(self.keys.run, crawl_id, nx=True, ex=BOARD_TTL)
        return self.crawl_id() or crawl_id

    def crawl_id(self) -> str | None:
        value = self.server.get(self.keys.run)
        return value.decode() if isinstance(value, bytes) else value

    def count(self, name: str, by: int = 1) -> int:
        """Add to a counter of the run (e.g. articles, for ``max_articles``); its new value."""
        value = int(self.server.hincrby(self.keys.counters, name, by))
        self.server.expire(self.keys.counters, BOARD_TTL)
        return value

    def leave_part(self, worker_id: str, part: dict[str, Any]) -> None:
        self.server.hset(self.keys.reports, worker_id, json.dumps(part, ensure_ascii=False))
        self.server.expire(self.keys.reports, BOARD_TTL)

    def parts(self) -> list[dict[str, Any]]:
        """The parts left so far (an unreadable one is skipped: the board is shared)."""
        parts = []
        for value in self.server.hvals(self.keys.reports):
            try:
                part = json.loads(value)
            except ValueError:
                continue
            if isinstance(part, dict):
                parts.append(part)
        return parts

    def close(self) -> None:
        """The run is over: the next worker on this frontier starts a new one."""
        self.server.delete(self.keys.run, self.keys.reports, self.keys.counters)
