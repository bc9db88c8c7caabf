"""URL helpers shared by spiders, extraction and pipelines."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit, urlunsplit

from w3lib.url import safe_url_string

WEB_SCHEMES = frozenset({"http", "https"})
_NETLOC = re.compile(r"^[A-Za-z0-9._~:@!$&'()*+,;=%\[\]-]+$")  # what a (punycoded) netloc may hold


def absolute_url(href: str | None, base: str | None = None) -> str | None:
    """An absolute, percent-encoded http(s) URL without fragment, or None.

    None for empty values and for anything that is not http(s) after joining
    (``javascript:``, ``mailto:``, ``file:``, ``data:``...).
    """
    if not href:
        return None
    href = href.strip()
    if not href:
        return None
    if base and href[0] == "/" and not href.startswith("//"):
        base = _origin(base)  # "/path" joins the same with any base of this origin: one cache entry per site
    return _absolute_url(href, base)


def _origin(url: str) -> str:
    """``scheme://netloc`` of a URL (the URL itself when it has no ``://``)."""
    start = url.find("://")
    if start < 0:
        return url
    end = len(url)
    for separator in "/?#":
        index = url.find(separator, start + 3)
        if 0 <= index < end:
            end = index
    return url[:end]


@lru_cache(maxsize=8192)  # pages repeat their menus, and extractors resolve the same links again
def _absolute_url(href: str, base: str | None) -> str | None:
    try:  # urljoin raises too, on "http://[x" (an unclosed IPv6 bracket)
        joined = urljoin(base, href) if base else href
        parts = urlsplit(safe_url_string(joined))
    except ValueError:
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname or not _NETLOC.match(parts.netloc):
        return None  # a host with spaces or controls ("http://ex ample.com/") is no URL a record may carry
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def host_of(url: str) -> str:
    """Lower-case host name without port; '' when the URL has none."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def registered_domain(host: str) -> str:
    """The host without a leading ``www.``/``m.``/``amp.``, for "same site" checks."""
    for prefix in ("www.", "m.", "amp."):
        if host.startswith(prefix):
            return host[len(prefix):]
    return host
