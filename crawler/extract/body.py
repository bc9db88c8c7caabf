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
from dataclasses import dataclass, field

from lxml import etree
from parsel import Selector

from crawler.text import clean_line
from crawler.urls import absolute_url

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
    r"comments?|disqus|advert|adv|banner|promo|sponsor|newsletter|subscri\w*|paywall-?teaser|"
    r"breadcrumbs?|sidebar|widget|cookie|consent|popup|modal|recommend\w*|most-?read|popular|"
    r"trending|taglist|keywords|author-?bio|about-?author|byline|meta|print|toolbar|footer|"
    r"navigation|nav|menu|gallery-?nav|caption|credits?|copyright|rating|donate|outbrain|taboola)"
    r"(?:$|[\s_-])",
    re.IGNORECASE,
)
_NEVER_CONTENT = re.compile(r"comment|disqus|cookie|consent", re.IGNORECASE)
LONG_PARAGRAPH_CHARS = 120
_KEEP = re.compile(r"article-?body|articlebody|post-?content|entry-?content|story-?body|text", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
MIN_SCORING_CHARS = 25
MIN_BODY_CHARS = 80
DESCEND_SHARE = 0.66
MAX_LINK_DENSITY = 0.5
_BREAK = "\x00"
_LINK_START, _LINK_END = "\x02", "\x03"
MOSTLY_LINK_SHARE = 0.8  # a paragraph whose text is this much link text is navigation


def _attribute_text(element: etree._Element) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"


def is_boilerplate(element: etree._Element) -> bool:
    """Skipped wherever it appears: by tag, by ARIA role, by being hidden, or by class/id words.

    A class/id match is overruled when the element holds several long paragraphs (a page-wide
    wrapper called ``page-banner`` or ``ad-wrapper`` still holds the article), except for
    comment sections and cookie banners. React streams server-rendered content into ``<div hidden id="S:n">``
    boundaries: those are content, not hidden boilerplate.
    """
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in SKIP_TAGS or element.get("aria-hidden") == "true":
        return True
    if element.get("hidden") is not None and not (element.get("id") or "").startswith("S:"):
        return True
    if element.get("role") in ("navigation", "complementary", "banner", "contentinfo", "dialog"):
        return True
    style = element.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    names = _attribute_text(element)
    match = _BOILERPLATE.search(names)
    if not match or _KEEP.search(names) or tag in ("body", "html"):
        return False
    return _NEVER_CONTENT.search(match.group(0)) is not None or not _holds_article_text(element)


def _holds_article_text(element: etree._Element) -> bool:
    long_paragraphs = 0
    for paragraph in element.iter("p"):
        if len("".join(paragraph.itertext())) >= LONG_PARAGRAPH_CHARS:
            long_paragraphs += 1
            if long_paragraphs >= 3:
                return True
    return False


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
            if tag == "a":
                yield _LINK_START
            if child.text:
                yield child.text
            yield from _pieces(child, excluded)
            if tag == "a":
                yield _LINK_END
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
            if _mostly_link(part):
                continue  # a teaser headline or a "more on this" link, not a paragraph
            cleaned = clean_line(part.replace(_LINK_START, "").replace(_LINK_END, ""))
            if cleaned:
                paragraphs.append(cleaned)
    return paragraphs


def _mostly_link(part: str) -> bool:
    if _LINK_START not in part:
        return False
    linked = sum(len(piece.split(_LINK_END, 1)[0].strip()) for piece in part.split(_LINK_START)[1:])
    total = len(part.replace(_LINK_START, "").replace(_LINK_END, "").strip())
    return total > 0 and linked / total >= MOSTLY_LINK_SHARE


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
    """The element holding the main text ([] when there is none).

    Every scoring block adds its length to all its ancestors. From the root, descend into the
    child holding the most text while that child holds most (``DESCEND_SHARE``) of its
    parent's: the walk stops at the smallest element that still holds nearly all the article,
    whether the paragraphs sit side by side or each in its own wrapper.
    """
    mass: dict[etree._Element, float] = {}
    for block, length in _scoring_blocks(root, excluded):
        ancestor = block.getparent()
        while ancestor is not None:
            mass[ancestor] = mass.get(ancestor, 0.0) + length
            if ancestor is root:
                break
            ancestor = ancestor.getparent()
    if not mass:
        return []
    current = root
    while True:
        children = [child for child in current if child in mass]
        if not children:
            break
        heaviest = max(children, key=mass.__getitem__)
        if mass[heaviest] < DESCEND_SHARE * mass[current]:
            break
        current = heaviest
    return [_first_of_several_articles(current, mass)]


def _first_of_several_articles(container: etree._Element, mass: dict[etree._Element, float]) -> etree._Element:
    """Pages that stack several stories (infinite scroll) hold them in sibling ``<article>``s: keep the first."""
    articles = [
        node for node in container.iter("article")
        if node is not container and mass.get(node, 0.0) >= 0.1 * mass[container]
        and not any(ancestor.tag == "article" for ancestor in node.iterancestors() if ancestor is not container)
    ]
    return articles[0] if len(articles) >= 2 else container


def _signature(block: etree._Element, container: etree._Element) -> tuple[str, ...]:
    path = []
    node = block.getparent()
    while node is not None and node is not container:
        classes = (node.get("class") or "").split()
        path.append(f"{node.tag}.{classes[0] if classes else ''}")
        node = node.getparent()
    return tuple(path)


MINORITY_SHARE = 0.3


def minority_blocks(container: etree._Element, excluded: frozenset[etree._Element]) -> frozenset[etree._Element]:
    """Blocks laid out unlike the bulk of the text (teaser cards, info boxes): left out.

    Blocks are grouped by their tag/class path below the container; a group holding less
    than ``MINORITY_SHARE`` of the heaviest group's text is dropped, with its wrapper.
    """
    groups: dict[tuple[str, ...], list[tuple[etree._Element, int]]] = {}
    for block, length in _scoring_blocks(container, excluded):
        groups.setdefault(_signature(block, container), []).append((block, length))
    if len(groups) < 2:
        return frozenset()
    weights = {key: sum(length for _, length in members) for key, members in groups.items()}
    heaviest = max(weights.values())
    dropped = set()
    for key, members in groups.items():
        if weights[key] < MINORITY_SHARE * heaviest:
            dropped.update(block for block, _ in members)
    return frozenset(dropped)


def _usable(paragraph: str) -> bool:
    return len(paragraph) >= 2


@dataclass
class Body:
    """The main text and where it was found (for links and images inside it)."""

    paragraphs: list[str] = field(default_factory=list)
    containers: list[etree._Element] = field(default_factory=list)
    excluded: frozenset[etree._Element] = frozenset()

    @property
    def text(self) -> str | None:
        joined = "\n\n".join(self.paragraphs)
        return joined if len(joined) >= MIN_BODY_CHARS else None


def extract_body(
    selector: Selector, excluded: Iterable[etree._Element] = (), skip_texts: Iterable[str] = ()
) -> Body:
    """The main text. ``excluded``: nodes to leave out (related blocks, the lead);
    ``skip_texts``: paragraphs to drop wherever they appear (the title)."""
    root = selector.root
    if isinstance(root, str) or root is None:
        return Body()
    excluded_set = frozenset(excluded)
    page_body = root.find(".//body")
    containers = find_container(page_body if page_body is not None else root, excluded_set)
    skipped = {clean_line(text) for text in skip_texts if text}
    paragraphs: list[str] = []
    for container in containers:
        excluded_set = excluded_set | minority_blocks(container, excluded_set)
        for paragraph in blocks_of(container, excluded_set):
            if _usable(paragraph) and paragraph not in skipped:
                paragraphs.append(paragraph)
    return Body(_trim_labels(paragraphs), containers, excluded_set)


def find_body_paragraphs(
    selector: Selector, excluded: Iterable[etree._Element] = (), skip_texts: Iterable[str] = ()
) -> list[str]:
    return extract_body(selector, excluded, skip_texts).paragraphs


def is_skipped(element: etree._Element, container: etree._Element, excluded: frozenset[etree._Element]) -> bool:
    """Whether an element inside ``container`` sits in a left-out subtree."""
    node: etree._Element | None = element
    while node is not None and node is not container:
        if node in excluded or is_boilerplate(node):
            return True
        node = node.getparent()
    return False


def body_links(body: Body, base_url: str) -> list[dict[str, str | None]]:
    """Links inside the main text: ``[{url, text}]``, each URL once, in page order."""
    links: dict[str, dict[str, str | None]] = {}
    for container in body.containers:
        for anchor in container.iter("a"):
            url = absolute_url(anchor.get("href"), base_url)
            if url and url not in links and not is_skipped(anchor, container, body.excluded):
                links[url] = {"url": url, "text": clean_line("".join(anchor.itertext()))}
    return list(links.values())


def _trim_labels(paragraphs: list[str]) -> list[str]:
    """Short lines before the first and after the last real paragraph are labels ("Header",
    "Log in to read on", "Related keywords"), not article text."""
    real = [index for index, paragraph in enumerate(paragraphs) if len(paragraph) >= MIN_SCORING_CHARS]
    if not real:
        return paragraphs
    return paragraphs[real[0]: real[-1] + 1]


def find_body(selector: Selector, excluded: Iterable[etree._Element] = (), skip_texts: Iterable[str] = ()) -> str | None:
    return extract_body(selector, excluded, skip_texts).text
