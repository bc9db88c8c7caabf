"""Outlet profiles from TOML files: strict, so that a typo fails loudly at startup."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crawler.outlets.profile import OutletProfile
from crawler.urls import absolute_url

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_STRING_LISTS = ("domains", "mirrors", "start_urls", "feeds", "sitemaps", "languages")
_URL_LISTS = ("start_urls", "feeds", "sitemaps")
_STRINGS = ("name", "title", "language", "timezone", "article_pattern", "exclude_pattern")
_TABLES = ("selectors", "language_by_path")
KNOWN_KEYS = frozenset(_STRING_LISTS + _STRINGS + _TABLES + ("url_aliases",))


class ProfileError(ValueError):
    """A profile file that cannot be used; the message names the file and the problem."""


def _string_list(data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise ProfileError(f"{where}: {key} must be a list of non-empty strings")
    return tuple(item.strip() for item in value)


def _string_table(data: dict[str, Any], key: str, where: str) -> dict[str, str]:
    value = data.get(key, {})
    if not isinstance(value, dict) or not all(isinstance(item, str) for item in value.values()):
        raise ProfileError(f"{where}: [{key}] must map names to strings")
    return dict(value)


def _regex(value: str | None, key: str, where: str) -> str | None:
    if value is None:
        return None
    try:
        re.compile(value)
    except re.error as error:
        raise ProfileError(f"{where}: {key} is not a valid regular expression: {error}") from None
    return value


def _aliases(data: dict[str, Any], where: str) -> tuple[tuple[str, str], ...]:
    aliases = []
    for alias in data.get("url_aliases", []):
        if not isinstance(alias, dict) or set(alias) != {"pattern", "replace"}:
            raise ProfileError(f"{where}: each [[url_aliases]] needs exactly pattern and replace")
        aliases.append((_regex(alias["pattern"], "url_aliases.pattern", where) or "", str(alias["replace"])))
    return tuple(aliases)


def profile_from_dict(data: dict[str, Any], where: str = "<profile>") -> OutletProfile:
    unknown = set(data) - KNOWN_KEYS
    if unknown:
        raise ProfileError(f"{where}: unknown keys {sorted(unknown)} (known: {sorted(KNOWN_KEYS)})")
    for key in _STRINGS:
        if key in data and not isinstance(data[key], str):
            raise ProfileError(f"{where}: {key} must be a string")
    name = data.get("name", "")
    if not _NAME.match(name):
        raise ProfileError(f"{where}: name must be lower-case letters, digits, '-' or '_': {name!r}")
    domains = tuple(domain.lower() for domain in _string_list(data, "domains", where))
    if not domains:
        raise ProfileError(f"{where}: domains must name at least one domain")
    timezone = data.get("timezone", "UTC")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ProfileError(f"{where}: unknown timezone {timezone!r}") from None
    for key in _URL_LISTS:
        for url in _string_list(data, key, where):
            if absolute_url(url) is None:
                raise ProfileError(f"{where}: {key} has a value that is not an http(s) URL: {url!r}")
    return OutletProfile(
        name=name,
        domains=domains,
        mirrors=tuple(mirror.lower() for mirror in _string_list(data, "mirrors", where)),
        title=data.get("title"),
        language=data.get("language"),
        timezone=timezone,
        start_urls=_string_list(data, "start_urls", where),
        feeds=_string_list(data, "feeds", where),
        sitemaps=_string_list(data, "sitemaps", where),
        article_pattern=_regex(data.get("article_pattern"), "article_pattern", where),
        selectors=_string_table(data, "selectors", where),
        languages=_string_list(data, "languages", where),
        language_by_path=_string_table(data, "language_by_path", where),
        url_aliases=_aliases(data, where),
        exclude_pattern=_regex(data.get("exclude_pattern"), "exclude_pattern", where),
    )


def load_profile_text(text: str, where: str = "<profile>") -> OutletProfile:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"{where}: not valid TOML: {error}") from None
    return profile_from_dict(data, where)


def load_profile(path: Path) -> OutletProfile:
    return load_profile_text(path.read_text("utf-8"), str(path))


def load_profile_dir(directory: Path) -> list[OutletProfile]:
    """Every ``*.toml`` of a folder, in name order; a missing folder is an error."""
    if not directory.is_dir():
        raise ProfileError(f"{directory}: no such profile folder")
    return [load_profile(path) for path in sorted(directory.glob("*.toml"))]


def load_profile_dirs(directories: Iterable[Path]) -> list[OutletProfile]:
    return [profile for directory in directories for profile in load_profile_dir(directory)]
