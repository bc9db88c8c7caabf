"""Where the near-duplicate index keeps its data, behind one small interface.

Three kinds of data, each a plain key-value shape so that any backend maps it directly:

- bands: band key (int, 0 <= key < 2**48) -> set of record ids
  (Redis: one set per key, ``SADD nd:band:<key> <id>``; ``SUNION`` for candidates);
- sketches: record id -> bytes (Redis: one hash, ``HSET nd:sketch <id> <bytes>``, ``HMGET``);
- params: one string that names how sketches and keys were made; a store made with other
  parameters refuses to open (Redis: ``SET nd:params <s> NX`` then ``GET``).

A record is added once: adding an id that is already stored changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol


class Storage(Protocol):
    def ensure_params(self, params: str) -> None:
        """Store ``params`` on first use; raise ValueError if the store was made with others."""

    def add(self, band_keys: Sequence[int], record_id: str, sketch: bytes) -> bool:
        """Store a record; False (and no change) when ``record_id`` is already stored."""

    def add_many(self, records: Iterable[tuple[Sequence[int], str, bytes]]) -> int:
        """Store many records at once (one transaction / round trip); returns how many were new."""

    def candidates(self, band_keys: Sequence[int]) -> set[str]:
        """Ids of the records that share at least one band key."""

    def sketches(self, record_ids: Sequence[str]) -> list[bytes | None]:
        """The sketch of each id, in order; None for an unknown id."""

    def __len__(self) -> int: ...

    def flush(self) -> None:
        """Make everything added so far durable."""

    def close(self) -> None: ...


class ParamsMismatch(ValueError):
    pass


def check_params(stored: str | None, wanted: str) -> None:
    if stored is not None and stored != wanted:
        raise ParamsMismatch(f"near-duplicate index was built with {stored!r}, not {wanted!r}")


class MemoryStorage:
    """Everything in process memory. Compact for millions of records: band keys map to one
    int row number (or a list of them), sketches are one bytes object per record."""

    def __init__(self) -> None:
        self._bands: dict[int, int | list[int]] = {}
        self._ids: list[str] = []
        self._sketches: list[bytes] = []
        self._rows: dict[str, int] = {}
        self._params: str | None = None

    def ensure_params(self, params: str) -> None:
        check_params(self._params, params)
        self._params = params

    def add(self, band_keys: Sequence[int], record_id: str, sketch: bytes) -> bool:
        if record_id in self._rows:
            return False
        row = len(self._ids)
        self._rows[record_id] = row
        self._ids.append(record_id)
        self._sketches.append(sketch)
        bands = self._bands
        for key in band_keys:
            present = bands.setdefault(key, row)
            if present == row:
                continue
            if isinstance(present, int):
                bands[key] = [present, row]
            elif present[-1] != row:
                present.append(row)
        return True

    def add_many(self, records: Iterable[tuple[Sequence[int], str, bytes]]) -> int:
        return sum(self.add(keys, record_id, sketch) for keys, record_id, sketch in records)

    def candidates(self, band_keys: Sequence[int]) -> set[str]:
        rows: set[int] = set()
        get = self._bands.get
        for key in band_keys:
            found = get(key)
            if found is None:
                continue
            if isinstance(found, int):
                rows.add(found)
            else:
                rows.update(found)
        return {self._ids[row] for row in rows}

    def sketches(self, record_ids: Sequence[str]) -> list[bytes | None]:
        rows = self._rows
        return [self._sketches[rows[r]] if r in rows else None for r in record_ids]

    def __len__(self) -> int:
        return len(self._ids)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass
