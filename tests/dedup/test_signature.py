"""Band keys and sketches: the same in every process, and faithful to the exact Jaccard."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np

from crawler.dedup.shingles import jaccard, shingle_hashes
from crawler.dedup.signature import Sketch, band_keys, oph_minhashes, similarity, sketch
from tests.conftest import REPO
from tests.dedup.helpers import story, substitute

_PRINT = (
    "import json, sys\n"
    "from crawler.dedup import NearDuplicateIndex\n"
    "from tests.dedup.helpers import story\n"
    "index = NearDuplicateIndex()\n"
    "texts = [story(1), 'Привет, мир! Ёлка', '東京都は晴れ', '']\n"
    "print(json.dumps([[p.band_keys, p.sketch.hex()] for p in map(index.prepare, texts)]))\n"
)


def _signatures_in_child(hash_seed: str) -> list:
    env = dict(os.environ, PYTHONHASHSEED=hash_seed, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", _PRINT], cwd=REPO, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_signatures_are_identical_across_processes_and_hash_seeds():
    first, second = _signatures_in_child("1"), _signatures_in_child("2")
    assert first == second
    assert len(first[0][0]) == 12 and all(0 <= key < 2**48 for key in first[0][0])
    assert first[3] == [[], "0000"]  # no shingles: no band keys, an empty sketch


def test_sketch_similarity_matches_exact_jaccard():
    base = story(7, 600)
    for every in (200, 50, 25, 12, 6):
        other = substitute(base, every)
        a, b = shingle_hashes(base), shingle_hashes(other)
        exact = jaccard(a, b)
        measured = similarity(Sketch.from_bytes(sketch(a)), Sketch.from_bytes(sketch(b)))
        assert abs(measured - exact) < 0.005, (every, exact, measured)


def test_long_texts_keep_a_consistent_sample():
    base = story(3, 3000)
    other = substitute(base, 30)
    a, b = shingle_hashes(base), shingle_hashes(other)
    exact = jaccard(a, b)
    small = similarity(Sketch.from_bytes(sketch(a, max_shingles=1000)), Sketch.from_bytes(sketch(b, max_shingles=1000)))
    mixed = similarity(Sketch.from_bytes(sketch(a, max_shingles=1000)), Sketch.from_bytes(sketch(b)))
    assert len(sketch(a, max_shingles=1000)) <= 2 * 1001
    assert abs(small - exact) < 0.04 and abs(mixed - exact) < 0.04


def test_band_agreement_follows_jaccard():
    base = story(11, 800)
    agree = []
    for seed in range(30):
        other = substitute(base, 25, seed)
        a, b = oph_minhashes(shingle_hashes(base), 256), oph_minhashes(shingle_hashes(other), 256)
        agree.append(float(np.mean(a == b)) - jaccard(shingle_hashes(base), shingle_hashes(other)))
    assert abs(float(np.mean(agree))) < 0.02  # OPH bins agree with probability J
    assert band_keys(shingle_hashes(base)) == band_keys(shingle_hashes(base + " "))
