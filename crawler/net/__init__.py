"""Network hardening: what the crawler may connect to, and how it behaves towards hosts.

One job per module:

- ``addresses``: which URLs and IP addresses are off limits (loopback, private, metadata...).
- ``resolve``: the DNS resolver that refuses names resolving to such addresses, at connect time.
- ``credentials``: Authorization, Cookie and Proxy-Authorization stay with their origin on redirects.
- ``pacing``: per-host pauses (Retry-After) and minimum delays (Crawl-delay) on Scrapy's download slots.
- ``retry_after``: 429/503 with Retry-After pause that host, then retry (bounded, counted).
- ``robots``: robots.txt per RFC 9309 (errors disallow, 4xx allows, Crawl-delay honoured).
- ``traps``: crawler traps (calendars, repeated segments, session ids) and a per-host page budget.
- ``truncation``: bodies cut short never reach the spider as if they were whole.
"""
