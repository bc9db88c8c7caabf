"""Which source a request or a record belongs to.

- ``news``: the outlet profile's name (``uoj``, ``strana``) for its domains and mirrors; any
  other site by its host without ``www.``/``m.``/``amp.`` (as ``Article.outlet``), with the port
  when it is not the scheme's default (two sites on one host are two sources). Telegram
  posts that articles cite are ``t.me/<channel>``.
- ``telegram``: the channel name as given to the spider.
- other spiders: the host, as above.

A redirected request stays with the source of the URL first asked for.
"""

from __future__ import annotations

from typing import Any, Protocol
from urllib.parse import urlsplit

from scrapy import Request, Spider

from crawler.urls import registered_domain


class SourceResolver(Protocol):
    def for_url(self, url: str) -> str: ...
    def for_request(self, request: Request) -> str: ...
    def for_item(self, item: Any) -> str | None: ...
    def expects_records(self, request: Request) -> bool: ...
    def is_repeat(self, request: Request) -> bool: ...
    def spider_counts(self, stats: dict[str, Any]) -> dict[str, dict[str, int]]: ...


def first_url(request: Request) -> str:
    """The URL first asked for, before any redirect."""
    redirects = request.meta.get("redirect_urls")
    return redirects[0] if redirects else request.url


def site_of(url: str) -> str:
    """``example.org`` for ``https://www.example.org/x``; ``127.0.0.1:8080`` with a port."""
    try:
        parts = urlsplit(url)
        host = registered_domain((parts.hostname or "").lower().rstrip("."))
        port = parts.port
    except ValueError:
        return "(invalid url)"
    if not host:
        return "(no host)"
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    return f"{host}:{port}" if port is not None and port != default else host


class HostSources:
    """Sources by site; for spiders this module knows nothing about."""

    def __init__(self) -> None:
        self._by_netloc: dict[str, str] = {}

    def for_url(self, url: str) -> str:
        try:
            netloc = urlsplit(url).netloc
        except ValueError:
            return "(invalid url)"
        source = self._by_netloc.get(netloc)
        if source is None:
            source = self._by_netloc[netloc] = self.source_of_url(url)
        return source

    def source_of_url(self, url: str) -> str:
        return site_of(url)

    def for_request(self, request: Request) -> str:
        return self.for_url(first_url(request))

    def for_item(self, item: Any) -> str | None:
        url = getattr(item, "url", None)
        return self.for_url(url) if isinstance(url, str) and url else None

    def expects_records(self, request: Request) -> bool:
        return True

    def is_repeat(self, request: Request) -> bool:
        """A retry or a redirect of a request already counted."""
        return bool(request.meta.get("retry_times") or request.meta.get("redirect_times"))

    def spider_counts(self, stats: dict[str, Any]) -> dict[str, dict[str, int]]:
        """The spider's own counters per source, from the run's stats; none here."""
        return {}


class NewsSources(HostSources):
    def __init__(self, spider: Any) -> None:
        super().__init__()
        self.spider = spider
        base = getattr(spider, "telegram_base_url", None) or "https://t.me"
        self.telegram_prefix = base.rstrip("/") + "/"

    def source_of_url(self, url: str) -> str:
        profile = self.spider.profile_for(url)
        return profile.name if profile is not None else site_of(url)

    def telegram_source(self, url: str) -> str | None:
        if not url.startswith(self.telegram_prefix):
            return None
        channel = url[len(self.telegram_prefix):].split("?", 1)[0].strip("/").split("/", 1)[0]
        return f"t.me/{channel.lower()}" if channel else None

    def for_request(self, request: Request) -> str:
        url = first_url(request)
        return self.telegram_source(url) or self.for_url(url)

    def for_item(self, item: Any) -> str | None:
        channel = getattr(item, "channel", None)
        if item.__class__.__name__ in ("TelegramPost", "TelegramChannel") and channel:
            return f"t.me/{channel.lower()}"
        return super().for_item(item)

    def expects_records(self, request: Request) -> bool:
        """Article candidates (feed, sitemap, read-also and article-like links) and cited posts."""
        return "article_candidate" in request.meta or self.telegram_source(first_url(request)) is not None


class TelegramSources(HostSources):
    def __init__(self, spider: Any) -> None:
        super().__init__()
        self.spider = spider
        self.channels: dict[str, str] = {}

    def channel(self, name: str) -> str:
        """The channel as the spider spells it (its list may grow while it runs)."""
        key = name.lower()
        if key not in self.channels:
            self.channels = {channel.lower(): channel for channel in getattr(self.spider, "channels", [])}
        return self.channels.setdefault(key, name)

    def for_request(self, request: Request) -> str:
        channel = request.cb_kwargs.get("channel")
        if channel:
            return self.channel(channel)
        path = urlsplit(first_url(request)).path.strip("/").split("/")
        if len(path) >= 2 and path[0] == "s":
            return self.channel(path[1])
        return super().for_request(request)

    def for_item(self, item: Any) -> str | None:
        channel = getattr(item, "channel", None)
        return self.channel(channel) if isinstance(channel, str) and channel else super().for_item(item)

    def expects_records(self, request: Request) -> bool:
        return "telegram_page" in request.meta

    def is_repeat(self, request: Request) -> bool:
        return super().is_repeat(request) or bool(request.meta.get("telegram_attempt"))

    def spider_counts(self, stats: dict[str, Any]) -> dict[str, dict[str, int]]:
        """What the spider says of each channel (``telegram/<channel>/missing``, ``no_preview``,
        ``end/<reason>``, ``rate_limited``...): it explains a channel's numbers, e.g. one
        page fetched and no posts. Pages and posts are in the report already."""
        found: dict[str, dict[str, int]] = {}
        for key, value in stats.items():
            parts = key.split("/", 2)
            if len(parts) == 3 and parts[0] == "telegram" and parts[2] not in ("pages", "posts") \
                    and isinstance(value, int) and not isinstance(value, bool):
                found.setdefault(self.channel(parts[1]), {})[parts[2]] = value
        return found


def resolver_for(spider: Spider) -> SourceResolver:
    if spider.name == "news" and hasattr(spider, "profile_for"):
        return NewsSources(spider)
    if spider.name == "telegram":
        return TelegramSources(spider)
    return HostSources()
