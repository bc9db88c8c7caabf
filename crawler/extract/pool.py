"""A pool of worker processes for page extraction, so that a crawl is not bound to one core.

Settings: ``EXTRACT_WORKERS`` (default: the number of cores; 0: extract in the crawl process),
``EXTRACT_POOL_WAIT`` (pages wait for the workers to start instead of being read in the
crawl process meanwhile; default False),
``EXTRACT_TIMEOUT`` (seconds one page may take in a worker, default 60),
``EXTRACT_POOL_RESTARTS`` (how often a broken pool is replaced, default 3; then the crawl
goes on in-process).

The pool only moves where pure functions run (``crawler.extract.page.read_html``: HTML text
in, a picklable result out), so a crawl gives the same records with or without it.

- Workers are started with the ``spawn`` method (``fork`` is not safe once the reactor and
  its threads run) when the spider opens, and shut down when it closes. Until they have
  started, pages are read in the crawl process, so small crawls never wait for them.
- A worker that dies (killed, crashed) breaks the pool: the pages it had are counted
  (``extract_pool/crashed``), logged, and read again in the crawl process; the pool is
  replaced (``EXTRACT_POOL_RESTARTS`` times at most).
- A page that takes longer than ``EXTRACT_TIMEOUT`` is counted (``extract_pool/timeout``),
  logged and given up (not retried in-process: it would stall the crawl); the pool's
  workers are replaced, since the stuck one cannot be stopped alone.

Awaiting works with any Twisted reactor: results come back through ``reactor.callFromThread``.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import time
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

_ATTRIBUTE = "_newscrawler_extract_pool"


class WorkerCrashed(Exception):
    """The worker process reading a page died (the page may be read in-process instead)."""


class ExtractTimeout(Exception):
    """A page took longer than ``EXTRACT_TIMEOUT`` in a worker (given up)."""


def workers_setting(value: Any) -> int:
    """``EXTRACT_WORKERS`` as a number of processes: None/"auto"/-1 mean one per core."""
    if value in (None, "", "auto", -1, "-1"):
        return os.cpu_count() or 1
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"EXTRACT_WORKERS must be a number of processes (0: none), not {value!r}") from None
    if number < 0:
        return os.cpu_count() or 1
    return number


@contextmanager
def _without_main_module() -> Iterator[None]:
    """Spawned workers import the parent's ``__main__`` first (the ``scrapy`` script, or
    nothing importable at all when it came from stdin): show them an empty one instead.
    Tasks are functions of importable modules, so workers never need the real one."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


def _warm_up() -> int:
    """The first task of each worker: import the extractors before pages arrive."""
    import crawler.extract.page  # noqa: F401

    return os.getpid()


