"""Article images with caption and credit ("Photo: tass.ru", "Фото: РИА Новости", "(Picture: PA)")."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from crawler.text import clean_line
from crawler.urls import absolute_url

_CREDIT = re.compile(
    r"(?:^|[\s.,;(|])(?:photo|photos|picture|image|credit|source|фото|світлина|джерело|источник|foto|bild|"
    r"photograph|pic)\s*(?:by)?\s*[:©]\s*(?P<credit>[^()|]+?)\s*\)?\s*$",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?P<credit>.+)$", re.IGNORECASE)
_CREDIT_CLASS = re.compile(r"credit|copyright|source|author|photographer", re.IGNORECASE)
_SRC_ATTRIBUTES = ("src", "data-src", "data-lazy-src", "data-original")
MAX_FIGURES = 30


def split_credit(caption: str | None) -> tuple[str | None, str | None]:
    """("Law enforcers in Almaty. Photo: tass.ru") -> ("Law enforcers in Almaty.", "tass.ru")."""
    text = clean_line(caption)
    if not text:
        return None, None
    for pattern in (_CREDIT, _COPYRIGHT):
        match = pattern.search(text)
        if match:
            credit = clean_line(match.group("credit").strip(" .;"))
            rest = clean_line(text[: match.start()].rstrip(" (|-–—"))
            return rest, credit
    return text, None


def _image_url(image: etree._Element, base_url: str) -> str | None:
    for attribute in _SRC_ATTRIBUTES:
        value = image.get(attribute)
        if value and not value.startswith("data:"):
            return absolute_url(value, base_url)
    srcset = image.get("srcset") or image.get("data-srcset")
    if srcset:
        return absolute_url(srcset.split(",")[0].strip().split(" ")[0], base_url)
    return None


def figure_images(region: etree._Element, base_url: str) -> list[dict[str, Any]]:
    """Images of ``<figure>`` elements in a region, with caption and credit when given."""
    images = []
    for figure in list(region.iter("figure"))[:MAX_FIGURES]:
        image = next(figure.iter("img"), None)
        url = _image_url(image, base_url) if image is not None else None
        if not url:
            continue
        credit_node = next(
            (node for node in figure.iter() if isinstance(node.tag, str) and _CREDIT_CLASS.search(node.get("class") or "")),
            None,
        )
        credit = clean_line("".join(credit_node.itertext())) if credit_node is not None else None
        caption_node = next(figure.iter("figcaption"), None)
        caption_text = "".join(caption_node.itertext()) if caption_node is not None else image.get("alt")
        caption, caption_credit = split_credit(caption_text)
        if credit and caption and caption.endswith(credit):
            caption = clean_line(caption[: -len(credit)].rstrip(" .|-–—"))
        images.append({"url": url, "caption": caption, "credit": split_credit(credit)[1] or credit or caption_credit})
    return images


def merge_images(metadata_images: list[dict[str, Any]], page_images: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Metadata images first, filled in with caption/credit from the same image on the page."""
    by_url = {image["url"]: dict(image) for image in metadata_images}
    for image in page_images:
        known = by_url.get(image["url"])
        if known is None:
            by_url[image["url"]] = image
        else:
            known["caption"] = known["caption"] or image["caption"]
            known["credit"] = known["credit"] or image["credit"]
    return list(by_url.values())
