"""Per-host pauses (Retry-After) and minimum delays (Crawl-delay) on Scrapy's download slots.

Scrapy keeps one download slot per host; a slot starts its next request ``delay`` seconds
(with jitter) after ``lastseen``, its last start. A pause is a ``lastseen`` moved to the end
of the pause, so that host's queue waits while every other slot goes on; nothing waits in a
middleware, where it would hold one of the ``CONCURRENT_REQUESTS`` places. A minimum delay is
a floor under ``delay`` that AutoThrottle may not go below. Both are re-applied whenever a
request reaches a slot (slots are dropped when idle and made again) and after each download
(when AutoThrottle has just adjusted the delay).
"""

from __future__ import annotations

import logging
from time import monotonic
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

_ATTRIBUTE = "_newscrawler_host_pacing"
_TINY_DELAY = 0.001  # a slot with no delay at all never looks at lastseen


class HostPacing:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.paused_until: dict[str, float] = {}  # slot key -> monotonic time
        self.min_delay: dict[str, float] = {}  # slot key -> seconds between request starts
        crawler.signals.connect(self._request_reached, signal=signals.request_reached_downloader)
        crawler.signals.connect(self._response_downloaded, signal=signals.response_downloaded)

    def pause(self, key: str, seconds: float) -> None:
        """No new request to this slot starts within ``seconds`` from now."""
        until = monotonic() + seconds
        if until > self.paused_until.get(key, 0.0):
            self.paused_until[key] = until
        self.apply(key)

    def set_min_delay(self, key: str, seconds: float) -> None:
        """Requests to this slot start at least ``seconds`` apart (jitter included)."""
        self.min_delay[key] = max(seconds, self.min_delay.get(key, 0.0))
        self.apply(key)

    def apply(self, key: str) -> None:
        engine = self.crawler.engine
        slot = engine.downloader.slots.get(key) if engine is not None else None
        if slot is None:
            return  # applied when a request next reaches this slot
        floor = self.min_delay.get(key, 0.0)
        if floor:
            jitter = min(max(slot.jitter, 0.0), 0.9)
            slot.delay = max(slot.delay, floor / (1.0 - jitter))  # the shortest jittered delay is the floor
        until = self.paused_until.get(key, 0.0)
        if until > monotonic():
            slot.delay = max(slot.delay, _TINY_DELAY)
            slot.lastseen = max(slot.lastseen, until)
        elif until:
            del self.paused_until[key]

    def _request_reached(self, request: Request, **_: Any) -> None:
        key = request.meta.get("download_slot")
        if key is not None and (key in self.paused_until or key in self.min_delay):
            self.apply(key)

    def _response_downloaded(self, request: Request, **_: Any) -> None:
        self._request_reached(request)


def pacing_of(crawler: Crawler) -> HostPacing:
    """The crawl's one ``HostPacing``, shared by the robots and Retry-After middlewares."""
    pacing = getattr(crawler, _ATTRIBUTE, None)
    if pacing is None:
        pacing = HostPacing(crawler)
        setattr(crawler, _ATTRIBUTE, pacing)
    return pacing
