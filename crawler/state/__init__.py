"""State kept across runs (cursors now; seen URLs, hashes and the near-duplicate index with the
dedup work), behind one interface chosen by ``STATE_URI``: a SQLite file by default."""

from __future__ import annotations

from typing import Any, Protocol

from scrapy.crawler import Crawler

from crawler.state.records import RecordState, Validators

DEFAULT_STATE_URI = "sqlite:///state/crawler.sqlite3"
_ATTRIBUTE = "_newscrawler_state_store"


class StateStore(Protocol):
    def get_channel_cursor(self, channel: str) -> int | None:
        """The newest post id of a channel already stored, or None."""

    def advance_channel_cursor(self, channel: str, post_id: int) -> None:
        """Remember ``post_id`` as stored; the cursor only ever moves forward."""

    def get_channel_backfill(self, channel: str) -> tuple[int | None, bool]:
        """(the ``before=`` cursor an earlier, cut-short crawl stopped at, whether the channel's
        history was read to its start)."""

    def set_channel_backfill(self, channel: str, before_id: int | None, done: bool) -> None: ...

    def get_record(self, record_id: str) -> RecordState | None:
        """What was last written under this id (content hash, revision), or None."""

    def id_for_content(self, content_hash: str) -> str | None:
        """The id of a record written with exactly this content, or None."""

    def id_for_url(self, url: str) -> str | None:
        """The id of the record a (canonical or alias) URL is known to give, or None."""

    def remember(self, record: RecordState, urls: list[str], checkpoint: tuple[str, int] | None = None) -> None:
        """Remember a written record, its URLs and the output offset it ends at, atomically."""

    def record_for_url(self, url: str) -> RecordState | None:
        """The record a URL is known to give (with when it was stored), or None."""

    def add_aliases(self, record_id: str, urls: list[str]) -> None: ...

    def get_validators(self, url: str) -> Validators | None:
        """ETag/Last-Modified and fetch times of an article page, or None."""

    def set_validators(self, url: str, etag: str | None, last_modified: str | None, now: str) -> None: ...

    def get_checkpoint(self, path: str) -> int:
        """How many bytes of an output file are accounted for in this store."""

    def near_duplicate_storage(self) -> Any:
        """Storage for ``crawler.dedup.NearDuplicateIndex`` kept with the rest of the state."""

    def close(self) -> None: ...


def open_state_store(uri: str) -> StateStore:
    """``redis://host:port/db[?prefix=name]``, ``sqlite:///relative/path``,
    ``sqlite:////absolute/path`` or a plain file path."""
    if uri.startswith(("redis://", "rediss://", "unix://")):
        from crawler.state.redis import RedisStateStore

        return RedisStateStore(uri)
    from crawler.state.sqlite import SQLiteStateStore

    path = uri.removeprefix("sqlite:///") if uri.startswith("sqlite:///") else uri
    return SQLiteStateStore(path)


def state_store_of(crawler: Crawler) -> StateStore:
    """One store per crawl, shared by spiders, middlewares and pipelines; closed with the spider."""
    store = getattr(crawler, _ATTRIBUTE, None)
    if store is None:
        from scrapy import signals

        store = open_state_store(crawler.settings.get("STATE_URI") or DEFAULT_STATE_URI)
        setattr(crawler, _ATTRIBUTE, store)

        def close(**_: object) -> None:
            store.close()
            setattr(crawler, _ATTRIBUTE, None)

        crawler.signals.connect(close, signal=signals.spider_closed, weak=False)
    return store
