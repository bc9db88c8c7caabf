"""What the crawler knows about one outlet: a declarative profile (loaded from TOML)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlsplit

from crawler.urls import host_of, registered_domain


@dataclass(frozen=True)
class OutletProfile:
    """One outlet. Everything is optional but ``name`` and ``domains``.

    ``selectors`` maps an Article field (``title``, ``lead``, ``body``, ``authors``,
    ``published_at``, ``modified_at``, ``section``, ``tags``, ``related``) to a CSS selector
    (or an XPath when it starts with ``/`` or ``(``); a selector given here wins over every
    generic source for that field.

    ``domains`` and ``mirrors`` are host names without ``www.``/``m.``/``amp.`` (those
    prefixes always match). ``language_by_path`` maps a path prefix (``/ua/``) or a host
    (``tass.com``) to an ISO 639-1 code (``uk``); ``url_aliases`` are ``(regex, replacement)`` pairs that turn a twin
    URL (AMP, mobile) into the canonical article URL before it is fetched.
    """

    name: str
    domains: tuple[str, ...]
    mirrors: tuple[str, ...] = ()
    title: str | None = None
    language: str | None = None
    timezone: str = "UTC"
    start_urls: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    article_pattern: str | None = None
    selectors: dict[str, str] = field(default_factory=dict, hash=False)
    languages: tuple[str, ...] = ()
    language_by_path: dict[str, str] = field(default_factory=dict, hash=False)
    url_aliases: tuple[tuple[str, str], ...] = ()
    exclude_pattern: str | None = None  # URLs never followed (login, print versions, ...)

    @cached_property
    def article_regex(self) -> re.Pattern[str] | None:
        return re.compile(self.article_pattern) if self.article_pattern else None

    @cached_property
    def exclude_regex(self) -> re.Pattern[str] | None:
        return re.compile(self.exclude_pattern) if self.exclude_pattern else None

    @property
    def all_domains(self) -> tuple[str, ...]:
        return self.domains + self.mirrors

    def owns_host(self, host: str) -> bool:
        """The host is one of the outlet's domains or mirrors (also as www./m./amp. host)."""
        return registered_domain(host.lower().rstrip(".")) in self.all_domains

    def owns_url(self, url: str) -> bool:
        return self.owns_host(host_of(url))

    def canonical_url(self, url: str) -> str:
        """The URL with ``url_aliases`` applied (an AMP twin becomes the article URL)."""
        for pattern, replacement in self.url_aliases:
            url = re.sub(pattern, replacement, url, count=1)
        return url

    def language_for(self, url: str) -> str | None:
        """The language ``language_by_path`` gives the URL, else the outlet's main language.

        A key starting with ``/`` is a path prefix (``/ua/``); any other key is a host with
        an optional path (``tass.com``, ``example.org/en/``), www./m./amp. hosts included.
        """
        try:
            path = urlsplit(url).path or "/"
        except ValueError:
            return self.language
        site_path = registered_domain(host_of(url)) + path
        for prefix, language in self.language_by_path.items():
            if path.startswith(prefix) if prefix.startswith("/") else site_path.startswith(prefix):
                return language
        return self.language
