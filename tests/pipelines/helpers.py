"""Building pipelines on a real Scrapy crawler (not a mock) and sample records."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from crawler.items import Article, TelegramPost
from crawler.spiders.news import NewsSpider


def make_crawler(**settings: Any) -> Crawler:
    """A real crawler; its state store goes to a fresh temporary file unless STATE_URI is given."""
    settings.setdefault("STATE_URI", str(Path(tempfile.mkdtemp(prefix="state-")) / "state.sqlite3"))
    return get_crawler(NewsSpider, settings)


def article(**overrides: Any) -> Article:
    values: dict[str, Any] = {
        "id": "a1", "crawl_id": "20261125T000000Z-test", "fetched_at": "2026-11-25T07:00:00+00:00",
        "url": "https://spzh.news/en/news/85419-x", "title": "Police department stormed",
        "body": "First paragraph.\n\nSecond paragraph.",
    }
    return Article(**{**values, **overrides})


def post(**overrides: Any) -> TelegramPost:
    values: dict[str, Any] = {
        "id": "stranaua/1", "crawl_id": "20261125T000000Z-test", "fetched_at": "2026-11-25T07:00:00+00:00",
        "channel": "stranaua", "post_id": 1, "url": "https://t.me/stranaua/1", "text": "Видео",
    }
    return TelegramPost(**{**values, **overrides})
