"""Store pipeline: records as JSON lines under ``OUTPUT_DIR/<kind>/<crawl date>/<crawl_id>.jsonl``,
then remembered in the state store (``pipelines.state``)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.items import Record, record_dict
from crawler.run import crawl_date, crawl_id_of
from crawler.state import state_store_of
from pipelines.jsonlines import JsonLinesWriter, encode_line, repair_directory
from pipelines.state import remember_written, replay_unrecorded

logger = logging.getLogger(__name__)


class JsonLinesStorePipeline:
    """Writes each record as one line, flushed to the OS before the next record is handled.

    Settings: ``OUTPUT_DIR`` (default ``./data``), ``STORE_FSYNC`` (``close``, the default,
    or ``item`` to fsync after every record: survives power loss, at a cost per record).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.output_dir = Path(crawler.settings.get("OUTPUT_DIR", "data"))
        self.fsync_each = crawler.settings.get("STORE_FSYNC", "close") == "item"
        self.writers: dict[str, JsonLinesWriter] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JsonLinesStorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        repairs = repair_directory(self.output_dir)
        if repairs:
            self.stats.inc_value("store/torn_files_repaired", len(repairs))
        replayed = replay_unrecorded(state_store_of(self.crawler), self.output_dir)
        if replayed:
            self.stats.inc_value("store/replayed_into_state", replayed)
            logger.warning("%d records written before a crash were missing from the state store: added", replayed)

    def path_for(self, kind: str) -> Path:
        crawl_id = crawl_id_of(self.crawler)
        return self.output_dir / kind / crawl_date(crawl_id) / f"{crawl_id}.jsonl"

    def _writer(self, kind: str) -> JsonLinesWriter:
        writer = self.writers.get(kind)
        if writer is None:
            writer = JsonLinesWriter(self.path_for(kind), fsync_each=self.fsync_each)
            self.writers[kind] = writer
            logger.info("Writing %s records to %s", kind, writer.path)
        return writer

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Record):
            raise DropItem(f"not a record: {type(item).__name__}")
        record = record_dict(item)
        try:
            writer = self._writer(item.kind)
            end = writer.write(encode_line(record))
        except OSError as error:
            self.stats.inc_value("store/write_failed")
            logger.error("Could not write %s %s: %s", item.kind, item.id, error)
            raise DropItem(f"write failed: {error}") from error
        self.stats.inc_value(f"store/written/{item.kind}")
        remember_written(state_store_of(self.crawler), item, (writer.key, end))
        return item

    def close_spider(self) -> None:
        for writer in self.writers.values():
            writer.close()
        self.writers.clear()
