"""Downloader middlewares."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response

from crawler.net.addresses import (
    host_port,
    parse_allowlist,
    parse_ip_literal,
    refusal_reason,
)
from crawler.net.resolve import refused_address

__all__ = ["IncrementalMiddleware", "NetworkGuardMiddleware", "parse_ip_literal", "refusal_reason"]

logger = logging.getLogger(__name__)


class NetworkGuardMiddleware:
    """Refuses requests to non-web schemes, loopback, private, link-local and metadata hosts.

    Every request passes here, including robots.txt fetches, redirects and meta refreshes,
    which the engine schedules as new requests. Addresses written into URLs are refused here;
    host names that resolve to such addresses are refused by ``crawler.net.resolve`` when the
    connection is made (and, once known, here, so that retries are not even attempted).
    ``NETWORK_ALLOWLIST`` (``host:port`` entries) is the only way to allow such a host on purpose.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.allowlist = parse_allowlist(crawler.settings.getlist("NETWORK_ALLOWLIST"))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NetworkGuardMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        reason = refusal_reason(request.url, self.allowlist)
        if reason is None and refused_address(*host_port(request.url)) is not None:
            reason = "resolves_private"  # found out by the resolver on an earlier attempt
        if reason is None:
            return None
        self.stats.inc_value(f"network_guard/refused/{reason}")
        logger.warning("Refused %s: %s (see NETWORK_ALLOWLIST)", request.url, reason)
        raise IgnoreRequest(f"network guard: {reason}")


class IncrementalMiddleware:
    """Incremental crawling for every request (``crawler.incremental``): stored articles are
    skipped, unless a feed/sitemap announces a newer version (``meta["source_updated"]``) or
    a recent one is due for a conditional revisit; ``meta["always_fetch"]`` (start URLs)
    bypasses it. Every page fetched leaves its ETag/Last-Modified and fetch time in the state
    store (which page is an article is only known later); a 304 to a revisit is counted as ``incremental/not_modified``. The news spider asks
    the same question before making a request; this catches requests made any other way.
    """

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("INCREMENTAL", True):
            raise NotConfigured("INCREMENTAL is off")
        self.crawler = crawler
        self.stats = crawler.stats
        self.profile_dirs = tuple(crawler.settings.getlist("OUTLET_PROFILES_DIRS"))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        return cls(crawler)

    def _profile(self, url: str) -> Any:
        from crawler.outlets.registry import profile_for_url

        return profile_for_url(url, self.profile_dirs)

    def process_request(self, request: Request) -> None:
        if request.meta.get("always_fetch") or request.method != "GET":
            return None
        from crawler.incremental import Decision, conditional_headers, decide

        profile = self._profile(request.url)
        decision = decide(self.crawler, request.url, profile, request.meta.get("source_updated"))
        if decision is Decision.SKIP:
            self.stats.inc_value("incremental/skipped_known")
            raise IgnoreRequest("already stored, nothing newer announced")
        if decision is Decision.REVISIT:
            request.meta["revisit"] = True
            for name, value in conditional_headers(self.crawler, request.url, profile).items():
                request.headers.setdefault(name, value)
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        if request.method != "GET":
            return response
        if response.status == 304:
            self.stats.inc_value("incremental/not_modified")
        elif response.status != 200:
            return response
        elif request.meta.get("revisit"):
            self.stats.inc_value("incremental/revisited_changed")
        from crawler.incremental import remember_response

        remember_response(self.crawler, request.url, self._profile(request.url),
                          _header(response, b"ETag"), _header(response, b"Last-Modified"))
        return response


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
