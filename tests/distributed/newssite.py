"""A generated news site for crawls at scale: a home page, listing pages and N articles.

The home page links every listing page (so depth stays at 2 whatever N is); each listing
links 20 articles; each article has JSON-LD, a dated byline, paragraphs and a "Read also"
block pointing at two other articles, so the crawl meets the same URL several times.
"""

from __future__ import annotations

from pathlib import Path

PER_LISTING = 20


def article_path(number: int) -> str:
    return f"/news/{number}-generated-story-number-{number}"


def _article(number: int, total: int) -> str:
    others = [(number * 7 + 3) % total + 1, (number * 13 + 5) % total + 1]
    related = "".join(
        f'<li><a href="{article_path(other)}">Generated story {other}</a></li>' for other in others
    )
    paragraphs = "".join(
        f"<p>Paragraph {index} of story {number}: the council of district {number % 17} met on "
        f"Tuesday to discuss the budget, roads and schools, and residents asked questions about "
        f"item {number * 31 + index} on the agenda before the vote was held.</p>"
        for index in range(1, 6)
    )
    day = number % 28 + 1
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Generated story {number} | Example News</title>
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Generated story {number}", "datePublished": "2026-10-{day:02d}T10:00:00+02:00",
 "author": {{"@type": "Person", "name": "Reporter {number % 9}"}}}}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/list/1">Latest</a></nav>
<article><h1>Generated story {number}</h1>
<p class="byline">By Reporter {number % 9}, 2026-10-{day:02d}</p>
{paragraphs}
</article>
<aside class="read-also"><h3>Read also</h3><ul>{related}</ul></aside>
<footer>Example News</footer>
</body></html>
"""


def _listing(page: int, numbers: list[int]) -> str:
    items = "".join(f'<li><a href="{article_path(n)}">Generated story {n}</a></li>' for n in numbers)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Latest news, page {page}</title></head>
<body><h1>Latest news</h1><ul class="news-list">{items}</ul></body></html>
"""


def write_site(root: Path, total: int) -> list[str]:
    """Write the site under ``root``; the article paths, in order."""
    pages = (total + PER_LISTING - 1) // PER_LISTING
    (root / "news").mkdir(parents=True, exist_ok=True)
    (root / "list").mkdir(exist_ok=True)
    links = "".join(f'<li><a href="/list/{page}">Page {page}</a></li>' for page in range(1, pages + 1))
    (root / "index.html").write_text(
        f'<!doctype html><html><head><meta charset="utf-8"><title>Example News</title></head>'
        f"<body><h1>Example News</h1><ul>{links}</ul></body></html>", "utf-8",
    )
    for page in range(1, pages + 1):
        numbers = list(range((page - 1) * PER_LISTING + 1, min(total, page * PER_LISTING) + 1))
        (root / "list" / str(page)).write_text(_listing(page, numbers), "utf-8")
    for number in range(1, total + 1):
        (root / article_path(number).lstrip("/")).write_text(_article(number, total), "utf-8")
    return [article_path(number) for number in range(1, total + 1)]
