"""Pure extraction: HTML and URL in, fields out. Nothing here touches the network or state."""

from crawler.extract.article import extract_article, extract_from_selector
from crawler.extract.page_kind import is_article_page

__all__ = ["extract_article", "extract_from_selector", "is_article_page"]
