"""bench/dedup.py --quick end to end: the index meets the bar on the synthetic corpus
(precision >= 0.99 and recall >= 0.95 at true Jaccard >= 0.8). No timing is asserted."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO, crawl_env


def test_quick_benchmark_precision_and_recall(tmp_path):
    out = tmp_path / "result.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench.dedup", "--quick", "--configs", "memory,sqlite",
         "--workdir", str(tmp_path), "--json", str(out)],
        cwd=REPO, env=crawl_env(), capture_output=True, text=True, timeout=240, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "| NearDuplicateIndex, SQLite |" in done.stdout
    report = json.loads(out.read_text())
    for config in ("memory", "sqlite"):
        stats = report["configs"][config]
        assert stats["positives"] > 300
        assert stats["precision"] >= 0.99, stats
        assert stats["recall"] >= 0.95, stats
    assert report["configs"]["memory"]["reported"] == report["configs"]["sqlite"]["reported"]
