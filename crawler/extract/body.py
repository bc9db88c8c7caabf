"""The article body as plain text: paragraphs from the article container, boilerplate left out."""

from __future__ import annotations

from parsel import Selector

from crawler.text import clean_line

# Where the article text lives, most specific first.
CONTAINER_XPATHS = (
    '//*[@itemprop="articleBody"]',
    '//*[contains(concat(" ", normalize-space(@class), " "), " article-body ")]',
    '//*[contains(concat(" ", normalize-space(@class), " "), " article__body ")]',
    '//*[contains(concat(" ", normalize-space(@class), " "), " post-content ")]',
    '//*[contains(concat(" ", normalize-space(@class), " "), " entry-content ")]',
    "//article",
    "//main",
)
# Blocks inside a container that are not article text.
_BOILERPLATE_ANCESTORS = (
    "ancestor::nav or ancestor::aside or ancestor::footer or ancestor::header or "
    "ancestor::figure or ancestor::form or ancestor::*[@role='navigation'] or "
    "ancestor::*[contains(@class, 'share') or contains(@class, 'related') or "
    "contains(@class, 'read-also') or contains(@class, 'comments') or contains(@class, 'advert') "
    "or contains(@class, 'social') or contains(@class, 'subscribe')]"
)
_TEXT_BLOCKS = f".//*[self::p or self::h2 or self::h3 or self::li or self::blockquote][not({_BOILERPLATE_ANCESTORS})]"
MIN_PARAGRAPH_CHARS = 2


def _block_text(block: Selector) -> str | None:
    # Nested text blocks (a <p> in a <blockquote>) are read once, through the inner block.
    if block.xpath("./p|./li|./blockquote"):
        return None
    return clean_line(" ".join(block.xpath(".//text()[not(ancestor::script or ancestor::style)]").getall()))


def body_paragraphs(container: Selector) -> list[str]:
    """Paragraph texts of one container, in document order."""
    paragraphs = []
    for block in container.xpath(_TEXT_BLOCKS):
        text = _block_text(block)
        if text and len(text) >= MIN_PARAGRAPH_CHARS:
            paragraphs.append(text)
    return paragraphs


def find_body(selector: Selector) -> str | None:
    """The body of the first container that holds real paragraphs, paragraphs separated by a blank line."""
    for xpath in CONTAINER_XPATHS:
        for container in selector.xpath(xpath):
            paragraphs = body_paragraphs(container)
            if paragraphs and sum(len(p) for p in paragraphs) >= 80:
                return "\n\n".join(paragraphs)
    return None
