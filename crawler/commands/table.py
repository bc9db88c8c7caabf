"""Plain text tables for the commands' output."""

from __future__ import annotations


def text_table(header: list[str], rows: list[list[str]]) -> str:
    """Left-aligned columns, two spaces apart, no trailing spaces."""
    lines = [header, *rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip() for line in lines)
