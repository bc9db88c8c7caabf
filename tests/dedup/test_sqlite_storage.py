"""SQLite storage: survives reopening and kill -9 of a writer; batching does not change answers."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from crawler.dedup import (
    MemoryStorage,
    NearDuplicateIndex,
    ParamsMismatch,
    SQLiteStorage,
)
from tests.conftest import REPO, crawl_env
from tests.dedup.helpers import story, substitute


def test_index_persists_across_reopen(tmp_path):
    path = tmp_path / "state" / "neardup.sqlite3"
    index = NearDuplicateIndex(SQLiteStorage(path))
    for seed in range(20):
        assert index.find_or_add(f"s{seed}", story(seed)) is None
    index.close()
    reopened = NearDuplicateIndex(SQLiteStorage(path))
    assert len(reopened) == 20
    match = reopened.find(substitute(story(13), 60))
    assert match is not None and match.record_id == "s13" and match.similarity > 0.8
    assert reopened.storage._db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_params_are_checked_on_open(tmp_path):
    path = tmp_path / "neardup.sqlite3"
    NearDuplicateIndex(SQLiteStorage(path)).close()
    with pytest.raises(ParamsMismatch):
        NearDuplicateIndex(SQLiteStorage(path), shingle_size=4)
    memory = MemoryStorage()
    NearDuplicateIndex(memory)
    with pytest.raises(ParamsMismatch):
        NearDuplicateIndex(memory, bands=10)


def test_batched_writes_are_visible_before_commit_and_add_many(tmp_path):
    storage = SQLiteStorage(tmp_path / "neardup.sqlite3", commit_every=1000)
    index = NearDuplicateIndex(storage)
    assert index.find_or_add("a", story(1)) is None
    assert storage._db.in_transaction  # not yet committed ...
    assert index.find_or_add("b", substitute(story(1), 80)).record_id == "a"  # ... but found
    assert not index.add("a", story(2))  # the first text of an id stays
    added = storage.add_many([(index.prepare(story(s)).band_keys, f"m{s}", index.prepare(story(s)).sketch) for s in range(5, 9)])
    assert added == 4 and not storage._db.in_transaction
    index.close()
    assert len(NearDuplicateIndex(SQLiteStorage(tmp_path / "neardup.sqlite3"))) == 5


def test_shares_an_open_connection(tmp_path):
    db = sqlite3.connect(tmp_path / "state.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE channel_cursors (channel TEXT PRIMARY KEY, last_post_id INTEGER)")
    index = NearDuplicateIndex(SQLiteStorage(db))
    index.add("x", story(4))
    index.close()
    assert db.execute("SELECT count(*) FROM nd_records").fetchone() == (1,)  # still open
    db.close()


@pytest.mark.parametrize("commit_every", [1, 25])
def test_survives_kill_9_of_a_writer(tmp_path, commit_every):
    path = tmp_path / "neardup.sqlite3"
    acknowledged: list[str] = []
    for round_number in range(3):
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.dedup.ndx_writer", str(path), str(1000 * round_number), str(commit_every)],
            cwd=REPO, env=crawl_env(), stdout=subprocess.PIPE, text=True,
        )
        for _ in range(30 + 7 * round_number):
            acknowledged.append(child.stdout.readline().strip())
        time.sleep(0.05 * round_number)  # later rounds die mid-batch, at varying points
        child.send_signal(signal.SIGKILL)
        child.wait()
        acknowledged.extend(line.strip() for line in child.stdout.read().splitlines())  # printed before death
        assert child.returncode == -signal.SIGKILL
    storage = SQLiteStorage(path)
    assert storage._db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    index = NearDuplicateIndex(storage)
    assert len(index) >= len(acknowledged)
    assert all(data is not None for data in storage.sketches(acknowledged))
    for record_id in acknowledged[:: max(1, len(acknowledged) // 20)]:
        seed = int(record_id.split("-")[1])
        match = index.find(substitute(story(seed, 300), 50))
        assert match is not None and match.record_id == record_id
