"""Text -> set of shingle hashes: the unit the similarity threshold is measured on.

Normalisation: Unicode NFKC, case folding, "ё" read as "е"; then tokens are runs of letters and
digits (any script). Han, kana and Hangul have no reliable word breaks in running text, so
every such character is a token of its own: a shingle of k tokens is then k characters.
A shingle is k consecutive tokens; a text with fewer than k tokens has one shingle (all of
them). Punctuation, spacing and case never change the set.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import numpy as np

from crawler.dedup.hashing import U64, PolynomialHasher, mix64

DEFAULT_SHINGLE_SIZE = 3

_CJK = (
    "\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
)
_TOKEN = re.compile(f"[{_CJK}]|[^\\W_{_CJK}]+")
_POLY = U64(0x9E3779B97F4A7C15)  # odd multiplier of the polynomial that combines k token hashes
_EMPTY = np.empty(0, dtype=U64)

_hasher = PolynomialHasher()
_OTHER, _WORD, _SINGLE = 0, 1, 2


@cache
def _classes() -> np.ndarray:
    """Code point -> _WORD (``str.isalnum``, what ``[^\\W_]`` matches), _SINGLE (CJK: a token
    each) or _OTHER; the table behind the vectorised tokenizer (built once, ~0.3 s, 1 MiB)."""
    table = np.fromiter((chr(c).isalnum() for c in range(0x110000)), dtype=np.uint8, count=0x110000)
    for low, high in re.findall(r"(.)-(.)", _CJK) + [(c, c) for c in re.sub(r".-.", "", _CJK)]:
        table[ord(low):ord(high) + 1] = _SINGLE
    return table


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")


def tokens(text: str) -> list[str]:
    """Words (Latin, Cyrillic, ...) and single CJK characters of the normalised text."""
    return _TOKEN.findall(normalize(text))


def token_ids(text: str) -> np.ndarray:
    """``token_hash`` of each of ``tokens(text)``, in order (uint64 array), without making a
    Python string per token: token boundaries come from a code point class table."""
    codepoints = np.frombuffer(normalize(text).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if len(codepoints) == 0:
        return _EMPTY
    kind = _classes()[codepoints]
    count = len(kind)
    change = np.ones(count + 1, dtype=bool)  # class differs from the previous code point
    np.not_equal(kind[1:], kind[:-1], out=change[1:count])
    single = kind == _SINGLE
    in_token = kind != _OTHER
    starts = np.flatnonzero((change[:-1] | single) & in_token)
    ends = np.flatnonzero((change[1:] | single) & in_token) + 1
    return _hasher.hash_spans(codepoints, starts, ends)


def shingle_hashes(text: str, k: int = DEFAULT_SHINGLE_SIZE) -> np.ndarray:
    """Sorted unique 64-bit hashes of the text's k-token shingles (uint64 array)."""
    return shingles_of_ids(token_ids(text), k)


def shingles_of_ids(ids: np.ndarray, k: int = DEFAULT_SHINGLE_SIZE) -> np.ndarray:
    if len(ids) == 0:
        return _EMPTY
    width = min(k, len(ids))
    count = len(ids) - width + 1
    acc = ids[:count] * _POLY
    for offset in range(1, width):  # k vector operations, not one Python step per shingle
        if offset > 1:
            acc *= _POLY
        acc += ids[offset:offset + count]
    acc += U64(width)  # a short text's single shingle differs from any k-shingle
    acc = mix64(acc)
    acc.sort()
    if count > 1:
        acc = acc[np.r_[True, acc[1:] != acc[:-1]]]
    return acc


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two shingle-hash sets (sorted unique arrays)."""
    if len(a) == 0 and len(b) == 0:
        return 1.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)
