"""The "Read also" / related-articles blocks of a page, as ``[{url, title, summary}]``.

Blocks are found generically, in one pass over the page, and merged (the outermost block
wins; items come out in page order, each URL once, the page's own URL left out):

- by a label (``related_labels``): an element whose whole text is "Read also", "See also",
  "Related", "Читайте также", "Читайте також", "По теме", ... (a heading, div, span,
  strong...). The block is the label plus the link items that follow it (siblings of the
  label, or of the wrapper the label sits alone in); when they fill their parent, the parent
  is the block. A paragraph that opens with a label and holds a link ("Читайте также:
  <a>...</a>") is a block too.
- by markup: class or id words such as ``related``, ``read-also``, ``readalso``,
  ``also-read``, ``see-also``, ``more-news``, and ``itemprop="relatedLink"``.

Site-wide widgets are kept out: "Most read"/"Popular"/"Trending" labels do not match, and
blocks inside ``nav``/menus, labelled like popularity widgets, or holding far more text than
links (a wrapper around the article itself) are dropped. A profile can name the block
directly (CSS, or XPath when the expression starts with ``/`` or ``(``); when that finds
nothing the generic search runs, so a changed layout degrades instead of losing the field.

An item is a link: its title is a heading (or ``*title*`` element) inside the item, else the
link text; its summary is a one-line description beside the link (a description element
or ``<p>`` in the same item, the text right after the link, or a short text element right
after it), else None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from lxml import etree
from parsel import Selector

from crawler.extract.overrides import select
from crawler.extract.related_labels import (
    LABEL_PREFIX,
    MARKUP,
    MARKUP_HINTS,
    NOT_ARTICLES,
    POPULAR,
    is_label,
    starts_like_label,
)
from crawler.text import clean_line
from crawler.urls import absolute_url

RelatedItem = dict[str, str | None]
Block = list[etree._Element]  # one element, or a label and the sibling items after it

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_NEVER = frozenset({"script", "style", "noscript", "template", "head", "title", "select", "option",
                    "textarea", "button", "svg"})
_TOP = frozenset({"html", "body"})
_PAGE_PARTS = frozenset({"html", "body", "article", "main"})  # never a block by climbing
_SUMMARY_CLASS = re.compile(r"desc|summary|lead|excerpt|intro|teaser|subtitle|anons|announce|preview|snippet",
                            re.IGNORECASE)
_TITLE_CLASS = re.compile(r"title|headline|heading", re.IGNORECASE)
_META_CLASS = re.compile(
    r"(?:^|[\s_-])(?:date|time|meta|views?|counter|category|rubric|tag|label|eyebrow|kicker|byline|author|"
    r"ad|ads|advert\w*|promo|sponsor\w*)(?:$|[\s_-])",
    re.IGNORECASE,
)
_FOOTER = re.compile(r"(?:^|[\s_-])(?:site-?)?footer(?:$|[\s_-])", re.IGNORECASE)
# Paths of listing pages rather than articles: authors, tags, sections.
_LISTING_PATH = re.compile(
    r"/(?:authors?|autor(?:en)?|avtor|tags?|tegi?|category|categories|topics?|themes?|thema|temy?|rubric\w*|"
    r"section|sections|search|profile|user)(?:/|$)",
    re.IGNORECASE,
)
_SLUG_WORD = re.compile(r"[^\W_]+")
_NO_WORDS = re.compile(r"[\W_]+")
_RELATED_LINK = etree.XPath('//*[@itemprop="relatedLink" or @itemprop="relatedlink"]')

MAX_LABEL_CHARS = 60
MAX_SUMMARY_CHARS = 400
MAX_ITEMS_PER_BLOCK = 40
MIN_MARKUP_TEXT = 1500  # a markup block may hold this much non-link text...
MAX_MARKUP_TEXT_RATIO = 3.0  # ...or this many characters per character of link text
MIN_LINK_SHARE = 0.5  # link text share of a sibling that is a related item
MIN_LIST_LINK_SHARE = 0.15  # the same for a list or card (not a <p>): titles with summaries


# --- small DOM helpers ---------------------------------------------------------------------

def _tag(element: etree._Element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _text(element: etree._Element) -> str:
    """Normalized visible text of an element (scripts, styles and comments left out)."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag.lower() not in _NEVER:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    if isinstance(element.tag, str):
        walk(element)
    return clean_line(" ".join(parts)) or ""


