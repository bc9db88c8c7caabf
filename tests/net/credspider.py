"""A spider for the credentials test: requests that carry Authorization and Cookie headers
(and Proxy-Authorization when sent through a proxy), as a spider for a site with a login
would. Run with ``scrapy runspider`` inside the project, so the project's settings apply.

    -a urls=<comma-separated>  -a proxy_urls=<comma-separated, fetched through -a proxy>
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy

CREDENTIALS = {"Authorization": "Basic dXNlcjpzZWNyZXQ=", "Cookie": "session=secret-session"}
PROXY_CREDENTIALS = {"Proxy-Authorization": "Basic cHJveHk6c2VjcmV0"}


class CredentialsSpider(scrapy.Spider):
    name = "credentials"

    def __init__(self, urls: str = "", proxy_urls: str = "", proxy: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = [url for url in urls.split(",") if url]
        self.proxy_urls = [url for url in proxy_urls.split(",") if url]
        self.proxy = proxy

    async def start(self) -> Any:
        for url in self.urls:
            yield scrapy.Request(url, headers=CREDENTIALS, callback=self.parse)
        for url in self.proxy_urls:
            yield scrapy.Request(url, headers={**CREDENTIALS, **PROXY_CREDENTIALS}, meta={"proxy": self.proxy},
                                 callback=self.parse)

    def parse(self, response: scrapy.http.Response, **kwargs: Any) -> Iterator[Any]:
        self.logger.info("Landed on %s", response.url)
        return iter(())
