"""Earlier reports of the same spider, read defensively: a report that cannot be read is
skipped with a reason, never a reason to fail the run."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.report.model import REPORT_VERSION

Measure = tuple[float, int]  # (value, number of records or pages it was measured over)


@dataclass(frozen=True)
class PastRun:
    crawl_id: str
    rates: dict[str, dict[str, Measure]]  # source -> metric -> measure


@dataclass
class History:
    runs: list[PastRun] = field(default_factory=list)  # newest first
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # unreadable reports and why


def _measure(entry: Any) -> Measure | None:
    if not isinstance(entry, dict):
        return None
    value, basis = entry.get("value"), entry.get("of")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    if isinstance(basis, bool) or not isinstance(basis, int) or basis < 0:
        return None
    return float(value), basis


def measures_of(entries: dict[str, Any]) -> dict[str, Measure]:
    """The usable ``{"value", "of"}`` entries of a report's ``rates``."""
    return {metric: measure for metric, entry in entries.items() if (measure := _measure(entry))}


def parse_report(text: str, spider: str) -> PastRun:
    """The rates of one earlier report; ValueError with a short reason when unusable."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ValueError(f"not JSON ({error})") from None
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    if data.get("report_version") != REPORT_VERSION:
        raise ValueError(f"report_version {data.get('report_version')!r}, expected {REPORT_VERSION}")
    if data.get("spider") != spider:
        raise ValueError(f"report of spider {data.get('spider')!r}")
    sources = data.get("sources")
    if not isinstance(sources, dict):
        raise ValueError("no sources")
    rates: dict[str, dict[str, Measure]] = {}
    for name, block in sources.items():
        entries = block.get("rates") if isinstance(block, dict) else None
        if not isinstance(entries, dict):
            continue
        measures = measures_of(entries)
        if measures:
            rates[str(name)] = measures
    return PastRun(str(data.get("crawl_id") or ""), rates)


def _newest_first(directory: Path) -> list[Path]:
    def modified(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0

    try:
        paths = [path for path in directory.glob("*.json") if not path.name.startswith(".")]
    except OSError:
        return []
    return sorted(paths, key=lambda path: (modified(path), path.name), reverse=True)


def read_history(directory: Path, spider: str, exclude_crawl_id: str, sources: set[str],
                 runs_per_source: int, min_basis: int, max_files: int) -> History:
    """Earlier reports in ``directory`` (one spider's folder), newest first, read until every
    source in ``sources`` has ``runs_per_source`` earlier runs measured over ``min_basis``
    records or pages, or ``max_files`` were read."""
    history = History()
    seen: dict[str, int] = dict.fromkeys(sources, 0)
    for path in _newest_first(directory)[:max_files]:
        if path.stem == exclude_crawl_id:
            continue
        try:
            run = parse_report(path.read_text("utf-8"), spider)
        except (OSError, UnicodeDecodeError, ValueError) as error:
            history.skipped.append((path, str(error) or type(error).__name__))
            continue
        history.runs.append(run)
        for name, measures in run.rates.items():
            if name in seen and any(basis >= min_basis for _, basis in measures.values()):
                seen[name] += 1
        if seen and min(seen.values()) >= runs_per_source:
            break
    return history
