"""Normalize pipeline: every string field cleaned the way its type annotation says.

Single-line text: NFC, control characters removed, white space collapsed. Multiline text:
the same, paragraphs separated by one blank line. URLs: absolute http(s) against the record's
``url``, without fragment (others become null). Dates: ISO 8601 with an offset; a date
without one is read in ``DEFAULT_TIMEZONE``; an unreadable date becomes null and is counted.
"""

from __future__ import annotations

import dataclasses
import logging
import typing
from functools import cache
from typing import Any, get_args, get_origin, get_type_hints

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.annotations import unwrap_annotated
from crawler.extract.dates import get_timezone, to_iso8601
from crawler.items import Format, Record
from crawler.text import clean_line, clean_multiline
from crawler.urls import absolute_url

logger = logging.getLogger(__name__)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls, include_extras=True)


@cache
def _shape(tp: Any) -> tuple[Any, frozenset[str], Any, Any, dict[str, Any] | None]:
    """(base type, markers, list item type or None, TypedDict hints or None) of an
    annotation: worked out once per annotation, not once per value."""
    base, metadata = unwrap_annotated(tp, strip_optional=True)
    markers = frozenset(extra for extra in metadata if isinstance(extra, str))
    item_type = get_args(base)[0] if get_origin(base) is list else None
    hints = _hints(base) if typing.is_typeddict(base) else None
    return base, markers, get_origin(base) is list, item_type, hints


class _Normalizer:
    def __init__(self, base_url: str | None, tz: Any, problems: list[str]) -> None:
        self.base_url = base_url
        self.tz = tz
        self.problems = problems

    def value(self, tp: Any, value: Any, name: str) -> Any:
        if value is None:
            return None
        base, markers, is_list, item_type, hints = _shape(tp)
        if is_list:
            return self.sequence(item_type, value, name)
        if hints is not None and isinstance(value, dict):
            return {key: self.value(hints[key], value.get(key), f"{name}.{key}") for key in hints}
        if base is str and isinstance(value, str):
            return self.string(value, markers, name)
        return value  # numbers, booleans, literals: already exact

    def sequence(self, item_type: Any, values: Any, name: str) -> list[Any]:
        cleaned: list[Any] = []
        seen: set[Any] = set()
        for value in values if isinstance(values, (list, tuple)) else [values]:
            normalized = self.value(item_type, value, name)
            if normalized is None or normalized == {}:
                continue
            if isinstance(normalized, dict) and "url" in normalized and normalized["url"] is None:
                continue  # a nested link whose URL could not be made usable
            key = repr(normalized)
            if key not in seen:
                seen.add(key)
                cleaned.append(normalized)
        return cleaned

    def string(self, value: str, markers: frozenset[str], name: str) -> str | None:
        if Format.URL in markers:
            url = absolute_url(value, self.base_url)
            if url is None and value.strip():
                self.problems.append(f"bad_url/{name}")
            return url
        if Format.DATETIME in markers:
            moment = to_iso8601(value, self.tz)
            if moment is None and value.strip():
                self.problems.append(f"bad_date/{name}")
            return moment
        if Format.MULTILINE in markers:
            return clean_multiline(value)
        return clean_line(value)


class NormalizePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.default_tz = get_timezone(crawler.settings.get("DEFAULT_TIMEZONE", "UTC"))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalizePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Record):
            self.stats.inc_value("item_dropped/invalid/not_a_record")
            raise DropItem(f"not a record: {type(item).__name__}")
        problems: list[str] = []
        normalizer = _Normalizer(getattr(item, "url", None), self.default_tz, problems)
        hints = _hints(type(item))
        for field in dataclasses.fields(item):
            if field.name == "url":
                continue  # the base URL itself: normalized last, without a base
            setattr(item, field.name, normalizer.value(hints[field.name], getattr(item, field.name), field.name))
        if hasattr(item, "url"):
            item.url = absolute_url(item.url) or item.url  # type: ignore[attr-defined]
        for problem in problems:
            self.stats.inc_value(f"item_normalized/{problem}")
            logger.debug("Normalize %s %s: %s", item.kind, item.id, problem)
        return item
