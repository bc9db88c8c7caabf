"""Attribution: who an article says its facts and media come from (the Article's ``sources``).

``find_sources`` reads the plain body sentence by sentence, the body's links and the images'
credits, and returns ``{kind, name, url, evidence}`` dicts:

- ``telegram``: "posted by the “Politika Strany” Telegram channel", "сообщает Telegram-канал
  «...»", "у телеграм-каналі ...", "as reported on Telegram by ..."; names resolve to
  ``https://t.me/<username>`` through a t.me link or @handle in the sentence, else through
  ``crawler/data/known_channels.toml``;
- ``agency`` / ``outlet``: "Strana.news reports that", "according to Reuters", "по данным
  ТАСС", "передає Укрінформ", "(TASS)", and linked source names in attributing sentences;
- ``photo``: image credits ("Photo: tass.ru") and credit lines in the text ("Фото: ...",
  "Video: ...", "Скриншот: ...").

Precision over recall, as a researcher relies on these: a name that is neither a known
outlet/agency nor a domain is only taken with a link to a site of that name, a word such as
"newspaper"/"издание" before it, or quotes after "пишет"/"writes". Names are as written
(quotes stripped), never made up; evidence is the sentence (or credit) the source came from.
Pure and offline: regular expressions compiled once, no network.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from crawler.extract.channels import KnownChannels, load_known_channels, name_key
from crawler.extract.sources.attribution import outlet_sources
from crawler.extract.sources.context import Context, Found
from crawler.extract.sources.credits import credit_name, credit_sources, image_sources
from crawler.extract.sources.known import SITE_OF
from crawler.extract.sources.names import domain_of
from crawler.extract.sources.sentences import Sentence, place_links, split_sentences
from crawler.extract.sources.telegram import telegram_sources
from crawler.urls import host_of, registered_domain

__all__ = ["Sentence", "credit_name", "find_sources", "split_sentences"]

# Cheap substring tests (on the lower-cased sentence) that decide which matchers run: most
# sentences of an article have none of these and cost one pass of ``in`` checks.
_TELEGRAM_STEMS = ("telegram", "телеграм", "телеґрам", "тг", "tg", "t.me")
_CUE_STEMS = (
    "report", "wrote", "writes", "according", "cit", "quot", "said", "says", "told", "interview", "inform",
    "note", "claims", "learned", "сообщ", "пиш", "писа", "переда", "данн", "информ", "сведен", "ссыл",
    "уточн", "выясн", "узнал", "цитир", "повідом", "пише", "писав", "даних", "даними", "інформ", "посила",
    "цитує", "з'ясува", "з’ясува", "дізнал",
)
_CREDIT_STEMS = (
    "photo", "video", "image", "picture", "screenshot", "illustr", "фото", "видео", "відео", "скрин", "скрін",
    "світлин", "ілюстр", "иллюстр", "кадр",
)


def _mentions(lower: str, stems: tuple[str, ...]) -> bool:
    return any(stem in lower for stem in stems)


_CYRILLIC = re.compile(r"[а-яёіїєґА-ЯЁІЇЄҐ]")


def _own_source(item: Found, own_domains: set[str], own_keys: set[str]) -> bool:
    """True for the article's own outlet: its domain, mirrors or names."""
    if item.kind == "telegram":
        return False
    for value in (item.url, item.name):
        if not value:
            continue
        domain = registered_domain(host_of(value)) if "://" in value else domain_of(value)
        if domain and any(domain == own or domain.endswith("." + own) for own in own_domains):
            return True
    if not item.name:
        return False
    key = name_key(item.name)
    return key in own_keys or bool(SITE_OF.get(key, frozenset()) & own_domains)


def _deduplicated(found: Iterable[Found]) -> list[dict[str, Any]]:
    """Same kind and name (in any spelling) or same URL: once, with the first evidence."""
    kept: list[Found] = []
    by_key: dict[tuple[str, str], Found] = {}
    for item in found:
        keys = [(item.kind, "name:" + name_key(item.name))] if item.name and name_key(item.name) else []
        keys += [(item.kind, "url:" + item.url)] if item.url else []
        first = next((by_key[key] for key in keys if key in by_key), None)
        if first is not None:
            if first.url is None and item.url:
                first.url = item.url
                by_key[(item.kind, "url:" + item.url)] = first
            continue
        for key in keys:
            by_key[key] = item
        kept.append(item)
    return [item.as_dict() for item in kept]


def find_sources(
    body: str | None,
    links: list[dict[str, Any]] | None = None,
    images: list[dict[str, Any]] | None = None,
    language: str | None = None,
    *,
    url: str | None = None,
    own_domains: Iterable[str] = (),
    own_names: Iterable[str] = (),
    known_channels: KnownChannels | None = None,
) -> list[dict[str, Any]]:
    """The Article's ``sources``: ``[{kind, name, url, evidence}]`` in order of appearance
    (image credits first: an article's images mostly stand above its text), deduplicated.

    ``body``: plain text, paragraphs separated by a blank line; ``links``: the body's links
    ``[{url, text}]``; ``images``: ``[{url, caption, credit}]``; ``language``: ISO 639-1 of the
    article ("en" skips the Russian/Ukrainian patterns). ``url``, ``own_domains`` and
    ``own_names`` name the article's own outlet, which is never its own source (a link to
    the outlet's other article, "Photo: UOJ"). ``known_channels`` replaces the shipped file.
    """
    known = known_channels if known_channels is not None else load_known_channels()
    own = {registered_domain(domain.lower()) for domain in own_domains if domain}
    if url and host_of(url):
        own.add(registered_domain(host_of(url)))
    own_keys = {name_key(name) for name in own_names if name_key(name)}
    found = image_sources(images or [])
    if body:
        placed = place_links(body, links or [])
        slavic_language = language not in ("en",)
        for sentence in split_sentences(body):
            sentence_links = [link for link in placed if link.start >= sentence.start and link.end <= sentence.end]
            lower = sentence.text.lower()
            context = Context(
                sentence, sentence_links, known,
                slavic=slavic_language and bool(_CYRILLIC.search(sentence.text)),
                telegram=_mentions(lower, _TELEGRAM_STEMS),
                cue=_mentions(lower, _CUE_STEMS),
                credit=_mentions(lower, _CREDIT_STEMS),
                lower=lower,
            )
            if not (sentence_links or context.telegram or context.cue or context.credit or "(" in sentence.text):
                continue
            in_sentence = telegram_sources(context)
            taken = [item.span for item in in_sentence]
            in_sentence += credit_sources(context)
            taken += [item.span for item in in_sentence if item.kind == "photo"]
            in_sentence += outlet_sources(context, taken)
            found += sorted(in_sentence, key=lambda item: item.position)
    return _deduplicated(item for item in found if not _own_source(item, own, own_keys))
