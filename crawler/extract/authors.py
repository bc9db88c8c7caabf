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
_EMAIL = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")
_DATE_TAIL = re.compile(r"\s*[,|•·\-–—]?\s*(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}|updated|published|aktualisiert).*$", re.I)
_SEPARATORS = re.compile(r"\s*(?:,|;|\||/|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bi\b|\bи\b|\bта\b|\bi\b|\boraz\b|\bog\b|\ben\b|\bja\b)\s+|\s*[,;|/&]\s*", re.I)
_NOT_A_NAME = re.compile(
    r"https?://|www\.|\.(?:com|ru|ua|de|org|net)\b|\d{3,}|\b(?:image|images|photo|foto|getty|istock\w*|"
    r"shutterstock|imago|picture|bild|quelle|source|stand|uhr)\b|\d|[{}();=<>]",
    re.I,
)
_CODE_TAIL = re.compile(r"\s*\([^)]{0,12}\)?\s*$")
_TRAILING_NOISE = re.compile(
    r"\s+(?:twitter|facebook|linkedin|instagram|e-?mail|today|yesterday|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2})\b.*$",
    re.I,
)
_NAME_SUFFIX = re.compile(r"\s*(?:기자|記者|特派員)$")
_ROLE_TAIL = re.compile(
    r"\s*[,(\-–—]\s*(?:correspondent|reporter|editor|staff|writer|journalist|photographer|корреспондент|"
    r"редактор|кореспондент|журналист|журналіст)\b.*$",
    re.IGNORECASE,
)
_ROLE_ONLY = re.compile(
    r"^(?:(?:senior|chief|staff|political|foreign|special|our|own|deputy|managing|news|sports?|"
    r"correspondents?|reporters?|editors?|writers?|journalists?|photographers?|contributors?|"
    r"twitter|facebook|e-?mail|redakteur(?:in)?|redaktion|собственный|специальный|наш|корреспондент|кореспондент|редактор|"
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
        name = _ROLE_TAIL.sub("", _PREFIX.sub("", part))
        name = _NAME_SUFFIX.sub("", _CODE_TAIL.sub("", _TRAILING_NOISE.sub("", name))).strip(" .:-–—()[]\"'«»")
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
    "//*[@rel='author' or @itemprop='author' or contains(@class, 'byline') or contains(@class, 'author')]"
    "[not(self::meta or self::link or self::body or self::html)][not(ancestor::aside or ancestor::footer)]"
)
MAX_BYLINE_CHARS = 160


def _byline_parts(node: Selector) -> list[str]:
    """Names written as separate elements ("<span>A</span><span>B</span>"), else the whole text."""
    named = node.xpath(".//*[@itemprop='name']//text()").getall()
    if named:
        return named
    leaves = [
        " ".join(leaf.xpath(".//text()").getall())
        for leaf in node.xpath(
            ".//*[self::a or self::span or self::strong or self::b][not(*)]"
            "[not(contains(@class, 'hidden') or contains(@class, 'sr-only'))]"
        )
    ]
    leaves = [leaf for leaf in leaves if clean_author(leaf)]
    if len(leaves) >= 2:
        return leaves
    return [" ".join(node.xpath(".//text()[not(ancestor::script or ancestor::style)]").getall())]


def byline_names(selector: Selector) -> list[str]:
    for node in selector.xpath(_BYLINE_XPATH)[:8]:
        text = " ".join(node.xpath(".//text()[not(ancestor::script or ancestor::style)]").getall()).strip()
        if not 2 <= len(text) <= MAX_BYLINE_CHARS:
            continue
        names = [name for part in _byline_parts(node) for name in clean_author(part)]
        if names:
            return names
    return []


def _name_key(name: str) -> str:
    """"The Times of India", "timesofindia.com", "TIMESOFINDIA" -> "timesofindia"."""
    key = name.casefold().removeprefix("www.")
    key = re.sub(r"\.(?:com|co\.uk|de|ru|ua|org|net|news|at|ch|fr|it|es|vn|lt|no|se|pl|cz)$", "", key)
    return re.sub(r"^the|\W+", "", key)


_BY_LINE = re.compile(
    r"^\s*(?:by|von|par|por|di|door|av|af|przez|автор|авторы|від|автор:)\s+(?P<names>\S.{1,80})$", re.IGNORECASE
)


def headline_byline(selector: Selector) -> list[str]:
    """A "von Dr. Max Kolter" / "By Anna Marchenko" line among the few lines after the headline."""
    lines = selector.xpath(
        "(//h1)[1]/following::*[self::p or self::div or self::span][normalize-space()][position() <= 12]"
    )
    for line in lines:
        text = clean_line(" ".join(line.xpath(".//text()[not(ancestor::script or ancestor::style)]").getall())) or ""
        match = _BY_LINE.match(text)
        if match:
            names = clean_author(match.group("names"))
            if names:
                return names
    return []


def find_authors(
    jsonld_author: Any, meta_authors: list[str], selector: Selector, site_names: list[str] = ()
) -> list[str]:
    """Names from JSON-LD persons, else ``<meta name=author>``, else the byline; the outlet's own
    name only when nothing else names anyone."""
    people, organizations = _jsonld_names(jsonld_author)
    own = {_name_key(name) for name in site_names if name}
    if people and own and all(_name_key(person) in own for person in people):
        organizations, people = organizations + people, []
    meta_authors = [value for value in meta_authors if _name_key(value) not in own]
    raw = people or [value for value in meta_authors if not value.startswith(("http://", "https://"))]
    names: list[str] = []
    for value in raw:
        names.extend(clean_author(value))
    if not names:
        names = byline_names(selector) or headline_byline(selector)
    if not names:
        for value in organizations:
            names.extend(clean_author(value))
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return list(seen.values())
