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
