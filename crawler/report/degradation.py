"""Has a source's extraction suddenly got worse than in its earlier runs?

For each metric a source is measured on (``model.rates``), the baseline is the median over
its last ``history`` earlier runs in which it was measured over at least ``min_records``
records (or pages); the current run needs as many. A share (missing title/body/text/date/
authors, failure share) that rose by ``delta`` or more over the baseline, or a yield
(records per record page) that fell by ``yield_drop`` of the baseline or more, is a warning.
Runs too small to judge are left out instead of making noise.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from statistics import median
from typing import Any

from crawler.report.history import Measure, PastRun
from crawler.report.model import LOWER_IS_WORSE


@dataclass(frozen=True)
class Thresholds:
    history: int = 5  # earlier runs a baseline is made of, at most
    min_records: int = 5  # records (pages for yield and failure share) to judge a run
    delta: float = 0.3  # absolute rise of a share that is flagged
    yield_drop: float = 0.5  # relative fall of the yield that is flagged

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def judge(metric: str, now: float, before: float, thresholds: Thresholds) -> str | None:
    """The rule a change breaks, or None when it is within bounds."""
    if metric in LOWER_IS_WORSE:
        if before > 0 and now <= before * (1 - thresholds.yield_drop):
            return f"fell by {thresholds.yield_drop:.0%} or more"
        return None
    if now - before >= thresholds.delta - 1e-9:
        return f"rose by {thresholds.delta:g} or more"
    return None


def source_warnings(current: dict[str, Measure], past: list[dict[str, Measure]],
                    thresholds: Thresholds) -> list[dict[str, Any]]:
    """Warnings for one source; ``past`` holds its earlier runs' measures, newest first."""
    warnings = []
    for metric, (now, basis) in sorted(current.items()):
        if basis < thresholds.min_records:
            continue
        earlier = [run[metric][0] for run in past
                   if metric in run and run[metric][1] >= thresholds.min_records][:thresholds.history]
        if not earlier:
            continue
        before = median(earlier)
        rule = judge(metric, now, before, thresholds)
        if rule:
            warnings.append({"metric": metric, "before": round(before, 4), "now": round(now, 4),
                             "runs": len(earlier), "rule": rule})
    return warnings


def find_warnings(current: dict[str, dict[str, Measure]], history: list[PastRun],
                  thresholds: Thresholds) -> dict[str, list[dict[str, Any]]]:
    """Per source with a warning, its warnings."""
    found = {}
    for source, measures in current.items():
        past = [run.rates[source] for run in history if source in run.rates]
        warnings = source_warnings(measures, past, thresholds)
        if warnings:
            found[source] = warnings
    return found
