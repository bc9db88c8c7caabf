"""The report as JSON: built from the counters, written atomically beside the output.

``<RUN_REPORT_DIR or OUTPUT_DIR/reports>/<spider>/<crawl_id>.json``; see README "Run report
and progress" for the fields.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from crawler.report.counts import RunCounts, SourceCounts
from crawler.report.quality import REPORT_FIELDS

REPORT_VERSION = 1
# Metrics compared with earlier runs; worse when higher, except the yield.
LOWER_IS_WORSE = frozenset({"yield"})


@dataclass(frozen=True)
class RunInfo:
    spider: str
    crawl_id: str
    started_at: datetime
    finished_at: datetime
    duration_seconds: float
    finish_reason: str


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def missing_block(counts: SourceCounts) -> dict[str, dict[str, Any]]:
    """Per field that applies to the source's records: how many of the records extracted
    lack it. Extracted, not only stored: a page missing its title or body is dropped by
    validation and would otherwise never show in these shares."""
    return {
        name: {"missing": counts.missing[name], "of": counts.checked[name],
               "share": _share(counts.missing[name], counts.checked[name])}
        for name in REPORT_FIELDS if counts.checked[name]
    }


def rates(counts: SourceCounts) -> dict[str, dict[str, float | int | None]]:
    """The metrics judged against earlier runs, each with the count it is measured over."""
    measured: dict[str, dict[str, float | int | None]] = {
        "yield": {"value": round(counts.content_records / counts.record_pages, 4) if counts.record_pages else None,
                  "of": counts.record_pages},
        "failure_share": {"value": _share(counts.failed_total, counts.attempts), "of": counts.attempts},
    }
    for name in REPORT_FIELDS:
        if counts.checked[name]:
            measured[f"missing_{name}"] = {"value": _share(counts.missing[name], counts.checked[name]),
                                           "of": counts.checked[name]}
    return measured


def source_block(counts: SourceCounts) -> dict[str, Any]:
    return {
        "pages": {
            "discovered": counts.discovered, "fetched": counts.fetched, "failed": counts.failed_total,
            "record_pages": counts.record_pages, "not_modified": counts.not_modified,
            "requeued": counts.requeued, "already_seen": counts.already_seen,
            "skipped": sum(counts.skipped.values()),
        },
        "failed": dict(sorted(counts.failed.items())),
        "skipped": dict(sorted(counts.skipped.items())),
        "errors": dict(sorted(counts.errors.items())),
        "records": {
            "extracted": dict(sorted(counts.extracted.items())),
            "stored": dict(sorted(counts.stored.items())),
            "new": counts.new, "revisions": counts.revisions,
        },
        "dropped": dict(sorted(counts.dropped.items())),
        "duplicates": {"exact": counts.exact_duplicates, "near": counts.near_duplicates,
                       "near_tagged": counts.near_tagged},
        "missing": missing_block(counts),
        "rates": rates(counts),
    }


def build_report(info: RunInfo, counts: RunCounts, thresholds: dict[str, float | int],
                 warnings: dict[str, list[dict[str, Any]]] | None = None,
                 spider_counts: dict[str, dict[str, int]] | None = None) -> dict[str, Any]:
    """The whole report; ``spider_counts`` are the spider's own counters per source (what
    it says of a Telegram channel: missing, no_preview, end/<reason>...)."""
    warnings = warnings or {}
    spider_counts = spider_counts or {}
    sources = {}
    for name in sorted(set(counts.sources) | set(spider_counts)):
        block = source_block(counts.sources.get(name) or SourceCounts())
        block["spider"] = dict(sorted(spider_counts.get(name, {}).items()))
        block["warnings"] = warnings.get(name, [])
        sources[name] = block
    totals = source_block(counts.totals())
    del totals["rates"]
    return {
        "report_version": REPORT_VERSION,
        "spider": info.spider,
        "crawl_id": info.crawl_id,
        "started_at": info.started_at.isoformat(timespec="seconds"),
        "finished_at": info.finished_at.isoformat(timespec="seconds"),
        "duration_seconds": round(info.duration_seconds, 3),
        "finish_reason": info.finish_reason,
        "thresholds": thresholds,
        "totals": totals,
        "sources": sources,
        "warnings": [{"source": name, **warning} for name in sorted(warnings) for warning in warnings[name]],
    }


def report_path(directory: Path, spider: str, crawl_id: str) -> Path:
    return directory / spider / f"{crawl_id}.json"


def write_report(report: dict[str, Any], path: Path) -> None:
    """Write whole or not at all: a temporary file in the same folder, fsynced, then renamed
    over the target, so a reader (or the next run's history) never sees half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    temporary = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    try:
        directory = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(directory)
    except OSError:
        pass
    finally:
        os.close(directory)
