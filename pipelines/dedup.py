"""Dedup pipeline: one record per story, a new revision per change.

- The same id (an article's canonical URL, a post's ``channel/id``) with the same content
  is a duplicate: dropped (counted, logged at DEBUG), its URL kept as an alias.
- The same id with new content (or a newer ``modified_at``) is a new revision:
  ``revision`` is the last one written plus one.
- The same title and body under another canonical URL is a duplicate of the first one.
- A near duplicate (a syndicated or lightly edited copy of a story already stored, shingle
  Jaccard similarity >= ``NEAR_DUPLICATE_THRESHOLD``, default 0.8) is, by
  ``NEAR_DUPLICATES``: ``tag`` (default: kept, ``near_duplicate_of`` = the first one's id),
  ``drop``, or ``off``.

Decisions use what this run already let through plus the state store; the store itself is
only written after the record is (``pipelines.state``), so a crash never loses a record.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.dedup.index import NearDuplicateIndex
from crawler.incremental import is_newer
from crawler.items import Article, Record, TelegramChannel, TelegramPost
from crawler.state import StateStore, state_store_of
from crawler.state.records import RecordState

logger = logging.getLogger(__name__)


class DedupPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.near_policy = crawler.settings.get("NEAR_DUPLICATES", "tag")
        if self.near_policy not in ("tag", "drop", "off"):
            raise ValueError(f"NEAR_DUPLICATES must be tag, drop or off, not {self.near_policy!r}")
        self.near_threshold = crawler.settings.getfloat("NEAR_DUPLICATE_THRESHOLD", 0.8)
        self._near_index: NearDuplicateIndex | None = None
        self.seen: dict[str, RecordState] = {}  # decided in this run
        self.seen_content: dict[str, str] = {}
        self.channels: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        return cls(crawler)

    @property
    def state(self) -> StateStore:
        return state_store_of(self.crawler)

    def _drop(self, item: Record, reason: str, detail: str) -> DropItem:
        self.stats.inc_value(f"dedup/{reason}/{item.kind}")
        logger.debug("Dropped %s %s: %s", item.kind, item.id, detail)
        return DropItem(f"{reason}: {detail}", log_level="DEBUG")

    def process_item(self, item: Any) -> Any:
        if isinstance(item, TelegramChannel):
            if item.id in self.channels:
                raise self._drop(item, "duplicate", "channel already emitted in this run")
            self.channels.add(item.id)
            return item
        if not isinstance(item, (Article, TelegramPost)):
            return item
        previous = self.seen.get(item.id) or self.state.get_record(item.id)
        if previous is not None:
            modified_at = getattr(item, "modified_at", None)
            changed = item.content_hash != previous.content_hash or bool(
                modified_at and previous.modified_at and is_newer(modified_at, previous.modified_at)
            )
            if not changed:
                self._remember_aliases(item, item.id)
                raise self._drop(item, "duplicate", f"same content as revision {previous.revision}")
            item.revision = previous.revision + 1
            self.stats.inc_value(f"dedup/revision/{item.kind}")
        elif isinstance(item, Article) and item.content_hash:
            original = self.seen_content.get(item.content_hash) or self.state.id_for_content(item.content_hash)
            if original and original != item.id:
                self._remember_aliases(item, original)
                raise self._drop(item, "duplicate_content", f"same title and body as {original}")
        if isinstance(item, Article) and previous is None and self.near_policy != "off":
            self._check_near_duplicate(item)
        self.seen[item.id] = RecordState(
            item.id, item.kind, item.content_hash, item.revision, getattr(item, "modified_at", None)
        )
        if item.content_hash:
            self.seen_content.setdefault(item.content_hash, item.id)
        return item

    @property
    def near_index(self) -> NearDuplicateIndex:
        if self._near_index is None:
            self._near_index = NearDuplicateIndex(self.state.near_duplicate_storage(), self.near_threshold)
        return self._near_index

    def _check_near_duplicate(self, item: Article) -> None:
        """Tag or drop a copy of a story already indexed; index a new story.

        Indexed before the record is written: after a crash in between, the record comes
        back in the next run and finds itself in the index, which is not a duplicate."""
        text = f"{item.title}\n\n{item.body}"
        match = self.near_index.find_or_add(item.id, text)
        if match is None or match.record_id == item.id:
            return
        self.stats.inc_value(f"dedup/near_duplicate/{item.kind}")
        if self.near_policy == "drop":
            raise self._drop(item, "near_duplicate", f"{match.similarity:.2f} similar to {match.record_id}")
        item.near_duplicate_of = match.record_id

    def _remember_aliases(self, item: Record, record_id: str) -> None:
        """Other URLs of a record already written: safe to store now (they add no record)."""
        if isinstance(item, Article):
            self.state.add_aliases(record_id, [item.url, item.canonical_url or ""])
