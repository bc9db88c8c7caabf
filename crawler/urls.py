"""URL helpers shared by spiders, extraction and pipelines."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit, urlunsplit

from w3lib.url import safe_url_string

WEB_SCHEMES = frozenset({"http", "https"})


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
    joined = urljoin(base, href) if base else href
    try:
        parts = urlsplit(safe_url_string(joined))
    except ValueError:
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        return None
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
