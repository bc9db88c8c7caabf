"""Telegram web pages, parsed without a network: channel previews (``t.me/s/<channel>``),
single-post embed pages (``t.me/<channel>/<id>?embed=1``) and channel landing pages
(``t.me/<channel>``, what ``/s/`` redirects to when a channel has no public preview).

The markup is Telegram's widget HTML: one ``.tgme_widget_message[data-post]`` per post, the
channel header in ``.tgme_channel_info`` (previews) or ``.tgme_page`` (landing pages), and the
load-more link ``a.tme_messages_more[data-before]`` to the previous (older) page. Parsing
never raises on odd input: a post that cannot be read is left out, unknown media become
``{"type": "unknown", ...}``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from lxml import etree
from parsel import Selector

from crawler.extract.dates import to_iso8601
from crawler.items import content_hash
from crawler.text import clean_line, clean_multiline
from crawler.urls import absolute_url

_COUNT = re.compile(r"^\s*([\d.,\s\u00a0\u202f]+)\s*([KMB]?)\s*$", re.IGNORECASE)
_MULTIPLIER = {"": 1, "K": 1_000, "M": 1_000_000, "B": 1_000_000_000}
_SUBSCRIBERS = re.compile(
    r"(\d[\d.,\s\u00a0\u202f]*?)\s*([KMB]?)\s+(?:subscribers?|members?)\b", re.IGNORECASE
)
_CHANNEL_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")
_TELEGRAM_HOSTS = frozenset({"t.me", "telegram.me", "telegram.dog"})
# First path segments of t.me URLs that are not channels.
_RESERVED_PATHS = frozenset({
    "joinchat", "addstickers", "addemoji", "addtheme", "addlist", "share", "proxy", "socks",
    "setlanguage", "login", "confirmphone", "invoice", "boost", "giftcode", "contact", "iv",
})
_BACKGROUND_URL = re.compile(r"background-image\s*:\s*url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE)
_EDITED = re.compile(r"\bedited\b", re.IGNORECASE)
_BLOCK_TAGS = frozenset({
    "div", "p", "blockquote", "pre", "ul", "ol", "li", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
})
_SKIPPED_TAGS = frozenset({"script", "style", "template"})
# Parts of a post that hold other posts' or pages' content, never this post's media or text.
_FOREIGN = frozenset({"tgme_widget_message_reply", "tgme_widget_message_link_preview"})
# Class names of the widget's layout, not media of their own.
_LAYOUT = frozenset({
    "tgme_widget_message_wrap", "tgme_widget_message_grouped_wrap", "tgme_widget_message_video_wrap",
    "tgme_widget_message_roundvideo_wrap", "tgme_widget_message_voice_wrap",
    "tgme_widget_message_voice_progress_wrap", "tgme_widget_message_sticker_wrap",
    "tgme_widget_message_reactions_wrap", "tgme_widget_message_inline_keyboard_wrap",
})


# --- numbers and URLs ---

def parse_count(text: str | None) -> int | None:
    """``"8.67M"`` -> 8670000, ``"79.8K"`` -> 79800, ``"11 286 994"`` -> 11286994, ``"1,024"`` -> 1024."""
    match = _COUNT.match(text or "")
    if not match:
        return None
    number, suffix = re.sub(r"[\s\u00a0\u202f]", "", match.group(1)), match.group(2).upper()
    if suffix:
        number = number.replace(",", ".")
    else:
        number = number.replace(",", "").replace(".", "")
    try:
        return round(float(number) * _MULTIPLIER[suffix])
    except (ValueError, OverflowError):
        return None


def parse_subscribers(text: str | None) -> int | None:
    """The count in ``"11 286 994 subscribers"``, ``"79.8K subscribers"``, ``"1 234 members, 56 online"``."""
    match = _SUBSCRIBERS.search(text or "")
    return parse_count(match.group(1) + match.group(2)) if match else None


def telegram_post_ref(url: str | None) -> tuple[str, int] | None:
    """``(channel, post_id)`` of a public t.me post link, or None.

    Reads ``https://t.me/<channel>/<id>``, ``t.me/s/<channel>/<id>``, ``telegram.me/...``
    (with or without scheme or ``www.``, with any query such as ``?single`` or ``?embed=1``).
    Private (``t.me/c/...``), invite, sticker and other service links are not posts.
    """
    if not url or not isinstance(url, str):
        return None
    text = url.strip()
    if "://" not in text:
        text = "https://" + text.lstrip("/")
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower().removeprefix("www.")
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or host not in _TELEGRAM_HOSTS:
        return None
    segments = [segment for segment in parts.path.split("/") if segment]
    if segments[:1] == ["s"]:
        segments = segments[1:]
    if len(segments) != 2 or not segments[1].isdigit():
        return None
    channel, post_id = segments[0], int(segments[1])
    if channel.lower() in _RESERVED_PATHS or not _CHANNEL_NAME.match(channel) or post_id < 1:
        return None
    return channel, post_id


def before_cursor(url: str | None) -> int | None:
    """The ``before=`` value of a load-more URL (``/s/durov?before=519`` -> 519), or None."""
    try:
        values = parse_qs(urlsplit(url or "").query).get("before")
    except ValueError:
        return None
    return int(values[0]) if values and values[0].isdigit() else None


def _background_url(style: str | None, base_url: str) -> str | None:
    match = _BACKGROUND_URL.search(style or "")
    return absolute_url(match.group(2), base_url) if match else None


# --- text ---

def _classes(element: Any) -> set[str]:
    value = element.get("class") if isinstance(element.tag, str) else None
    return set(value.split()) if value else set()


def text_with_breaks(node: Selector | Any) -> str:
    """The text of a node as a reader sees it: ``<br>`` and block elements are line breaks,
    other white space (also newlines in the HTML source) is a space; scripts left out."""
    root = node.root if isinstance(node, Selector) else node
    if not hasattr(root, "iterchildren"):
        return str(root) if isinstance(root, str) else ""
    parts: list[str] = []

    def add(text: str | None, in_pre: bool) -> None:
        if text:
            parts.append(text if in_pre else re.sub(r"[\r\n\t]+", " ", text))

    def walk(element: Any, in_pre: bool) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag == "br":
            parts.append("\n")
        elif tag and tag not in _SKIPPED_TAGS:
            block = tag in _BLOCK_TAGS
            in_pre = in_pre or tag == "pre"
            if block:
                parts.append("\n")
            add(element.text, in_pre)
            for child in element.iterchildren():
                walk(child, in_pre)
                add(child.tail, in_pre)
            if block:
                parts.append("\n")

    walk(root, False)
    return "".join(parts)


def _line(node: Selector | None) -> str | None:
    return clean_line(" ".join(node.xpath(".//text()").getall())) if node is not None else None


def _first(selection: Any) -> Selector | None:
    return selection[0] if selection else None


def _own(message: Selector, css: str) -> list[Selector]:
    """Elements of this post matching ``css``, leaving out quoted replies and link previews."""
    found = []
    for node in message.css(css):
        ancestors = node.root.iterancestors()
        if not any(_classes(ancestor) & _FOREIGN for ancestor in ancestors):
            found.append(node)
    return found


# --- media ---

def _video_url(player: Any, base_url: str) -> str | None:
    videos = [video for video in player.iter("video") if video.get("src")]
    preferred = [video for video in videos if "js-message_video" in _classes(video)]
    chosen = (preferred or videos)[:1]
    return absolute_url(chosen[0].get("src"), base_url) if chosen else None


def _sticker_url(element: Any, base_url: str) -> str | None:
    for candidate in element.iter():
        if not isinstance(candidate.tag, str):
            continue
        for attribute in ("data-webp", "src", "srcset"):
            value = (candidate.get(attribute) or "").split(" ")[0]
            if value and not value.startswith("data:"):
                return absolute_url(value, base_url)
        background = _background_url(candidate.get("style"), base_url)
        if background:
            return background
    return None


def _media_item(element: Any, classes: set[str], post_url: str, base_url: str) -> dict[str, Any] | None:
    """The media item an element stands for, or None when it is not a media element."""
    href = absolute_url(element.get("href"), base_url)
    if "tgme_widget_message_photo_wrap" in classes:
        return {"type": "photo", "url": _background_url(element.get("style"), base_url) or href or post_url}
    if "tgme_widget_message_service_photo" in classes:
        images = [img.get("src") for img in element.iter("img") if img.get("src")]
        return {"type": "photo", "url": absolute_url(images[0], base_url) if images else href or post_url}
    if "tgme_widget_message_video_player" in classes:  # also "not supported" / "too big" wrappers
        return {"type": "video", "url": _video_url(element, base_url) or href or post_url}
    if "tgme_widget_message_roundvideo_player" in classes:
        return {"type": "round_video", "url": _video_url(element, base_url) or href or post_url}
    if classes & {"tgme_widget_message_voice_player", "tgme_widget_message_voice"}:
        sources = [audio.get("src") for audio in element.iter("audio") if audio.get("src")]
        if element.tag == "audio" and element.get("src"):
            sources.insert(0, element.get("src"))
        return {"type": "voice", "url": absolute_url(sources[0], base_url) if sources else href or post_url}
    if "tgme_widget_message_document_wrap" in classes:
        icons = [_classes(node) for node in element.iter() if "tgme_widget_message_document_icon" in _classes(node)]
        kind = "audio" if any("audio" in icon for icon in icons) else "document"
        return {"type": kind, "url": href or post_url}
    if classes & {"tgme_widget_message_sticker_wrap", "tgme_widget_message_sticker",
                  "tgme_widget_message_tgsticker", "tgme_widget_message_videosticker"}:
        return {"type": "sticker", "url": _sticker_url(element, base_url) or href or post_url}
    if "tgme_widget_message_poll" in classes:
        options = [link.get("href") for link in element.iter("a") if link.get("href")]
        return {"type": "poll", "url": absolute_url(options[0], base_url) if options else post_url}
    if "tgme_widget_message_location_wrap" in classes:
        return {"type": "location", "url": href or post_url}
    return None


def _looks_like_media(classes: set[str]) -> bool:
    """A widget element we do not know that holds something of its own (a new media kind)."""
    return any(
        name.startswith("tgme_widget_message_") and name not in _LAYOUT
        and (name.endswith(("_wrap", "_player")) or "media" in name)
        for name in classes
    )


def parse_media(message: Selector, post_url: str, base_url: str) -> list[dict[str, Any]]:
    """Media of a post in page order (each album item on its own), ``{"type", "url"}`` each."""
    items: list[dict[str, Any]] = []
    root = message.root
    if any(_classes(ancestor) & _FOREIGN for ancestor in root.iterancestors()):
        return items

    def walk(parent: Any) -> None:
        # Page order; the insides of a media element found, and of quoted replies and link
        # previews, are not looked at (one pass, no ancestor walks per element).
        for element in parent:
            if not isinstance(element.tag, str):
                continue
            classes = _classes(element)
            if classes & _FOREIGN:
                continue
            item = None
            if classes:
                item = _media_item(element, classes, post_url, base_url)
                if item is None and _looks_like_media(classes):
                    item = {"type": "unknown", "url": absolute_url(element.get("href"), base_url) or post_url}
            if item is not None:
                items.append(item)
            else:
                walk(element)

    walk(root)
    return items


# --- posts ---

def _text_node(message: Selector) -> Selector | None:
    """The post's own text block; the outermost when the widget nests two (albums)."""
    return _first(_own(message, ".tgme_widget_message_text"))


