"""Output records: ``Article``, ``TelegramPost`` and ``TelegramChannel`` (schema version 1).

Field order is the JSON order. Type annotations carry everything the rest of the project
needs to know about a field:

- ``Url``, ``DateTime``, ``Multiline`` (and plain ``str`` for single-line text) tell the
  normalize pipeline how to clean a value and the schema generator which format to declare;
- ``Required`` marks a field that must be present and non-empty for the record to be kept.

Nested values (images, links, sources, ...) are plain dicts typed with ``TypedDict`` so that
extraction functions can return JSON-ready data without importing classes.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, TypedDict

SCHEMA_VERSION = 1


class Format:
    """Markers used inside ``Annotated`` to say what a string holds."""

    URL = "url"
    DATETIME = "date-time"
    MULTILINE = "multiline"
    REQUIRED = "required"


Url = Annotated[str, Format.URL]
DateTime = Annotated[str, Format.DATETIME]
Multiline = Annotated[str, Format.MULTILINE]


class Image(TypedDict):
    url: Url
    caption: str | None
    credit: str | None


class Link(TypedDict):
    url: Url
    text: str | None


class RelatedArticle(TypedDict):
    url: Url
    title: str | None
    summary: str | None


class Source(TypedDict):
    kind: Literal["telegram", "outlet", "agency", "photo"]
    name: str | None
    url: Url | None
    evidence: str | None


class DiscoveredVia(TypedDict):
    kind: Literal["seed", "feed", "sitemap", "listing", "read_also", "telegram", "link"]
    from_url: Url | None


class NamedLink(TypedDict):
    name: str | None
    url: Url | None


class ReplyTo(TypedDict):
    url: Url


class LinkPreview(TypedDict):
    url: Url | None
    site_name: str | None
    title: str | None
    description: Multiline | None


class Media(TypedDict):
    type: str
    url: Url | None


@dataclass(kw_only=True)
class Record:
    """Fields every record carries, first in every JSON line."""

    id: Annotated[str, Format.REQUIRED] = ""
    kind: str = ""
    schema_version: int = SCHEMA_VERSION
    crawl_id: Annotated[str, Format.REQUIRED] = ""
    fetched_at: Annotated[DateTime, Format.REQUIRED] = ""


@dataclass(kw_only=True)
class Article(Record):
    kind: Literal["article"] = "article"
    url: Annotated[Url, Format.REQUIRED] = ""
    canonical_url: Url | None = None
    outlet: str | None = None
    language: str | None = None
    title: Annotated[str, Format.REQUIRED] = ""
    lead: Multiline | None = None
    body: Annotated[Multiline, Format.REQUIRED] = ""
    authors: list[str] = field(default_factory=list)
    published_at: DateTime | None = None
    modified_at: DateTime | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    related: list[RelatedArticle] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    telegram_refs: list[Url] = field(default_factory=list)
    paywalled: bool = False
    word_count: int | None = None
    content_hash: str | None = None
    revision: Annotated[int, Format.REQUIRED] = 1  # 1, then +1 each time the content changes
    near_duplicate_of: str | None = None
    discovered_via: DiscoveredVia | None = None


@dataclass(kw_only=True)
class TelegramPost(Record):
    kind: Literal["telegram_post"] = "telegram_post"
    channel: Annotated[str, Format.REQUIRED] = ""
    channel_title: str | None = None
    post_id: Annotated[int, Format.REQUIRED] = 0
    url: Annotated[Url, Format.REQUIRED] = ""
    published_at: DateTime | None = None
    edited: bool = False
    author: str | None = None
    text: Multiline | None = None
    views: int | None = None
    forwarded_from: NamedLink | None = None
    reply_to: ReplyTo | None = None
    links: list[Link] = field(default_factory=list)
    link_preview: LinkPreview | None = None
    media: list[Media] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    service: bool = False
    content_hash: str | None = None
    revision: Annotated[int, Format.REQUIRED] = 1  # 1, then +1 each time the content changes
    discovered_via: DiscoveredVia | None = None


@dataclass(kw_only=True)
class TelegramChannel(Record):
    kind: Literal["telegram_channel"] = "telegram_channel"
    channel: Annotated[str, Format.REQUIRED] = ""
    title: str | None = None
    description: Multiline | None = None
    subscribers: int | None = None
    verified: bool = False


RECORD_CLASSES: dict[str, type[Record]] = {
    "article": Article,
    "telegram_post": TelegramPost,
    "telegram_channel": TelegramChannel,
}


def field_names(cls: type[Record]) -> list[str]:
    """Names of a record class's fields, in JSON order."""
    return [f.name for f in dataclasses.fields(cls)]


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def record_dict(record: Record) -> dict[str, Any]:
    """The record's fields as a dict in JSON order, nested values shared, not copied: what
    ``dataclasses.asdict`` gives for JSON, without deep-copying every list and dict."""
    names = _FIELD_NAMES.get(type(record))
    if names is None:
        names = _FIELD_NAMES[type(record)] = tuple(f.name for f in dataclasses.fields(record))
    return {name: getattr(record, name) for name in names}


def make_record(cls: type[Record], values: dict[str, Any]) -> Record:
    """Build a record from a dict, ignoring keys the class does not have."""
    known = set(field_names(cls))
    return cls(**{key: value for key, value in values.items() if key in known})


def article_id(canonical_url: str) -> str:
    """Stable id of an article: the same canonical URL, over http or https, gives the same id."""
    identity = canonical_url.split("://", 1)[-1]
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:24]


def content_hash(*parts: str | None) -> str:
    """Hash of the text that makes a record what it is (title, body, post text...)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update((part or "").encode("utf-8"))
        digest.update(b"\x00")
    return "sha256:" + digest.hexdigest()
