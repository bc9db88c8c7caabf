"""SQLite state store: one file, WAL mode, safe against kill -9 (every change is a transaction)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from crawler.dedup.sqlite_storage import SQLiteStorage
from crawler.state.records import RecordState, Validators

_SCHEMA = """
CREATE TABLE IF NOT EXISTS channel_cursors (
    channel TEXT PRIMARY KEY,
    last_post_id INTEGER NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE IF NOT EXISTS channel_backfill (
    channel TEXT PRIMARY KEY,
    before_id INTEGER,
    done INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS records (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    content_hash TEXT,
    revision INTEGER NOT NULL,
    modified_at TEXT,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE IF NOT EXISTS content_hashes (
    content_hash TEXT PRIMARY KEY,
    id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS aliases (
    url TEXT PRIMARY KEY,
    id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS validators (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    first_seen_at TEXT NOT NULL,
    checked_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS output_checkpoints (
    path TEXT PRIMARY KEY,
    offset INTEGER NOT NULL
);
"""


class SQLiteStateStore:
    def __init__(self, path: str | Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, timeout=30, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    # --- Telegram cursors ---
    def get_channel_cursor(self, channel: str) -> int | None:
        row = self._db.execute(
            "SELECT last_post_id FROM channel_cursors WHERE channel = ?", (channel.lower(),)
        ).fetchone()
        return row[0] if row else None

    def advance_channel_cursor(self, channel: str, post_id: int) -> None:
        self._db.execute(
            "INSERT INTO channel_cursors (channel, last_post_id) VALUES (?, ?) "
            "ON CONFLICT(channel) DO UPDATE SET last_post_id = max(last_post_id, excluded.last_post_id), "
            "updated_at = excluded.updated_at",
            (channel.lower(), post_id),
        )

    def get_channel_backfill(self, channel: str) -> tuple[int | None, bool]:
        row = self._db.execute(
            "SELECT before_id, done FROM channel_backfill WHERE channel = ?", (channel.lower(),)
        ).fetchone()
        return (row[0], bool(row[1])) if row else (None, False)

    def set_channel_backfill(self, channel: str, before_id: int | None, done: bool) -> None:
        self._db.execute(
            "INSERT INTO channel_backfill (channel, before_id, done) VALUES (?, ?, ?) "
            "ON CONFLICT(channel) DO UPDATE SET before_id = excluded.before_id, done = excluded.done",
            (channel.lower(), before_id, int(done)),
        )

    # --- records ---
    def get_record(self, record_id: str) -> RecordState | None:
        row = self._db.execute(
            "SELECT id, kind, content_hash, revision, modified_at FROM records WHERE id = ?", (record_id,)
        ).fetchone()
        return RecordState(*row) if row else None

    def id_for_content(self, content_hash: str) -> str | None:
        row = self._db.execute("SELECT id FROM content_hashes WHERE content_hash = ?", (content_hash,)).fetchone()
        return row[0] if row else None

    def id_for_url(self, url: str) -> str | None:
        row = self._db.execute("SELECT id FROM aliases WHERE url = ?", (url,)).fetchone()
        return row[0] if row else None

    def remember(self, record: RecordState, urls: list[str], checkpoint: tuple[str, int] | None = None) -> None:
        """Record a written record, the URLs it is known by, and how far its output file is
        accounted for: one transaction, so a kill leaves all of it or none."""
        with self._transaction():
            self._db.execute(
                "INSERT INTO records (id, kind, content_hash, revision, modified_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET content_hash = excluded.content_hash, "
                "revision = max(revision, excluded.revision), modified_at = excluded.modified_at, "
                "updated_at = excluded.updated_at",
                (record.id, record.kind, record.content_hash, record.revision, record.modified_at),
            )
            if record.content_hash:
                self._db.execute(
                    "INSERT OR IGNORE INTO content_hashes (content_hash, id) VALUES (?, ?)",
                    (record.content_hash, record.id),
                )
            self._db.executemany(
                "INSERT OR IGNORE INTO aliases (url, id) VALUES (?, ?)", [(url, record.id) for url in urls if url]
            )
            if checkpoint:
                self._set_checkpoint(*checkpoint)

    def record_for_url(self, url: str) -> RecordState | None:
        row = self._db.execute(
            "SELECT r.id, r.kind, r.content_hash, r.revision, r.modified_at, r.updated_at "
            "FROM aliases a JOIN records r ON r.id = a.id WHERE a.url = ?", (url,)
        ).fetchone()
        return RecordState(*row[:5], stored_at=row[5]) if row else None

    def add_aliases(self, record_id: str, urls: list[str]) -> None:
        self._db.executemany("INSERT OR IGNORE INTO aliases (url, id) VALUES (?, ?)", [(u, record_id) for u in urls if u])

    # --- HTTP validators ---
    def get_validators(self, url: str) -> Validators | None:
        row = self._db.execute(
            "SELECT etag, last_modified, first_seen_at, checked_at FROM validators WHERE url = ?", (url,)
        ).fetchone()
        return Validators(*row) if row else None

    def set_validators(self, url: str, etag: str | None, last_modified: str | None, now: str) -> None:
        """Record a fetch (or a 304): new validators when given, first_seen_at kept."""
        self._db.execute(
            "INSERT INTO validators (url, etag, last_modified, first_seen_at, checked_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(url) DO UPDATE SET etag = coalesce(excluded.etag, etag), "
            "last_modified = coalesce(excluded.last_modified, last_modified), checked_at = excluded.checked_at",
            (url, etag, last_modified, now, now),
        )

    # --- output checkpoints ---
    def get_checkpoint(self, path: str) -> int:
        row = self._db.execute("SELECT offset FROM output_checkpoints WHERE path = ?", (path,)).fetchone()
        return row[0] if row else 0

    def _set_checkpoint(self, path: str, offset: int) -> None:
        self._db.execute(
            "INSERT INTO output_checkpoints (path, offset) VALUES (?, ?) "
            "ON CONFLICT(path) DO UPDATE SET offset = max(offset, excluded.offset)",
            (path, offset),
        )

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)

    def near_duplicate_storage(self) -> SQLiteStorage:
        """The near-duplicate index, in this file (``nd_`` tables), each add durable on return."""
        return SQLiteStorage(self._db, commit_every=1)

    def close(self) -> None:
        self._db.close()


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *_: object) -> None:
        self.db.execute("ROLLBACK" if kind else "COMMIT")
