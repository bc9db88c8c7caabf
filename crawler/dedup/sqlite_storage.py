"""Near-duplicate index storage in SQLite: one file, WAL mode, safe against kill -9.

Tables (prefixed ``nd_`` so they can share the crawler's state file):

- ``nd_records(id INTEGER PRIMARY KEY, record_id TEXT UNIQUE, sketch BLOB)``: appended in
  rowid order, so inserts stay sequential; the UNIQUE index answers lookups by record id;
- ``nd_bands(key INTEGER, rec INTEGER, PRIMARY KEY (key, rec)) WITHOUT ROWID``: one row per
  band of a record, clustered by key, so a candidate lookup is one index range per band;
- ``nd_meta(name TEXT PRIMARY KEY, value TEXT)``: the parameters the index was built with.

Writes go into an open transaction that commits every ``commit_every`` adds (1: each add is
durable when it returns), on ``flush()`` and on ``close()``. A kill -9 loses at most the adds
since the last commit and never corrupts the file (SQLite's WAL recovery). Reads on the same
connection see the uncommitted adds, so batching does not change any answer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from crawler.dedup.storage import check_params

_SCHEMA = """
CREATE TABLE IF NOT EXISTS nd_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS nd_records (
    id INTEGER PRIMARY KEY,
    record_id TEXT NOT NULL UNIQUE,
    sketch BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS nd_bands (
    key INTEGER NOT NULL,
    rec INTEGER NOT NULL,
    PRIMARY KEY (key, rec)
) WITHOUT ROWID;
"""
_MAX_PARAMS = 500  # below SQLite's bound-parameter limit on every build


class SQLiteStorage:
    def __init__(
        self,
        target: str | Path | sqlite3.Connection,
        *,
        commit_every: int = 1,
        cache_mib: int = 256,
        checkpoint_pages: int | None = None,
    ) -> None:
        """``target``: a database file (created with its folder) or an open connection
        (e.g. the crawler's state store's; it is left open by ``close``).

        Bulk loads: band keys are random, so every commit rewrites most leaf pages of the
        band index. commit_every=50_000, checkpoint_pages=100_000, cache_mib=512 (what
        bench/dedup.py uses) keep the storage cost near flat, ~110-140 us per text up to 1M
        texts; with commit_every=1000 it had grown to ~1 ms per text by 200k texts."""
        if isinstance(target, sqlite3.Connection):
            self._db, self._owned = target, False
        else:
            path = Path(target)
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db, self._owned = sqlite3.connect(path, timeout=30, isolation_level=None), True
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(f"PRAGMA cache_size=-{int(cache_mib) * 1024}")
            if checkpoint_pages:
                self._db.execute(f"PRAGMA wal_autocheckpoint={int(checkpoint_pages)}")
        self._db.executescript(_SCHEMA)
        self.commit_every = max(1, commit_every)
        self._pending = 0

    def _begin(self) -> None:
        if not self._db.in_transaction:
            self._db.execute("BEGIN IMMEDIATE")

    def _written(self, count: int) -> None:
        self._pending += count
        if self._pending >= self.commit_every:
            self.flush()

    def ensure_params(self, params: str) -> None:
        row = self._db.execute("SELECT value FROM nd_meta WHERE name = 'params'").fetchone()
        check_params(row[0] if row else None, params)
        if row is None:
            self._begin()
            self._db.execute("INSERT INTO nd_meta (name, value) VALUES ('params', ?)", (params,))
            self.flush()

    def _insert(self, band_keys: Sequence[int], record_id: str, sketch: bytes) -> bool:
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO nd_records (record_id, sketch) VALUES (?, ?)", (record_id, sketch)
        )
        if cursor.rowcount == 0:
            return False
        rec = cursor.lastrowid
        self._db.executemany(
            "INSERT OR IGNORE INTO nd_bands (key, rec) VALUES (?, ?)", [(key, rec) for key in band_keys]
        )
        return True

    def add(self, band_keys: Sequence[int], record_id: str, sketch: bytes) -> bool:
        self._begin()
        try:
            added = self._insert(band_keys, record_id, sketch)
        except BaseException:
            self._db.rollback()
            self._pending = 0
            raise
        self._written(1)
        return added

    def add_many(self, records: Iterable[tuple[Sequence[int], str, bytes]]) -> int:
        self._begin()
        try:
            added = sum(self._insert(keys, record_id, sketch) for keys, record_id, sketch in records)
        except BaseException:
            self._db.rollback()
            self._pending = 0
            raise
        self.flush()
        return added

    def candidates(self, band_keys: Sequence[int]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(band_keys), _MAX_PARAMS):
            chunk = band_keys[start:start + _MAX_PARAMS]
            marks = ",".join("?" * len(chunk))
            found.update(row[0] for row in self._db.execute(
                "SELECT r.record_id FROM nd_bands b JOIN nd_records r ON r.id = b.rec "
                f"WHERE b.key IN ({marks})", chunk))
        return found

    def sketches(self, record_ids: Sequence[str]) -> list[bytes | None]:
        found: dict[str, bytes] = {}
        for start in range(0, len(record_ids), _MAX_PARAMS):
            chunk = record_ids[start:start + _MAX_PARAMS]
            marks = ",".join("?" * len(chunk))
            found.update(self._db.execute(
                f"SELECT record_id, sketch FROM nd_records WHERE record_id IN ({marks})", chunk))
        return [found.get(record_id) for record_id in record_ids]

    def __len__(self) -> int:
        return self._db.execute("SELECT count(*) FROM nd_records").fetchone()[0]

    def flush(self) -> None:
        if self._db.in_transaction:
            self._db.commit()
        self._pending = 0

    def close(self) -> None:
        self.flush()
        if self._owned:
            self._db.close()