def _poll_text(message: Selector) -> str | None:
    poll = _first(_own(message, ".tgme_widget_message_poll"))
    if poll is None:
        return None
    question = _line(_first(poll.css(".tgme_widget_message_poll_question")))
    options = [_line(option) for option in poll.css(".tgme_widget_message_poll_option_text")]
    lines = [question] + [f"- {option}" for option in options if option]
    return clean_multiline("\n".join(line for line in lines if line))


def _links_and_hashtags(text_node: Selector | None, base_url: str) -> tuple[list[dict[str, Any]], list[str]]:
    links: list[dict[str, Any]] = []
    hashtags: list[str] = []
    if text_node is None:
        return links, hashtags
    for anchor in text_node.css("a[href]"):
        href = anchor.root.get("href", "")  # element.get: Selector.attrib raises on names like {{x}}
        label = _line(anchor)
        if "?q=%23" in href or "?q=#" in href:
            tag = (label or "").lstrip("#")
            if tag and tag not in hashtags:
                hashtags.append(tag)
            continue
        url = absolute_url(href, base_url)
        if url:
            links.append({"url": url, "text": label})
    return links, hashtags


def _forwarded_from(message: Selector, base_url: str) -> dict[str, Any] | None:
    box = _first(_own(message, ".tgme_widget_message_forwarded_from"))
    if box is None:
        return None
    name_node = _first(box.css(".tgme_widget_message_forwarded_from_name"))
    if name_node is not None:
        name = _line(name_node)
        url = absolute_url(name_node.root.get("href"), base_url)
    else:
        name = clean_line(re.sub(r"^\s*Forwarded from\s*", "", " ".join(box.xpath(".//text()").getall())))
        url = None
    return {"name": name, "url": url} if name or url else None