def _short_text(element: etree._Element, limit: int = MAX_LABEL_CHARS) -> str | None:
    """The element's text when it is at most ``limit`` characters, else None (cheap on big elements)."""
    total = 0
    for piece in element.itertext():
        total += len(piece.strip())
        if total > 2 * limit:
            return None
    text = _text(element)
    return text if len(text) <= limit else None


def _ancestors(element: etree._Element) -> Iterator[etree._Element]:
    parent = element.getparent()
    while parent is not None:
        yield parent
        parent = parent.getparent()


def _contains(ancestor: etree._Element, node: etree._Element) -> bool:
    return node is ancestor or any(a is ancestor for a in _ancestors(node))


def _attribute_words(element: etree._Element) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"


def _in_menu(element: etree._Element) -> bool:
    """Inside navigation, a menu, or the site footer (an article's own footer is fine)."""
    for node in (element, *_ancestors(element)):
        tag = _tag(node)
        if tag in ("nav", "menu") or node.get("role") in ("navigation", "menu", "menubar", "contentinfo"):
            return True
        if tag == "article":
            return False
        if tag == "footer" or _FOOTER.search(node.get("class", "")):
            return True
    return False


def _popular_widget(element: etree._Element) -> bool:
    """A "most read"/"popular"/"trending" widget, by its class words or those of its parent."""
    parent = element.getparent()
    return any(node is not None and POPULAR.search(_attribute_words(node)) for node in (element, parent))


def _links(element: etree._Element) -> list[etree._Element]:
    return [a for a in element.iter("a") if a.get("href")]


def _link_text_length(element: etree._Element) -> int:
    return sum(len(_text(a)) for a in _links(element))


def _element_children(element: etree._Element) -> list[etree._Element]:
    return [child for child in element if isinstance(child.tag, str)]


def _has_words(text: str | None) -> bool:
    return bool(text) and bool(_NO_WORDS.sub("", text or ""))


# --- candidates: one pass over the page ----------------------------------------------------

def _candidates(root: etree._Element) -> tuple[list[etree._Element], list[etree._Element]]:
    """Elements whose own text starts like a label, and elements whose class/id look related.

    The only loop over every element of the page; string-level filters keep it cheap.
    """
    labelled: list[etree._Element] = []
    marked: list[etree._Element] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        text = element.text
        if text and starts_like_label(text):
            labelled.append(element)
        for words in (element.get("class"), element.get("id")):
            if words and any(hint in words for hint in MARKUP_HINTS) and MARKUP.search(words):
                marked.append(element)
                break
    return labelled, marked


# --- blocks introduced by a label ----------------------------------------------------------

def _label_element(owner: etree._Element) -> etree._Element | None:
    """The outermost element (up to a few wrappers) whose whole text is the label, if any."""
    best = None
    node: etree._Element | None = owner
    for _ in range(4):
        if node is None or _tag(node) in _TOP:
            break
        text = _short_text(node)
        if text is None or not is_label(text, MAX_LABEL_CHARS):
            break
        best, node = node, node.getparent()
    if best is None or _tag(best) in _NEVER or _in_menu(best):
        return None
    if _tag(best) == "a" or any(_tag(a) == "a" for a in _ancestors(best)):
        return None  # a link labelled "Read more" is a button, not a heading
    if _tag(best) not in HEADINGS and _links(best) and _link_text_length(best) >= len(_text(best)):
        return None
    return best


def _looks_like_item(element: etree._Element) -> bool:
    """A sibling that holds related links: link text dominates its text (less so in a list or card)."""
    links = _links(element)
    if not links:
        return False
    text = _text(element)
    if not text:
        return True
    share = _link_text_length(element) / len(text)
    return share >= MIN_LINK_SHARE or (_tag(element) != "p" and share >= MIN_LIST_LINK_SHARE)


