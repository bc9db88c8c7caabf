"""The ``telegram`` spider: public channel previews (``<TELEGRAM_BASE_URL>/s/<channel>``).

    scrapy crawl telegram -a channels=stranaua,durov -a max_pages=3

This first version reads the newest pages of each channel and walks back through history
with the load-more cursor until ``max_pages`` pages were read or the cursor stops moving
back. Incremental cursors, ``since=`` and embed pages come with the Telegram issue.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import scrapy
from scrapy.http import Response, TextResponse

from crawler.extract.dates import utc_now_iso
from crawler.extract.telegram import parse_preview_page
from crawler.items import TelegramChannel, TelegramPost, content_hash, make_record
from crawler.run import crawl_id_of
from crawler.spiders.news import split_arg

_CHANNEL_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")


def channel_name(value: str) -> str | None:
    """``stranaua``, ``@stranaua``, ``https://t.me/stranaua`` or ``t.me/s/stranaua`` -> ``stranaua``."""
    name = value.strip().lstrip("@")
    if "/" in name:
        path = urlsplit(name if "://" in name else "https://" + name).path.strip("/").split("/")
        name = path[1] if path and path[0] == "s" and len(path) > 1 else path[0]
    return name if _CHANNEL_NAME.match(name) else None


def _before(url: str | None) -> int | None:
    values = parse_qs(urlsplit(url or "").query).get("before")
    return int(values[0]) if values and values[0].isdigit() else None


class TelegramSpider(scrapy.Spider):
    name = "telegram"

    def __init__(self, channels: str | None = None, max_pages: str | int = 1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        names = [channel_name(raw) for raw in split_arg(channels)]
        if not names or None in names:
            raise ValueError("telegram spider needs -a channels=<names or t.me URLs>")
        self.channels = list(dict.fromkeys(name for name in names if name))
        self.max_pages = int(max_pages)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        base = self.crawler.settings.get("TELEGRAM_BASE_URL", "https://t.me").rstrip("/")
        for channel in self.channels:
            yield scrapy.Request(f"{base}/s/{channel}", callback=self.parse, cb_kwargs={"channel": channel, "page": 1})

    def parse(self, response: Response, channel: str, page: int) -> Iterator[Any]:
        stats = self.crawler.stats
        if not isinstance(response, TextResponse) or f"/s/{channel}" not in response.url:
            stats.inc_value(f"telegram/{channel}/no_preview")
            self.logger.warning("Channel %s has no public preview (ended at %s)", channel, response.url)
            return
        parsed = parse_preview_page(response.text, response.url)
        common = {"crawl_id": crawl_id_of(self.crawler), "fetched_at": utc_now_iso()}
        if page == 1 and parsed["channel"]:
            header = parsed["channel"]
            yield make_record(TelegramChannel, {**header, **common, "id": header["channel"] or channel})
        for post in parsed["posts"]:
            stats.inc_value(f"telegram/{channel}/posts")
            yield make_record(TelegramPost, {
                **post, **common,
                "id": f"{post['channel']}/{post['post_id']}",
                "content_hash": content_hash(post.get("text")),
            })
        oldest = min((post["post_id"] for post in parsed["posts"]), default=None)
        cursor = _before(parsed["prev_url"])
        if page >= self.max_pages:
            return
        if cursor is None or (oldest is not None and cursor > oldest):
            self.logger.info("Channel %s: history ends at page %d (no cursor further back)", channel, page)
            return
        yield response.follow(parsed["prev_url"], callback=self.parse, cb_kwargs={"channel": channel, "page": page + 1})
