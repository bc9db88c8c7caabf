"""Redis state store: the same interface as SQLite, shared by every worker of a distributed crawl.

Keys (all under one prefix, ``newscrawler`` unless the URI says ``?prefix=...``):
``cursor`` (hash channel -> newest post id), ``rec:<id>`` (hash of a record's state),
``content`` (hash content hash -> id), ``alias`` (hash URL -> id), ``ckpt:<host>`` (hash
output path -> offset; paths are per machine). Multi-key changes run as Lua scripts, so
each is atomic like a SQLite transaction.
"""

from __future__ import annotations

import socket
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlsplit

from crawler.dedup.redis_storage import RedisStorage
from crawler.state.records import RecordState, Validators

_MAX_FIELD = """
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
if tonumber(ARGV[2]) > current then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
"""
# KEYS: record, content, alias, checkpoint; ARGV: id, kind, hash, revision, modified, now, path, offset, urls...
_REMEMBER = """
local revision = tonumber(redis.call('HGET', KEYS[1], 'revision') or '0')
if tonumber(ARGV[4]) > revision then revision = tonumber(ARGV[4]) end
redis.call('HSET', KEYS[1], 'kind', ARGV[2], 'content_hash', ARGV[3], 'revision', revision,
           'modified_at', ARGV[5], 'updated_at', ARGV[6])
if ARGV[3] ~= '' then redis.call('HSETNX', KEYS[2], ARGV[3], ARGV[1]) end
for i = 9, #ARGV do redis.call('HSETNX', KEYS[3], ARGV[i], ARGV[1]) end
if ARGV[7] ~= '' then
  local offset = tonumber(redis.call('HGET', KEYS[4], ARGV[7]) or '0')
  if tonumber(ARGV[8]) > offset then redis.call('HSET', KEYS[4], ARGV[7], ARGV[8]) end
end
"""


def _text(value: bytes | str | None) -> str | None:
    if value is None:
        return None
    text = value.decode("utf-8") if isinstance(value, bytes) else value
    return text or None


class RedisStateStore:
    def __init__(self, uri: str) -> None:
        import redis

        query = parse_qs(urlsplit(uri).query)
        self.prefix = (query.get("prefix") or ["newscrawler"])[0]
        self._redis = redis.Redis.from_url(uri.split("?", 1)[0])
        self._redis.ping()
        self._max_field = self._redis.register_script(_MAX_FIELD)
        self._remember = self._redis.register_script(_REMEMBER)
        self._host = socket.gethostname()

    def _key(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

    def get_channel_cursor(self, channel: str) -> int | None:
        value = self._redis.hget(self._key("cursor"), channel.lower())
        return int(value) if value is not None else None

    def advance_channel_cursor(self, channel: str, post_id: int) -> None:
        self._max_field(keys=[self._key("cursor")], args=[channel.lower(), post_id])

    def get_channel_backfill(self, channel: str) -> tuple[int | None, bool]:
        value = _text(self._redis.hget(self._key("backfill"), channel.lower()))
        if value is None:
            return None, False
        before, _, done = value.partition(":")
        return (int(before) if before else None), done == "1"

    def set_channel_backfill(self, channel: str, before_id: int | None, done: bool) -> None:
        self._redis.hset(self._key("backfill"), channel.lower(), f"{before_id or ''}:{int(done)}")

    def _record(self, record_id: str, fields: dict[bytes, bytes]) -> RecordState | None:
        if not fields:
            return None
        return RecordState(
            record_id, _text(fields.get(b"kind")) or "", _text(fields.get(b"content_hash")),
            int(fields.get(b"revision") or 1), _text(fields.get(b"modified_at")),
            stored_at=_text(fields.get(b"updated_at")),
        )

    def get_record(self, record_id: str) -> RecordState | None:
        return self._record(record_id, self._redis.hgetall(self._key("rec", record_id)))

    def id_for_content(self, content_hash: str) -> str | None:
        return _text(self._redis.hget(self._key("content"), content_hash))

    def id_for_url(self, url: str) -> str | None:
        return _text(self._redis.hget(self._key("alias"), url))

    def record_for_url(self, url: str) -> RecordState | None:
        record_id = self.id_for_url(url)
        return self.get_record(record_id) if record_id else None

    def remember(self, record: RecordState, urls: list[str], checkpoint: tuple[str, int] | None = None) -> None:
        path, offset = checkpoint or ("", 0)
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self._remember(
            keys=[self._key("rec", record.id), self._key("content"), self._key("alias"), self._key("ckpt", self._host)],
            args=[record.id, record.kind, record.content_hash or "", record.revision, record.modified_at or "", now,
                  path, offset, *[url for url in urls if url]],
        )

    def add_aliases(self, record_id: str, urls: list[str]) -> None:
        with self._redis.pipeline() as pipe:
            for url in urls:
                if url:
                    pipe.hsetnx(self._key("alias"), url, record_id)
            pipe.execute()

    def get_validators(self, url: str) -> Validators | None:
        fields = self._redis.hgetall(self._key("val", url))
        if not fields:
            return None
        return Validators(_text(fields.get(b"etag")), _text(fields.get(b"last_modified")),
                          _text(fields.get(b"first_seen_at")) or "", _text(fields.get(b"checked_at")) or "")

    def set_validators(self, url: str, etag: str | None, last_modified: str | None, now: str) -> None:
        key = self._key("val", url)
        with self._redis.pipeline() as pipe:
            pipe.hsetnx(key, "first_seen_at", now)
            pipe.hset(key, "checked_at", now)
            if etag:
                pipe.hset(key, "etag", etag)
            if last_modified:
                pipe.hset(key, "last_modified", last_modified)
            pipe.execute()

    def get_checkpoint(self, path: str) -> int:
        value = self._redis.hget(self._key("ckpt", self._host), path)
        return int(value) if value is not None else 0

    def near_duplicate_storage(self) -> RedisStorage:
        return RedisStorage(self._redis, self.prefix)

    def close(self) -> None:
        self._redis.close()
