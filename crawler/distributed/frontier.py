"""The shared frontier in Redis: a priority queue that loses no request when a worker dies.

scrapy-redis pops a request off the queue and forgets it: a worker killed with requests in
flight loses them, and since their fingerprints are already in the shared dupefilter, nobody
ever fetches them. Here a pop moves the entry, atomically, into an in-flight hash owned by the
popping worker; the worker acknowledges it once the request is fully handled (downloaded,
its callback run, its items stored and its new requests queued). Every worker beats a
heartbeat; the entries of a worker silent for longer than the worker timeout go back to the
queue with their priority, for the others (or the restarted worker) to take.

Keys, under ``<prefix>:frontier:<name>``: ``:queue`` (sorted set; score = -priority, then
FIFO), ``:inflight`` (hash token -> "worker|score|entry"), ``:workers`` (sorted set of
heartbeats, Redis server time), ``:seq`` (FIFO counter), ``:dupefilter`` (scrapy-redis set of
fingerprints), ``:seeds`` (list of seed strings pushed by users).
"""

from __future__ import annotations

import itertools
import os
import socket
import uuid
from collections.abc import Iterable

import redis
import scrapy
from scrapy_redis.queue import Base

from crawler.distributed.serializer import dumps_request

# Scores keep priority first and arrival order second: -priority * 1e13 + sequence number.
_PRIORITY_SCALE = 10_000_000_000_000

_POP = """
local t = redis.call('TIME')
redis.call('ZADD', KEYS[3], tonumber(t[1]) + tonumber(t[2]) / 1e6, ARGV[1])
local popped = redis.call('ZPOPMIN', KEYS[1])
if #popped == 0 then return false end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1] .. '|' .. popped[2] .. '|' .. popped[1])
return popped[1]
"""

# Requeue the in-flight entries of workers whose heartbeat is older than ARGV[1] seconds
# (ARGV[2]: a worker to treat as dead right away, e.g. one closing with entries unfinished,
# limited to the tokens in ARGV[3..]).
_REQUEUE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1e6
local dead = {}
for _, worker in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[1]))) do
  dead[worker] = true
  redis.call('ZREM', KEYS[3], worker)
end
local only = {}
for i = 3, #ARGV do only[ARGV[i]] = true end
if next(dead) == nil and next(only) == nil then return 0 end
local moved = 0
local entries = redis.call('HGETALL', KEYS[2])
for i = 1, #entries, 2 do
  local token, value = entries[i], entries[i + 1]
  local first = string.find(value, '|', 1, true)
  local second = string.find(value, '|', first + 1, true)
  local worker = string.sub(value, 1, first - 1)
  if dead[worker] or (worker == ARGV[2] and only[token]) then
    redis.call('ZADD', KEYS[1], tonumber(string.sub(value, first + 1, second - 1)), string.sub(value, second + 1))
    redis.call('HDEL', KEYS[2], token)
    moved = moved + 1
  end
end
return moved
"""


def new_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class FrontierKeys:
    def __init__(self, prefix: str, name: str) -> None:
        base = f"{prefix}:frontier:{name}"
        self.queue = f"{base}:queue"
        self.inflight = f"{base}:inflight"
        self.workers = f"{base}:workers"
        self.seq = f"{base}:seq"
        self.dupefilter = f"{base}:dupefilter"
        self.seeds = f"{base}:seeds"
        self.run = f"{base}:run"  # the id of the crawl the frontier is in (crawler.distributed.run)
        self.reports = f"{base}:reports"  # worker id -> its part of that run's report
        self.counters = f"{base}:counters"  # that run's shared counters (max_articles)


class ReliableQueue(Base):
    """The frontier queue; ``pop`` returns (token, entry) and ``ack(tokens)`` finishes them."""

    def __init__(self, server: redis.Redis, spider: scrapy.Spider, keys: FrontierKeys, worker_id: str) -> None:
        super().__init__(server, spider, keys.queue, serializer=_NoSerializer)
        self.keys = keys
        self.worker_id = worker_id
        self._tokens = itertools.count(1)
        self._pop = server.register_script(_POP)
        self._requeue = server.register_script(_REQUEUE)

    def __len__(self) -> int:
        return int(self.server.zcard(self.keys.queue))

    def encode(self, request: scrapy.Request) -> bytes:
        return dumps_request(request, self.spider)

    def push(self, request: scrapy.Request, entry: bytes | None = None) -> None:
        entry = entry if entry is not None else self.encode(request)
        score = -request.priority * _PRIORITY_SCALE + int(self.server.incr(self.keys.seq))
        self.server.zadd(self.keys.queue, {entry: score})

    def pop(self, timeout: int = 0) -> tuple[str, bytes] | None:  # noqa: ARG002 (never blocks the reactor)
        token = f"{self.worker_id}#{next(self._tokens)}"
        entry = self._pop(keys=[self.keys.queue, self.keys.inflight, self.keys.workers], args=[self.worker_id, token])
        return (token, entry) if entry is not None else None

    def ack(self, tokens: Iterable[str]) -> None:
        tokens = list(tokens)
        if tokens:
            self.server.hdel(self.keys.inflight, *tokens)

    def heartbeat(self) -> None:
        (now_s, now_us) = self.server.time()
        self.server.zadd(self.keys.workers, {self.worker_id: now_s + now_us / 1e6})

    def requeue_dead(self, worker_timeout: float) -> int:
        """Give the in-flight entries of workers silent for ``worker_timeout`` seconds back."""
        keys = [self.keys.queue, self.keys.inflight, self.keys.workers]
        return int(self._requeue(keys=keys, args=[worker_timeout, self.worker_id]))

    def release(self, tokens: Iterable[str]) -> int:
        """Put this worker's unfinished entries back at once (a clean stop, not a crash)."""
        tokens = list(tokens)
        if not tokens:
            return 0
        keys = [self.keys.queue, self.keys.inflight, self.keys.workers]
        return int(self._requeue(keys=keys, args=[1e12, self.worker_id, *tokens]))

    def leave(self) -> None:
        self.server.zrem(self.keys.workers, self.worker_id)

    def live_workers(self) -> int:
        """Workers that beat a heartbeat lately (including this one, until it leaves)."""
        return int(self.server.zcard(self.keys.workers))

    def in_flight(self) -> int:
        return int(self.server.hlen(self.keys.inflight))

    def clear(self) -> None:
        self.server.delete(self.keys.queue, self.keys.inflight, self.keys.seq)


class _NoSerializer:
    """scrapy-redis' Base wants a serializer module; entries are made by ``serializer`` here."""

    @staticmethod
    def loads(data: bytes) -> bytes:
        return data

    @staticmethod
    def dumps(data: bytes) -> bytes:
        return data
