"""Pure scoring functions for the Fundus evaluation (no I/O, no dataset needed).

The metrics follow ``../shared/datasets/README.md``:

- body: both texts lower-cased and split into word tokens (``\\w+``, Unicode), word 4-gram
  multisets counted with multiplicity; precision and recall per page, averaged over pages,
  F1 computed from the two means (not the mean of per-page F1s);
- title: exact match after white-space normalization (NFC, invisible format characters such
  as soft hyphens and zero-width spaces removed, runs of white space -> one space);
- date: same calendar day, with the extracted value seen in the expected value's UTC offset;
- authors: exact match of the sets of names, each name white-space normalized and compared
  case-insensitively ("dpa" and "Dpa" are the same agency).

Which part of Fundus's expected body is compared is decided here (see ``expected_body``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

NGRAM = 4
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
_VERSION = re.compile(r"^V(\d+)(?:_(\d+))?(?:_(\d+))?$")
_DAY_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --- text normalization -----------------------------------------------------------------

def _visible(text: str) -> str:
    """NFC without invisible format characters (soft hyphen, zero-width space, BOM, ...)."""
    return "".join(ch for ch in unicodedata.normalize("NFC", text) if unicodedata.category(ch) != "Cf")


def normalize_space(text: str | None) -> str:
    """Visible characters only, every run of white space (incl. non-breaking) as one space."""
    if not text:
        return ""
    return _SPACE.sub(" ", _visible(text)).strip()


def tokens(text: str | None) -> list[str]:
    """Lower-cased word tokens (a soft hyphen inside a word does not split it)."""
    return _WORD.findall(_visible(text or "").lower())


def ngrams(words: Sequence[str], n: int = NGRAM) -> Counter[tuple[str, ...]]:
    """Multiset of word n-grams; a text shorter than n words gives its whole word tuple."""
    if not words:
        return Counter()
    if len(words) < n:
        return Counter([tuple(words)])
    return Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


# --- expected values ----------------------------------------------------------------------

def version_key(name: str) -> tuple[int, int, int]:
    """Order of Fundus parser versions: V1 < V1_1 < V1_2 < V2 < V2_1 < V3."""
    match = _VERSION.match(name)
    if not match:
        raise ValueError(f"not a parser version: {name!r}")
    return tuple(int(part or 0) for part in match.groups())  # type: ignore[return-value]


def expected_body(body: dict[str, Any] | None, *, include_summary: bool = False,
                  include_headlines: bool = True) -> str:
    """The text our ``body`` is compared against.

    Fundus keeps the summary (lead/teaser) apart from the body sections; our Article has a
    separate ``lead`` too, so by default the summary is left out and the comparison uses the
    section headlines (sub-headings inside the text, which a body extractor keeps as
    paragraphs) and the paragraphs, in page order.
    """
    if not body:
        return ""
    parts: list[str] = list(body.get("summary") or []) if include_summary else []
    for section in body.get("sections") or []:
        if include_headlines:
            parts.extend(section.get("headline") or [])
        parts.extend(section.get("paragraphs") or [])
    return "\n\n".join(part for part in parts if part)


def author_set(names: Iterable[str] | None) -> frozenset[str]:
    return frozenset(n.casefold() for n in (normalize_space(name) for name in names or []) if n)


# --- per-page scores ----------------------------------------------------------------------

@dataclass(frozen=True)
class BodyScore:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


def f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def body_score(extracted: str | None, expected: str) -> BodyScore:
    """Precision and recall of the extracted text's word 4-grams against the expected ones.

    An empty extraction has precision 0 (nothing right was said) and recall 0.
    """
    got = ngrams(tokens(extracted))
    want = ngrams(tokens(expected))
    overlap = sum((got & want).values())
    precision = overlap / sum(got.values()) if got else 0.0
    recall = overlap / sum(want.values()) if want else 0.0
    return BodyScore(precision, recall)


def first_differences(extracted: str | None, expected: str, words: int = 15) -> tuple[str, str]:
    """(extra, missing): the first run of extracted words whose 4-grams the expected text lacks,
    and the first run of expected words the extraction lacks ("" when there is none). For debugging."""
    got, want = tokens(extracted), tokens(expected)
    got_grams, want_grams = ngrams(got), ngrams(want)

    def first(side: list[str], other: Counter[tuple[str, ...]]) -> str:
        if len(side) < NGRAM:
            return "" if tuple(side) in other or not side else " ".join(side)
        for i in range(len(side) - NGRAM + 1):
            if tuple(side[i:i + NGRAM]) not in other:
                return " ".join(side[i:i + words])
        return ""

    return first(got, want_grams), first(want, got_grams)


def title_match(extracted: str | None, expected: str) -> bool:
    return bool(extracted) and normalize_space(extracted) == normalize_space(expected)


def parse_datetime(value: str | None) -> datetime | date | None:
    """An ISO 8601 date-time (``T`` or space separated) or a bare date; None when unreadable."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    if _DAY_ONLY.match(value):
        return date.fromisoformat(value)
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def date_match(extracted: str | None, expected: str) -> bool:
    """Same calendar day, the extracted time shown in the expected value's offset.

    A bare date (trafilatura's output) or a naive date-time is taken as already being in
    the expected value's local time.
    """
    want = parse_datetime(expected)
    got = parse_datetime(extracted)
    if want is None or got is None:
        return False
    want_day = want.date() if isinstance(want, datetime) else want
    if not isinstance(got, datetime):
        return got == want_day
    offset = want.utcoffset() if isinstance(want, datetime) else None
    if got.tzinfo is not None and offset is not None:
        got = got.astimezone(timezone(offset))
    return got.date() == want_day


def authors_match(extracted: Iterable[str] | None, expected: Iterable[str]) -> bool:
    return author_set(extracted) == author_set(expected)


# --- aggregation --------------------------------------------------------------------------

@dataclass(frozen=True)
class BodyAggregate:
    precision: float
    recall: float
    pages: int

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


def aggregate_body(scores: Sequence[BodyScore]) -> BodyAggregate:
    """Mean precision and mean recall over pages; F1 from the two means."""
    if not scores:
        return BodyAggregate(0.0, 0.0, 0)
    return BodyAggregate(
        sum(s.precision for s in scores) / len(scores),
        sum(s.recall for s in scores) / len(scores),
        len(scores),
    )


def rate(matches: Sequence[bool]) -> float:
    return sum(matches) / len(matches) if matches else 0.0
