"""Telegram channel names: usernames from t.me URLs, display names matched across spellings,
and the known-channels data file (``crawler/data/known_channels.toml``)."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

TELEGRAM_HOSTS = frozenset({"t.me", "www.t.me", "telegram.me", "www.telegram.me", "telegram.dog"})
USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")
# First path segments of t.me pages that are not channels (invites, sticker sets, share links...).
RESERVED_PATHS = frozenset({
    "joinchat", "addstickers", "addemoji", "addlist", "addtheme", "share", "proxy", "socks", "iv",
    "login", "setlanguage", "confirmphone", "c", "bg", "boost", "contact", "invoice", "k", "a", "z",
    "m", "dl", "apps", "web", "download", "privacy", "tos", "faq", "api", "giftcode", "nft",
})
_BOT_QUERY = frozenset({"start", "startgroup", "startapp", "startchannel", "game"})


def channel_username(url: str | None) -> str | None:
    """``https://t.me/stranaua/151226`` -> ``"stranaua"``; None for invites, bots and other pages.

    Accepts channel pages (``t.me/<name>``), previews (``t.me/s/<name>``) and posts
    (``t.me/<name>/<id>``) on t.me, telegram.me and telegram.dog.
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if (parts.hostname or "").lower() not in TELEGRAM_HOSTS:
        return None
    segments = [segment for segment in parts.path.split("/") if segment]
    if segments and segments[0] == "s":
        segments = segments[1:]
    if not segments or len(segments) > 2 or segments[0].lower() in RESERVED_PATHS:
        return None
    name = segments[0]
    if not USERNAME.match(name) or name.lower().endswith("bot") or "__" in name or name.endswith("_"):
        return None
    if len(segments) == 2 and not segments[1].isdigit():
        return None
    if _BOT_QUERY & set(parse_qs(parts.query)):
        return None
    return name


def channel_url(username: str) -> str:
    return f"https://t.me/{username}"


# One Latin spelling for Cyrillic letters (Russian and Ukrainian); the reductions below then
# fold the usual transliteration variants together (kh/h/g, y/i/j, ts/c/k, shch/sch/sh...).
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}
_TRANSLITERATE = str.maketrans(_CYRILLIC)
_REDUCTIONS = (("shch", "sh"), ("sch", "sh"), ("kh", "h"), ("ph", "f"), ("x", "ks"), ("w", "v"),
               ("q", "k"), ("c", "k"), ("j", "i"), ("y", "i"), ("h", "g"))
_WORD = re.compile(r"[^\W_]+")
_DOUBLE = re.compile(r"(.)\1+")
_ENDING = re.compile(r"[aeiou]{1,3}$")
_LEADING_ARTICLES = frozenset({"the"})


def _word_key(word: str) -> str:
    latin = word.translate(_TRANSLITERATE)
    for old, new in _REDUCTIONS:
        latin = latin.replace(old, new)
    latin = _DOUBLE.sub(r"\1", latin)
    ending = _ENDING.search(latin)
    if ending and ending.start() >= 3:  # case endings: «Политики Страны» ~ «Политика Страна»
        latin = latin[: ending.start()]
    return latin


@lru_cache(maxsize=8192)
def name_key(text: str | None) -> str:
    """A spelling-tolerant key of a name: case, quotes, punctuation, emoji, transliteration
    and Russian/Ukrainian case endings do not matter (``«Политика Страны»`` and
    ``Politika Strany`` give the same key). '' for a text without letters or digits."""
    if not text:
        return ""
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold().replace("ё", "е"))
    if len(words) > 1 and words[0] in _LEADING_ARTICLES:
        words = words[1:]
    return "".join(_word_key(word) for word in words)


def skeleton(text: str | None) -> str:
    """Like :func:`name_key` but without dropping endings: for comparing names with host names."""
    if not text:
        return ""
    latin = "".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")))
    latin = latin.translate(_TRANSLITERATE)
    for old, new in _REDUCTIONS:
        latin = latin.replace(old, new)
    return _DOUBLE.sub(r"\1", latin)


class KnownChannelsError(ValueError):
    """A known-channels file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class KnownChannels:
    """Display-name keys -> username; names two channels share are left out (ambiguous)."""

    by_key: dict[str, str] = field(default_factory=dict)

    def username(self, name: str | None) -> str | None:
        key = name_key(name)
        return self.by_key.get(key) if key else None

    def __len__(self) -> int:
        return len(set(self.by_key.values()))


def known_channels_from_dict(data: dict[str, Any], where: str = "<known channels>") -> KnownChannels:
    if data.get("format_version", 1) != 1:
        raise KnownChannelsError(f"{where}: unsupported format_version {data.get('format_version')!r}")
    entries = data.get("channel", [])
    if not isinstance(entries, list):
        raise KnownChannelsError(f"{where}: [[channel]] must be a list of tables")
    by_key: dict[str, str] = {}
    ambiguous: set[str] = set()
    for number, entry in enumerate(entries, 1):
        username = entry.get("username") if isinstance(entry, dict) else None
        names = entry.get("names") if isinstance(entry, dict) else None
        if not isinstance(username, str) or not USERNAME.match(username):
            raise KnownChannelsError(f"{where}: channel #{number}: username must be 4-32 letters, digits or _")
        if not isinstance(names, list) or not names or not all(isinstance(name, str) and name.strip() for name in names):
            raise KnownChannelsError(f"{where}: channel #{number} ({username}): names must be non-empty strings")
        unknown = set(entry) - {"username", "names", "note"}
        if unknown:
            raise KnownChannelsError(f"{where}: channel #{number} ({username}): unknown keys {sorted(unknown)}")
        for name in names:
            key = name_key(name)
            if not key:
                continue
            if by_key.get(key, username).lower() != username.lower():
                ambiguous.add(key)
            by_key.setdefault(key, username)
    return KnownChannels({key: value for key, value in by_key.items() if key not in ambiguous})


def load_known_channels_text(text: str, where: str = "<known channels>") -> KnownChannels:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise KnownChannelsError(f"{where}: not valid TOML: {error}") from None
    return known_channels_from_dict(data, where)


def load_known_channels(path: Path | None = None) -> KnownChannels:
    """The channels of a TOML file; without a path, the file shipped with the package (cached)."""
    if path is None:
        return _shipped_channels()
    return load_known_channels_text(path.read_text("utf-8"), str(path))


@lru_cache(maxsize=1)
def _shipped_channels() -> KnownChannels:
    resource = resources.files("crawler") / "data" / "known_channels.toml"
    return load_known_channels_text(resource.read_text("utf-8"), "crawler/data/known_channels.toml")
