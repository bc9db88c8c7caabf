"""What the state store remembers of one written record."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RecordState:
    id: str
    kind: str
    content_hash: str | None
    revision: int
    modified_at: str | None = None
    stored_at: str | None = None  # when the state last recorded it (UTC, ISO 8601)


@dataclass(frozen=True)
class Validators:
    """What a server said of an article page, for conditional revisits."""

    etag: str | None
    last_modified: str | None
    first_seen_at: str  # UTC ISO 8601: when the page was first fetched
    checked_at: str  # UTC ISO 8601: when it was last fetched or confirmed unchanged (304)