class ExtractionPool:
    """``ProcessPoolExecutor`` with crash and timeout handling for a crawl."""

    def __init__(self, workers: int, *, timeout: float = 60.0, max_restarts: int = 3, stats: Any = None,
                 start_method: str = "spawn") -> None:
        if workers < 1:
            raise ValueError("an extraction pool needs at least one worker")
        self.workers = workers
        self.timeout = timeout
        self.max_restarts = max_restarts
        self.stats = stats
        self.start_method = start_method
        self.restarts = 0
        self.executor: ProcessPoolExecutor | None = None
        self._ready = False
        self._generation = 0  # which executor a task went to (a crash of an old one is not news)
        self.closed = False
        self.wait_for_start = False  # EXTRACT_POOL_WAIT: callers wait for the workers rather than read in-process

    # --- life cycle ---

    def start(self) -> None:
        """Start the workers (in the background: ``ready`` turns true once one has started)."""
        if self.closed:
            return
        self._ready = False
        self._generation += 1
        generation = self._generation
        self._started_at = time.monotonic()
        with _without_main_module():  # the workers are started by these submits
            self.executor = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context(self.start_method))
            for _ in range(self.workers):
                future = self.executor.submit(_warm_up)
                future.add_done_callback(lambda done, generation=generation: self._warmed(done, generation))

    def _warmed(self, future: Future, generation: int) -> None:
        if generation != self._generation or future.cancelled():
            return
        error = future.exception()
        if error is not None:
            if not self._ready:  # (this runs in the executor's thread: the reactor replaces the pool)
                from twisted.internet import reactor

                self._inc("extract_pool/crashed")
                logger.error("Extraction workers did not start (%r)", error)
                reactor.callFromThread(self._replace_if_current, generation, "did not start")  # type: ignore[attr-defined]
        elif not self._ready:
            self._ready = True
            logger.info("Extraction pool ready: %d worker process(es) (%.1f s to start)", self.workers,
                        time.monotonic() - self._started_at)

    @property
    def starting(self) -> bool:
        """Workers are being started (neither ready nor given up yet)."""
        return not self._ready and not self.closed and self.executor is not None

    @property
    def ready(self) -> bool:
        """Workers are up and the pool is usable (pages go in-process otherwise)."""
        return self._ready and not self.closed and self.executor is not None

    def close(self) -> None:
        self.closed = True
        self._ready = False
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None

    def _replace_if_current(self, generation: int, reason: str) -> None:
        if generation == self._generation:
            self._replace(reason)

    def _replace(self, reason: str) -> None:
        """Throw the executor away (killing its workers) and start another, if restarts are left."""
        executor, self.executor = self.executor, None
        self._ready = False
        if executor is not None:
            for process in list(getattr(executor, "_processes", {}).values()):
                if process.is_alive():
                    process.kill()
            executor.shutdown(wait=False, cancel_futures=True)
        if self.closed:
            return
        if self.restarts >= self.max_restarts:
            self._inc("extract_pool/given_up")
            logger.error("Extraction pool %s again: %d restarts used up, pages are read in the crawl process from now on",
                         reason, self.restarts)
            self.closed = True
            return
        self.restarts += 1
        self._inc("extract_pool/restarts")
        logger.warning("Extraction pool %s: starting new workers (restart %d of %d)", reason, self.restarts,
                       self.max_restarts)
        self.start()

    def _inc(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)

    # --- work ---

    async def run(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``function(*args, **kwargs)`` in a worker. Raises ``WorkerCrashed`` or
        ``ExtractTimeout`` (already counted and logged), or what the function raised."""
        from twisted.internet import reactor

        if not self.ready:
            raise WorkerCrashed("the extraction pool is not running")
        generation = self._generation
        assert self.executor is not None
        try:
            future = self.executor.submit(function, *args, **kwargs)
        except (BrokenProcessPool, RuntimeError) as error:
            self._crashed(generation, error)
            raise WorkerCrashed(str(error)) from error
        deferred: Deferred[Any] = Deferred()

        def done(finished: Future) -> None:
            reactor.callFromThread(_settle, deferred, finished)  # type: ignore[attr-defined]

        future.add_done_callback(done)
        timer = reactor.callLater(self.timeout, _time_out, deferred)  # type: ignore[attr-defined]
        self._inc("extract_pool/tasks")
        try:
            return await maybe_deferred_to_future(deferred)
        except ExtractTimeout:
            self._inc("extract_pool/timeout")
            logger.error("Extraction took more than %.0f s in a worker: page given up", self.timeout)
            if generation == self._generation:
                self._replace("had a stuck worker")
            raise
        except BrokenProcessPool as error:
            self._crashed(generation, error)
            raise WorkerCrashed(str(error)) from error
        finally:
            if timer.active():
                timer.cancel()

    def _crashed(self, generation: int, error: BaseException) -> None:
        self._inc("extract_pool/crashed")
        logger.error("An extraction worker died (%s)", error or type(error).__name__)
        if generation == self._generation:
            self._replace("broke")


def _settle(deferred: Deferred[Any], future: Future) -> None:
    if deferred.called:
        return  # timed out before
    if future.cancelled():
        deferred.errback(BrokenProcessPool("task cancelled with its pool"))
        return
    error = future.exception()
    if error is not None:
        deferred.errback(error)
    else:
        deferred.callback(future.result())


def _time_out(deferred: Deferred[Any]) -> None:
    if not deferred.called:
        deferred.errback(ExtractTimeout())


def extraction_pool_of(crawler: Crawler) -> ExtractionPool | None:
    """The crawl's pool (started on first use, closed with the spider), or None when
    ``EXTRACT_WORKERS`` is 0."""
    if hasattr(crawler, _ATTRIBUTE):
        return getattr(crawler, _ATTRIBUTE)
    settings = crawler.settings
    workers = workers_setting(settings.get("EXTRACT_WORKERS", 0))
    pool = None
    if workers > 0:
        pool = ExtractionPool(
            workers,
            timeout=settings.getfloat("EXTRACT_TIMEOUT", 60.0),
            max_restarts=settings.getint("EXTRACT_POOL_RESTARTS", 3),
            stats=crawler.stats,
        )
        pool.wait_for_start = settings.getbool("EXTRACT_POOL_WAIT", False)
        pool.start()
        crawler.signals.connect(lambda **_: pool.close(), signal=signals.spider_closed, weak=False)
    setattr(crawler, _ATTRIBUTE, pool)
    return pool
