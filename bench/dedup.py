"""Near-duplicate detection benchmark: speed, memory, precision and recall at scale.

    python -m bench.dedup [--docs 100000] [--quick] [--configs exact,memory,sqlite,datasketch]
                          [--seed 7] [--threshold 0.8] [--workdir DIR [--reuse-corpus]] [--json out.json]

1. Writes a deterministic synthetic corpus (bench/dedup_corpus.py) to a JSON-lines file and
   computes, for every injected copy, its TRUE Jaccard similarity to its source on the exact
   shingle sets (crawler.dedup.shingles: the sets the threshold is defined on).
2. Signature choice (skipped with --quick): on the injected pairs of the first 20k
   documents, how well each candidate signature decides "J >= threshold" by itself:
   SimHash-64 (Hamming cut set, after the fact, where recall reaches 0.95: the best case
   for it), k-permutation MinHash with 128 and 256 values (numpy, vectorised), and the
   16-bit fingerprint sketch this package stores; with CPU cost per text and size.
3. Runs each index configuration in its own process (so peak memory is its own), pinned to
   one CPU, streaming the corpus file; only the index calls are timed:
   ``exact`` (hash of the normalised token sequence), ``memory`` and ``sqlite``
   (crawler.dedup.NearDuplicateIndex, find_or_add; SQLite in bulk mode: a commit every
   50,000 adds, WAL checkpoints every 100,000 pages, 512 MiB page cache), and
   ``datasketch`` (MinHashLSH, 128 permutations, each candidate verified with its MinHash
   estimate; skipped with a message when datasketch is not installed).
4. Scores every reported match against the exact Jaccard of the two texts: precision =
   reported matches whose true J >= threshold / all reported; recall = injected copies with
   true J >= threshold that got a match with true J >= threshold / all such copies. Prints
   markdown tables; also the share of copies reported per true-J band (0.6-0.8 included).

Peak memory is the peak resident set size of the configuration's process, read right after
indexing from ``VmHWM`` in /proc/self/status: the whole process (interpreter, numpy, the
index; the corpus is streamed from disk, one text at a time). It is the counter behind
``getrusage().ru_maxrss``, but ru_maxrss of a child also carries the parent's peak from
before fork/exec on Linux, which would charge every configuration with the parent's corpus
work; elsewhere ru_maxrss is the fallback. Timings are wall clock (perf_counter)
and CPU time (process_time) summed over the index calls only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import deque
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a file: make ``bench`` and ``crawler`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from bench.dedup_corpus import COPY_WINDOW, KIND_NAMES, Corpus
from crawler.dedup.shingles import jaccard, shingle_hashes

CONFIGS = ("exact", "memory", "sqlite", "datasketch")
QUICK_DOCS = 10_000
BANDS = ((0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.75), (0.75, 0.8), (0.8, 0.85), (0.85, 0.9), (0.9, 1.01))
SIGNATURE_PAIR_DOCS = 20_000


# ---------------------------------------------------------------- corpus and ground truth


def write_corpus(corpus: Corpus, path: Path, keep_pairs_below: int, reuse: bool = False) -> tuple[np.ndarray, np.ndarray, list]:
    """Write one JSON string per line (or, with ``reuse``, read back a file an earlier run
    wrote for the same size and seed); return (true J per document, NaN for originals),
    line offsets, and (copy, source) shingle sets of the copies among the first documents."""
    truth = np.full(corpus.size, np.nan)
    offsets = np.zeros(corpus.size + 1, dtype=np.int64)
    recent: dict[int, np.ndarray] = {}
    order: deque[int] = deque()
    pairs = []
    with path.open("rb" if reuse else "wb") as out:
        for number in range(corpus.size):
            offsets[number] = out.tell()
            if reuse:
                text = json.loads(out.readline())
                if number in (0, corpus.size - 1) and text != corpus.text(number):
                    raise SystemExit(f"{path} was written for another corpus: drop --reuse-corpus")
            else:
                text = corpus.text(number)
                out.write(json.dumps(text, ensure_ascii=False).encode() + b"\n")
            shingles = shingle_hashes(text)
            if corpus.is_copy[number]:
                source = recent[int(corpus.source[number])]
                truth[number] = jaccard(shingles, source)
                if number < keep_pairs_below:
                    pairs.append((shingles, source, number))
            else:
                recent[number] = shingles
                order.append(number)
                if len(order) > COPY_WINDOW + 10:
                    del recent[order.popleft()]
        offsets[corpus.size] = out.tell()
    return truth, offsets, pairs


def read_text(path: Path, offsets: np.ndarray, number: int) -> str:
    with path.open("rb") as f:
        f.seek(int(offsets[number]))
        return json.loads(f.readline())


# ---------------------------------------------------------------- signature choice


def _kperm_params(count: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(12345)
    return rng.integers(1, 2**63, count, dtype=np.uint64) * np.uint64(2) + np.uint64(1), rng.integers(0, 2**63, count, dtype=np.uint64)


def kperm_minhash(shingles: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Classic MinHash: ``len(a)`` universal hashes (multiply-shift, top 32 bits), min each."""
    return ((shingles[:, None] * a[None, :] + b[None, :]) >> np.uint64(32)).min(axis=0).astype(np.uint32)


