"""Sentences of a plain body, and where the body's links sit in it.

Attribution is read one sentence at a time, so the splitter is shared by every matcher; a
link is placed by its text so a matcher knows which sentence it belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from crawler.extract.channels import channel_username
from crawler.text import clean_line

UP = "A-ZА-ЯЁІЇЄҐ"
_SENTENCE_END = re.compile(rf"[.!?…]+[»”\"’)\]]*(?=\s+[\"«“„(\[—–-]?\s*[{UP}0-9])")
_ABBREVIATIONS = frozenset("""
    mr mrs ms dr st jr sr prof gen col lt sgt capt rev gov sen rep no vs etc approx fig vol inc ltd co
    corp jan feb mar apr jun jul aug sep sept oct nov dec p pp
    г гг им ул д т с н см ср тыс млн млрд руб коп грн обл р-н пр просп пл св о ім тис ст вул пер стр
    проф акад доц ген полк рис табл
""".split())
_DOTTED_ABBREVIATION = re.compile(r"^(?:\w{1,2}\.)+\w{1,2}$")  # U.S, e.g, т.д, т.е
_LAST_WORD = re.compile(r"[\w.-]*$")
MAX_QUOTE_SPAN = 400  # an unclosed quote longer than this is a typo, not a quotation


@dataclass(frozen=True)
class Sentence:
    start: int  # offsets into the body
    end: int
    text: str


def _is_abbreviation(line: str, end_at: int) -> bool:
    """True when the full stop at ``line[end_at]`` ends an abbreviation or an initial, not a sentence."""
    if line[end_at] != "." or (end_at + 1 < len(line) and line[end_at + 1] in ".!?…"):
        return False
    word = _LAST_WORD.search(line, max(0, end_at - 40), end_at).group(0)
    if len(word) == 1 and word.isupper():
        return True  # an initial: "V. Zelensky"
    return word.lower() in _ABBREVIATIONS or bool(_DOTTED_ABBREVIATION.match(word))


def _inside_quotes(segment: str) -> bool:
    if len(segment) > MAX_QUOTE_SPAN:
        return False
    if segment.count("«") > segment.count("»") or segment.count('"') % 2:
        return True
    if "„" in segment:
        return segment.count("„") > segment.count("“")
    return segment.count("“") > segment.count("”")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of a plain text (en/ru/uk): lines are split at ., !, ?, … (with closing quotes
    kept) before a capital, digit, quote or dash; not after abbreviations or inside quotes."""
    sentences: list[Sentence] = []

    def add(offset: int, piece: str) -> None:
        stripped = piece.strip()
        if stripped:
            start = offset + len(piece) - len(piece.lstrip())
            sentences.append(Sentence(start, start + len(stripped), stripped))

    for line_match in re.finditer(r"[^\n]+", text):
        line, offset, start = line_match.group(0), line_match.start(), 0
        for match in _SENTENCE_END.finditer(line):
            if _is_abbreviation(line, match.start()) or _inside_quotes(line[start:match.end()]):
                continue
            add(offset + start, line[start:match.end()])
            start = match.end()
        add(offset + start, line[start:])
    return sentences


@dataclass(frozen=True)
class Link:
    start: int  # offsets of the link text into the body; -1 when it was not found
    end: int
    url: str
    text: str
    username: str | None  # the Telegram channel a t.me link points to


def place_links(body: str, links: Iterable[dict[str, Any]]) -> list[Link]:
    """Body links with the place of their text in the body (links are in text order)."""
    placed, cursor = [], 0
    for link in links:
        url, text = link.get("url"), clean_line(link.get("text")) or ""
        if not url:
            continue
        start = body.find(text, cursor) if text else -1
        if start < 0 and text:
            start = body.find(text)
        if start >= 0:
            cursor = start + len(text)
        placed.append(Link(start, start + len(text) if start >= 0 else -1, url, text, channel_username(url)))
    return placed
