"""The article's headline.

Sources in order: JSON-LD ``headline``, ``og:title``, ``twitter:title``, the page's main
``<h1>``, ``<title>``. Every candidate is cleaned first: HTML entities left in metadata are
decoded (``&quot;``, ``&#8216;``) and a site-name tail is cut ("Headline | Outlet",
"Headline - Golem.de") when another candidate, or the site's name, shows that it is one.
Measured on the Fundus pages (bench/eval_fundus.py), this order beats preferring the
``<h1>``: many outlets put a kicker or an older wording in the visible headline.
"""

from __future__ import annotations

import html
import re

from parsel import Selector

from crawler.text import clean_line

_SEPARATED_TAIL = re.compile(r"^\s*[|\-–—:·｜»/]\s*\S.{0,60}$")
_H1_XPATHS = ("//article//h1", "//main//h1", "//h1")


def clean_title(value: str | None) -> str | None:
    if not value:
        return None
    return clean_line(html.unescape(value))


def strip_site_tail(title: str, others: list[str], site_names: list[str]) -> str:
    """Cut "<separator> <site name>" off a title, when another candidate or the site name proves it."""
    for other in others:
        if other and len(other) >= 10 and title != other and title.startswith(other):
            if _SEPARATED_TAIL.match(title[len(other):]):
                return other
    for name in site_names:
        if name:
            match = re.search(r"\s*[|\-–—:·｜»]\s*" + re.escape(name) + r"\s*$", title)
            if match and match.start() > 0:
                return title[: match.start()]
    return title


def page_headline(selector: Selector) -> str | None:
    """The main ``<h1>``, its text nodes joined as written (kicker spans keep their own spacing)."""
    for xpath in _H1_XPATHS:
        node = selector.xpath(f"({xpath})[1]")
        if node:
            text = clean_line("".join(node.xpath(".//text()[not(ancestor::script or ancestor::style)]").getall()))
            if text and len(text) >= 3:
                return text
    return None


def find_title(selector: Selector, metadata_titles: list[str | None], site_names: list[str]) -> str | None:
    """``metadata_titles``: JSON-LD headline, og:title, twitter:title (None where absent), in that order."""
    candidates = [clean_title(value) for value in metadata_titles]
    candidates.append(page_headline(selector))
    candidates.append(clean_title(selector.xpath("//title/text()").get()))
    present = [candidate for candidate in candidates if candidate]
    site_names = [name for name in (clean_title(name) for name in site_names) if name]
    for candidate in present:
        others = [other for other in present if other != candidate]
        return strip_site_tail(candidate, others, site_names)
    return None