def simhash64(shingles: np.ndarray) -> int:
    bits = np.unpackbits(shingles.view(np.uint8)).reshape(len(shingles), 64)
    return int.from_bytes(np.packbits(bits.sum(axis=0) * 2 > len(shingles)).tobytes(), "big")


def signature_table(pairs: list, threshold: float) -> list[dict[str, Any]]:
    from crawler.dedup.signature import Sketch, band_keys, similarity, sketch

    truth = np.array([jaccard(a, b) for a, b, _ in pairs])
    positive = truth >= threshold
    rows = []

    def score(name: str, make, estimate, nbytes) -> None:
        started = time.process_time()
        sigs = [(make(a), make(b)) for a, b, _ in pairs]
        micros = (time.process_time() - started) / (2 * len(pairs)) * 1e6
        est = np.array([estimate(x, y) for x, y in sigs])
        err = est - truth
        near = np.abs(truth - threshold) < 0.05
        rows.append({"signature": name, "bytes": nbytes(sigs), "us_per_text": micros, "est": est,
                     "sd_near": float(err[near].std()) if near.any() else float("nan")})

    for count in (128, 256):
        a, b = _kperm_params(count)
        score(f"MinHash k-perm {count} (estimate)", lambda s, a=a, b=b: kperm_minhash(s, a, b),
              lambda x, y: float(np.mean(x == y)), lambda sigs, c=count: 4 * c)
    score("SimHash 64 (Hamming)", simhash64, lambda x, y: -float((x ^ y).bit_count()), lambda sigs: 8)
    # the chosen design also computes its OPH band keys (k-perm MinHash bands come free)
    score("OPH bands + 16-bit fingerprints (chosen)", lambda s: (band_keys(s), sketch(s)),
          lambda x, y: similarity(Sketch.from_bytes(x[1]), Sketch.from_bytes(y[1])),
          lambda sigs: int(np.mean([len(x[1]) for x, _ in sigs])))
    for row in rows:
        est = row.pop("est")
        if row["signature"].startswith("SimHash"):  # no Jaccard scale: cut where recall >= 0.95
            cut = np.sort(est[positive])[int(0.05 * positive.sum())] if positive.any() else 0
            decided = est >= cut
            row["rule"] = f"Hamming <= {int(-cut)}"
        else:
            decided = est >= threshold
            row["rule"] = f"estimate >= {threshold}"
        tp = int((decided & positive).sum())
        row["precision"] = tp / max(1, int(decided.sum()))
        row["recall"] = tp / max(1, int(positive.sum()))
    return rows


# ---------------------------------------------------------------- one configuration (child)


