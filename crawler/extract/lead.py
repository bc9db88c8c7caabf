"""The lead (standfirst) as printed on the page, when the page marks it."""

from __future__ import annotations

from lxml import etree
from parsel import Selector

from crawler.text import clean_multiline

_LEAD_XPATH = (
    "//*[self::p or self::div or self::h2 or self::span or self::section]"
    "[contains(concat(' ', translate(normalize-space(@class), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
    "'abcdefghijklmnopqrstuvwxyz'), ' '), ' lead ')"
    " or contains(@class, 'standfirst') or contains(@class, 'article-lead') or contains(@class, 'article__lead')"
    " or contains(@class, 'article-summary') or contains(@class, 'article__summary') or contains(@class, 'intro')"
    " or contains(@class, 'teaser-text') or contains(@class, 'subtitle') or contains(@class, 'dek')"
    " or @itemprop='description']"
    "[not(ancestor::nav or ancestor::aside or ancestor::footer or ancestor::a)]"
)
MIN_LEAD_CHARS = 40
MAX_LEAD_CHARS = 1200


def find_lead(selector: Selector) -> tuple[str | None, etree._Element | None]:
    """(lead text, its element) of the first marked lead of a sensible length, else (None, None)."""
    for node in selector.xpath(_LEAD_XPATH)[:5]:
        text = clean_multiline(" ".join(node.xpath(".//text()[not(ancestor::script or ancestor::style)]").getall()))
        if text and MIN_LEAD_CHARS <= len(text) <= MAX_LEAD_CHARS:
            return text, node.root
    return None, None
