"""Plain counters per source; no Scrapy here, so they are easy to test and to merge."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from crawler.report.classify import (
    EXACT_DUPLICATE_REASONS,
    NEAR_DUPLICATE_REASON,
    Outcome,
)
from crawler.report.quality import CONTENT_KINDS


@dataclass
class SourceCounts:
    """What one source gave in one run.

    Pages: ``discovered`` counts distinct requests that entered the scheduler (retries and
    redirects are ``requeued``, requests the dupefilter refused are ``already_seen``);
    ``fetched`` counts responses of any status, of which ``record_pages`` are pages
    expected to hold records (article candidates, channel pages); ``unanswered`` are
    failures without a response. Records: every record the spider yielded ends as stored
    or dropped, so ``extracted`` = stored + dropped (+ pipeline errors, in ``dropped`` as
    ``error/<class>``).
    """

    discovered: int = 0
    requeued: int = 0
    already_seen: int = 0
    fetched: int = 0
    record_pages: int = 0
    not_modified: int = 0
    unanswered: int = 0
    failed: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)  # exceptions in spider callbacks
    extracted: Counter[str] = field(default_factory=Counter)  # by record kind
    stored: Counter[str] = field(default_factory=Counter)  # by record kind
    new: int = 0
    revisions: int = 0
    near_tagged: int = 0  # stored with near_duplicate_of set (NEAR_DUPLICATES=tag)
    dropped: Counter[str] = field(default_factory=Counter)
    checked: Counter[str] = field(default_factory=Counter)  # field -> records it applies to
    missing: Counter[str] = field(default_factory=Counter)  # field -> records missing it

    # --- pages ---

    def scheduled(self, repeat: bool) -> None:
        if repeat:
            self.requeued += 1
        else:
            self.discovered += 1

    def refused_by_dupefilter(self, repeat: bool) -> None:
        """The engine announced the request as scheduled, then the scheduler refused it."""
        if repeat:
            self.requeued -= 1
        else:
            self.discovered -= 1
        self.already_seen += 1

    def response(self, failure: str | None, not_modified: bool, record_page: bool) -> None:
        self.fetched += 1
        if failure:
            self.failed[failure] += 1
        elif not_modified:
            self.not_modified += 1
        elif record_page:
            self.record_pages += 1

    def no_response(self, outcome: Outcome, reason: str) -> None:
        if outcome is Outcome.SKIPPED:
            self.skipped[reason] += 1
            return
        self.unanswered += 1
        self.failed[reason] += 1

    # --- records ---

    def _check(self, kind: str, missing: dict[str, bool]) -> None:
        self.extracted[kind] += 1
        for name, is_missing in missing.items():
            self.checked[name] += 1
            if is_missing:
                self.missing[name] += 1

    def record_stored(self, kind: str, revision: int, near_duplicate: bool, missing: dict[str, bool]) -> None:
        self._check(kind, missing)
        self.stored[kind] += 1
        if kind in CONTENT_KINDS:
            if revision > 1:
                self.revisions += 1
            else:
                self.new += 1
        if near_duplicate:
            self.near_tagged += 1

    def record_dropped(self, kind: str, reason: str, missing: dict[str, bool]) -> None:
        self._check(kind, missing)
        self.dropped[reason] += 1

    # --- derived ---

    @property
    def failed_total(self) -> int:
        return sum(self.failed.values())

    @property
    def attempts(self) -> int:
        """Pages asked for that were answered or failed (skipped ones are not attempts)."""
        return self.fetched + self.unanswered

    @property
    def content_records(self) -> int:
        return sum(count for kind, count in self.extracted.items() if kind in CONTENT_KINDS)

    @property
    def exact_duplicates(self) -> int:
        return sum(self.dropped[reason] for reason in EXACT_DUPLICATE_REASONS)

    @property
    def near_duplicates(self) -> int:
        return self.dropped[NEAR_DUPLICATE_REASON] + self.near_tagged

    def merge(self, other: SourceCounts) -> None:
        for name, value in vars(other).items():
            mine = getattr(self, name)
            if isinstance(mine, Counter):
                mine.update(value)
            else:
                setattr(self, name, mine + value)


@dataclass
class RunCounts:
    sources: dict[str, SourceCounts] = field(default_factory=dict)

    def source(self, name: str) -> SourceCounts:
        counts = self.sources.get(name)
        if counts is None:
            counts = self.sources[name] = SourceCounts()
        return counts

    def totals(self) -> SourceCounts:
        total = SourceCounts()
        for counts in self.sources.values():
            total.merge(counts)
        return total

    def merge(self, other: RunCounts) -> None:
        for name, counts in other.sources.items():
            self.source(name).merge(counts)

    def to_json(self) -> dict[str, dict[str, Any]]:
        """Plain data (what a distributed worker leaves for the merged report)."""
        return {name: {key: dict(value) if isinstance(value, Counter) else value for key, value in vars(counts).items()}
                for name, counts in self.sources.items()}

    @classmethod
    def from_json(cls, data: Any) -> RunCounts:
        """Counts from :meth:`to_json` data; unknown or ill-typed values are left out."""
        run = cls()
        if not isinstance(data, dict):
            return run
        template = SourceCounts()
        for name, fields in data.items():
            if not isinstance(fields, dict):
                continue
            counts = run.source(str(name))
            for key, value in fields.items():
                mine = getattr(template, key, None) if not key.startswith("_") else None
                if isinstance(mine, Counter) and isinstance(value, dict):
                    getattr(counts, key).update({str(k): v for k, v in value.items() if isinstance(v, int)})
                elif isinstance(mine, int) and isinstance(value, int) and not isinstance(value, bool):
                    setattr(counts, key, value)
        return run
