"""Words that introduce a "Read also" / related block, and words that mark site-wide widgets.

Phrases are plain text (matched case-insensitively, as whole label text, optionally with
decoration and a trailing colon). Add a language by adding its phrases here.
"""

from __future__ import annotations

import re

LABEL_PHRASES: tuple[str, ...] = (
    # English
    "read also", "also read", "read more", "read next", "see also", "related", "related articles",
    "related article", "related news", "related stories", "related story", "related posts", "related content",
    "related coverage", "related reading", "related links", "more on this topic", "more on this story",
    "more on the topic", "more on this subject", "more about this",
    # Russian
    "читайте также", "также читайте", "читайте еще", "читайте ещё", "читайте по теме", "смотрите также",
    "по теме", "на тему", "материалы по теме", "новости по теме", "статьи по теме", "еще по теме", "ещё по теме",
    "связанные материалы", "связанные новости", "связанные статьи",
    # Ukrainian
    "читайте також", "також читайте", "читайте більше", "читати також", "дивіться також", "по темі", "за темою",
    "матеріали за темою", "новини за темою", "статті за темою", "більше на тему", "більше за темою",
    "пов'язані матеріали", "пов’язані матеріали", "пов'язані новини", "пов’язані новини",
    # Other languages UOJ publishes in
    "pročitajte takođe", "прочитајте такође", "прочетете също", "διαβάστε επίσης", "citește și", "citeste si",
    "წაიკითხეთ ასევე", "lesen sie auch", "mehr zum thema",
)

# The first word of every phrase: a cheap str.startswith() filter before any regex runs.
FIRST_WORDS: tuple[str, ...] = tuple(sorted({phrase.split()[0] for phrase in LABEL_PHRASES}))
# Leading decoration stripped before that check ("» Read also", "— Читайте также").
DECORATION = " \t\r\n\xa0:-—–»«>•·|*►▶→#/"

_ALTERNATION = "(?:" + "|".join(
    re.escape(phrase).replace(r"\ ", r"\s+") for phrase in sorted(LABEL_PHRASES, key=len, reverse=True)
) + ")"
_LEAD = r"^[\W_]*"
# A label standing alone: decoration and a colon at most around it.
LABEL = re.compile(_LEAD + _ALTERNATION + r"[\s:.\-–—»>→]*$", re.IGNORECASE)
# A label that opens a paragraph with a link after it ("Читайте также: <a>..</a>").
LABEL_PREFIX = re.compile(_LEAD + _ALTERNATION + r"\s*[:.\-–—»>→]", re.IGNORECASE)
# Text that starts like a label (the candidate filter).
LABEL_START = re.compile(_LEAD + _ALTERNATION + r"(?!\w)", re.IGNORECASE)

# Class/id words of related blocks.
MARKUP = re.compile(
    r"(?:^|[\s_-])(?:related|read-?also|read_also|readalso|also-?read|alsoread|see-?also|seealso|"
    r"more-?news|more-?on-?(?:this-?)?topic|po-?teme|na-?temu|chitajte-?takzhe)(?:$|[\s_-])",
    re.IGNORECASE,
)
# Substrings one of which every MARKUP match holds: a cheap filter before the regex.
MARKUP_HINTS: tuple[str, ...] = ("elated", "ELATED", "lso", "LSO", "ore", "ORE", "teme", "temu", "takzhe")
# Class words that look related but list tags or topics, not articles.
NOT_ARTICLES = re.compile(r"related-?(?:tags?|topics?|keywords?|categor\w*|searche?s?|products?)", re.IGNORECASE)
# Widgets listing the site's popular articles rather than this article's related ones.
POPULAR = re.compile(
    r"most[\s_-]?(?:read|viewed|popular|commented|shared)|popular|trending|top[\s_-]?(?:news|stories)|"
    r"самое (?:читаемое|популярное)|популярное|найпопулярніше|найчитаніше|популярне",
    re.IGNORECASE,
)


def is_label(text: str, max_chars: int = 60) -> bool:
    """True for a whole text that is a related-block label ("Read also:", "Читайте також")."""
    return 0 < len(text) <= max_chars and bool(LABEL.match(text))


def starts_like_label(text: str) -> bool:
    """Cheap test for a text node that may hold a label (most text nodes fail at str level)."""
    if len(text) > 120:
        return False
    head = text.lstrip(DECORATION)[:40].lower()
    return head.startswith(FIRST_WORDS) and bool(LABEL_START.match(head))