def _is_summary_like(element: etree._Element) -> bool:
    if _tag(element) in HEADINGS or _links(element):
        return False
    text = _text(element)
    return 0 < len(text) <= MAX_SUMMARY_CHARS and not is_label(text, MAX_LABEL_CHARS)


def _following_items(start: etree._Element) -> list[etree._Element]:
    """Element siblings after ``start`` that form the block: link items and their one-line summaries.

    A short text sibling counts as a summary only right after a single-link item, so the
    body paragraph after a list of links is not swallowed.
    """
    taken: list[etree._Element] = []
    after_single_link = False
    for sibling in start.itersiblings():
        tag = _tag(sibling)
        if not tag or tag in ("br", "script", "style"):
            continue
        if tag == "hr" or (tag in HEADINGS and not _links(sibling)):
            break
        text = _text(sibling)
        if not text and not _links(sibling):
            continue  # an empty spacer, or a list filled in by scripts
        if is_label(text, MAX_LABEL_CHARS):
            break
        if _looks_like_item(sibling):
            taken.append(sibling)
            after_single_link = len({a.get("href") for a in _links(sibling)}) == 1
        elif after_single_link and _is_summary_like(sibling):
            taken.append(sibling)
            after_single_link = False
        else:
            break
        if len(taken) >= 2 * MAX_ITEMS_PER_BLOCK:
            break
    return taken


def _holds_only(parent: etree._Element, nodes: list[etree._Element]) -> bool:
    """True when ``nodes`` are all of ``parent``'s content (other children and loose text are empty)."""
    if _has_words(parent.text):
        return False
    for child in _element_children(parent):
        if all(child is not node for node in nodes) and _tag(child) not in ("br", "hr", "script", "style") \
                and (_text(child) or _links(child)):
            return False
        if _has_words(child.tail):
            return False
    return True


def _widest_wrapper(block: etree._Element) -> etree._Element:
    """``block`` or the wrappers around it that hold nothing else (<section><div>block</div></section>)."""
    while True:
        parent = block.getparent()
        if parent is None or _tag(parent) in _PAGE_PARTS or len(_element_children(parent)) != 1 \
                or _has_words(parent.text) or _has_words(block.tail):
            return block
        block = parent


def _label_block(label: etree._Element) -> Block:
    """The block a label introduces; just the label when no items follow it (filled in by scripts)."""
    level = label
    items = _following_items(level)
    while not items:
        parent = level.getparent()
        # Climb out of a wrapper that holds nothing but the label (<div class=head><span>Read also</span></div>).
        if parent is None or _tag(parent) in _PAGE_PARTS or len(_element_children(parent)) != 1 \
                or _has_words(parent.text) or _has_words(level.tail):
            return [label]
        level = parent
        items = _following_items(level)
    parent = level.getparent()
    if parent is not None and _tag(parent) not in _PAGE_PARTS and _holds_only(parent, [level, *items]):
        block = _widest_wrapper(parent)
        return [] if _popular_widget(block) else [block]
    return [level, *items]


def _inline_block(owner: etree._Element) -> Block:
    """``<p>Читайте также: <a href>Title</a></p>``: the paragraph, when it opens with a label and has a link."""
    text = clean_line(owner.text) or ""
    if _tag(owner) in ("p", "div", "li", "span", "section") and LABEL_PREFIX.match(text) \
            and len(text) <= MAX_LABEL_CHARS and _links(owner) and not _in_menu(owner):
        return [owner]
    return []


# --- blocks found by markup ----------------------------------------------------------------

def _first_label_text(block: etree._Element) -> str:
    for element in block.iter(*HEADINGS, "strong", "b", "span", "div", "p", "header"):
        if element.text and element.text.strip() and not _links(element):
            return _text(element)[:MAX_LABEL_CHARS]
    return ""


def _markup_block(element: etree._Element) -> Block:
    words = _attribute_words(element)
    if _tag(element) in _NEVER or _tag(element) in _TOP or NOT_ARTICLES.search(words) or POPULAR.search(words):
        return []
    if _in_menu(element) or not _links(element):
        return []
    link_chars = _link_text_length(element)
    other_chars = len(_text(element)) - link_chars
    if other_chars > max(MIN_MARKUP_TEXT, MAX_MARKUP_TEXT_RATIO * link_chars):
        return []  # holds the article itself (a wrapper with a "has-related" class...)
    if POPULAR.search(_first_label_text(element)):
        return []
    return [element]


