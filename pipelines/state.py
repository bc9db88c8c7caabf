"""State pipeline: after a record is written, remember what it means for the next run.

It runs after the store, so a crash between the two leaves state behind the output (the next
run fetches a little again), never ahead of it (which would lose records).
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from crawler.items import TelegramPost
from crawler.state import state_store_of


class StatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, TelegramPost):
            state_store_of(self.crawler).advance_channel_cursor(item.channel, item.post_id)
        return item