def peak_rss_mib() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(config: str, corpus_path: Path, docs: int, threshold: float, out: Path, workdir: Path) -> None:
    cpus = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpus[-1]})
    index_call, extra = _make_index(config, threshold, workdir)
    match = np.full(docs, -1, dtype=np.int64)
    similarity = np.zeros(docs, dtype=np.float32)
    wall = cpu = 0.0
    checkpoints = []
    step = max(1, docs // 10)
    with corpus_path.open("rb") as lines:
        for number in range(docs):
            text = json.loads(lines.readline())
            w0, c0 = time.perf_counter(), time.process_time()
            found = index_call(str(number), text)
            wall += time.perf_counter() - w0
            cpu += time.process_time() - c0
            if found is not None:
                match[number], similarity[number] = int(found[0]), found[1]
            if (number + 1) % step == 0 or number + 1 == docs:
                checkpoints.append((number + 1, wall, cpu))
    w0, c0 = time.perf_counter(), time.process_time()
    extra["finish"]()
    wall += time.perf_counter() - w0
    cpu += time.process_time() - c0
    peak_mib = peak_rss_mib()
    stats = dict(config=config, docs=docs, wall=wall, cpu=cpu, peak_mib=peak_mib, checkpoints=checkpoints,
                 cpu_pinned=cpus[-1], **{k: v for k, v in extra.items() if k != "finish"})
    if "size" in extra:
        stats["size"] = extra["size"]()
    np.savez(out, match=match, similarity=similarity)
    out.with_suffix(".json").write_text(json.dumps(stats))


def _make_index(config: str, threshold: float, workdir: Path) -> tuple[Any, dict[str, Any]]:
    from crawler.dedup import MemoryStorage, NearDuplicateIndex, SQLiteStorage
    from crawler.dedup.shingles import token_ids

    if config == "exact":
        seen: dict[bytes, str] = {}

        def exact(record_id: str, text: str) -> tuple[str, float] | None:
            key = hashlib.blake2b(token_ids(text).tobytes(), digest_size=16).digest()
            first = seen.setdefault(key, record_id)
            return None if first == record_id else (first, 1.0)

        return exact, {"finish": lambda: None}
    if config in ("memory", "sqlite"):
        if config == "memory":
            storage: Any = MemoryStorage()
            extra: dict[str, Any] = {}
        else:
            path = workdir / "neardup.sqlite3"
            path.unlink(missing_ok=True)
            storage = SQLiteStorage(path, commit_every=50_000, checkpoint_pages=100_000, cache_mib=512)
            extra = {"size": lambda: sum(p.stat().st_size for p in workdir.glob("neardup.sqlite3*"))}
        index = NearDuplicateIndex(storage, threshold)
        extra["finish"] = index.flush
        return index.find_or_add, extra
    if config == "datasketch":
        from datasketch import LeanMinHash, MinHash, MinHashLSH

        lsh = MinHashLSH(threshold=threshold, num_perm=128)
        kept: dict[str, LeanMinHash] = {}

        def datasketch_call(record_id: str, text: str) -> tuple[str, float] | None:
            minhash = MinHash(num_perm=128)
            minhash.update_batch(list(shingle_hashes(text).view("S8")))  # same shingle sets
            best: tuple[str, float] | None = None
            for candidate in lsh.query(minhash):
                estimate = kept[candidate].jaccard(minhash)
                if estimate >= threshold and (best is None or estimate > best[1]):
                    best = (candidate, estimate)
            if best is None:
                lsh.insert(record_id, minhash)
                kept[record_id] = LeanMinHash(minhash)
            return best

        return datasketch_call, {"finish": lambda: None}
    raise ValueError(f"unknown configuration {config!r}")


# ---------------------------------------------------------------- scoring and report


def evaluate(corpus: Corpus, truth: np.ndarray, match: np.ndarray, corpus_path: Path, offsets: np.ndarray, threshold: float) -> dict[str, Any]:
    reported = np.flatnonzero(match >= 0)
    true_j = np.empty(len(reported))
    for slot, number in enumerate(reported):
        other = int(match[number])
        if corpus.is_copy[number] and int(corpus.source[number]) == other:
            true_j[slot] = truth[number]
        else:  # a sibling copy, or a wrong match: measure it
            true_j[slot] = jaccard(shingle_hashes(read_text(corpus_path, offsets, int(number))),
                                   shingle_hashes(read_text(corpus_path, offsets, other)))
    good = np.zeros(corpus.size, dtype=bool)
    good[reported[true_j >= threshold]] = True
    positives = corpus.is_copy & (np.nan_to_num(truth, nan=-1) >= threshold)
    bands = {}
    copies = corpus.is_copy
    for low, high in BANDS:
        in_band = copies & (truth >= low) & (truth < high)
        bands[f"{low:.2f}-{min(high, 1.0):.2f}"] = (int(in_band.sum()), float((match[in_band] >= 0).mean()) if in_band.any() else float("nan"))
    return {
        "reported": len(reported),
        "precision": float((true_j >= threshold).mean()) if len(reported) else 1.0,
        "recall": float(good[positives].mean()) if positives.any() else float("nan"),
        "positives": int(positives.sum()),
        "false_positives": int((true_j < threshold).sum()),
        "worst_reported_j": float(true_j.min()) if len(reported) else float("nan"),
        "bands": bands,
    }


def growth(checkpoints: list) -> float:
    """Seconds per document in the last tenth of the run over the first tenth."""
    (n1, w1, _), (n9, w9, _), (n10, w10, _) = checkpoints[0], checkpoints[-2], checkpoints[-1]
    return ((w10 - w9) / (n10 - n9)) / (w1 / n1) if len(checkpoints) > 2 and w1 > 0 else float("nan")


def markdown(rows: list[list[Any]], header: list[str]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_DOCS} documents, no signature table, no datasketch")
    parser.add_argument("--configs", default=None, help=f"comma-separated, from {','.join(CONFIGS)}")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--reuse-corpus", action="store_true", help="read WORKDIR/corpus.jsonl written by an earlier run")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run_child(args.child, args.corpus, args.docs, args.threshold, args.out, args.workdir)
        return 0
    docs = QUICK_DOCS if args.quick else args.docs
    configs = args.configs.split(",") if args.configs else (["exact", "memory", "sqlite"] if args.quick else list(CONFIGS))
    with tempfile.TemporaryDirectory(prefix="bench-dedup-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        return _run(args, docs, configs, workdir)


def _run(args: argparse.Namespace, docs: int, configs: list[str], workdir: Path) -> int:
    corpus = Corpus(docs, args.seed)
    corpus_path = workdir / "corpus.jsonl"
    started = time.perf_counter()
    truth, offsets, pairs = write_corpus(corpus, corpus_path, 0 if args.quick else SIGNATURE_PAIR_DOCS, args.reuse_corpus)
    copies = corpus.is_copy
    print(f"corpus: {docs} documents ({int(copies.sum())} injected copies: "
          + ", ".join(f"{name} {int((corpus.kind == i).sum())}" for i, name in enumerate(KIND_NAMES))
          + f"; {int((corpus.language == 1).sum())} Cyrillic), {int((truth >= args.threshold).sum())} copies at "
          f"true J >= {args.threshold}; written in {time.perf_counter() - started:.0f} s", flush=True)
    report: dict[str, Any] = {"docs": docs, "seed": args.seed, "threshold": args.threshold, "configs": {}}
    if pairs:
        sig_rows = signature_table(pairs, args.threshold)
        report["signatures"] = sig_rows
        print(f"\nSignature choice: {len(pairs)} injected pairs of the first {SIGNATURE_PAIR_DOCS} documents, "
              f"decided by the signature alone\n")
        print(markdown([[r["signature"], r["bytes"], f"{r['us_per_text']:.0f}", f"{r['sd_near']:.4f}", r["rule"],
                         f"{r['precision']:.3f}", f"{r['recall']:.3f}"] for r in sig_rows],
                       ["signature", "bytes/text", "µs/text (CPU)", "sd of error, J in 0.75-0.85", "rule", "precision", "recall"]), flush=True)
    results = []
    for config in configs:
        if config == "datasketch":
            try:
                import datasketch  # noqa: F401
            except ImportError:
                print("\ndatasketch: not installed (pip install datasketch), row skipped", flush=True)
                continue
        out = workdir / f"result-{config}.npz"
        command = [sys.executable, "-m", "bench.dedup", "--child", config, "--corpus", str(corpus_path), "--docs",
                   str(docs), "--threshold", str(args.threshold), "--out", str(out), "--workdir", str(workdir)]
        env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        started = time.perf_counter()
        subprocess.run(command, check=True, env=env)
        stats = json.loads(out.with_suffix(".json").read_text())
        match = np.load(out)["match"]
        stats.update(evaluate(corpus, truth, match, corpus_path, offsets, args.threshold))
        print(f"{config}: {stats['docs'] / stats['wall']:.0f} docs/s, peak {stats['peak_mib']:.0f} MiB, "
              f"precision {stats['precision']:.4f}, recall {stats['recall']:.4f} "
              f"(process ran {time.perf_counter() - started:.0f} s)", flush=True)
        report["configs"][config] = stats
        results.append(stats)
    names = {"exact": "exact hash of normalised text", "memory": "NearDuplicateIndex, memory",
             "sqlite": "NearDuplicateIndex, SQLite", "datasketch": "datasketch MinHashLSH 128 + estimate"}
    print(f"\n{docs} documents, threshold J >= {args.threshold}, {results[0]['positives'] if results else 0} positive copies\n")
    print(markdown([[names[s["config"]], f"{s['docs'] / s['wall']:.0f}", f"{s['docs'] / s['cpu']:.0f}",
                     f"{s['wall']:.0f}", f"{s['peak_mib']:.0f}", f"{s['precision']:.4f}", f"{s['recall']:.4f}",
                     s["reported"], f"{growth(s['checkpoints']):.2f}",
                     f"{s['size'] / 2**20:.0f} MiB" if "size" in s else ""] for s in results],
                   ["index", "docs/s (wall)", "docs/s (CPU)", "index time s", "peak RSS MiB", "precision", "recall",
                    "matches", "cost/doc last 10% ÷ first 10%", "on disk"]))
    if results:
        band_names = list(results[0]["bands"])
        print("\nShare of injected copies reported as near duplicates, by true Jaccard to their source "
              "(reporting below the threshold is a false positive)\n")
        print(markdown([["copies"] + [results[0]["bands"][b][0] for b in band_names]]
                       + [[names[s["config"]]] + [f"{s['bands'][b][1]:.3f}" for b in band_names] for s in results],
                       ["true J"] + band_names))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, default=float))
    return 0


if __name__ == "__main__":
    sys.exit(main())