# --- all blocks ----------------------------------------------------------------------------

def _outermost(blocks: list[Block]) -> list[Block]:
    """Blocks none of whose nodes lies inside another block's node; each first node once."""
    blocks = [block for block in blocks if block]
    owners: dict[etree._Element, set[int]] = {}  # node -> indexes of the blocks holding it
    for index, block in enumerate(blocks):
        for node in block:
            owners.setdefault(node, set()).add(index)
    kept: list[Block] = []
    for index, block in enumerate(blocks):
        # Inside another block: some proper ancestor of one of its nodes is a node of another block.
        inside_other = any(
            owners.get(ancestor, {index}) - {index} for node in block for ancestor in _ancestors(node)
        )
        if not inside_other and not any(block[0] is k[0] for k in kept):
            kept.append(block)
    return kept


def _find_blocks(selector: Selector, override: str | None) -> list[Block]:
    root = selector.root
    if override:
        picked = [node.root for node in select(selector, override) if isinstance(node.root, etree._Element)]
        if picked:
            return _outermost([[node] for node in picked])
    labelled, marked = _candidates(root)
    blocks: list[Block] = []
    for owner in labelled:
        label = _label_element(owner)
        blocks.append(_label_block(label) if label is not None else _inline_block(owner))
    blocks.extend(_markup_block(element) for element in marked)
    blocks.extend([element] for element in _RELATED_LINK(root) if not _in_menu(element))
    return _outermost(blocks)


def related_block_nodes(selector: Selector, override: str | None = None) -> list[etree._Element]:
    """The DOM nodes (lxml elements) of the page's related blocks, for a body extractor to leave out.

    Includes stand-alone labels ("Read also") whose items are filled in by scripts, so the
    label does not end up as a paragraph of the body.
    """
    if not isinstance(selector.root, etree._Element):
        return []
    return [node for block in _find_blocks(selector, override) for node in block]


# --- items ---------------------------------------------------------------------------------

