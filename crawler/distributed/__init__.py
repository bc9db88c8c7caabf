"""Distributed mode: many workers, one frontier and one state on Redis.

``REDIS_URL`` (or ``STATE_URI=redis://...``) turns it on; ``DistributedAddon`` (enabled in
the project settings) then swaps in the Redis frontier scheduler and points the state store
at the same Redis. Without either setting nothing here is used.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from scrapy.settings import BaseSettings

_REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
DEFAULT_PREFIX = "newscrawler"


def redis_url_of(settings: BaseSettings) -> str | None:
    """The Redis URL distributed mode runs on, or None when the crawl is a local one."""
    explicit = settings.get("REDIS_URL")
    if explicit:
        return str(explicit)
    state_uri = str(settings.get("STATE_URI") or "")
    return state_uri if state_uri.startswith(_REDIS_SCHEMES) else None


def connection_url(url: str) -> str:
    """``url`` without our ``?prefix=`` option, which redis-py would refuse."""
    return url.split("?", 1)[0]


def key_prefix_of(settings: BaseSettings, url: str) -> str:
    """All our keys start with this: ``FRONTIER_KEY_PREFIX``, else the URL's ``?prefix=``."""
    query = parse_qs(urlsplit(url).query)
    return str(settings.get("FRONTIER_KEY_PREFIX") or (query.get("prefix") or [DEFAULT_PREFIX])[0])
