"""Link depth in which the next page of a listing is not a step deeper.

Scrapy's ``DepthMiddleware`` gives every request the depth of its source page plus one, so
page 2 of a listing has depth 1, page 3 depth 2, and with ``DEPTH_LIMIT = 3`` a crawl never
sees the articles of page 4: a limit meant against wandering through links ended backfills
after three pages. Here a request marked with ``meta["same_depth"]`` (a further page of a
listing, up to ``LISTING_MAX_PAGES``; see ``NewsSpider.parse_listing``) keeps the depth of
the page it continues, and the articles it lists are one link away, like those of the
first page. Pages beyond that limit are ordinary links again, one step deeper each.
"""

from __future__ import annotations

from scrapy.http import Request, Response
from scrapy.spidermiddlewares.depth import DepthMiddleware


class ListingDepthMiddleware(DepthMiddleware):
    """Scrapy's depth middleware, except for requests marked ``same_depth``."""

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        if response is None or not request.meta.pop("same_depth", False):
            return super().get_processed_request(request, response)
        request.meta.pop("depth_reset", None)
        depth = int(response.meta.get("depth", 0))
        request.meta["depth"] = depth
        if self.prio:
            request.priority -= depth * self.prio
        return request
