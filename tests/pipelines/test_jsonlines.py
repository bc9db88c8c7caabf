"""Crash-safe JSON lines files, on a real file system."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pipelines.jsonlines import JsonLinesWriter, encode_line, repair_directory, repair_torn_tail
from tests.conftest import REPO


def test_line_separators_are_escaped_so_every_splitter_sees_one_line():
    record = {"body": "a\u2028b\u2029c\x85d\ne\rf", "title": "Власти"}
    line = encode_line(record)
    text = line.decode("utf-8")
    assert text.endswith("\n") and text.count("\n") == 1
    assert len(text.splitlines()) == 1
    assert "Власти" in text  # UTF-8, not \u escapes for ordinary text
    assert json.loads(text) == record


def test_nan_is_refused():
    with pytest.raises(ValueError):
        encode_line({"x": float("nan")})


def test_writer_never_overwrites_an_existing_file(tmp_path):
    path = tmp_path / "article" / "2026-11-25" / "run.jsonl"
    writer = JsonLinesWriter(path)
    writer.write(encode_line({"id": 1}))
    writer.close()
    with pytest.raises(FileExistsError):
        JsonLinesWriter(path)
    assert path.read_bytes() == b'{"id":1}\n'


def test_torn_tail_is_moved_aside(tmp_path, caplog):
    path = tmp_path / "run.jsonl"
    path.write_bytes(b'{"id":1}\n{"id":2}\n{"id":3,"body":"cut he')
    repairs = repair_directory(tmp_path)
    assert len(repairs) == 1
    assert path.read_bytes() == b'{"id":1}\n{"id":2}\n'
    assert repairs[0].aside.read_bytes() == b'{"id":3,"body":"cut he'
    assert not repairs[0].aside.name.endswith(".jsonl")  # readers globbing *.jsonl skip it
    assert "Torn last line" in caplog.text


def test_file_with_only_a_partial_line_is_emptied(tmp_path):
    path = tmp_path / "run.jsonl"
    path.write_bytes(b'{"id":1' + b"x" * 200_000)  # longer than one read chunk
    repair = repair_torn_tail(path)
    assert repair is not None and repair.moved_bytes == 200_007
    assert path.read_bytes() == b""


def test_complete_files_are_untouched(tmp_path):
    path = tmp_path / "run.jsonl"
    path.write_bytes(b'{"id":1}\n')
    assert repair_directory(tmp_path) == []
    assert list(tmp_path.iterdir()) == [path]


def test_a_file_held_by_a_live_writer_is_left_alone(tmp_path):
    """Another process is still writing this file: its lock protects it from repair."""
    path = tmp_path / "live.jsonl"
    code = (
        "import sys, time; from pathlib import Path; from pipelines.jsonlines import JsonLinesWriter;"
        f"w = JsonLinesWriter(Path({str(path)!r})); import os; os.write(w._fd, b'{{\"partial');"
        "print('ready', flush=True); time.sleep(30)"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=REPO)
    try:
        assert holder.stdout.readline().strip() == "ready"
        assert repair_torn_tail(path) is None
        assert path.read_bytes() == b'{"partial'
    finally:
        holder.kill()
        holder.wait()
    assert repair_torn_tail(path) is not None  # lock released with the process
    assert path.read_bytes() == b""


def test_failed_write_is_cut_back(tmp_path):
    """A write that fails half way (here: the file size limit) leaves no partial line."""
    code = (
        "import resource, signal; from pathlib import Path;"
        "from pipelines.jsonlines import JsonLinesWriter, encode_line;"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN);"
        f"w = JsonLinesWriter(Path({str(tmp_path / 'run.jsonl')!r}));"
        "w.write(encode_line({'id': 1}));"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096));"
        "\ntry:\n    w.write(encode_line({'id': 2, 'body': 'x' * 10000}))\n"
        "except OSError as e:\n    print('failed', e.errno)\n"
        "w.write(encode_line({'id': 3}))\nw.close()"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert "failed" in done.stdout, done.stderr
    assert (tmp_path / "run.jsonl").read_bytes() == b'{"id":1}\n{"id":3}\n'
