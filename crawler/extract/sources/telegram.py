"""Telegram channels named as a source: "posted by the … Telegram channel", "сообщает
Telegram-канал «...»", t.me links and @handles in an attributing sentence.
"""

from __future__ import annotations

import re

from crawler.extract.channels import channel_url, name_key
from crawler.extract.sources.context import Context, Found, overlaps
from crawler.extract.sources.names import (
    HANDLE,
    NAME,
    NAMESEQ,
    NAMESEQ_OF,
    QUOTED,
    QUOTES,
    clean_name,
    is_stop_name,
    is_stop_token,
    tokens_of,
)

_TG_WORD = r"(?:[Tt]elegram|TELEGRAM|[Тт]елеграмм?|[Тт]елеґрам|ТГ|тг|TG|tg)"
_TG_EN = r"\b[Tt]elegram[\s-]+channel\b"
_TG_SLAVIC = rf"(?<![\w-]){_TG_WORD}[\s\-‑–]*[Кк]анал(?P<ending>[а-яіїєґ]*)\b"
_SINGULAR_ENDINGS = frozenset({"", "а", "у", "ом", "е", "і"})
_GENITIVE_MARKER = r"(?:издания|газеты|агентства|журнала|телеканала|проекта|видання|газети|агенції|проєкту|проекту)"
_ADJECTIVE_GENITIVE = r"(?:[а-яёіїєґ-]+(?:ого|ой|ей|ий|ый|ая|ої|ього|ської|ской)\s+){1,2}"

# (pattern, mode, Russian/Ukrainian). Modes: "after": the name follows the Telegram phrase;
# "before": it precedes it (leading stop words dropped); "strict": like "before", but kept only
# when it resolves to a channel (what precedes "wrote on Telegram" may be a person or a quote).
_TELEGRAM_PATTERNS: tuple[tuple[re.Pattern[str], str, bool], ...] = tuple(
    (re.compile(pattern), mode, slavic) for pattern, mode, slavic in (
        (rf"(?P<name>{QUOTED})\s+{_TG_EN}", "before", False),
        (rf"(?:^|\b(?i:the|by|from|via)\s+)(?:[a-z][\w-]*\s+){{0,2}}(?P<name>{NAMESEQ})\s+{_TG_EN}", "before", False),
        (rf"(?:^|(?<=\s))(?P<name>{NAMESEQ})['’]s\s+(?:(?i:official)\s+)?{_TG_EN}", "strict", False),
        (rf"{_TG_EN}\s+of\s+(?:the\s+)?(?P<name>{QUOTED}|{NAMESEQ_OF})", "after", False),
        (rf"{_TG_EN}\s+(?:(?:called|named)\s+)?(?P<name>{NAME})", "after", False),
        (rf"\bon\s+[Tt]elegram\s+by\s+(?:the\s+)?(?P<name>{NAME})", "after", False),
        ((rf"(?:^|(?<=\s))(?P<name>{NAMESEQ})\s+(?:said|wrote|reported|posted|published|announced)\s+on\s+"
          rf"(?:(?:its|his|her|their)\s+)?[Tt]elegram\b"), "strict", False),
        (rf"{_TG_SLAVIC}\s+(?:{_GENITIVE_MARKER}\s+)?(?P<name>{NAME})", "after", True),
        (rf"{_TG_SLAVIC}\s+{_ADJECTIVE_GENITIVE}(?:{_GENITIVE_MARKER}\s+)?(?P<name>{QUOTED})", "after", True),
        (rf"(?P<name>{QUOTED}|{NAMESEQ})\s+(?:в|у)\s+(?i:сво(?:ем|ём|ему|їм|єму))\s+{_TG_SLAVIC}", "strict", True),
    )
)
# Only in sentences that say "Telegram": 'channel “X”', '“X” channel', 'канал «X»'.
_CHANNEL_QUOTED: tuple[tuple[re.Pattern[str], str, bool], ...] = (
    (re.compile(rf"\b[Cc]hannel\s+(?P<name>{QUOTED})"), "before", False),
    (re.compile(rf"(?P<name>{QUOTED})\s+channel\b"), "before", False),
    (re.compile(rf"(?<![\w-])[Кк]анал[а-яіїєґ]*\s+(?P<name>{QUOTED})"), "before", True),
)
_TELEGRAM_PHRASE = re.compile(rf"{_TG_EN}s?|{_TG_SLAVIC}|\b{_TG_WORD}\b")
_OWN_CHANNEL = re.compile(
    r"(?i)\bour\s+(?:\w+\s+)?(?:telegram|channel)|\bнаш\w*\s+(?:\w+\s+)?(?:telegram|телеграм|тг|канал)|"
    r"subscribe|join\s+(?:us|our)|follow\s+us|подписывайтесь|подпишитесь|подписаться\s+на|підписуйтесь|"
    r"підпишіться|підписатися\s+на|присоединяйтесь|приєднуйтесь|следите\s+за|стежте\s+за"
)
_HANDLE_RE = re.compile(HANDLE)
# Words that make a t.me link in a sentence a source of what the sentence tells.
_PUBLISH_CUE = re.compile(
    r"(?i)\b(?:posted|published|shared|appeared|reported|reports|wrote|writes|according|said|says|told|"
    r"reposted|forwarded|перепост\w*|репост\w*|переслал\w*|поделил\w*|поділи\w*|поширив\w*|"
    r"заявил\w*|заявив|заявила|сказал\w*|сказав|сказала|"
    r"опубликова\w*|выложи\w*|появил\w*|сообщ\w*|пиш\w*|написа\w*|переда\w*|показа\w*|"
    r"опублікува\w*|оприлюдни\w*|виклав|виклала|з'явил\w*|з’явил\w*|повідом\w*|пише|написав|написала|"
    r"передає|показав|показала)"
)


