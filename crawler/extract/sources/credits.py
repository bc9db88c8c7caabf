"""Photo and video credits, from the images' credits and captions and from credit lines in
the text ("Photo: tass.ru", "Фото: ...").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from crawler.extract.channels import KnownChannels
from crawler.extract.sources.context import Context, Found, link_over
from crawler.extract.sources.known import home_page
from crawler.extract.sources.names import QUOTES, domain_of
from crawler.extract.sources.sentences import UP, Sentence
from crawler.text import clean_line

_CREDIT_LABELS = (
    r"photo(?:s|graph)?|video|image|picture|screenshot|illustration|"
    r"фото(?:графия)?|видео|відео|скриншот|скріншот|світлина|ілюстрація|иллюстрация|кадр"
)
_CREDIT_LABEL = re.compile(
    rf"(?:^|(?<=[(\[|/;,])|(?<=\s)(?=[{UP}]))\s*(?P<label>(?i:{_CREDIT_LABELS}))"
    rf"(?:\s*[:©]|\s+(?i:by|from|credit)\s*[:©]|\s+(?i:by|courtesy\s+of)\s)\s*"
)
_GENERIC_CREDITS = frozenset("""
    illustrative illustration иллюстративное иллюстрация ілюстративне ілюстрація archive архив архів
    collage коллаж колаж screenshot скриншот скріншот video видео відео photo фото
""".split())
_CONNECTORS = frozenset({"of", "the", "in", "and", "by", "for", "from", "via", "с", "из", "и", "і", "з", "із", "та", "в", "у"})
MAX_CREDIT_CHARS = 80


def credit_name(text: str | None) -> str | None:
    """The name a credit gives ("tass.ru", "РИА Новости", "John Smith / AP"), or None for
    something that is no credit: a caption sentence, "illustrative", "open sources"."""
    credit = clean_line(text)
    if not credit:
        return None
    credit = credit.lstrip("©").strip().rstrip(" .,;:/|-–—")
    if not credit or len(credit) > MAX_CREDIT_CHARS or len(credit.split()) > 8:
        return None
    if re.search(rf"[.!?]\s+\S|(?i:\b(?:{_CREDIT_LABELS})\s*:)", credit):
        return None  # two sentences, or another credit label: not a credit
    words = credit.split()
    lower = [word for word in words if word[:1].islower() and not domain_of(word)]
    if len(lower) >= 4:
        return None
    named = any(word[:1].isupper() or word[:1].isdigit() or word[:1] in QUOTES + "@" or domain_of(word)
                for word in words if word.casefold() not in _CONNECTORS)
    if not named or all(word.strip(QUOTES).casefold() in _GENERIC_CREDITS for word in words):
        return None
    return credit


def credit_sources(context: Context) -> list[Found]:
    text, found = context.text, []
    if not context.credit:
        return found
    labels = list(_CREDIT_LABEL.finditer(text))
    for index, match in enumerate(labels):
        stop = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        value = re.split(r"[)\]|]", text[match.end():stop], maxsplit=1)[0]
        name = credit_name(value)
        if not name:
            continue
        span = (match.end(), match.end() + len(value.rstrip()))
        link = link_over(span, context)
        domain = domain_of(name)
        url = link.url if link is not None else (home_page(domain) if domain else None)
        found.append(context.found("photo", name, url, (match.start(), span[1])))
    return found


def image_sources(images: Iterable[dict[str, Any]]) -> list[Found]:
    found = []
    for image in images:
        credit = image.get("credit")
        name = credit_name(credit)
        if name:
            domain = domain_of(name)
            found.append(Found(-1, "photo", name, home_page(domain) if domain else None, clean_line(credit) or name))
        elif image.get("caption"):
            caption = clean_line(image["caption"]) or ""
            context = Context(Sentence(-1, -1, caption), [], KnownChannels(), credit=True)
            found += [Found(-1, item.kind, item.name, item.url, caption) for item in credit_sources(context)]
    return found
