"""Author names: names only, no "By", roles, dates, e-mails or outlet names."""

from __future__ import annotations

import re
from typing import Any

from parsel import Selector

from crawler.text import clean_line

_PREFIX = re.compile(
    r"^\s*(?:by|from|written by|text|author|authors|von|par|por|di|door|av|af|przez|autor|autorin|autoren|"
    r"автор|авторы|автори|текст|редактор|ведущий)\b\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\S+@\S+")
_DATE_TAIL = re.compile(r"\s*[,|•·\-–—]?\s*(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}|updated|published|aktualisiert).*$", re.I)
_SEPARATORS = re.compile(r"\s*(?:,|;|\||/|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bi\b|\bи\b|\bта\b|\bi\b|\boraz\b|\bog\b|\ben\b|\bja\b)\s+|\s*[,;|/&]\s*", re.I)
_NOT_A_NAME = re.compile(r"https?://|www\.|\.(?:com|ru|ua|de|org|net)\b|\d{3,}", re.I)
_ROLE_TAIL = re.compile(
    r"\s*[,(\-–—]\s*(?:correspondent|reporter|editor|staff|writer|journalist|photographer|корреспондент|"
    r"редактор|кореспондент|журналист|журналіст)\b.*$",
    re.IGNORECASE,
)
_ROLE_ONLY = re.compile(
    r"^(?:(?:senior|chief|staff|political|foreign|special|our|own|deputy|managing|news|sports?|"
    r"correspondents?|reporters?|editors?|writers?|journalists?|photographers?|contributors?|"
    r"redakteur(?:in)?|redaktion|собственный|специальный|наш|корреспондент|кореспондент|редактор|"
    r"редакция|редакція)\s*)+$",
    re.IGNORECASE,
)
MAX_NAME_WORDS = 6


def clean_author(raw: str) -> list[str]:
    """One raw byline into zero or more names."""
    text = clean_line(_EMAIL.sub(" ", raw or "")) or ""
    text = _PREFIX.sub("", text)
    text = _DATE_TAIL.sub("", text)
    names = []
    for part in _SEPARATORS.split(text):
        name = _ROLE_TAIL.sub("", _PREFIX.sub("", part)).strip(" .:-–—()[]\"'«»")
        if not name or _ROLE_ONLY.match(name) or _NOT_A_NAME.search(name) or len(name.split()) > MAX_NAME_WORDS or len(name) < 2:
            continue
        if not any(character.isalpha() for character in name):
            continue
        names.append(name)
    return names


def _jsonld_names(value: Any) -> tuple[list[str], list[str]]:
    """(person names, organization names) of a JSON-LD author value."""
    people: list[str] = []
    organizations: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            people.append(item)
        elif isinstance(item, dict):
            name = item.get("name")
            if isinstance(name, list):
                name = " ".join(str(part) for part in name)
            if not isinstance(name, str):
                continue
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            (organizations if "Organization" in kinds or "NewsMediaOrganization" in kinds else people).append(name)
    return people, organizations


_BYLINE_XPATH = (
    "//*[@rel='author' or @itemprop='author' or contains(@class, 'byline') or contains(@class, 'author-name')"
    " or contains(@class, 'article-author') or contains(@class, 'article__author')][not(self::meta)][not(ancestor::aside)]"
)


def byline_names(selector: Selector) -> list[str]:
    for node in selector.xpath(_BYLINE_XPATH)[:5]:
        name_node = node.xpath(".//*[@itemprop='name']")
        text = " ".join((name_node[0] if name_node else node).xpath(".//text()").getall())
        if 2 <= len(text.strip()) <= 120:
            names = clean_author(text)
            if names:
                return names
    return []


def find_authors(jsonld_author: Any, meta_authors: list[str], selector: Selector) -> list[str]:
    """Names from JSON-LD persons, else ``<meta name=author>``, else the byline."""
    people, organizations = _jsonld_names(jsonld_author)
    raw = people or [value for value in meta_authors if not value.startswith(("http://", "https://"))]
    names: list[str] = []
    for value in raw:
        names.extend(clean_author(value))
    if not names:
        names = byline_names(selector)
    if not names:
        for value in organizations:
            names.extend(clean_author(value))
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return list(seen.values())
