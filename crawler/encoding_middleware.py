"""Downloader middleware: HTML responses decoded by ``crawler.encoding.decode_html``.

Scrapy decides a response's encoding lazily (BOM, header, ``<meta>``, detector). This
middleware decides it once, with the rule in ``crawler.encoding`` (a wrong header loses
against a correct ``<meta>``, undeclared Cyrillic pages are detected), and hands on the same
response with that encoding fixed, so every callback and ``response.text`` agree.

It sits after decompression (``HttpCompressionMiddleware``, 590) and before the meta-refresh
middleware (580) reads the page. XML responses are left alone: feeds and sitemaps are decoded
by ``crawler.discovery.xmldoc.load_xml`` from their bytes.
"""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse, XmlResponse

from crawler.encoding import decode_html, header_charset, usable_encoding

logger = logging.getLogger(__name__)


class EncodingMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> EncodingMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse) or isinstance(response, XmlResponse):
            return response
        if response.headers.get(b"Content-Encoding"):
            return response  # still compressed: nothing to read yet
        header = header_charset(response.headers.get(b"Content-Type"))
        encoding, _ = decode_html(response.body, header)
        if header and encoding != usable_encoding(header):
            self.stats.inc_value("encoding/overruled_header")
            logger.debug("Encoding of %s: %s, not %s as its header says", response.url, encoding, header)
        return response.replace(encoding=encoding)
