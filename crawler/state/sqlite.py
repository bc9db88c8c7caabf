"""SQLite state store: one file, WAL mode, safe against kill -9 (every change is a transaction)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS channel_cursors (
    channel TEXT PRIMARY KEY,
    last_post_id INTEGER NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
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

    def close(self) -> None:
        self._db.close()
