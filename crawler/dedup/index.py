"""The near-duplicate index: which stored text is (almost) the same story as this one."""

from __future__ import annotations

from typing import NamedTuple

from crawler.dedup.shingles import DEFAULT_SHINGLE_SIZE, shingle_hashes
from crawler.dedup.signature import (
    DEFAULT_BANDS,
    DEFAULT_MAX_SHINGLES,
    DEFAULT_ROWS,
    Sketch,
    band_keys,
    similarity,
    sketch,
)
from crawler.dedup.storage import MemoryStorage, Storage


class Match(NamedTuple):
    record_id: str
    similarity: float


class Prepared(NamedTuple):
    """A text reduced to what the index needs; compute once, use for find and add."""

    band_keys: list[int]
    sketch: bytes


class NearDuplicateIndex:
    """Finds stored texts whose Jaccard similarity to a new text is at least ``threshold``.

    Similarity is the Jaccard index |A ∩ B| / |A ∪ B| of the two texts' sets of shingles:
    runs of ``shingle_size`` consecutive words (single characters for Chinese, Japanese and
    Korean) after Unicode normalisation and case folding, so punctuation, spacing and case do
    not count. With 3-word shingles, 0.8 is what a 500-word story keeps when one word in 28
    (3.5%) is replaced, or when each copy carries ~60 words of boilerplate of its own; 0.5 is
    about one word in 10 replaced. Unrelated stories on the same topic score below 0.05.

    Candidates come from LSH over one-permutation MinHash bands (``bands`` x ``rows``; the
    defaults 12 x 4 make a pair at J = 0.8 a candidate with probability 0.998, at 0.7 with
    0.96, at 0.1 with 0.001); each candidate's similarity is then measured on its stored
    sketch (signature.py), so a reported match really is at or above the threshold, give or
    take ~0.001. Use thresholds of 0.7 and above: below that, banding starts to miss pairs.
    """

    def __init__(
        self,
        storage: Storage | None = None,
        threshold: float = 0.8,
        *,
        shingle_size: int = DEFAULT_SHINGLE_SIZE,
        bands: int = DEFAULT_BANDS,
        rows: int = DEFAULT_ROWS,
        max_shingles: int = DEFAULT_MAX_SHINGLES,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold is a Jaccard similarity in (0, 1]")
        self.storage: Storage = storage if storage is not None else MemoryStorage()
        self.threshold = threshold
        self.shingle_size, self.bands, self.rows, self.max_shingles = shingle_size, bands, rows, max_shingles
        self.storage.ensure_params(f"ndx1 k={shingle_size} bands={bands}x{rows} sketch=fp16/{max_shingles}")

    def prepare(self, text: str) -> Prepared:
        shingles = shingle_hashes(text, self.shingle_size)
        return Prepared(band_keys(shingles, self.bands, self.rows), sketch(shingles, self.max_shingles))

    def find(self, text: str | Prepared) -> Match | None:
        """The stored record most similar to ``text``, if its similarity >= threshold."""
        prepared = text if isinstance(text, Prepared) else self.prepare(text)
        ids = sorted(self.storage.candidates(prepared.band_keys))
        if not ids:
            return None
        mine = Sketch.from_bytes(prepared.sketch)
        best: Match | None = None
        for record_id, data in zip(ids, self.storage.sketches(ids)):
            if data is None:
                continue
            score = similarity(mine, Sketch.from_bytes(data))
            if score >= self.threshold and (best is None or score > best.similarity):
                best = Match(record_id, score)
        return best

    def add(self, record_id: str, text: str | Prepared) -> bool:
        """Index a text; False when ``record_id`` is already indexed (the first text stays)."""
        prepared = text if isinstance(text, Prepared) else self.prepare(text)
        return self.storage.add(prepared.band_keys, record_id, prepared.sketch)

    def find_or_add(self, record_id: str, text: str) -> Match | None:
        """The match for ``text``, or None after indexing it as a new story.

        Duplicates are not indexed, so every story is represented by its first text and a
        match always names that first record (what ``near_duplicate_of`` wants)."""
        prepared = self.prepare(text)
        match = self.find(prepared)
        if match is None:
            self.storage.add(prepared.band_keys, record_id, prepared.sketch)
        return match

    def __len__(self) -> int:
        return len(self.storage)

    def flush(self) -> None:
        self.storage.flush()

    def close(self) -> None:
        self.storage.close()
