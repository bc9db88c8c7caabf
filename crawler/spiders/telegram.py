"""The ``telegram`` spider: public channel previews (``<TELEGRAM_BASE_URL>/s/<channel>``).

    scrapy crawl telegram -a channels=stranaua,@durov,https://t.me/s/tass_agency
    scrapy crawl telegram -a channels=stranaua -a since=2026-11-01 -a max_posts=500 -a max_pages=10

Per channel: the newest page, then back through history with the load-more cursor
(``?before=<id>``) until the history starts, ``since``, ``max_posts``, ``max_pages``, or the
newest post an earlier run stored (the state store's channel cursor), so that a scheduled
rerun reads only the first page(s). Stored posts seen again are emitted only when marked
edited: they may be new revisions, which the dedup pipeline tells apart.

It never loops: a page without a cursor, or whose cursor does not move back, ends the
channel. What happened to each channel is in the run's stats: ``telegram/<channel>/posts``,
``.../pages``, ``.../end/<reason>``, ``.../no_preview``, ``.../missing``, ``.../rate_limited``,
``.../failed``. A 429 is retried after its ``Retry-After`` (``TELEGRAM_RATE_LIMIT_RETRIES``
times at most, each wait capped by ``TELEGRAM_RETRY_AFTER_MAX``) while the other channels go on.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.utils.asyncio import sleep
from twisted.python.failure import Failure

from crawler.discovery.since import parse_since
from crawler.distributed import redis_url_of
from crawler.extract.dates import get_timezone, parse_datetime, utc_now_iso
from crawler.extract.telegram import before_cursor, parse_preview_page
from crawler.items import Article, TelegramChannel, make_record
from crawler.net.retry_after import (
    retry_after_seconds,  # one parser for the spider and the middleware
)
from crawler.run import crawl_id_of
from crawler.spiders.post_links import PostLinks
from crawler.spiders.records import telegram_post_item
from crawler.state import state_store_of

_CHANNEL_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")
_RATE_LIMITED = 429
_GONE = (404, 410)
_DEFAULT_RETRY_AFTER = 10.0  # seconds, when a 429 does not say how long to wait


def channel_name(value: str) -> str | None:
    """``stranaua``, ``@stranaua``, ``https://t.me/stranaua`` or ``t.me/s/stranaua`` -> ``stranaua``."""
    name = value.strip().lstrip("@")
    if "/" in name:
        try:
            path = urlsplit(name if "://" in name else "https://" + name).path.strip("/").split("/")
        except ValueError:  # "http://[x": not a URL, so not a channel either
            return None
        name = path[1] if path and path[0] == "s" and len(path) > 1 else path[0]
    return name if _CHANNEL_NAME.match(name) else None


