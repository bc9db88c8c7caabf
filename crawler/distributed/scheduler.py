"""The scheduler of distributed mode: scrapy-redis' scheduler on the reliable frontier.

What it adds to ``scrapy_redis.scheduler.Scheduler`` (checked against Scrapy 2.19):

- entries are JSON data (``serializer``), not pickles;
- a popped request stays in the frontier's in-flight hash until this worker has finished it,
  so a killed worker loses nothing (``frontier``);
- seeds come from the spider's ``async def start()`` (every worker runs the same command; the
  shared dupefilter keeps one copy) or from the frontier's ``:seeds`` Redis list;
- a worker stays while any other worker still has work in flight, and the crawl ends when
  the whole frontier has been empty for ``FRONTIER_IDLE_CLOSE`` seconds;
- the dupefilter is kept across restarts and cleared when a crawl has drained the frontier,
  so the next scheduled run fetches start pages again (stored articles are still skipped
  by the incremental state);
- the workers of one run share its id, its counters (``max_articles``) and leave their
  report parts for the last one out (``run``, ``signals``).

A request is finished when it has left both the downloader and the scraper (the sets Scrapy's
own engine status report reads): by then its callback has run, its items have gone through
the pipelines and the requests it made are queued. A redirect or retry is queued as a new
entry before the one it replaces is acknowledged.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.connection import get_redis
from scrapy_redis.defaults import REDIS_PARAMS
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall

from crawler.distributed import connection_url, key_prefix_of, redis_url_of
from crawler.distributed.frontier import FrontierKeys, ReliableQueue, new_worker_id
from crawler.distributed.run import FrontierRun
from crawler.distributed.serializer import RejectedRequest, UnserializableRequest, loads_request
from crawler.distributed.signals import last_worker_left, worker_leaving
from crawler.run import crawl_id_of

logger = logging.getLogger(__name__)

_SEED_BATCH = 100
_MAX_REJECTED_PER_CALL = 50


def frontier_name(spider: scrapy.Spider, configured: str | None) -> str:
    """``FRONTIER_NAME``, else the spider's name plus a digest of its arguments: workers running
    the same command share a frontier, different commands (outlets, channels) do not."""
    if configured:
        return configured
    arguments: dict[str, Any] = getattr(spider, "crawl_arguments", {}) or {}
    if not arguments:
        return spider.name
    digest = hashlib.sha1(json.dumps(arguments, sort_keys=True, default=str).encode()).hexdigest()[:12]
    return f"{spider.name}:{digest}"


class FrontierScheduler(Scheduler):
    """A scrapy-redis scheduler whose queue is the reliable frontier (see module docstring)."""

    crawler: Crawler
    prefix: str
    worker_id: str
    worker_timeout: float
    idle_close: float  # seconds the frontier must stay empty before a worker ends; < 0: never
    configured_name: str | None
    local: dict[str, scrapy.Request]  # token -> a request this worker took and has not finished
    drained_since: float | None
    run: FrontierRun  # the run of the frontier this worker takes part in

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierScheduler:
        url = redis_url_of(crawler.settings)
        if url is None:
            raise ValueError("FrontierScheduler needs REDIS_URL or STATE_URI=redis://...")
        server = get_redis(url=connection_url(url), **{**REDIS_PARAMS, "encoding": "utf-8"})
        server.ping()
        scheduler = cls(server=server, persist=True)
        scheduler.crawler = crawler
        scheduler.stats = crawler.stats
        scheduler.prefix = key_prefix_of(crawler.settings, url)
        scheduler.worker_id = new_worker_id()
        scheduler.worker_timeout = crawler.settings.getfloat("FRONTIER_WORKER_TIMEOUT", 60.0)
        scheduler.idle_close = crawler.settings.getfloat("FRONTIER_IDLE_CLOSE", 5.0)
        scheduler.configured_name = crawler.settings.get("FRONTIER_NAME")
        scheduler.local = {}
        scheduler.drained_since: float | None = None
        crawler.signals.connect(scheduler.on_idle, signal=signals.spider_idle)
        return scheduler

    # --- the engine's interface ---

    def open(self, spider: scrapy.Spider) -> None:
        self.spider = spider
        self.name = frontier_name(spider, self.configured_name)
        self.keys = FrontierKeys(self.prefix, self.name)
        self.queue = ReliableQueue(self.server, spider, self.keys, self.worker_id)
        self.df = RFPDupeFilter(self.server, key=self.keys.dupefilter, debug=self.crawler.settings.getbool("DUPEFILTER_DEBUG"))
        self.queue.heartbeat()
        recovered = self.queue.requeue_dead(self.worker_timeout)
        if recovered:
            self.stats.inc_value("frontier/recovered", recovered)
        fresh = len(self.queue) == 0 and self.queue.in_flight() == 0 and self.queue.live_workers() <= 1
        self.run = FrontierRun(self.server, self.keys)
        self.run.join(crawl_id_of(self.crawler), fresh)
        spider.frontier_run = self.run  # shared budgets (max_articles)
        logger.info(
            "Frontier %s on Redis: worker %s; %d requests queued, %d in flight elsewhere%s",
            self.keys.queue.removesuffix(":queue"), self.worker_id, len(self.queue), self.queue.in_flight(),
            f", {recovered} taken back from dead workers" if recovered else "",
        )
        self.ticker = LoopingCall(self.tick)
        self.ticker.start(max(0.5, min(5.0, self.worker_timeout / 4)), now=False)

    def close(self, reason: str) -> None:
        if self.ticker.running:
            self.ticker.stop()
        self.reconcile()
        unfinished = list(self.local)
        if unfinished:
            released = self.queue.release(unfinished)
            self.stats.inc_value("frontier/released", released)
            logger.info("Frontier: %d unfinished requests put back for other workers or the next run", released)
            self.local.clear()
        self.crawler.signals.send_catch_log(signal=worker_leaving, run=self.run, worker_id=self.worker_id, reason=reason)
        self.queue.leave()
        if reason == "finished" and len(self.queue) == 0 and self.queue.in_flight() == 0:
            self.df.clear()  # the crawl is complete: the next run starts from its seeds again
            logger.info("Frontier %s drained; its dupefilter is cleared for the next run", self.name)
        if self.queue.live_workers() == 0:  # last out (two at once: both merge, the same parts)
            self.crawler.signals.send_catch_log(signal=last_worker_left, run=self.run)

    def has_pending_requests(self) -> bool:
        return len(self.queue) > 0

    def enqueue_request(self, request: scrapy.Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        try:
            entry = self.queue.encode(request)
        except UnserializableRequest as error:
            self.stats.inc_value("frontier/unserializable")
            logger.error("Not queued (cannot be stored in the frontier): %s: %s", request, error)
            return False
        self.queue.push(request, entry)
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> scrapy.Request | None:
        self.reconcile()
        for _ in range(_MAX_REJECTED_PER_CALL):
            popped = self.queue.pop()
            if popped is None:
                return None
            token, entry = popped
            try:
                request, stripped = loads_request(entry, self.spider)
            except RejectedRequest as error:
                self.queue.ack([token])
                self.stats.inc_value(f"frontier/rejected/{error.reason}")
                logger.warning("Frontier entry refused (%s): %r", error, entry[:200])
                continue
            if stripped:
                self.stats.inc_value("frontier/unsafe_options_dropped", stripped)
                logger.warning("Frontier entry for %s carried %d unsafe options; dropped them", request.url, stripped)
            self.local[token] = request
            self.stats.inc_value("scheduler/dequeued/redis")
            return request
        return None

    # --- keeping the frontier honest ---

    def reconcile(self) -> None:
        """Acknowledge the requests this worker took that Scrapy has finished with."""
        if not self.local:
            return
        engine = self.crawler.engine
        busy: set[scrapy.Request] = set()
        if engine is not None:
            busy |= engine.downloader.active
            if engine.scraper.slot is not None:
                busy |= engine.scraper.slot.active
        done = [token for token, request in self.local.items() if request not in busy]
        if done:
            self.queue.ack(done)
            for token in done:
                del self.local[token]

    def tick(self) -> None:
        try:
            self.queue.heartbeat()
            self.reconcile()
            recovered = self.queue.requeue_dead(self.worker_timeout)
        except Exception:  # noqa: BLE001 (a Redis hiccup must not stop the heartbeat)
            logger.warning("Frontier heartbeat failed; retrying", exc_info=True)
            return
        if recovered:
            self.stats.inc_value("frontier/recovered", recovered)
            logger.warning("Frontier: %d requests of dead workers put back in the queue", recovered)

    def on_idle(self) -> None:
        """Idle here is not idle everywhere: wait for seeds and other workers' work."""
        self.reconcile()
        seeds = self.pull_seeds()
        if seeds:
            for request in seeds:
                self.crawler.engine.crawl(request)
            raise DontCloseSpider
        self.queue.requeue_dead(self.worker_timeout)
        if len(self.queue) or self.queue.in_flight():
            self.drained_since = None
            raise DontCloseSpider
        now = time.monotonic()
        if self.drained_since is None:
            self.drained_since = now
        if self.idle_close < 0 or now - self.drained_since < self.idle_close:
            raise DontCloseSpider

    def pull_seeds(self) -> list[scrapy.Request]:
        values = self.server.lpop(self.keys.seeds, _SEED_BATCH) or []
        if not values:
            return []
        seeds = [value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value) for value in values]
        make = getattr(self.spider, "seed_requests", None)
        if make is None:
            logger.warning("Spider %s takes no seeds from Redis; %d dropped", self.spider.name, len(seeds))
            return []
        requests = list(make(seeds))
        self.stats.inc_value("frontier/seeds_from_redis", len(seeds))
        logger.info("Frontier: %d seeds from %s", len(seeds), self.keys.seeds)
        return requests
