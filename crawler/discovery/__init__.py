"""Discovery: where article URLs come from. Pure parsing, no crawling.

- ``feeds``: RSS/Atom entries; ``sitemaps``: sitemaps, indexes, Google News sitemaps and
  robots.txt ``Sitemap:`` lines; ``xmldoc``: tolerant XML loading (gzip, encodings, broken XML);
- ``listing``: feeds a page announces, its pagination links;
- ``since``: the date cut-off; ``read_also``: which related links to follow.
"""

from crawler.discovery.feeds import FeedEntry, parse_feed
from crawler.discovery.listing import feed_links, pagination_links
from crawler.discovery.read_also import ReadAlsoPolicy, related_to_follow
from crawler.discovery.since import known_before_since, parse_since
from crawler.discovery.sitemaps import (
    Sitemap,
    SitemapEntry,
    parse_sitemap,
    sitemaps_from_robots,
)
from crawler.discovery.xmldoc import load_xml, sniff_kind

__all__ = [
    "FeedEntry", "ReadAlsoPolicy", "Sitemap", "SitemapEntry", "feed_links", "known_before_since",
    "load_xml", "pagination_links", "parse_feed", "parse_since", "parse_sitemap", "related_to_follow",
    "sitemaps_from_robots", "sniff_kind",
]
