"""From a Telegram post to the articles it links to (``TELEGRAM_FOLLOW_POST_LINKS``).

Stories often start as a channel post that links to an outlet ("details:
https://outlet/news/..."). With the setting on, the telegram spider fetches the web pages
that emitted posts link to, in the text or the link preview, each once per run. It reads
them the way the news spider reads any page: with the outlet's profile when there is one,
generically otherwise. An article becomes a record with ``discovered_via: {kind:
"telegram", from_url: <post URL>}``. Other pages are counted and left alone. Nothing is
followed further from those pages: a linked page is a leaf, not a new crawl.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse

from crawler.extract.dates import get_timezone
from crawler.extract.not_article import body_problem, is_paywall_stub
from crawler.extract.page import read_page
from crawler.incremental import Decision, decide
from crawler.items import Article
from crawler.outlets.registry import registry
from crawler.report.signals import request_skipped
from crawler.spiders.records import article_record
from crawler.urls import absolute_url, host_of

_TELEGRAM_HOSTS = frozenset({"t.me", "telegram.me", "telegram.org", "telegram.dog"})
_NOT_PAGES = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|mp[34]|m4a|mov|webm|ogg|wav|pdf|zip|rar|7z|apk|exe|docx?|xlsx?)$", re.IGNORECASE)
_STATS = "telegram/post_links"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def post_link_urls(post: dict[str, Any], telegram_base_url: str) -> list[str]:
    """The web pages a post links to (text links, then its link preview), each once: not
    Telegram's own pages (t.me and the like, or ``TELEGRAM_BASE_URL``'s origin), not media
    files."""
    candidates = [link.get("url") for link in post.get("links") or []]
    candidates.append((post.get("link_preview") or {}).get("url"))
    telegram_origin = _origin(telegram_base_url)
    found: dict[str, None] = {}
    for candidate in candidates:
        url = absolute_url(candidate) if candidate else None
        if not url:
            continue
        if host_of(url) in _TELEGRAM_HOSTS or _origin(url) == telegram_origin or _NOT_PAGES.search(url.split("?", 1)[0]):
            continue
        found.setdefault(url, None)
    return list(found)


class PostLinks:
    """The telegram spider's side of following post links: which requests, and what a
    fetched page gives."""

    def __init__(self, crawler: Crawler, telegram_base_url: str) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.enabled = settings.getbool("TELEGRAM_FOLLOW_POST_LINKS", False)
        self.telegram_base_url = telegram_base_url
        self.profiles = registry(tuple(settings.getlist("OUTLET_PROFILES_DIRS")))
        self.default_timezone = settings.get("DEFAULT_TIMEZONE") or "UTC"
        self.followed: set[str] = set()

    def requests(self, posts: Iterable[dict[str, Any]], callback: Any) -> Iterator[scrapy.Request]:
        if not self.enabled:
            return
        stats = self.crawler.stats
        for post in posts:
            for url in post_link_urls(post, self.telegram_base_url):
                if url in self.followed:
                    continue
                self.followed.add(url)
                profile = self.profiles.for_url(url)
                if decide(self.crawler, url, profile) is Decision.SKIP:
                    stats.inc_value("incremental/skipped_known")
                    self.crawler.signals.send_catch_log(signal=request_skipped, url=url, reason="known")
                    continue
                stats.inc_value(f"{_STATS}/followed")
                yield scrapy.Request(url, callback=callback, meta={
                    "discovered_via": {"kind": "telegram", "from_url": post.get("url")},
                    "allow_offsite": True, "depth_reset": True,
                })

    def read(self, response: Response) -> Article | None:
        """The article on a linked page, or None (counted by why)."""
        stats = self.crawler.stats
        if not isinstance(response, TextResponse):
            stats.inc_value(f"{_STATS}/not_article/not_text")
            return None
        if reason := body_problem(response.body):
            stats.inc_value(f"{_STATS}/not_article/{reason}")
            return None
        profile = self.profiles.for_url(response.url)
        tz = get_timezone(profile.timezone if profile else self.default_timezone)
        reading = read_page(response.selector, response.url, pattern=profile.article_regex if profile else None,
                            profile=profile, tz=tz)
        if reading.problem or not reading.article:
            stats.inc_value(f"{_STATS}/not_article/{reading.problem or 'not_an_article_page'}")
            return None
        if reading.error or reading.fields is None:
            stats.inc_value(f"news/extract_failed/{reading.error}")
            return None
        article = article_record(self.crawler, response, reading.fields, profile)
        if is_paywall_stub(article.body, article.lead, article.paywalled):
            stats.inc_value(f"{_STATS}/not_article/paywall_stub")
            return None
        stats.inc_value(f"{_STATS}/articles")
        return article
