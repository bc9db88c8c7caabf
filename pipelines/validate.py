"""Validate pipeline: a record that does not match its kind's shipped JSON Schema is dropped.

The reason is logged and counted as ``item_dropped/invalid/<reason>``, where reason is
``missing_<field>`` for an empty required field and ``bad_<field>`` for any other mismatch.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

import fastjsonschema
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.items import RECORD_CLASSES, Record, record_dict
from crawler.schema import load_schema

logger = logging.getLogger(__name__)
_FIELD = re.compile(r"^data\.([A-Za-z_]+)")


def compile_validators() -> dict[str, Callable[[dict[str, Any]], Any]]:
    return {kind: fastjsonschema.compile(load_schema(kind)) for kind in RECORD_CLASSES}


def invalid_reason(error: fastjsonschema.JsonSchemaValueException) -> str:
    """A short, stable reason for a stat name: ``missing_title``, ``bad_published_at``..."""
    match = _FIELD.match(error.name or "")
    field = match.group(1) if match else "record"
    if error.rule in ("minLength", "minimum", "required") and match and "." not in error.name[5:]:
        return f"missing_{field}"
    return f"bad_{field}"


class ValidatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.validators = compile_validators()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def problem(self, item: Any) -> tuple[str, str] | None:
        """(reason, detail) when the record is invalid, None when it is fine."""
        if not isinstance(item, Record) or item.kind not in self.validators:
            return "unknown_kind", f"{type(item).__name__} is not a known record kind"
        try:
            self.validators[item.kind](record_dict(item))
        except fastjsonschema.JsonSchemaValueException as error:
            return invalid_reason(error), error.message
        return None

    def process_item(self, item: Any) -> Any:
        problem = self.problem(item)
        if problem is None:
            return item
        reason, detail = problem
        self.stats.inc_value(f"item_dropped/invalid/{reason}")
        where = getattr(item, "url", None) or getattr(item, "id", "?")
        logger.warning("Dropped invalid record from %s: %s (%s)", where, reason, detail)
        raise DropItem(f"invalid: {reason}")
