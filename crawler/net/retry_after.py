"""429 and 503 with Retry-After: that host waits at least as long, then the request is retried.

Scrapy's RetryMiddleware retries 429 and 503 at once, which a rate-limiting server answers
with another 429, and the other requests to that host keep coming meanwhile. Here the host's
download slot is paused (``crawler.net.pacing``) for ``Retry-After`` seconds (delta seconds
or an HTTP date), at most ``RETRY_AFTER_MAX``; a 429 without the header pauses for
``RETRY_AFTER_DEFAULT``. Other hosts go on. The retry counts against the request's
``RETRY_TIMES`` like any other; a request that is still refused after that is given up and
counted per host as ``retry_after/gave_up/<host>``.

A request that handles the status itself (``handle_httpstatus_list`` with it, or
``handle_httpstatus_all``) is left alone: the telegram spider does so for 429, to keep
reading the other channels of the same host while one waits.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import Response

from crawler.net.pacing import pacing_of
from crawler.urls import host_of

logger = logging.getLogger(__name__)

STATUSES = (429, 503)


def retry_after_seconds(value: bytes | str | None, default: float, now: datetime | None = None) -> float:
    """Seconds a ``Retry-After`` header asks for (delta seconds or an HTTP date), or ``default``."""
    text = (value.decode("latin-1") if isinstance(value, bytes) else value or "").strip()
    if not text:
        return default
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return default
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


def handles_status(request: Request, status: int) -> bool:
    meta = request.meta
    return bool(meta.get("handle_httpstatus_all")) or status in meta.get("handle_httpstatus_list", ())


class RetryAfterMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.max_wait = crawler.settings.getfloat("RETRY_AFTER_MAX", 300.0)
        self.default_wait = crawler.settings.getfloat("RETRY_AFTER_DEFAULT", 10.0)
        self.pacing = pacing_of(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        status = response.status
        if status not in STATUSES or request.meta.get("dont_retry") or handles_status(request, status):
            return response
        header = response.headers.get(b"Retry-After")
        if header is None and status == 503:
            return response  # a plain 503: RetryMiddleware's ordinary retry
        asked = retry_after_seconds(header, self.default_wait)
        wait = min(asked, self.max_wait)
        host = host_of(request.url)
        key = request.meta.get("download_slot") or self.crawler.engine.downloader.get_slot_key(request)
        self.pacing.pause(key, wait)
        self.stats.inc_value(f"retry_after/paused/{status}")
        retry = get_retry_request(request, spider=self.crawler.spider, reason=f"retry_after_{status}")
        if retry is not None:
            logger.info("%s answered %d: pausing %s for %.1f s%s", request.url, status, host, wait,
                        f" (asked {asked:.0f} s, capped by RETRY_AFTER_MAX)" if asked > wait else "")
            return retry
        self.stats.inc_value(f"retry_after/gave_up/{host}")
        request.meta["dont_retry"] = True  # given up here: RetryMiddleware must not retry it again
        return response
