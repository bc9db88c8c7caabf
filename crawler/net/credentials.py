"""Credentials stay with their origin when a redirect or meta refresh leads elsewhere.

Scrapy 2.19's redirect middlewares copy the request's headers to the redirected request and
then remove Authorization when scheme, host or port change, but Cookie only when the host
changes or https becomes http (a Cookie header set on a request goes on to another port or
from http to https), and Proxy-Authorization only when a scheme-specific proxy changes with
the scheme. Here every hop to another origin (scheme, host, port) drops all three.

Credentials that belong to the new origin come back on their own: this runs before
``HttpAuthMiddleware`` (its ``http_auth_domain``), ``CookiesMiddleware`` (the cookie jar,
which is per domain) and ``HttpProxyMiddleware`` (credentials in the proxy URL) add theirs.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

CREDENTIAL_HEADERS = (b"Authorization", b"Cookie", b"Proxy-Authorization")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) with the scheme's default port filled in."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or _DEFAULT_PORTS.get(scheme)
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port


class RedirectCredentialsMiddleware:
    """Drops credential headers from a redirected request whose origin differs from the last hop's."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectCredentialsMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        hops = request.meta.get("redirect_urls")
        if not hops or origin(hops[-1]) == origin(request.url):
            return
        for name in CREDENTIAL_HEADERS:
            if name in request.headers:
                del request.headers[name]
                self.stats.inc_value(f"credentials/dropped_on_redirect/{name.decode().lower()}")
                logger.debug("Dropped %s on the redirect from %s to %s", name.decode(), hops[-1], request.url)
        return
