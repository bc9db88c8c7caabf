"""Keeping the state store in step with the output.

The store pipeline calls ``remember_written`` after each record is written: the record's id,
content hash and revision, its URLs, a Telegram channel's cursor, and how far its output file
is accounted for, in one transaction. A kill between the write and that transaction leaves
lines the state does not know; ``replay_unrecorded`` reads them back at the next start, so
no record is lost and none is written twice.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from crawler.items import Article, Record, TelegramPost
from crawler.state import StateStore
from crawler.state.records import RecordState
from pipelines.jsonlines import iter_jsonl_files

logger = logging.getLogger(__name__)


def remember_written(state: StateStore, item: Record, checkpoint: tuple[str, int] | None) -> None:
    if isinstance(item, TelegramPost) and item.discovered_via is None:
        state.advance_channel_cursor(item.channel, item.post_id)  # a cited post says nothing of history
    if isinstance(item, (Article, TelegramPost)):
        urls = [item.url, item.canonical_url or ""] if isinstance(item, Article) else [item.url]
        record = RecordState(item.id, item.kind, item.content_hash, item.revision, getattr(item, "modified_at", None))
        state.remember(record, urls, checkpoint)


def _remember_line(state: StateStore, data: dict, checkpoint: tuple[str, int]) -> None:
    kind = data.get("kind")
    if kind == "telegram_post" and data.get("channel") and data.get("post_id") and not data.get("discovered_via"):
        state.advance_channel_cursor(data["channel"], int(data["post_id"]))
    if kind in ("article", "telegram_post") and data.get("id"):
        record = RecordState(data["id"], kind, data.get("content_hash"), int(data.get("revision") or 1),
                             data.get("modified_at"))
        state.remember(record, [data.get("url") or "", data.get("canonical_url") or ""], checkpoint)


def replay_unrecorded(state: StateStore, output_dir: Path) -> int:
    """Remember every complete line of the output that the state store has not seen yet."""
    replayed = 0
    for path in iter_jsonl_files(output_dir):
        key = str(path.resolve())
        offset = state.get_checkpoint(key)
        size = path.stat().st_size
        if size <= offset:
            continue
        with path.open("rb") as handle:
            handle.seek(offset)
            for line in handle:
                if not line.endswith(b"\n"):
                    break  # a partial last line: not a record (the store repairs it)
                offset += len(line)
                try:
                    data = json.loads(line)
                except ValueError:
                    logger.warning("Unreadable line in %s at byte %d: skipped for the state", path, offset - len(line))
                    continue
                _remember_line(state, data, (key, offset))
                replayed += 1
    return replayed