def _telegram_name(raw: str, mode: str) -> str | None:
    """The channel name a pattern captured, or None when it is no name ("the Ukrainian ...")."""
    if raw.startswith("@"):
        return raw
    if raw[:1] in QUOTES:
        name = clean_name(raw)
        return name if name and not is_stop_name(name) else None
    tokens = tokens_of(raw)
    if mode == "after":
        if is_stop_token(tokens[0]):
            return None
    else:
        while tokens and is_stop_token(tokens[0]):
            tokens = tokens[1:]
    name = clean_name(" ".join(tokens)) if tokens else None
    return name if name and not is_stop_name(name) else None


def link_text_name(text: str) -> str | None:
    """A channel or outlet name a link text gives ("“Politika Strany” Telegram channel" -> ...)."""
    remainder = _TELEGRAM_PHRASE.sub(" ", text)
    remainder = re.sub(r"(?i)\b(?:the|в|у|on|in)\b", " ", remainder).strip(" ,.:;-–—")
    if not remainder or len(remainder.split()) > 6:
        return None
    name = clean_name(remainder)
    if not name or is_stop_name(name) or not (name[0].isupper() or name[0].isdigit() or name[0] == "@"
                                                or remainder[0] in QUOTES):
        return None
    return name


def _sentence_usernames(context: Context) -> list[str]:
    """Distinct channels the sentence's t.me links and @handles point to, in order."""
    names = [link.username for link in context.links if link.username]
    names += [handle[1:] for handle in _HANDLE_RE.findall(context.text)]
    return list(dict.fromkeys(names))


def _resolve_channel(name: str, span: tuple[int, int], context: Context) -> str | None:
    """Username of a channel name: an @handle, the t.me link of that name, the only t.me link of
    the sentence (when its text names nothing else), else the known-channels file."""
    if name.startswith("@"):
        return name[1:]
    key = name_key(name)
    unnamed: list[str] = []
    for start, end, link in context.link_spans():
        if not link.username:
            continue
        link_name = link_text_name(link.text)
        link_key = name_key(link_name or link.text)
        if key and link_key and (key in link_key or (len(link_key) >= 4 and link_key in key)):
            return link.username
        if overlaps((start, end), span):
            return link.username
        if link_name is None:  # "here", "видео": a link that names no other channel
            unnamed.append(link.username)
    handles = [handle[1:] for handle in _HANDLE_RE.findall(context.text)]
    candidates = list(dict.fromkeys(unnamed + handles))
    if len(candidates) == 1 and len(_sentence_usernames(context)) == 1:
        return candidates[0]
    return context.known_channels.username(name)


def telegram_sources(context: Context) -> list[Found]:
    text = context.text
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    linked = any(link.username for link in context.links)
    if not (context.telegram or linked or "@" in text) or _OWN_CHANNEL.search(text):
        return []
    patterns: list[tuple[re.Pattern[str], str, bool]] = []
    if context.telegram:  # every pattern has a Telegram word in it
        patterns = [*_TELEGRAM_PATTERNS, *_CHANNEL_QUOTED]
    for pattern, mode, slavic in patterns:
        if slavic and not context.slavic:
            continue
        for match in pattern.finditer(text):
            span = match.span()
            if "ending" in pattern.groupindex and match.group("ending") not in _SINGULAR_ENDINGS:
                continue  # "Telegram-каналы": several channels, no one named
            if any(overlaps(span, other) for other in taken):
                continue
            raw = match.group("name")
            name = _telegram_name(raw, mode)
            if name is None:
                continue
            username = _resolve_channel(name, match.span("name"), context)
            if mode == "strict" and username is None:
                continue
            taken.append(span)
            found.append(context.found("telegram", name, channel_url(username) if username else None, span))
    found += _telegram_links(context, found, taken)
    return found


def _telegram_links(context: Context, found: list[Found], taken: list[tuple[int, int]]) -> list[Found]:
    """t.me channel links (and @handles) of an attributing sentence that no named channel used."""
    if not _PUBLISH_CUE.search(context.text):
        return []
    used = {item.url for item in found}
    extra: list[Found] = []
    for start, end, link in context.link_spans():
        if not link.username or channel_url(link.username) in used:
            continue
        used.add(channel_url(link.username))
        taken.append((start, end))
        extra.append(context.found("telegram", link_text_name(link.text), channel_url(link.username), (start, end)))
    for match in _HANDLE_RE.finditer(context.text):
        if context.telegram and channel_url(match.group(0)[1:]) not in used:
            used.add(channel_url(match.group(0)[1:]))
            taken.append(match.span())
            extra.append(context.found("telegram", match.group(0), channel_url(match.group(0)[1:]), match.span()))
    return extra
