"""Bodies cut short never reach the spider as if they were whole.

Scrapy already fails a download whose body is shorter than its Content-Length or whose
chunked encoding breaks (``DOWNLOAD_FAIL_ON_DATALOSS``, on by default) and retries it. What it
cannot tell is whether a body *without* a length, ended by the server closing the connection,
is complete: a reset half way looks the same as a proper close, and Scrapy hands it on with
the ``partial`` flag. Half an article page would become half an article. So a ``partial``
HTML page must show its end (``</html>``) to be believed; otherwise, like a ``dataloss``
response (kept only when someone turns ``DOWNLOAD_FAIL_ON_DATALOSS`` off), it is retried
within ``RETRY_TIMES`` and then dropped, counted as ``truncated/gave_up``.
"""

from __future__ import annotations

import logging
import re

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

logger = logging.getLogger(__name__)

_HTML_END = re.compile(rb"</html\s*>", re.IGNORECASE)
_TAIL = 4096  # where the end tag must be: comments and white space may follow it


def looks_truncated(response: Response) -> bool:
    """A body that lost data on the way, or an HTML page delimited by a close without its end."""
    if "dataloss" in response.flags:
        return True
    if "partial" not in response.flags:
        return False
    content_type = (response.headers.get(b"Content-Type") or b"").lower()
    is_html = b"html" in content_type or b"<html" in response.body[:1024].lower()
    return is_html and not _HTML_END.search(response.body[-_TAIL:])


class TruncatedBodyMiddleware:
    """Retries, then drops, responses whose body was cut short (see the module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TruncatedBodyMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if not looks_truncated(response):
            return response
        self.stats.inc_value("truncated/responses")
        retry = get_retry_request(request, spider=self.crawler.spider, reason="truncated_body")
        if retry is not None:
            return retry
        self.stats.inc_value("truncated/gave_up")
        logger.error("Dropped %s: its body was cut short (%d bytes, flags %s)", response.url,
                     len(response.body), response.flags)
        raise IgnoreRequest("truncated body")
