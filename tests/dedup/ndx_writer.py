"""Child process for the kill test: adds stories to a SQLite-backed index forever, printing
each record id once ``add`` has returned (commit_every=1) or once ``flush`` has returned.

    python -m tests.dedup.ndx_writer DB_PATH FIRST_SEED COMMIT_EVERY
"""

from __future__ import annotations

import sys

from crawler.dedup import NearDuplicateIndex, SQLiteStorage
from tests.dedup.helpers import story


def main(path: str, first: int, commit_every: int) -> None:
    index = NearDuplicateIndex(SQLiteStorage(path, commit_every=commit_every))
    seed = first
    pending: list[str] = []
    while True:
        record_id = f"story-{seed}"
        index.add(record_id, story(seed, 300))
        pending.append(record_id)
        if commit_every == 1 or len(pending) == commit_every:
            index.flush()
            print("\n".join(pending), flush=True)
            pending.clear()
        seed += 1


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
