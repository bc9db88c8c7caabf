"""``scrapy frontier``: what the shared Redis frontiers of distributed mode hold, and seeding.

    scrapy frontier -s REDIS_URL=redis://host:6379/0            # one line per frontier
    scrapy frontier -s REDIS_URL=... --seed news https://example.org/ https://example.com/
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any, ClassVar

import redis
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.commands.table import text_table
from crawler.distributed import connection_url, key_prefix_of, redis_url_of
from crawler.distributed.frontier import FrontierKeys

_SUFFIXES = ("queue", "inflight", "workers", "seeds", "dupefilter")


def frontier_names(server: redis.Redis, prefix: str) -> list[str]:
    names: set[str] = set()
    start = f"{prefix}:frontier:"
    for key in server.scan_iter(match=f"{start}*", count=1000):
        text = key.decode("utf-8", "replace") if isinstance(key, bytes) else key
        name, _, suffix = text[len(start):].rpartition(":")
        if name and suffix in _SUFFIXES:
            names.add(name)
    return sorted(names)


def frontier_status(server: redis.Redis, prefix: str, name: str, worker_timeout: float) -> dict[str, Any]:
    keys = FrontierKeys(prefix, name)
    now = time.time()
    return {
        "frontier": name,
        "queued": int(server.zcard(keys.queue)),
        "in_flight": int(server.hlen(keys.inflight)),
        "workers": int(server.zcount(keys.workers, now - worker_timeout, "+inf")),
        "seeds_waiting": int(server.llen(keys.seeds)),
        "seen": int(server.scard(keys.dupefilter)),
    }


def format_table(rows: list[dict[str, Any]]) -> str:
    header = ["FRONTIER", "QUEUED", "IN FLIGHT", "WORKERS", "SEEDS", "SEEN"]
    return text_table(header, [
        [row["frontier"], *(str(row[key]) for key in ("queued", "in_flight", "workers", "seeds_waiting", "seen"))]
        for row in rows
    ])


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[--json] [--seed FRONTIER VALUE [VALUE ...]]"

    def short_desc(self) -> str:
        return "Show the shared Redis frontiers of distributed mode, or push seeds to one"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--json", action="store_true", help="print one JSON object per frontier")
        parser.add_argument("--seed", metavar="FRONTIER", help="push the arguments (URLs, or channels) as seeds")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        url = redis_url_of(self.settings)
        if url is None:
            raise UsageError("no Redis: give -s REDIS_URL=redis://host:port/db (or STATE_URI=redis://...)", print_help=False)
        prefix = key_prefix_of(self.settings, url)
        server = redis.Redis.from_url(connection_url(url))
        if opts.seed:
            if not args:
                raise UsageError("--seed needs at least one URL or channel name", print_help=False)
            server.rpush(FrontierKeys(prefix, opts.seed).seeds, *args)
            print(f"{len(args)} seeds pushed to {FrontierKeys(prefix, opts.seed).seeds}")
            return
        timeout = self.settings.getfloat("FRONTIER_WORKER_TIMEOUT", 60.0)
        rows = [frontier_status(server, prefix, name, timeout) for name in frontier_names(server, prefix)]
        if opts.json:
            for row in rows:
                print(json.dumps(row))
        elif rows:
            print(format_table(rows))
        else:
            print(f"no frontier under {prefix}:frontier:")