def _link_preview(message: Selector, base_url: str) -> dict[str, Any] | None:
    preview = _first(message.css(".tgme_widget_message_link_preview"))
    if preview is None:
        return None
    description = _first(preview.css(".link_preview_description"))
    return {
        "url": absolute_url(preview.root.get("href"), base_url),
        "site_name": _line(_first(preview.css(".link_preview_site_name"))),
        "title": _line(_first(preview.css(".link_preview_title"))),
        "description": clean_multiline(text_with_breaks(description)) if description is not None else None,
    }


def _edited(info: Selector | None) -> bool:
    """The word "edited" in the meta line (its own text, not the signature's)."""
    if info is None:
        return False
    return any(_EDITED.search(text) for text in info.css(".tgme_widget_message_meta").xpath("./text()").getall())


def post_content_hash(post: dict[str, Any]) -> str:
    """What makes a post what it is: text, media kinds and link preview. Media URLs are left
    out: Telegram's CDN links are signed and change from one fetch to the next."""
    preview = post.get("link_preview") or {}
    forwarded = post.get("forwarded_from") or {}
    return content_hash(
        post.get("text"),
        ",".join(item.get("type") or "" for item in post.get("media") or []),
        preview.get("url"), preview.get("title"), preview.get("description"),
        forwarded.get("url") or forwarded.get("name"),
    )


