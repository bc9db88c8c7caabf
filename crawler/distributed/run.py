"""One crawl of a shared frontier, as its workers see it: an id, and the report parts they leave.

A crawl of a frontier runs from an empty frontier to a drained one, over any number of
workers, restarts and crashes. Each worker leaves its part of the run report in Redis when
it stops (before it leaves the frontier); the worker that is last out of a drained
frontier merges the parts into the crawl's report (``crawler.report.extension``) and clears
the board for the next crawl. A worker killed with SIGKILL leaves no part: its records are
in its output, not in the merged counts.
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
            self.server.delete(self.keys.run, self.keys.reports)
        self.server.set(self.keys.run, crawl_id, nx=True, ex=BOARD_TTL)
        return self.crawl_id() or crawl_id

    def crawl_id(self) -> str | None:
        value = self.server.get(self.keys.run)
        return value.decode() if isinstance(value, bytes) else value

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
        """The crawl is over: the next worker on this frontier starts a new one."""
        self.server.delete(self.keys.run, self.keys.reports)
