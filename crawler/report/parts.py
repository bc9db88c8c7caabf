"""The report parts distributed workers leave (``crawler.distributed.run``), merged into
one run. Parts come from Redis, which other workers share: a part that is not what a worker
writes is left out and named, never a reason to lose the others."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from crawler.report.counts import RunCounts


@dataclass
class MergedRun:
    counts: RunCounts = field(default_factory=RunCounts)
    spider_counts: dict[str, dict[str, int]] = field(default_factory=dict)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    finish_reasons: list[str] = field(default_factory=list)
    workers: list[dict[str, Any]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # why parts were left out


def _moment(value: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def part_of(worker_id: str, crawl_id: str, reason: str, started_at: datetime, finished_at: datetime,
            counts: RunCounts, spider_counts: dict[str, dict[str, int]]) -> dict[str, Any]:
    """What a stopping worker leaves on the board."""
    return {
        "worker": worker_id, "crawl_id": crawl_id, "finish_reason": reason,
        "started_at": started_at.isoformat(timespec="seconds"),
        "finished_at": finished_at.isoformat(timespec="seconds"),
        "counts": counts.to_json(), "spider_counts": spider_counts,
    }


def merge_parts(parts: list[dict[str, Any]]) -> MergedRun:
    merged = MergedRun()
    for part in parts:
        started, finished = _moment(part.get("started_at")), _moment(part.get("finished_at"))
        if started is None or finished is None or not isinstance(part.get("counts"), dict):
            merged.refused.append(f"part of {part.get('worker')!r}: no start, finish or counts")
            continue
        merged.counts.merge(RunCounts.from_json(part["counts"]))
        spider_counts = part.get("spider_counts")
        for source, values in (spider_counts.items() if isinstance(spider_counts, dict) else []):
            if not isinstance(values, dict):
                continue
            into = merged.spider_counts.setdefault(str(source), {})
            for name, value in values.items():
                if isinstance(value, int) and not isinstance(value, bool):
                    into[str(name)] = into.get(str(name), 0) + value
        merged.started_at = min(filter(None, (merged.started_at, started)))
        merged.finished_at = max(filter(None, (merged.finished_at, finished)))
        reason = str(part.get("finish_reason"))
        if reason not in merged.finish_reasons:
            merged.finish_reasons.append(reason)
        merged.workers.append({"worker": part.get("worker"), "crawl_id": part.get("crawl_id"),
                               "finish_reason": part.get("finish_reason")})
    merged.finish_reasons.sort()
    merged.workers.sort(key=lambda worker: str(worker["crawl_id"]))
    return merged