def _url_key(url: str) -> str:
    """What makes two links the same article: host without www, path without trailing slash, query."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}?{parts.query}"


def _own_keys(selector: Selector, url: str) -> set[str]:
    keys = set()
    own = selector.xpath('//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content').getall()
    for candidate in (url, *own):
        absolute = absolute_url(candidate, url)
        if absolute:
            keys.add(_url_key(absolute))
    return keys


def _item_container(link: etree._Element, block: etree._Element, key: str, keys: dict[str, str | None]) -> etree._Element:
    """The largest element around ``link``, inside the block, whose links all go to the same URL.

    ``keys``: the URL key of every href in the block (None for unusable links).
    """
    container = link
    while True:
        parent = container.getparent()
        if parent is None or parent is block or not _contains(block, parent):
            return container
        if {keys.get(a.get("href", "")) for a in _links(parent)} - {None} != {key} \
                or LABEL_PREFIX.match(clean_line(parent.text) or ""):
            return container
        container = parent


def _title_of(container: etree._Element, links: list[etree._Element]) -> tuple[str | None, etree._Element | None]:
    for element in container.iter(*HEADINGS):
        text = _text(element)
        if text:
            return text, element
    for element in container.iter():
        if element is not container and _TITLE_CLASS.search(_attribute_words(element)) and _text(element):
            return _text(element), element
    for link in links:
        text = _text(link)
        if text and not is_label(text, MAX_LABEL_CHARS):
            return text, link
    return None, None


def _is_article_url(url: str) -> bool:
    """False for links that go to a listing (author, tag, section page) rather than an article.

    A section is told by its path: a listing word ("/author/", "/tag/"...), or a last
    segment of one or two words with no digits ("/wirtschaft/", "/world/middle-east/").
    Article URLs carry an id or a longer slug.
    """
    parts = urlsplit(url)
    path = parts.path
    if _LISTING_PATH.search(path):
        return False
    segments = [segment for segment in path.split("/") if segment]
    if not segments:
        return bool(parts.query)
    last = segments[-1].rsplit(".", 1)[0]
    return any(ch.isdigit() for ch in path) or len(_SLUG_WORD.findall(last)) >= 3 or bool(parts.query)


def _summary_text(text: str, title: str | None) -> str | None:
    if title and text.startswith(title):
        text = text[len(title):]
    text = text.strip(" -–—|:·")
    if text.lower().startswith("advertisement"):
        return None
    if not text or text == title or len(text) > MAX_SUMMARY_CHARS or is_label(text, MAX_LABEL_CHARS):
        return None
    if len(text.split()) < 3:
        return None
    visible = text.replace(" ", "")
    if sum(ch.isdigit() for ch in visible) > 0.3 * len(visible):
        return None  # a date, a time or a counter
    return text


def _summary_of(container: etree._Element, title: str | None, title_node: etree._Element | None) -> str | None:
    for element in container.iter():
        if element is container or (title_node is not None and _contains(title_node, element)):
            continue
        words = _attribute_words(element)
        if _tag(element) in ("time", *_NEVER) or _META_CLASS.search(words):
            continue
        if _tag(element) == "p" or _SUMMARY_CLASS.search(words):
            summary = _summary_text(_text(element), title)
            if summary:
                return summary
    # Beside the link: "<a>Title</a> — one line", or "<a>Title</a><p>One line</p>".
    summary = _summary_text(clean_line(container.tail) or "", title)
    if summary:
        return summary
    sibling = container.getnext()
    while sibling is not None and _tag(sibling) == "br":
        sibling = sibling.getnext()
    if sibling is not None and _is_summary_like(sibling) and not _META_CLASS.search(_attribute_words(sibling)):
        return _summary_text(_text(sibling), title)
    return None


def _block_items(node: etree._Element, base: str, own: set[str]) -> Iterator[tuple[etree._Element, RelatedItem]]:
    """(first link element, item) for every article the block node links to."""
    direct = _tag(node) in ("a", "link") and node.get("href")
    links = [node] if direct else _links(node)
    groups: dict[str, list[etree._Element]] = {}
    urls: dict[str, str] = {}
    keys: dict[str, str | None] = {}
    for link in links:
        href = link.get("href", "")
        url = absolute_url(href, base)
        keys[href] = key = _url_key(url) if url else None
        if not url or not key:
            continue
        if key in own or not _is_article_url(url):
            continue  # this page, or a home, section, tag or author page
        if is_label(_text(link), MAX_LABEL_CHARS):
            continue  # a "Read more" button, not an item
        groups.setdefault(key, []).append(link)
        urls.setdefault(key, url)
    for key, group in list(groups.items())[:MAX_ITEMS_PER_BLOCK]:
        first = group[0]
        container = first if direct else _item_container(first, node, key, keys)
        title, title_node = _title_of(container, group)
        if title is None and _tag(first) != "link":
            continue  # an image-only link with no text anywhere
        summary = None if direct else _summary_of(container, title, title_node)
        yield first, {"url": urls[key], "title": title, "summary": summary}


def find_related(
    selector: Selector, url: str, override: str | None = None, nodes: list[etree._Element] | None = None
) -> list[RelatedItem]:
    """The page's related articles, ``[{url, title, summary}]``, in page order, each URL once.

    ``override``: a CSS selector (XPath when it starts with ``/`` or ``(``) from an outlet
    profile that picks the block (or its links) directly. ``nodes``: what
    ``related_block_nodes`` already returned for this page (saves finding the blocks twice).
    """
    root = selector.root
    if not isinstance(root, etree._Element):
        return []
    base = absolute_url(selector.xpath("//base/@href").get(), url) or url
    own = _own_keys(selector, url)
    if nodes is None:
        nodes = related_block_nodes(selector, override)
    found = [pair for node in nodes for pair in _block_items(node, base, own)]
    if len(found) > 1:
        order = {element: index for index, element in enumerate(root.iter("a", "link"))}
        found.sort(key=lambda pair: order.get(pair[0], 0))
    seen: set[str] = set()
    result: list[RelatedItem] = []
    for _, item in found:
        key = _url_key(item["url"] or "")
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result
