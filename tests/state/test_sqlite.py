"""SQLite state store on a real file; kill -9 of a writer leaves a usable store."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from crawler.state import open_state_store
from tests.conftest import REPO


def test_cursor_only_moves_forward(tmp_path):
    store = open_state_store(f"sqlite:///{tmp_path}/state.sqlite3")
    assert store.get_channel_cursor("stranaua") is None
    store.advance_channel_cursor("stranaua", 120)
    store.advance_channel_cursor("StranaUA", 100)
    assert store.get_channel_cursor("stranaua") == 120
    store.close()
    reopened = open_state_store(str(tmp_path / "state.sqlite3"))
    assert reopened.get_channel_cursor("stranaua") == 120


def test_survives_kill_9_mid_writes(tmp_path):
    path = tmp_path / "state.sqlite3"
    code = (
        "import sys; from crawler.state import open_state_store\n"
        f"store = open_state_store({str(path)!r})\n"
        "i = 0\n"
        "while True:\n"
        "    i += 1; store.advance_channel_cursor('chan', i)\n"
        "    if i == 50: print('ready', flush=True)\n"
    )
    for _ in range(3):
        child = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready"
        time.sleep(0.1)
        child.send_signal(signal.SIGKILL)
        child.wait()
    store = open_state_store(str(path))
    assert store.get_channel_cursor("chan") >= 50
    assert store._db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
