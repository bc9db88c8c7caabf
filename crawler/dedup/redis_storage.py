"""Near-duplicate index storage on Redis, shared by the workers of a distributed crawl.

Keys under the state store's prefix: ``nd:params`` (string), ``nd:sketch`` (hash record id ->
sketch), ``nd:band:<key>`` (set of record ids). A record's sketch is written first with
HSETNX, which also decides "already indexed" atomically across workers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from crawler.dedup.storage import check_params


class RedisStorage:
    def __init__(self, client: Any, prefix: str) -> None:
        self._redis = client
        self._prefix = f"{prefix}:nd"

    def _band(self, key: int) -> str:
        return f"{self._prefix}:band:{key}"

    def ensure_params(self, params: str) -> None:
        self._redis.set(f"{self._prefix}:params", params, nx=True)
        stored = self._redis.get(f"{self._prefix}:params")
        check_params(stored.decode("utf-8") if stored else None, params)

    def add(self, band_keys: Sequence[int], record_id: str, sketch: bytes) -> bool:
        if not self._redis.hsetnx(f"{self._prefix}:sketch", record_id, sketch):
            return False
        with self._redis.pipeline(transaction=False) as pipe:
            for key in band_keys:
                pipe.sadd(self._band(key), record_id)
            pipe.execute()
        return True

    def add_many(self, records: Iterable[tuple[Sequence[int], str, bytes]]) -> int:
        return sum(self.add(keys, record_id, sketch) for keys, record_id, sketch in records)

    def candidates(self, band_keys: Sequence[int]) -> set[str]:
        if not band_keys:
            return set()
        members = self._redis.sunion([self._band(key) for key in band_keys])
        return {member.decode("utf-8") for member in members}

    def sketches(self, record_ids: Sequence[str]) -> list[bytes | None]:
        if not record_ids:
            return []
        return list(self._redis.hmget(f"{self._prefix}:sketch", list(record_ids)))

    def __len__(self) -> int:
        return int(self._redis.hlen(f"{self._prefix}:sketch"))

    def flush(self) -> None:
        pass  # every command is applied when it returns

    def close(self) -> None:
        pass  # the connection belongs to the state store
