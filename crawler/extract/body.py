"""The article body as plain text: paragraphs of the main text container, boilerplate left out.

How the container is found (the idea behind readability-style extractors, written for lxml):
every text block (``<p>``, ``<li>``, headings, ``<div>`` text...) of 25+ characters and low
link density gives its length to its parent and half of it to its grandparent; the
best-scoring element is the container, joined by siblings that score well too (bodies split
by ads). Navigation, asides, share bars, comments, related-article blocks, captions and forms
are skipped wherever they are. Paragraphs come out in page order, separated by a blank line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from lxml import etree
from parsel import Selector

from crawler.text import clean_line

SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "nav", "aside", "footer", "form", "figure", "figcaption",
    "iframe", "button", "select", "svg", "canvas", "video", "audio", "object", "embed", "input", "textarea",
    "label", "menu", "dialog", "head", "title", "meta", "link",
})
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dd", "dt", "blockquote", "pre",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th", "header", "center", "address", "hr",
})
_BOILERPLATE = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|social|related|read-?also|readalso|see-?also|also-read|more-?news|"
    r"comments?|disqus|advert|ads?|adv|banner|promo|sponsor|newsletter|subscri\w*|paywall-?teaser|"
    r"breadcrumbs?|sidebar|widget|cookie|consent|popup|modal|recommend\w*|teasers?|most-?read|popular|"
    r"trending|tags?|taglist|keywords|author-?bio|about-?author|byline|meta|print|toolbar|footer|"
    r"navigation|nav|menu|gallery-?nav|caption|credits?|copyright|rating|donate|outbrain|taboola)"
    r"(?:$|[\s_-])",
    re.IGNORECASE,
)
_KEEP = re.compile(r"article-?body|articlebody|post-?content|entry-?content|story-?body|text", re.IGNORECASE)
MIN_SCORING_CHARS = 25
MAX_LINK_DENSITY = 0.5
_BREAK = "\x00"


def _attribute_text(element: etree._Element) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"


def is_boilerplate(element: etree._Element) -> bool:
    """Skipped wherever it appears: by tag, by ARIA role, or by class/id words."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in SKIP_TAGS or element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if element.get("role") in ("navigation", "complementary", "banner", "contentinfo", "dialog"):
        return True
    names = _attribute_text(element)
    return bool(_BOILERPLATE.search(names)) and not _KEEP.search(names) and tag not in ("body", "html")


def _pieces(element: etree._Element, excluded: frozenset[etree._Element]) -> Iterator[str]:
    """Text pieces of an element with block boundaries marked, skipped subtrees left out."""
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag and tag != "h1" and child not in excluded and not is_boilerplate(child):  # h1: the title
            block = tag in BLOCK_TAGS
            if block:
                yield _BREAK
            if tag == "br":
                yield "\n"
            if child.text:
                yield child.text
            yield from _pieces(child, excluded)
            if block:
                yield _BREAK
        if child.tail:
            yield child.tail


def blocks_of(element: etree._Element, excluded: frozenset[etree._Element] = frozenset()) -> list[str]:
    """The paragraphs of an element: text split at block elements and at blank ``<br>`` runs."""
    text = (element.text or "") + "".join(_pieces(element, excluded))
    paragraphs = []
    for block in text.split(_BREAK):
        for part in re.split(r"\n\s*\n", block):
            cleaned = clean_line(part)
            if cleaned:
                paragraphs.append(cleaned)
    return paragraphs


def _link_density(element: etree._Element, text_length: int) -> float:
    link_chars = sum(len("".join(anchor.itertext())) for anchor in element.iter("a"))
    return link_chars / max(text_length, 1)


def _scoring_blocks(root: etree._Element, excluded: frozenset[etree._Element]) -> Iterator[tuple[etree._Element, int]]:
    """(element, text length) of each leaf text block outside skipped subtrees."""
    stack: list[etree._Element] = [root]
    while stack:
        element = stack.pop()
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if not tag or child in excluded or is_boilerplate(child):
                continue
            if tag in ("p", "li", "blockquote", "pre", "td", "dd") or (
                tag == "div" and (child.text or "").strip() and not any(
                    isinstance(grandchild.tag, str) and grandchild.tag in BLOCK_TAGS for grandchild in child
                )
            ):
                length = len(clean_line(" ".join(child.itertext())) or "")
                if length >= MIN_SCORING_CHARS and _link_density(child, length) <= MAX_LINK_DENSITY:
                    yield child, length
                if tag in ("p", "pre", "blockquote"):
                    continue
            stack.append(child)


def find_container(root: etree._Element, excluded: frozenset[etree._Element] = frozenset()) -> list[etree._Element]:
    """The elements holding the main text, in document order ([] when there is none)."""
    scores: dict[etree._Element, float] = {}
    for block, length in _scoring_blocks(root, excluded):
        parent = block.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + length
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0.0) + length / 2
    if not scores:
        return []
    best = max(scores, key=scores.__getitem__)
    parent = best.getparent()
    if parent is None:
        return [best]
    threshold = max(MIN_SCORING_CHARS * 4, scores[best] * 0.2)
    chosen = [
        sibling for sibling in parent
        if sibling is best or (scores.get(sibling, 0.0) >= threshold and not is_boilerplate(sibling))
    ]
    return chosen


def _usable(paragraph: str) -> bool:
    return len(paragraph) >= 2


def find_body_paragraphs(
    selector: Selector, excluded: Iterable[etree._Element] = (), skip_texts: Iterable[str] = ()
) -> list[str]:
    """Paragraphs of the main text. ``excluded``: nodes to leave out (related blocks, the lead)."""
    root = selector.root
    if isinstance(root, str) or root is None:
        return []
    excluded_set = frozenset(excluded)
    body = root.find(".//body")
    containers = find_container(body if body is not None else root, excluded_set)
    skipped = {clean_line(text) for text in skip_texts if text}
    paragraphs: list[str] = []
    for container in containers:
        for paragraph in blocks_of(container, excluded_set):
            if _usable(paragraph) and paragraph not in skipped:
                paragraphs.append(paragraph)
    return paragraphs


def find_body(selector: Selector, excluded: Iterable[etree._Element] = (), skip_texts: Iterable[str] = ()) -> str | None:
    paragraphs = find_body_paragraphs(selector, excluded, skip_texts)
    text = "\n\n".join(paragraphs)
    return text if len(text) >= 80 else None
