"""The report as a fixed-width text table for the log."""

from __future__ import annotations

from typing import Any

from crawler.report.quality import REPORT_FIELDS

_MAX_SOURCE_WIDTH = 40
_COUNT_COLUMNS: list[tuple[str, tuple[str, ...]]] = [
    ("pages", ("pages", "discovered")),
    ("fetched", ("pages", "fetched")),
    ("failed", ("pages", "failed")),
    ("records", ("records", "extracted")),
    ("stored", ("records", "stored")),
    ("new", ("records", "new")),
    ("rev", ("records", "revisions")),
    ("dropped", ("dropped",)),
    ("dup", ("duplicates", "exact")),
    ("near", ("duplicates", "near")),
]


def count_at(block: dict[str, Any], path: tuple[str, ...]) -> int:
    """The number at ``path`` in a report block; counts by kind or reason are summed."""
    value: Any = block
    for key in path:
        value = value.get(key, {}) if isinstance(value, dict) else 0
    if isinstance(value, dict):  # counts by kind or by reason
        return sum(number for number in value.values() if isinstance(number, int))
    return value if isinstance(value, int) else 0


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{share:.0%}"


def _short(name: str) -> str:
    return name if len(name) <= _MAX_SOURCE_WIDTH else name[: _MAX_SOURCE_WIDTH - 1] + "…"


def _row(name: str, block: dict[str, Any], fields: list[str]) -> list[str]:
    missing = block.get("missing", {})
    return [_short(name)] + [str(count_at(block, path)) for _, path in _COUNT_COLUMNS] + [
        _percent(missing[field]["share"]) if field in missing else "-" for field in fields
    ]


def format_grid(header: list[str], rows: list[list[str]]) -> list[str]:
    """Columns padded to their widest cell; the first left-aligned, the others right-aligned."""
    widths = [max(len(row[index]) for row in [header, *rows]) for index in range(len(header))]
    return [
        "  ".join(cell.ljust(width) if index == 0 else cell.rjust(width)
                  for index, (cell, width) in enumerate(zip(row, widths))).rstrip()
        for row in [header, *rows]
    ]


def _details(label: str, sources: dict[str, Any], key: str) -> list[str]:
    lines = []
    for name, block in sources.items():
        counts = block.get(key) or {}
        if counts:
            lines.append(f"{label:<8} {name}: " + ", ".join(f"{reason} {count}" for reason, count in counts.items()))
    return lines


def warning_text(source: str, warning: dict[str, Any]) -> str:
    runs = warning.get("runs", 0)
    metric, before, now = warning["metric"], warning["before"], warning["now"]
    values = f"{before:.2f} -> {now:.2f}" if metric == "yield" else f"{before:.0%} -> {now:.0%}"
    return (f"{source}: {metric} {values} ({warning.get('rule', 'changed')}; "
            f"baseline of {runs} earlier run{'s' if runs != 1 else ''})")


def render_table(report: dict[str, Any]) -> str:
    sources: dict[str, Any] = report.get("sources", {})
    fields = [field for field in REPORT_FIELDS
              if any(field in block.get("missing", {}) for block in sources.values())]
    header = ["source"] + [name for name, _ in _COUNT_COLUMNS] + [f"no {field}" for field in fields]
    rows = [_row(name, block, fields) for name, block in sources.items()]
    if len(sources) != 1:
        rows.append(_row("TOTAL", report.get("totals", {}), fields))
    title = (f"Run report: {report.get('spider')} {report.get('crawl_id')} "
             f"({report.get('finish_reason')}, {report.get('duration_seconds', 0):.1f} s, "
             f"{len(sources)} source{'s' if len(sources) != 1 else ''})")
    lines = [title, *format_grid(header, rows)]
    lines += _details("failed", sources, "failed")
    lines += _details("dropped", sources, "dropped")
    lines += _details("errors", sources, "errors")
    lines += _details("spider", sources, "spider")
    lines += [f"WARNING  {warning_text(warning['source'], warning)}" for warning in report.get("warnings", [])]
    return "\n".join(lines)
