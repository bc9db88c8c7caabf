"""What the crawler knows about one outlet: a declarative profile (loaded from TOML)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class OutletProfile:
    """One outlet. Everything is optional but ``name`` and ``domains``.

    ``selectors`` maps an Article field (``title``, ``lead``, ``body``, ``authors``,
    ``published_at``, ``modified_at``, ``section``, ``tags``, ``related``) to a CSS selector
    (or an XPath when it starts with ``/`` or ``(``); a selector given here wins over every
    generic source for that field.
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

    @cached_property
    def article_regex(self) -> re.Pattern[str] | None:
        return re.compile(self.article_pattern) if self.article_pattern else None

    @property
    def all_domains(self) -> tuple[str, ...]:
        return self.domains + self.mirrors
