"""Which fields of a record are missing, for the kinds where a field means something.

Articles: title, body, date (``published_at``) and authors. Telegram posts: text and date
(a post has no title, and its signature is optional by design). Channel records: none.
"""

from __future__ import annotations

from typing import Any

# report field -> record attribute, per kind
FIELDS_BY_KIND: dict[str, dict[str, str]] = {
    "article": {"title": "title", "body": "body", "date": "published_at", "authors": "authors"},
    "telegram_post": {"text": "text", "date": "published_at"},
}
CONTENT_KINDS = frozenset(FIELDS_BY_KIND)  # kinds that count towards a source's yield
REPORT_FIELDS = ("title", "body", "text", "date", "authors")  # column order


def kind_of(item: Any) -> str:
    return getattr(item, "kind", None) or type(item).__name__


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, dict, set)):
        return not value
    return False


def missing_fields(item: Any) -> dict[str, bool]:
    """``{field: missing}`` for the fields that apply to the item's kind ({} for others)."""
    fields = FIELDS_BY_KIND.get(kind_of(item), {})
    return {name: _is_empty(getattr(item, attribute, None)) for name, attribute in fields.items()}
