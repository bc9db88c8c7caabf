"""Outlet profile selector overrides: a selector given for a field wins over generic sources."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from parsel import Selector, SelectorList

from crawler.extract.authors import clean_author
from crawler.extract.dates import format_datetime, to_iso8601
from crawler.extract.visible_dates import parse_visible_date
from crawler.text import clean_line, clean_multiline


def select(selector: Selector, expression: str) -> SelectorList[Selector]:
    """CSS, or XPath when the expression starts with ``/`` or ``(``."""
    if expression.lstrip().startswith(("/", "(")):
        return selector.xpath(expression)
    return selector.css(expression)


def node_text(node: Selector) -> str:
    return " ".join(node.xpath(".//text()[not(ancestor::script or ancestor::style)]").getall()) \
        if not isinstance(node.root, str) else node.root


def body_text(nodes: SelectorList[Selector]) -> str | None:
    """The body an override's nodes give: one paragraph per node."""
    return clean_multiline("\n\n".join(clean_line(node_text(node)) or "" for node in nodes))


def _date(nodes: SelectorList[Selector], tz: tzinfo, now: datetime | None) -> str | None:
    for node in nodes:
        machine = None if isinstance(node.root, str) else (node.root.get("datetime") or node.root.get("content"))
        value = to_iso8601(machine, tz) if machine else None
        if value is None:
            visible = parse_visible_date(node_text(node), tz, now)
            value = format_datetime(visible) if visible else None
        if value:
            return value
    return None


def apply_overrides(
    fields: dict[str, Any], selector: Selector, overrides: dict[str, str], tz: tzinfo, now: datetime | None = None
) -> dict[str, Any]:
    """``fields`` with every overridden field replaced by what its selector finds (when it finds anything)."""
    result = dict(fields)
    for field, expression in overrides.items():
        nodes = select(selector, expression)
        if not nodes:
            continue
        value: Any
        if field in ("title", "section"):
            value = clean_line(node_text(nodes[0]))
        elif field == "lead":
            value = clean_multiline(node_text(nodes[0]))
        elif field == "body":
            value = body_text(nodes)
        elif field in ("authors", "tags"):
            values = [clean_line(node_text(node)) or "" for node in nodes]
            if field == "authors":
                value = [name for raw in values for name in clean_author(raw)]
            else:
                value = [tag for tag in values if tag]
        elif field in ("published_at", "modified_at"):
            value = _date(nodes, tz, now)
        else:
            continue  # related and other structured fields are handled by their own extractors
        if value:
            result[field] = value
    return result