def parse_post(message: Selector, base_url: str, fallback_ref: tuple[str, int] | None = None) -> dict[str, Any] | None:
    """One ``.tgme_widget_message``: a dict with the content fields of ``TelegramPost`` (plus
    ``id`` and ``content_hash``), or None when it has no usable ``data-post``."""
    channel, _, post_id = message.root.get("data-post", "").strip().rpartition("/")
    if channel and post_id.isdigit() and int(post_id) > 0:
        ref = (channel, int(post_id))
    elif fallback_ref:
        ref = fallback_ref
    else:
        return None
    channel, number = ref
    url = f"https://t.me/{channel}/{number}"
    text_node = _text_node(message)
    text = clean_multiline(text_with_breaks(text_node)) if text_node is not None else None
    links, hashtags = _links_and_hashtags(text_node, base_url)
    info = _first(_own(message, ".tgme_widget_message_info"))
    footer = info if info is not None else message
    reply = _first(message.css("a.tgme_widget_message_reply[href]"))
    post: dict[str, Any] = {
        "id": f"{channel}/{number}",
        "channel": channel,
        "channel_title": _line(_first(message.css(".tgme_widget_message_owner_name"))),
        "post_id": number,
        "url": url,
        "published_at": to_iso8601(footer.css(".tgme_widget_message_date time::attr(datetime)").get()),
        "edited": _edited(info),
        "author": _line(_first(info.css(".tgme_widget_message_from_author"))) if info is not None else None,
        "text": text or _poll_text(message),
        "views": parse_count(footer.css(".tgme_widget_message_views::text").get()),
        "forwarded_from": _forwarded_from(message, base_url),
        "reply_to": {"url": absolute_url(reply.root.get("href"), base_url)} if reply is not None else None,
        "links": links,
        "link_preview": _link_preview(message, base_url),
        "media": parse_media(message, url, base_url),
        "hashtags": hashtags,
        "service": "service_message" in message.root.get("class", "").split(),
    }
    if post["reply_to"] and not post["reply_to"]["url"]:
        post["reply_to"] = None
    post["content_hash"] = post_content_hash(post)
    return post


