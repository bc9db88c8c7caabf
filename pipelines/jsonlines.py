"""Crash-safe JSON lines files: one writer per file, whole lines or nothing.

How the guarantees hold:

- every record is encoded to one line first, then written with ``os.write`` on an
  ``O_APPEND`` descriptor, looping over short writes; a write that fails half way is cut
  back to the line's start, so a live writer never leaves half a line behind;
- a writer only ever creates a new file (``O_EXCL``): a rerun cannot touch earlier output;
- a writer holds an exclusive ``flock`` on its file while it is open; the lock dies with
  the process, so at the next start a file that is unlocked and does not end in a newline
  was torn by a crash (``kill -9`` can interrupt a large write between pages). Its partial
  last line is moved aside to ``<file>.torn-<time>`` and the file cut back to its last
  complete line, so a later reader never sees a torn or glued line.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

logger = logging.getLogger(__name__)

# json.dumps leaves these unescaped, yet str.splitlines() and JavaScript break lines on them.
_UNSAFE_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})
_TAIL_CHUNK = 1 << 16


def encode_line(record: dict[str, Any]) -> bytes:
    """One record as one UTF-8 line that every line splitter reads as exactly one line."""
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.translate(_UNSAFE_LINE_BREAKS) + "\n").encode("utf-8")


class JsonLinesWriter:
    """Appends lines to one new file that no other writer may touch."""

    def __init__(self, path: Path, fsync_each: bool = False) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.key = str(path.resolve())  # the file's name in the state store's checkpoints
        self.fsync_each = fsync_each
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
        fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._size = 0
        self.lines = 0

    def write(self, line: bytes) -> int:
        """Write one encoded line, entirely, or leave the file as it was and raise.

        Returns the file's size after the line: where the next line will start."""
        start = self._size
        view = memoryview(line)
        try:
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
            if self.fsync_each:
                os.fsync(self._fd)
        except BaseException:
            os.ftruncate(self._fd, start)
            raise
        self._size = start + len(line)
        self.lines += 1
        return self._size

    def close(self) -> None:
        if self._fd < 0:
            return
        try:
            os.fsync(self._fd)
        finally:
            os.close(self._fd)  # also releases the lock
            self._fd = -1


@dataclass
class Repair:
    path: Path
    moved_bytes: int
    aside: Path


def _last_newline_offset(fd: int, size: int) -> int:
    """Offset just after the last b"\\n" in the file, or 0 when there is none."""
    position = size
    while position > 0:
        start = max(0, position - _TAIL_CHUNK)
        chunk = os.pread(fd, position - start, start)
        index = chunk.rfind(b"\n")
        if index >= 0:
            return start + index + 1
        position = start
    return 0


def repair_torn_tail(path: Path) -> Repair | None:
    """Cut a crashed writer's partial last line off ``path`` and keep it aside.

    Files still locked by a live writer are left alone. Returns what was done, or None.
    """
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None  # a live writer owns it
        size = os.fstat(fd).st_size
        if size == 0 or os.pread(fd, 1, size - 1) == b"\n":
            return None
        keep = _last_newline_offset(fd, size)
        tail = os.pread(fd, size - keep, keep)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        aside = path.with_name(f"{path.name}.torn-{stamp}")
        aside_fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.write(aside_fd, tail)
            os.fsync(aside_fd)
        finally:
            os.close(aside_fd)
        os.ftruncate(fd, keep)
        os.fsync(fd)
        return Repair(path=path, moved_bytes=len(tail), aside=aside)
    finally:
        os.close(fd)


def iter_jsonl_files(directory: Path) -> Iterator[Path]:
    if directory.is_dir():
        yield from sorted(directory.rglob("*.jsonl"))


def repair_directory(directory: Path) -> list[Repair]:
    """Repair every torn file below ``directory``; each repair is logged as a warning."""
    repairs = []
    for path in iter_jsonl_files(directory):
        repair = repair_torn_tail(path)
        if repair:
            logger.warning(
                "Torn last line in %s (a crash during a write): moved %d bytes to %s",
                repair.path, repair.moved_bytes, repair.aside,
            )
            repairs.append(repair)
    return repairs
