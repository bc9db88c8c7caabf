"""Telegram web preview pages (``t.me/s/<channel>``): channel header, posts, previous page.

This first version reads the fields every post has (id, time, text with line breaks, views,
signature, edited, hashtags, links); media, forwards, replies and link previews come with
the Telegram issue.
"""

from __future__ import annotations

import re
from typing import Any

from parsel import Selector

from crawler.extract.dates import to_iso8601
from crawler.text import clean_line, clean_multiline
from crawler.urls import absolute_url

_COUNT = re.compile(r"^\s*([\d.,\s]+)\s*([KMB]?)\s*$", re.IGNORECASE)
_MULTIPLIER = {"": 1, "K": 1_000, "M": 1_000_000, "B": 1_000_000_000}


def parse_count(text: str | None) -> int | None:
    """``"8.67M"`` -> 8670000, ``"79.8K"`` -> 79800, ``"11 286 994"`` -> 11286994."""
    match = _COUNT.match(text or "")
    if not match:
        return None
    number, suffix = match.group(1).replace(" ", "").replace("\u00a0", ""), match.group(2).upper()
    if suffix:
        number = number.replace(",", ".")
    else:
        number = number.replace(",", "").replace(".", "")
    try:
        return round(float(number) * _MULTIPLIER[suffix])
    except ValueError:
        return None


def text_with_breaks(node: Selector) -> str:
    """The text of a node, ``<br>`` turned into line breaks, scripts and styles left out."""
    pieces = node.xpath(".//text()[not(ancestor::script or ancestor::style)] | .//br")
    return "".join(piece.root if isinstance(piece.root, str) else "\n" for piece in pieces)


def parse_channel_header(page: Selector) -> dict[str, Any] | None:
    info = page.css(".tgme_channel_info")
    if not info:
        return None
    subscribers = None
    for counter in info.css(".tgme_channel_info_counter"):
        if "subscriber" in (counter.css(".counter_type::text").get() or ""):
            subscribers = parse_count(counter.css(".counter_value::text").get())
    username = (info.css(".tgme_channel_info_header_username a::text").get() or "").lstrip("@")
    return {
        "channel": username or None,
        "title": clean_line(" ".join(info.css(".tgme_channel_info_header_title ::text").getall())),
        "description": clean_multiline(text_with_breaks(info.css(".tgme_channel_info_description")[0]))
        if info.css(".tgme_channel_info_description") else None,
        "subscribers": subscribers,
        "verified": bool(info.css(".tgme_channel_info_header_labels .verified-icon")),
    }


def parse_post(message: Selector, base_url: str) -> dict[str, Any] | None:
    data_post = message.attrib.get("data-post", "")
    channel, _, post_id = data_post.rpartition("/")
    if not channel or not post_id.isdigit():
        return None
    text_node = message.css(".tgme_widget_message_text")
    text = clean_multiline(text_with_breaks(text_node[0])) if text_node else None
    meta_text = " ".join(message.css(".tgme_widget_message_meta ::text").getall())
    links = []
    if text_node:
        for anchor in text_node[0].css("a[href]"):
            url = absolute_url(anchor.attrib["href"], base_url)
            if url:
                links.append({"url": url, "text": clean_line(" ".join(anchor.css("::text").getall()))})
    return {
        "channel": channel,
        "post_id": int(post_id),
        "url": f"https://t.me/{channel}/{post_id}",
        "published_at": to_iso8601(message.css(".tgme_widget_message_date time::attr(datetime)").get()),
        "edited": "edited" in meta_text.lower(),
        "author": clean_line(message.css(".tgme_widget_message_from_author::text").get()),
        "text": text,
        "views": parse_count(message.css(".tgme_widget_message_views::text").get()),
        "links": links,
        "hashtags": [tag.lstrip("#") for tag in text_node.css("a[href*='?q=%23']::text").getall()] if text_node else [],
        "service": "service_message" in message.attrib.get("class", ""),
    }


def parse_preview_page(html: str, url: str) -> dict[str, Any]:
    """``{"channel": header or None, "posts": [...], "prev_url": older page or None}``."""
    page = Selector(text=html)
    header = parse_channel_header(page)
    posts = [post for post in (parse_post(node, url) for node in page.css(".tgme_widget_message[data-post]")) if post]
    title = header["title"] if header else None
    for post in posts:
        post["channel_title"] = title
    prev_href = page.css("a.tme_messages_more[data-before]::attr(href)").get()
    return {"channel": header, "posts": posts, "prev_url": absolute_url(prev_href, url)}