def _positive_int(value: str | int | None, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise ValueError(f"{name} must be a positive integer: {value!r}")
    return number


@dataclass
class ChannelProgress:
    known: int | None  # newest post id stored by earlier runs
    posts: int = 0
    pages: int = 0
    header_emitted: bool = False
    backfill_before: int | None = None  # where an earlier, cut-short crawl stopped going back
    history_done: bool = False  # an earlier crawl read back to the channel's first post
    backfilling: bool = False  # reading older pages past ``known`` in this run
    oldest_seen: int | None = None
    end_reason: str | None = None


class TelegramSpider(scrapy.Spider):
    name = "telegram"
    # The methods a request in the shared Redis frontier may name (crawler.distributed).
    frontier_methods = frozenset({"parse", "failed", "parse_linked_page"})

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        # 429 is answered after its Retry-After (retry_later); retried at once it is refused again.
        codes = [code for code in settings.getlist("RETRY_HTTP_CODES") if str(code).strip() != str(_RATE_LIMITED)]
        settings.set("RETRY_HTTP_CODES", codes, priority="spider")

    def __init__(
        self,
        channels: str | None = None,
        since: str | None = None,
        max_posts: str | int | None = None,
        max_pages: str | int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        raw = [part.strip() for part in (channels or "").split(",") if part.strip()]
        names = [channel_name(value) for value in raw]
        if None in names:
            raise ValueError("telegram spider needs -a channels=<names, @names or t.me URLs>")
        unique: dict[str, str] = {}
        for name in names:
            unique.setdefault(name.lower(), name)  # type: ignore[union-attr]
        self.channels = list(unique.values())
        self.since_arg = since
        self.since: datetime | None = None
        self.max_posts = _positive_int(max_posts, "max_posts")
        self.max_pages = _positive_int(max_pages, "max_pages")
        self.progress: dict[str, ChannelProgress] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> TelegramSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.crawl_arguments = dict(kwargs)  # workers with the same arguments share a frontier
        spider.configure(crawler.settings)
        return spider

    def configure(self, settings: BaseSettings) -> None:
        if not self.channels and not redis_url_of(settings):
            raise ValueError("telegram spider needs -a channels=<names, @names or t.me URLs> "
                             "(or, in distributed mode, channels pushed to the frontier's Redis list)")
        self.base_url = (settings.get("TELEGRAM_BASE_URL") or "https://t.me").rstrip("/")
        self.rate_limit_retries = settings.getint("TELEGRAM_RATE_LIMIT_RETRIES", 3)
        self.retry_after_max = settings.getfloat("TELEGRAM_RETRY_AFTER_MAX", 300.0)
        self.post_links = PostLinks(self.crawler, self.base_url)  # TELEGRAM_FOLLOW_POST_LINKS
        if self.since_arg:
            self.since = parse_since(self.since_arg, get_timezone(settings.get("DEFAULT_TIMEZONE") or "UTC"))

    # --- requests ---

    def page_request(self, channel: str, url: str, page: int, cursor: int | None, attempt: int = 0) -> scrapy.Request:
        progress = self.track(channel)
        return scrapy.Request(
            url,
            callback=self.parse,
            errback=self.failed,
            cb_kwargs={"channel": channel},
            meta={
                "telegram_page": page,
                "telegram_cursor": cursor,  # the before= of this page (None: newest page)
                "telegram_attempt": attempt,
                "handle_httpstatus_list": [*_GONE, _RATE_LIMITED],
                "depth_reset": True,  # history pages are not links: DEPTH_LIMIT does not apply
                # Where this walk stood when the page was asked for: a page resumed from JOBDIR or
                # taken by another worker must not judge its posts by a cursor advanced since.
                # Its posts so far travel too: max_posts holds for a walk shared by workers.
                "telegram_walk": {"known": progress.known, "backfilling": progress.backfilling,
                                  "posts": progress.posts},
            },
            dont_filter=attempt > 0,
        )

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for request in self.seed_requests(self.channels):
            yield request

    def seed_requests(self, channels: list[str]) -> list[scrapy.Request]:
        """The newest page of each channel: from arguments, or in distributed mode from the
        seed list of the shared frontier (names, @names or t.me URLs; bad ones are logged)."""
        store = state_store_of(self.crawler)
        requests = []
        for value in channels:
            channel = channel_name(value)
            if channel is None:
                self.crawler.stats.inc_value("telegram/bad_channel_name")
                self.logger.warning("Not a channel name or t.me URL: %r", value)
                continue
            self.track(channel, store)
            requests.append(self.page_request(channel, f"{self.base_url}/s/{channel}", page=1, cursor=None))
        return requests

    def track(self, channel: str, store: Any = None) -> ChannelProgress:
        """This worker's progress on a channel, begun from the state store on first sight (in
        distributed mode a page of any channel may come to any worker)."""
        if channel not in self.progress:
            store = store or state_store_of(self.crawler)
            before, done = store.get_channel_backfill(channel)
            self.progress[channel] = ChannelProgress(
                known=store.get_channel_cursor(channel), backfill_before=before, history_done=done
            )
            if channel not in self.channels:
                self.channels.append(channel)
        return self.progress[channel]

    # --- callbacks ---

    async def parse(self, response: Response, channel: str) -> AsyncIterator[Any]:
        if response.status == _RATE_LIMITED:
            retry = await self.retry_later(response, channel)
            if retry is not None:
                yield retry
            return
        for result in self.read_response(response, channel):
            yield result

    def read_response(self, response: Response, channel: str) -> Iterator[Any]:
        stats = self.crawler.stats
        if response.status in _GONE:
            stats.inc_value(f"telegram/{channel}/missing")
            self.logger.warning("Channel %s does not exist (HTTP %d at %s)", channel, response.status, response.url)
            return
        if not isinstance(response, TextResponse):
            stats.inc_value(f"telegram/{channel}/failed")
            self.logger.error("Channel %s: not a web page at %s", channel, response.url)
            return
        parsed = parse_preview_page(response.text, response.url)
        path = urlsplit(response.url).path.rstrip("/").lower()
        if path.endswith(f"/s/{channel.lower()}") or parsed["posts"]:
            yield from self.read_preview(response, channel, parsed)
        else:
            yield from self.read_landing(response, channel, parsed["channel"])

    def parse_linked_page(self, response: Response, **kwargs: Any) -> Iterator[Article]:
        """A web page a post links to (``TELEGRAM_FOLLOW_POST_LINKS``): its article, if any."""
        if (article := self.post_links.read(response)) is not None:
            yield article

    def read_landing(self, response: TextResponse, channel: str, header: dict[str, Any] | None) -> Iterator[Any]:
        """``/s/<channel>`` redirected away from the preview: to the channel's landing page
        (no public preview) or to Telegram's home page (no such channel)."""
        stats = self.crawler.stats
        if header is None or not header.get("title"):
            stats.inc_value(f"telegram/{channel}/missing")
            self.logger.warning("Channel %s does not exist (redirected to %s)", channel, response.url)
            return
        stats.inc_value(f"telegram/{channel}/no_preview")
        self.logger.warning("Channel %s has no public preview (redirected to %s)", channel, response.url)
        if header.get("subscribers") is not None:  # a channel or group page, not a user's
            yield from self.channel_record(channel, header)

    def channel_record(self, channel: str, header: dict[str, Any]) -> Iterator[TelegramChannel]:
        progress = self.track(channel)
        if progress.header_emitted:
            return
        progress.header_emitted = True
        name = header.get("channel") or channel
        yield make_record(TelegramChannel, {
            **header, "id": name, "channel": name,
            "crawl_id": crawl_id_of(self.crawler), "fetched_at": utc_now_iso(),
        })  # type: ignore[misc]

    def read_preview(self, response: TextResponse, channel: str, parsed: dict[str, Any]) -> Iterator[Any]:
        stats = self.crawler.stats
        progress = self.track(channel)
        if (walk := response.meta.get("telegram_walk")) is not None:
            progress.known, progress.backfilling = walk["known"], walk["backfilling"]
            progress.posts = max(progress.posts, int(walk.get("posts") or 0))
        page = int(response.meta.get("telegram_page", 1))
        progress.pages += 1
        stats.inc_value(f"telegram/{channel}/pages")
        if parsed["channel"]:
            yield from self.channel_record(channel, parsed["channel"])
        posts = sorted(parsed["posts"], key=lambda post: post["post_id"], reverse=True)
        reason = None
        emitted: list[dict[str, Any]] = []
        for post in posts:
            if self.older_than_since(post):
                reason = "since"
                continue
            progress.oldest_seen = min(post["post_id"], progress.oldest_seen or post["post_id"])
            if progress.known is not None and post["post_id"] <= progress.known and not progress.backfilling:
                # Already stored: emitted all the same, so the dedup pipeline can drop it or,
                # when it was edited since, keep it as a new revision (pipelines decide).
                reason = reason or "known"
                stats.inc_value(f"telegram/{channel}/seen_known")
            if self.max_posts and progress.posts >= self.max_posts:
                reason = "max_posts"
                break
            progress.posts += 1
            stats.inc_value(f"telegram/{channel}/posts")
            emitted.append(post)
            yield telegram_post_item(post, self.crawler)
        yield from self.post_links.requests(emitted, self.parse_linked_page)
        if reason is None and self.max_posts and progress.posts >= self.max_posts:
            reason = "max_posts"
        if reason == "known" and not progress.history_done and progress.backfill_before:
            # New posts are read; now go on back from where an earlier crawl was cut short.
            progress.backfilling = True
            before = progress.backfill_before
            yield self.page_request(channel, f"{self.base_url}/s/{channel}?before={before}", page + 1, before)
        elif reason:
            self.end(channel, reason, page)
        elif (request := self.next_page(channel, page, posts, parsed["prev_url"], response)) is not None:
            yield request

    def next_page(self, channel: str, page: int, posts: list[dict[str, Any]], prev_url: str | None,
                  response: Response) -> scrapy.Request | None:
        """The request for the next older page, or None (the reason is logged and counted)."""
        if self.max_pages and page >= self.max_pages:
            self.end(channel, "max_pages", page)
            return None
        if not posts:
            self.end(channel, "empty_page", page)
            return None
        cursor = before_cursor(prev_url)
        if cursor is None:
            self.end(channel, "history_start", page)
            return None
        previous = response.meta.get("telegram_cursor")
        if (previous is not None and cursor >= previous) or cursor > posts[-1]["post_id"]:
            self.end(channel, "cursor_stuck", page, f"cursor {cursor} after {previous}, oldest post {posts[-1]['post_id']}")
            return None
        return self.page_request(channel, f"{self.base_url}/s/{channel}?before={cursor}", page + 1, cursor)

    def older_than_since(self, post: dict[str, Any]) -> bool:
        if self.since is None:
            return False
        published = parse_datetime(post.get("published_at"))
        return published is not None and published < self.since

    def end(self, channel: str, reason: str, page: int, detail: str = "") -> None:
        self.track(channel).end_reason = reason
        self.crawler.stats.inc_value(f"telegram/{channel}/end/{reason}")
        log = self.logger.warning if reason in ("cursor_stuck", "rate_limited") else self.logger.info
        log("Channel %s: done after page %d (%s%s); %d posts emitted", channel, page, reason,
            f": {detail}" if detail else "", self.progress[channel].posts)

    def closed(self, reason: str) -> None:
        """Remember, per channel, how far back history was read, so that a crawl cut short by
        max_posts/max_pages/429s (or a first crawl stopped early) is continued next time
        instead of being hidden behind the newest-post cursor. Only after a clean finish:
        then every post read was also written."""
        if reason != "finished":
            return
        store = state_store_of(self.crawler)
        for channel, progress in self.progress.items():
            if progress.end_reason in ("history_start", "since"):
                store.set_channel_backfill(channel, None, True)
            elif progress.end_reason == "known":
                continue  # nothing older than before was read: keep what the store says
            elif progress.oldest_seen is not None and not progress.history_done:
                store.set_channel_backfill(channel, progress.oldest_seen, False)

    async def retry_later(self, response: Response, channel: str) -> scrapy.Request | None:
        """A 429: wait as long as ``Retry-After`` says (capped), then ask again; the other
        channels' requests go on meanwhile. None when the retries are used up."""
        stats = self.crawler.stats
        stats.inc_value(f"telegram/{channel}/rate_limited")
        attempt = int(response.meta.get("telegram_attempt", 0))
        page = int(response.meta.get("telegram_page", 1))
        if attempt >= self.rate_limit_retries:
            self.end(channel, "rate_limited", page, f"still 429 after {attempt} retries")
            return None
        delay = min(retry_after_seconds(response.headers.get("Retry-After"), _DEFAULT_RETRY_AFTER), self.retry_after_max)
        self.logger.warning("Channel %s rate limited (429 at %s): retry %d of %d in %.1f s",
                            channel, response.url, attempt + 1, self.rate_limit_retries, delay)
        await sleep(delay)
        return self.page_request(channel, response.url, page, response.meta.get("telegram_cursor"), attempt + 1)

    def failed(self, failure: Failure) -> None:
        request = getattr(failure, "request", None)
        channel = request.cb_kwargs.get("channel", "?") if request is not None else "?"
        self.crawler.stats.inc_value(f"telegram/{channel}/failed")
        self.logger.error("Channel %s: %s failed: %s", channel, getattr(request, "url", "?"), failure.getErrorMessage())
