"""robots.txt per RFC 9309, replacing Scrapy's RobotsTxtMiddleware.

Scrapy's middleware allows everything when robots.txt cannot be fetched, and parses the body
of a 503 error page as if it were robots.txt (which allows everything too). RFC 9309 says:

- 2xx: the rules apply. A body that is not valid robots.txt has no rules: all allowed.
- 4xx ("unavailable", section 2.3.1.3): all allowed. Except 429, which asks us to slow down,
  not to come in: it counts as unreachable, as for Google's crawler.
- 5xx, a timeout, a DNS or connection failure ("unreachable", 2.3.1.4): all disallowed.
  The fetch itself is retried first (RetryMiddleware, Retry-After); if it still fails the
  host is left alone for the rest of the run and tried again by the next one.
- A redirect chain that does not end (more than ``REDIRECT_MAX_TIMES``): unavailable, allowed.
- ``/robots.txt`` itself is always allowed (2.2.2). When the spider asks for it too (for its
  ``Sitemap:`` lines), it gets the copy fetched for the rules: one download per origin.

Rules are kept per origin (scheme, host, port) for the run (RFC 9309 allows a day).
``Crawl-delay`` (not in the RFC, widely used) becomes a minimum delay of that host's download
slot (``crawler.net.pacing``); a host asking for more than ``ROBOTSTXT_CRAWL_DELAY_MAX``
seconds is left alone for the run rather than crawled faster than it asked.

Stats: ``robotstxt/forbidden`` (a rule said no), ``robotstxt/host_disallowed`` (requests
refused because robots.txt was unreachable or asked too long a delay), and per robots.txt
``robotstxt/outcome/<allow_all|rules|disallow_all>/<why>``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.misc import build_from_crawler, load_object

from crawler.net.pacing import pacing_of

logger = logging.getLogger(__name__)

ALLOW_ALL = "allow_all"
RULES = "rules"
DISALLOW_ALL = "disallow_all"


@dataclass(frozen=True)
class RobotsVerdict:
    policy: str  # ALLOW_ALL, RULES or DISALLOW_ALL
    why: str  # e.g. "404", "503", "DownloadTimeoutError", "parsed"
    parser: Any = None  # a scrapy.robotstxt.RobotParser with RULES
    response: Response | None = None  # a 2xx robots.txt, kept for the spider (small ones only)


KEEP_RESPONSE_MAX = 512 * 1024  # bytes: a bigger robots.txt is downloaded again if the spider asks

def verdict_for_status(status: int) -> str:
    """What an HTTP status of robots.txt means for the whole origin (RFC 9309 2.3.1)."""
    if 200 <= status < 300:
        return RULES
    if 300 <= status < 400:
        return ALLOW_ALL  # a redirect that was not followed to its end: unavailable
    if status == 429:
        return DISALLOW_ALL
    if 400 <= status < 500:
        return ALLOW_ALL
    return DISALLOW_ALL  # 5xx and anything stranger: unreachable


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class RobotsTxtMiddleware:
    DOWNLOAD_PRIORITY = 1000  # robots.txt before the pages waiting for it

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        self.crawler = crawler
        self.stats = crawler.stats
        self.user_agent: str = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT") or ""
        self.parser_class = load_object(settings.get("ROBOTSTXT_PARSER"))
        self.max_crawl_delay = settings.getfloat("ROBOTSTXT_CRAWL_DELAY_MAX", 60.0)
        self.verdicts: dict[str, asyncio.Future[RobotsVerdict] | RobotsVerdict] = {}
        self.pacing = pacing_of(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsTxtMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> Response | None:
        if request.meta.get("dont_obey_robotstxt"):
            return None
        parts = urlsplit(request.url)
        if parts.scheme not in ("http", "https"):
            return None
        if parts.path == "/robots.txt":
            return None if parts.query else await self.robots_for_spider(request)
        verdict = await self.verdict(request)
        if verdict.policy == ALLOW_ALL:
            return
        if verdict.policy == DISALLOW_ALL:
            self.stats.inc_value("robotstxt/host_disallowed")
            raise IgnoreRequest(f"robots.txt of {origin_of(request.url)}: {verdict.why}, host disallowed")
        user_agent = request.headers.get(b"User-Agent") or self.user_agent
        if not verdict.parser.allowed(request.url, user_agent):
            self.stats.inc_value("robotstxt/forbidden")
            logger.debug("Forbidden by robots.txt: %s", request.url)
            raise IgnoreRequest("Forbidden by robots.txt")
        return None

    async def robots_for_spider(self, request: Request) -> Response | None:
        """The spider's own request for robots.txt, answered with the copy fetched for the
        rules instead of a second download (or refused, when it could not be fetched)."""
        verdict = await self.verdict(request)
        if verdict.policy != RULES:  # an error status or no answer: nothing to read, no retry
            raise IgnoreRequest(f"robots.txt of {origin_of(request.url)}: {verdict.why}, nothing to read")
        if verdict.response is None:  # too big to keep
            return None
        self.stats.inc_value("robotstxt/reused")
        return verdict.response.replace(request=request)

    async def verdict(self, request: Request) -> RobotsVerdict:
        origin = origin_of(request.url)
        known = self.verdicts.get(origin)
        if isinstance(known, RobotsVerdict):
            return known
        if known is not None:
            return await asyncio.shield(known)
        future: asyncio.Future[RobotsVerdict] = asyncio.get_running_loop().create_future()
        self.verdicts[origin] = future
        try:
            verdict = await self.fetch(origin)
        except asyncio.CancelledError:  # a shutdown: the waiting requests are cancelled too
            del self.verdicts[origin]
            future.cancel()
            raise
        except Exception as error:  # never leave the waiting requests hanging
            logger.exception("robots.txt of %s could not be judged", origin)
            verdict = RobotsVerdict(DISALLOW_ALL, type(error).__name__)
        self.verdicts[origin] = verdict
        future.set_result(verdict)
        self.stats.inc_value(f"robotstxt/outcome/{verdict.policy}/{verdict.why}")
        return verdict

    async def fetch(self, origin: str) -> RobotsVerdict:
        robots = Request(f"{origin}/robots.txt", priority=self.DOWNLOAD_PRIORITY,
                         meta={"dont_obey_robotstxt": True, "allow_offsite": True}, callback=NO_CALLBACK)
        self.stats.inc_value("robotstxt/request_count")
        try:
            response = await self.crawler.engine.download_async(robots)
        except Exception as error:  # noqa: BLE001 (timeout, DNS, refused, reset, guard, size limit...)
            why = type(error).__name__
            logger.warning("robots.txt of %s is unreachable (%s: %s): the host is left alone for this run",
                           origin, why, error)
            return RobotsVerdict(DISALLOW_ALL, why)
        self.stats.inc_value(f"robotstxt/response_status_count/{response.status}")
        verdict = self.judge(origin, response)
        if verdict.policy == RULES and len(response.body) <= KEEP_RESPONSE_MAX:
            verdict = dataclasses.replace(verdict, response=response)
        return verdict

    def judge(self, origin: str, response: Response) -> RobotsVerdict:
        policy = verdict_for_status(response.status)
        if policy == DISALLOW_ALL:
            logger.warning("robots.txt of %s answered %d: the host is left alone for this run", origin, response.status)
            return RobotsVerdict(DISALLOW_ALL, str(response.status))
        if policy == ALLOW_ALL:
            return RobotsVerdict(ALLOW_ALL, str(response.status))
        return self.parse(origin, response)

    def parse(self, origin: str, response: Response) -> RobotsVerdict:
        parser = build_from_crawler(self.parser_class, self.crawler, response.body)
        delay = parser.crawl_delay(self.user_agent)
        if delay:
            if delay > self.max_crawl_delay:
                logger.warning("robots.txt of %s asks for a Crawl-delay of %.0f s (more than "
                               "ROBOTSTXT_CRAWL_DELAY_MAX): the host is left alone for this run", origin, delay)
                return RobotsVerdict(DISALLOW_ALL, "crawl_delay_too_long")
            key = response.meta.get("download_slot") or self.crawler.engine.downloader.get_slot_key(response.request)
            self.pacing.set_min_delay(key, delay)
            logger.info("robots.txt of %s: Crawl-delay %.1f s", origin, delay)
        return RobotsVerdict(RULES, "parsed", parser)
