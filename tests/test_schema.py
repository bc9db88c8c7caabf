"""The shipped JSON Schemas are generated from the item classes and match DESIGN.md's fields."""

from __future__ import annotations

import dataclasses
import json

import jsonschema
import pytest

from crawler.items import RECORD_CLASSES, Article, TelegramChannel, TelegramPost, field_names
from crawler.schema import SCHEMA_DIR, build_schema, load_schema, render, schema_filename

COMMON = ["id", "kind", "schema_version", "crawl_id", "fetched_at"]
DESIGN_FIELDS = {
    Article: COMMON + [
        "url", "canonical_url", "outlet", "language", "title", "lead", "body", "authors",
        "published_at", "modified_at", "section", "tags", "images", "links", "related",
        "sources", "telegram_refs", "paywalled", "word_count", "content_hash",
        "revision", "near_duplicate_of", "discovered_via",
    ],
    TelegramPost: COMMON + [
        "channel", "channel_title", "post_id", "url", "published_at", "edited", "author", "text",
        "views", "forwarded_from", "reply_to", "links", "link_preview", "media", "hashtags",
        "service", "content_hash", "revision", "discovered_via",
    ],
    TelegramChannel: COMMON + ["channel", "title", "description", "subscribers", "verified"],
}


@pytest.mark.parametrize("cls", list(DESIGN_FIELDS))
def test_fields_are_the_design_fields_in_order(cls):
    assert field_names(cls) == DESIGN_FIELDS[cls]


@pytest.mark.parametrize("kind", list(RECORD_CLASSES))
def test_shipped_schema_is_up_to_date(kind):
    shipped = (SCHEMA_DIR / schema_filename(kind)).read_text("utf-8")
    assert shipped == render(build_schema(RECORD_CLASSES[kind])), "run: python -m crawler.schema"
    jsonschema.Draft7Validator.check_schema(load_schema(kind))


def _valid_article() -> dict:
    return dataclasses.asdict(Article(
        id="abc", crawl_id="20261125T000000Z-1", fetched_at="2026-11-25T00:00:00+00:00",
        url="https://spzh.news/en/news/1-x", title="T", body="B",
        images=[{"url": "https://spzh.news/i.jpg", "caption": None, "credit": "tass.ru"}],
        sources=[{"kind": "telegram", "name": "Politika Strany", "url": "https://t.me/stranaua", "evidence": "..."}],
        discovered_via={"kind": "seed", "from_url": None},
    ))


def test_a_complete_article_validates():
    jsonschema.validate(_valid_article(), load_schema("article"))


@pytest.mark.parametrize(("change", "path"), [
    ({"title": ""}, "title"),
    ({"published_at": "06 January 2022"}, "published_at"),
    ({"published_at": "2022-01-06T19:15:00"}, "published_at"),  # no offset
    ({"url": "file:///etc/passwd"}, "url"),
    ({"schema_version": 2}, "schema_version"),
    ({"unexpected": 1}, None),
    ({"sources": [{"kind": "rumour", "name": None, "url": None, "evidence": None}]}, "sources"),
    ({"images": [{"url": "https://x.test/i.jpg"}]}, "images"),  # nested keys all required
])
def test_schema_rejects(change, path):
    record = {**_valid_article(), **change}
    with pytest.raises(jsonschema.ValidationError) as raised:
        jsonschema.validate(record, load_schema("article"))
    if path:
        assert path in json.dumps(list(raised.value.absolute_path)) or path in raised.value.message


def test_missing_field_is_rejected():
    record = _valid_article()
    del record["body"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, load_schema("article"))
