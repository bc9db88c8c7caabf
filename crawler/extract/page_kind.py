"""Is a page an article, or a listing/tag/author/search page that only leads to articles?"""

from __future__ import annotations

import re

from crawler.extract.metadata import PageMetadata


def is_article_page(metadata: PageMetadata, url: str, url_pattern: re.Pattern[str] | None = None) -> bool:
    """An article page by JSON-LD type, ``og:type=article``, or the outlet's article URL pattern."""
    if metadata.jsonld_articles:
        return True
    if (metadata.first("og:type") or "").lower() == "article":
        return True
    return bool(url_pattern and url_pattern.search(url))