def _safe_parse_post(message: Selector, base_url: str, fallback_ref: tuple[str, int] | None = None) -> dict[str, Any] | None:
    try:
        return parse_post(message, base_url, fallback_ref)
    except Exception:  # odd markup must cost one post, never the page
        return None


# --- pages ---

def _selector(html: str | bytes | None) -> Selector:
    if isinstance(html, bytes):
        html = html.decode("utf-8", "replace")
    text = (html or "").encode("utf-8", "replace").decode("utf-8")
    try:
        return Selector(text=text or "<html></html>")
    except (ValueError, etree.LxmlError):
        return Selector(text="<html></html>")


def _username_from_links(page: Selector) -> str | None:
    for href in page.css("a::attr(href)").getall():
        match = re.search(r"(?:tg://resolve\?domain=|^/s/)([A-Za-z][A-Za-z0-9_]{3,31})\b", href)
        if match:
            return match.group(1)
    return None


def parse_channel_header(page: Selector) -> dict[str, Any] | None:
    """``{channel, title, description, subscribers, verified}`` from a preview page's
    ``.tgme_channel_info`` or a landing page's ``.tgme_page``; None when neither has a title."""
    info = _first(page.css(".tgme_channel_info"))
    if info is None and page.css(".tgme_channel_info_header_username, .tgme_channel_info_counters"):
        info = page  # the parts without their wrapper (cut-down pages): read them page-wide
    if info is not None:
        subscribers = None
        for counter in info.css(".tgme_channel_info_counter"):
            kind = (counter.css(".counter_type::text").get() or "").lower()
            if "subscriber" in kind or "member" in kind:
                subscribers = parse_count(counter.css(".counter_value::text").get())
        username = (info.css(".tgme_channel_info_header_username a::text").get() or "").strip().lstrip("@")
        title = _line(_first(info.css(".tgme_channel_info_header_title"))) or clean_line(
            page.css("meta[property='og:title']::attr(content)").get())
        description = _first(info.css(".tgme_channel_info_description"))
        verified = bool(info.css(".tgme_channel_info_header_labels .verified-icon"))
    else:
        landing = _first(page.css(".tgme_page"))
        title_node = _first(landing.css(".tgme_page_title")) if landing is not None else None
        if landing is None or title_node is None:
            return None
        username = _username_from_links(page) or ""
        title = _line(title_node)
        if title:
            title = clean_line(title.replace("✔", ""))
        description = _first(landing.css(".tgme_page_description"))
        subscribers = parse_subscribers(_line(_first(landing.css(".tgme_page_extra"))))
        verified = bool(title_node.css(".verified-icon"))
    if not title and not username:
        return None
    return {
        "channel": username if _CHANNEL_NAME.match(username) else None,
        "title": title,
        "description": clean_multiline(text_with_breaks(description)) if description is not None else None,
        "subscribers": subscribers,
        "verified": verified,
    }


def parse_preview_page(html: str | bytes | None, url: str) -> dict[str, Any]:
    """``{"channel": header or None, "posts": [...], "prev_url": older page or None}``.

    Posts come in page order (oldest first), each once; ``prev_url`` is the load-more link
    (``?before=<id>``), or ``<link rel=prev>`` when the page has no such link.
    """
    page = _selector(html)
    header = parse_channel_header(page)
    posts: list[dict[str, Any]] = []
    seen: set[str] = set()
    for node in page.css(".tgme_widget_message[data-post]"):
        post = _safe_parse_post(node, url)
        if post and post["id"] not in seen:
            seen.add(post["id"])
            posts.append(post)
    for post in posts:
        post["channel_title"] = post["channel_title"] or (header["title"] if header else None)
    prev_href = page.css("a.tme_messages_more[data-before]::attr(href)").get() or page.css(
        "link[rel=prev]::attr(href)").get()
    return {"channel": header, "posts": posts, "prev_url": absolute_url(prev_href, url)}


def parse_embed_page(html: str | bytes | None, url: str) -> dict[str, Any] | None:
    """The post of a single-post embed page (``t.me/<channel>/<id>?embed=1``), or None
    when the page holds none (deleted post, error page)."""
    page = _selector(html)
    message = _first(page.css(".tgme_widget_message[data-post]")) or _first(page.css(".tgme_widget_message"))
    if message is None:
        return None
    return _safe_parse_post(message, url, telegram_post_ref(url))
