"""A generated news site and Telegram channel history for crawl benchmarks (``bench/crawl.py``).

Everything is made on the fly by a deterministic generator (no files): page ``n`` is the same
bytes in every run, so 20,000 pages cost no disk, and two runs crawl the same site.

News site (``N`` articles; about ``1.09 N`` pages in all):

- ``/``: the home page, linking the latest stories, every section and every archive page;
- ``/news/page/<k>``: archive listings of 20 stories each (``k`` = 1 .. N/20), with pagination;
- ``/section/<name>``, ``/tag/<name>``, ``/author/<name>``: listings of 20 stories;
- ``/news/<id>-<slug>``: articles, 50-100 KB each like real ones: a big inline stylesheet,
  analytics and a JSON state blob in scripts, a mega menu, a breaking-news ticker,
  breadcrumbs, OpenGraph/Twitter/article meta tags, JSON-LD (``NewsArticle`` with a
  ``BreadcrumbList``; ``articleBody`` on half of them), a lead, a byline, a figure, 9-16
  paragraphs with inline links, a "Read also" box inside the text, a related-stories block,
  a most-read sidebar, a newsletter form, comments, a cookie banner and a long footer.

Telegram (``/s/<channel>`` and ``/s/<channel>?before=<id>``): the public preview of a channel
with ``P`` posts, 20 per page, newest page first, each page linking the older one through
the load-more cursor, in Telegram's widget markup (what ``crawler.extract.telegram`` reads):
text with links and hashtags, photos, videos, albums, forwards, replies, link previews,
views, reactions, signatures.

``serve(port, articles, posts)`` runs the server in the calling process (``bench/crawl.py``
starts it in a ``multiprocessing.Process``): a small asyncio HTTP/1.1 server with keep-alive,
so that the server costs the 2-core machine as little CPU as possible.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

PER_LISTING = 20
PER_TELEGRAM_PAGE = 20
FIRST_ID = 140_000
CHANNEL = "benchwire"
SECTIONS = ["politics", "economy", "world", "society", "kyiv", "regions", "culture", "sport",
            "technology", "science", "health", "opinion"]
_BASE_TIME = datetime(2026, 11, 25, 18, 0, tzinfo=timezone(timedelta(hours=2)))

_WORDS = (
    "the of and to in a is that for on was with he it as at by from his an were are which this be has "
    "had not but they their have one you all been its who more also new after first two would when "
    "there over into other year some could time than only people most state said city government "
    "council minister police court president officials residents budget water school hospital road "
    "bridge election vote parliament agency report region district village mayor company workers "
    "prices energy power heating winter spring summer autumn morning evening night week month plan "
    "project service station train airport border army ministry committee deputy law decision "
    "meeting statement interview commission investigation prosecutors judge lawyer church bishop "
    "community festival museum theatre concert match team coach season players fans stadium market "
    "bank currency loan inflation growth trade export import farmers harvest grain weather storm "
    "flood fire rescue emergency volunteers doctors patients students teachers university research "
    "scientists data network internet phone drivers traffic repairs construction housing rent "
    "families children pensions salaries taxes reform union protest square street avenue park river "
    "coast mountains forest north south east west central local national international public "
    "private official former current local major small large long short early late recent daily "
    "announced confirmed reported denied expected planned opened closed started finished approved "
    "rejected signed discussed visited arrived returned increased decreased reached remained "
    "according sources earlier later today yesterday tomorrow during before while because however "
    "although despite several many few each every another both between against without under"
).split()
_NAMES = ["Olena Kovalenko", "Andriy Melnyk", "Iryna Shevchenko", "Taras Bondar", "Natalia Tkachenko",
          "Serhiy Kravets", "Maria Oliynyk", "Dmytro Lysenko", "Kateryna Moroz", "Oleksandr Savchuk",
          "Yulia Rudenko", "Pavlo Marchenko", "Svitlana Boyko", "Viktor Hnatyuk", "Anna Polishchuk",
          "Roman Kuzmenko", "Oksana Levchenko", "Ihor Pavlenko", "Larysa Honchar", "Bohdan Zinchenko",
          "Halyna Vasylenko", "Maksym Romanenko", "Tetiana Kozak", "Yurii Sydorenko"]
_TAGS = [f"{a}-{b}" for a in ("energy", "budget", "transport", "health", "schools", "housing", "elections",
                              "courts") for b in ("kyiv", "lviv", "odesa", "kharkiv", "dnipro")]
_AGENCIES = ["Reuters", "Ukrinform", "Interfax", "AP", "AFP", "UNIAN"]


def _slug(words: list[str]) -> str:
    return "-".join(words)[:80].strip("-")


# --- articles ---

@lru_cache(maxsize=None)
def _article_meta(number: int) -> tuple[int, str, str, str, datetime, str]:
    """(id, title, path, section, published, author) of article ``number`` (1-based)."""
    rng = random.Random(number * 7919)
    words = [rng.choice(_WORDS[40:]) for _ in range(rng.randint(6, 11))]
    title = " ".join(words).capitalize()
    article_id = FIRST_ID + number
    path = f"/news/{article_id}-{_slug(words)}"
    section = SECTIONS[number % len(SECTIONS)]
    published = _BASE_TIME - timedelta(minutes=37 * number)
    author = _NAMES[number % len(_NAMES)]
    return article_id, title, path, section, published, author


def article_path(number: int) -> str:
    return _article_meta(number)[2]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(9, 22))]
    return " ".join(words).capitalize() + "."


def _paragraphs(rng: random.Random, number: int, total: int) -> list[str]:
    paragraphs = []
    for index in range(rng.randint(9, 16)):
        sentences = [_sentence(rng) for _ in range(rng.randint(3, 6))]
        if index == 2:
            sentences.append(f"This was reported by {rng.choice(_AGENCIES)}.")
        if rng.random() < 0.25:
            other = rng.randint(1, total)
            _, other_title, other_path, *_ = _article_meta(other)
            sentences.insert(1, f'As we <a href="{other_path}">reported earlier</a>, {other_title.lower()}.')
        if index == 4 and rng.random() < 0.3:
            sentences.append('Details in <a href="https://t.me/benchwire/%d">our Telegram channel</a>.' % rng.randint(1, 900))
        if rng.random() < 0.5:
            words = sentences[0].split(" ")
            cut = rng.randint(1, max(1, len(words) - 2))
            sentences[0] = " ".join(words[:cut]) + " <strong>" + " ".join(words[cut:cut + 2]) + "</strong> " + " ".join(words[cut + 2:])
        if rng.random() < 0.3:
            sentences[-1] = "<em>" + sentences[-1] + "</em>"
        paragraphs.append(" ".join(sentences))
    return paragraphs


@lru_cache(maxsize=1)
def _stylesheet() -> str:
    rng = random.Random(1)
    rules = []
    for index in range(90):
        selector = f".c-{rng.choice(_WORDS[40:])}-{index} .{rng.choice(_WORDS[40:])}__item"
        props = "; ".join(
            f"{rng.choice(['margin', 'padding', 'font-size', 'line-height', 'color', 'background', 'border-radius', 'width', 'max-width', 'gap'])}: "
            f"{rng.choice(['0', '4px', '8px 12px', '1.25rem', '#1a1a1a', 'rgba(0,0,0,.06)', '100%', 'auto', 'var(--accent)'])}"
            for _ in range(rng.randint(2, 6))
        )
        rules.append(f"{selector} {{ {props} }}")
    rules.append("@media (max-width: 768px) { .nav__menu { display: none } .article__aside { display: block } }")
    return "\n".join(rules)


@lru_cache(maxsize=1)
def _analytics_script() -> str:
    rng = random.Random(2)
    lines = ["(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});"
             "var f=d.getElementsByTagName(s)[0],j=d.createElement(s);j.async=true;j.src='/static/gtm.js?id='+i;"
             "f.parentNode.insertBefore(j,f);})(window,document,'script','dataLayer','GTM-BENCH');"]
    for index in range(70):
        name = rng.choice(_WORDS[40:])
        lines.append(f"window.__cfg_{name}_{index} = {{enabled: {str(rng.random() < .5).lower()}, "
                     f"threshold: {rng.randint(1, 999)}, label: '{name} {index}'}};")
    lines.append("document.addEventListener('DOMContentLoaded', function () { var a = document.querySelectorAll('a'); "
                 "for (var i = 0; i < a.length; i++) { a[i].dataset.track = 'link-' + i; } });")
    return "\n".join(lines)


_ICON = '<span class="icon"><svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"><use href="/static/icons.svg#{0}"></use></svg></span>'


@lru_cache(maxsize=1)
def _header() -> str:
    sections = "".join(
        f'<li class="nav__item nav__item--{name}"><a class="nav__link" href="/section/{name}"><span>{name.capitalize()}</span>'
        f'{_ICON.format("chevron")}</a><div class="nav__dropdown"><ul class="nav__sub">'
        + "".join(f'<li class="nav__subitem"><a href="/tag/{tag}"><span>{tag.replace("-", " ").capitalize()}</span></a></li>'
                  for tag in (_TAGS * 2)[index * 3: index * 3 + 7])
        + f'</ul><div class="nav__promo"><a href="/section/{name}"><img src="/static/promo-{name}.jpg" alt=""><span>All {name} news</span></a></div></div></li>'
        for index, name in enumerate(SECTIONS)
    )
    return (
        '<div class="cookie-banner" id="cookie-consent"><div class="cookie-banner__inner"><p>We use cookies to improve your '
        'experience on our site. By continuing to browse you agree to our use of cookies.</p>'
        '<div class="cookie-banner__buttons"><button class="btn btn--primary">Accept</button><button class="btn">Settings</button></div></div></div>'
        '<div class="ad ad--top"><div class="ad__label">Advertising</div><div class="ad__slot" id="ad-top" data-size="970x250"></div></div>'
        '<header class="site-header"><div class="container"><div class="row site-header__top"><div class="col col--logo"><a class="logo" href="/">'
        '<img src="/static/logo.svg" alt="Bench News" width="180" height="40"></a></div>'
        '<div class="col col--tools"><form class="search" action="/search" method="get"><input name="q" placeholder="Search">'
        f'<button type="submit">{_ICON.format("search")}</button></form>'
        f'<a class="subscribe" href="/subscribe">{_ICON.format("star")}<span>Subscribe</span></a> '
        f'<a class="login" href="/login">{_ICON.format("user")}<span>Log in</span></a>'
        '<div class="lang"><a href="/">EN</a><a href="/uk/">UK</a></div></div></div>'
        f'<nav class="nav" role="navigation"><ul class="nav__menu">{sections}</ul></nav></div></header>'
    )


@lru_cache(maxsize=1)
def _footer() -> str:
    columns = "".join(
        f'<div class="footer__col"><h4>{name.capitalize()}</h4><ul>'
        + "".join(f'<li class="footer__item"><a href="/tag/{tag}"><span>{tag.replace("-", " ")}</span></a></li>' for tag in _TAGS[i % 8::8])
        + "</ul></div>"
        for i, name in enumerate(SECTIONS[:8])
    )
    social = "".join(f'<a class="social social--{name}" href="https://{name}.com/benchnews" rel="noopener">{_ICON.format(name)}<span>{name}</span></a>'
                     for name in ("facebook", "twitter", "instagram", "youtube", "telegram"))
    return (
        f'<footer class="site-footer"><div class="footer__cols">{columns}</div>'
        f'<div class="footer__social">{social}</div>'
        '<p class="footer__legal">© 2026 Bench News. All rights reserved. Any use of materials is allowed only '
        'with a hyperlink to the source. <a href="/about">About us</a> · <a href="/contacts">Contacts</a> · '
        '<a href="/privacy">Privacy policy</a> · <a href="/ads">Advertising</a></p></footer>'
    )


def _state_blob(rng: random.Random, number: int, total: int) -> str:
    """What JavaScript frameworks leave in the page: a large JSON blob of app state."""
    items = []
    for index in range(rng.randint(8, 40)):
        other = (number * 31 + index * 17) % total + 1
        _, title, path, section, published, author = _article_meta(other)
        items.append({"id": FIRST_ID + other, "title": title, "url": path, "section": section,
                      "published": published.isoformat(), "author": author,
                      "image": f"/img/{FIRST_ID + other}/640x360.jpg", "views": rng.randint(100, 90000),
                      "flags": {"live": False, "paid": False, "video": rng.random() < 0.2}})
    return json.dumps({"page": {"type": "article", "id": FIRST_ID + number}, "feed": items,
                       "ads": {"slots": ["top", "side", "inline-1", "inline-2", "bottom"], "provider": "bench-ads"}},
                      separators=(",", ":"))


def _card(number: int, rng: random.Random, summary: bool = True) -> str:
    article_id, title, path, section, published, author = _article_meta(number)
    text = f'<p class="card__summary">{_sentence(rng)}</p>' if summary else ""
    return (f'<div class="card"><div class="card__media"><a class="card__image" href="{path}"><picture>'
            f'<source srcset="/img/{article_id}/320x180.webp" type="image/webp"><source srcset="/img/{article_id}/320x180.avif" type="image/avif">'
            f'<img src="/img/{article_id}/320x180.jpg" alt="" loading="lazy" width="320" height="180"></picture></a></div>'
            f'<div class="card__body"><span class="card__section badge">{section}</span>'
            f'<h3 class="card__heading"><a class="card__title" href="{path}">{title}</a></h3>{text}'
            f'<div class="card__meta">{_ICON.format("clock")}<time datetime="{published.isoformat()}">{published:%d.%m.%Y %H:%M}</time>'
            f'<span class="card__views">{_ICON.format("eye")}<span>{rng.randint(100, 90000)}</span></span></div></div></div>')


def _page(title: str, head_extra: str, body: str, rng: random.Random, number: int, total: int) -> str:
    ticker = "".join(f'<li><a href="{article_path(rng.randint(1, total))}">{_article_meta(rng.randint(1, total))[1]}</a></li>'
                     for _ in range(8))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{title} | Bench News</title>{head_extra}'
        '<link rel="preconnect" href="https://cdn.benchnews.test"><link rel="stylesheet" href="/static/app.css">'
        '<link rel="alternate" type="application/rss+xml" href="/rss.xml" title="Bench News">'
        '<link rel="icon" href="/static/favicon.ico">'
        f'<style>{_stylesheet()}</style><script>{_analytics_script()}</script></head>'
        f'<body class="page">{_header()}<div class="ticker"><span>Breaking:</span><ul>{ticker}</ul></div>'
        f'{body}{_footer()}'
        f'<script id="__STATE__" type="application/json">{_state_blob(rng, number, total)}</script>'
        '<script src="/static/app.js" defer></script><script>window.dataLayer=window.dataLayer||[];'
        "function gtag(){dataLayer.push(arguments);}gtag('js',new Date());gtag('config','G-BENCH');</script>"
        '</body></html>'
    )


def article_page(number: int, total: int) -> str:
    rng = random.Random(number)
    article_id, title, path, section, published, author = _article_meta(number)
    modified = published + timedelta(minutes=rng.randint(5, 300))
    paragraphs = _paragraphs(rng, number, total)
    lead = _sentence(rng) + " " + _sentence(rng)
    related = [rng.randint(1, total) for _ in range(6)]
    inline_related = [rng.randint(1, total) for _ in range(3)]
    tags = rng.sample(_TAGS, 4)
    author_slug = author.lower().replace(" ", "-")
    comments = rng.randint(0, 6)
    plain_body = "\n\n".join(_strip_tags(paragraph) for paragraph in paragraphs)
    jsonld = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
        "description": lead, "datePublished": published.isoformat(), "dateModified": modified.isoformat(),
        "author": [{"@type": "Person", "name": author, "url": f"/author/{author_slug}"}],
        "publisher": {"@type": "Organization", "name": "Bench News",
                      "logo": {"@type": "ImageObject", "url": "/static/logo.png"}},
        "image": [f"/img/{article_id}/1200x675.jpg"], "mainEntityOfPage": path,
        "articleSection": section.capitalize(), "keywords": ", ".join(tags), "inLanguage": "en",
        "isAccessibleForFree": True,
    }
    if number % 2:
        jsonld["articleBody"] = plain_body
    breadcrumbs = {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": 1, "name": "Home", "item": "/"},
        {"@type": "ListItem", "position": 2, "name": section.capitalize(), "item": f"/section/{section}"}]}
    meta = (
        f'<meta name="description" content="{lead}"><link rel="canonical" href="{path}">'
        f'<meta property="og:type" content="article"><meta property="og:title" content="{title}">'
        f'<meta property="og:description" content="{lead}"><meta property="og:url" content="{path}">'
        f'<meta property="og:image" content="/img/{article_id}/1200x675.jpg"><meta property="og:site_name" content="Bench News">'
        f'<meta name="twitter:card" content="summary_large_image"><meta name="twitter:title" content="{title}">'
        f'<meta property="article:published_time" content="{published.isoformat()}">'
        f'<meta property="article:modified_time" content="{modified.isoformat()}">'
        f'<meta property="article:section" content="{section.capitalize()}">'
        + "".join(f'<meta property="article:tag" content="{tag}">' for tag in tags)
        + f'<script type="application/ld+json">{json.dumps(jsonld, ensure_ascii=False)}</script>'
        f'<script type="application/ld+json">{json.dumps(breadcrumbs)}</script>'
    )
    read_also = (
        '<aside class="read-also"><h3>Read also</h3><ul>'
        + "".join(f'<li><a href="{article_path(other)}">{_article_meta(other)[1]}</a></li>' for other in inline_related)
        + "</ul></aside>"
    )
    text = "".join(f"<p>{paragraph}</p>" + (read_also if index == 3 else "") for index, paragraph in enumerate(paragraphs))
    body = (
        f'<div class="breadcrumbs"><a href="/">Home</a> / <a href="/section/{section}">{section.capitalize()}</a></div>'
        '<main class="layout"><div class="container"><div class="row"><div class="col col--main"><article class="article">'
        f'<h1 class="article__title">{title}</h1>'
        f'<div class="article__meta"><span class="article__author">By <a href="/author/{author_slug}">{author}</a></span> '
        f'<time class="article__date" datetime="{published.isoformat()}">{published:%d %B %Y, %H:%M}</time></div>'
        f'<p class="article__lead lead">{lead}</p>'
        f'<figure class="article__figure"><img src="/img/{article_id}/1200x675.jpg" alt="{title}" width="1200" height="675">'
        f'<figcaption>{_sentence(rng)} Photo: {rng.choice(_AGENCIES)}</figcaption></figure>'
        f'<div class="article__body article-body" itemprop="articleBody">{text}</div>'
        '<div class="article__tags">' + "".join(f'<a class="tag" href="/tag/{tag}">{tag}</a>' for tag in tags) + "</div>"
        '<div class="share"><span class="share__label">Share</span>'
        + "".join(f'<a class="share__button share__button--{name}" href="{href}" rel="noopener">{_ICON.format(name)}<span>{name.capitalize()}</span></a>'
                  for name, href in (("facebook", "https://www.facebook.com/sharer.php?u=x"), ("twitter", "https://twitter.com/intent/tweet?url=x"),
                                     ("telegram", "https://t.me/share/url?url=x"), ("whatsapp", "https://wa.me/?text=x"), ("email", "mailto:?body=x")))
        + '<button class="share__copy">Copy link</button></div>'
        '</article>'
        '<section class="related"><h2>Related news</h2><div class="cards">'
        + "".join(_card(other, rng) for other in related)
        + '</div></section>'
        '</div><aside class="col col--side sidebar"><div class="ad ad--side"><div class="ad__label">Advertising</div><div class="ad__slot" data-size="300x600"></div></div>'
        '<div class="most-read"><h3>Most read</h3><ol>'
        + "".join(f'<li class="most-read__item"><span class="most-read__rank">{rank}</span><a href="{article_path(other)}">'
                  f'<span class="most-read__title">{_article_meta(other)[1]}</span></a>{_ICON.format("eye")}<span>{rng.randint(1000, 90000)}</span></li>'
                  for rank, other in enumerate((rng.randint(1, total) for _ in range(10)), 1))
        + '</ol></div><div class="newsletter"><h3>Newsletter</h3><form action="/subscribe" method="post">'
        '<input type="email" name="email" placeholder="Your e-mail"><button>Subscribe</button></form></div></aside></div></div>'
        + f'<section class="more-from-section"><h2>More from {section}</h2><div class="cards cards--grid">'
        + "".join(_card(rng.randint(1, total), rng, summary=False) for _ in range(8))
        + '</div></section>'
        f'<section class="comments" id="comments"><h3>Comments ({comments})</h3><ul class="comments__list">'
        + "".join(f'<li class="comment"><div class="comment__head"><img class="comment__avatar" src="/static/avatar.png" alt="">'
                  f'<span class="comment__author">{rng.choice(_NAMES).split()[0]}</span><time>{rng.randint(1, 59)} min ago</time></div>'
                  f'<p class="comment__text">{_sentence(rng)}</p><div class="comment__actions"><button>Reply</button><button>Like</button></div></li>'
                  for _ in range(comments))
        + '</ul><p>Log in to leave a comment.</p></section>'
        '</main>'
    )
    return _page(title, meta, body, rng, number, total)


def _strip_tags(html: str) -> str:
    out, inside = [], False
    for char in html:
        if char == "<":
            inside = True
        elif char == ">":
            inside = False
        elif not inside:
            out.append(char)
    return "".join(out)


# --- listings ---

def _listing(title: str, numbers: list[int], total: int, pager: str, seed: int) -> str:
    rng = random.Random(seed)
    cards = "".join(_card(number, rng) for number in numbers)
    body = (f'<main class="layout"><h1>{title}</h1><div class="cards cards--list">{cards}</div>{pager}</main>')
    return _page(title, '<meta property="og:type" content="website">', body, rng, seed % total + 1, total)


def archive_pages(total: int) -> int:
    return (total + PER_LISTING - 1) // PER_LISTING


def archive_page(page: int, total: int) -> str:
    pages = archive_pages(total)
    numbers = list(range((page - 1) * PER_LISTING + 1, min(total, page * PER_LISTING) + 1))
    around = [p for p in range(page - 2, page + 3) if 1 <= p <= pages]
    pager = ('<nav class="pagination">'
             + (f'<a rel="prev" href="/news/page/{page - 1}">Previous</a>' if page > 1 else "")
             + "".join(f'<a href="/news/page/{p}">{p}</a>' for p in around)
             + (f'<a rel="next" class="next" href="/news/page/{page + 1}">Next</a>' if page < pages else "")
             + "</nav>")
    return _listing(f"Latest news, page {page}", numbers, total, pager, 10_000_000 + page)


def _some(total: int, seed: int) -> list[int]:
    rng = random.Random(seed)
    return [rng.randint(1, total) for _ in range(PER_LISTING)]


def home_page(total: int) -> str:
    pages = archive_pages(total)
    archive = ('<nav class="archive"><h2>Archive</h2>'
               + "".join(f'<a href="/news/page/{p}">{p}</a> ' for p in range(1, pages + 1)) + "</nav>")
    return _listing("Bench News: latest news", list(range(1, min(total, 30) + 1)), total, archive, 1)


# --- Telegram ---

def _post_time(post_id: int) -> datetime:
    return datetime(2025, 1, 1, 6, 0, tzinfo=timezone.utc) + timedelta(minutes=23 * post_id)


def _telegram_post(channel: str, post_id: int, rng: random.Random) -> str:
    kind = rng.random()
    media = ""
    if kind < 0.35:
        media = (f'<a class="tgme_widget_message_photo_wrap {rng.getrandbits(60)}" href="https://t.me/{channel}/{post_id}" '
                 f"style=\"width:800px;background-image:url('https://cdn.telesco.test/file/{channel}{post_id}.jpg')\">"
                 '<div class="tgme_widget_message_photo" style="padding-top:62.5%"></div></a>')
    elif kind < 0.45:
        media = (f'<a class="tgme_widget_message_video_player js-message_video_player" href="https://t.me/{channel}/{post_id}">'
                 f"<i class=\"tgme_widget_message_video_thumb\" style=\"background-image:url('https://cdn.telesco.test/file/{post_id}_thumb.jpg')\"></i>"
                 f'<div class="tgme_widget_message_video_wrap" style="width:1280px;padding-top:56.25%">'
                 f'<video src="https://cdn.telesco.test/file/{post_id}.mp4?token=abc" class="tgme_widget_message_video js-message_video" width="100%" height="100%"></video>'
                 '</div><div class="message_video_play js-message_video_play"></div>'
                 '<time class="message_video_duration js-message_video_duration">0:31</time></a>')
    sentences = " ".join(_sentence(rng) for _ in range(rng.randint(1, 6)))
    text = sentences.replace(". ", ".<br/>", 1)
    if rng.random() < 0.4:
        text += f'<br/><br/>Details: <a href="https://benchnews.test/news/{FIRST_ID + rng.randint(1, 5000)}" target="_blank" rel="noopener">benchnews.test</a>'
    if rng.random() < 0.5:
        tag = rng.choice(_TAGS).split("-")[0]
        text += f' <a href="?q=%23{tag}">#{tag}</a>'
    forwarded = ""
    if rng.random() < 0.1:
        forwarded = ('<div class="tgme_widget_message_forwarded_from accent_color">Forwarded from&nbsp;'
                     f'<a class="tgme_widget_message_forwarded_from_name" href="https://t.me/otherwire/{rng.randint(1, 999)}">'
                     '<span dir="auto">Other Wire</span></a></div>')
    reply = ""
    if rng.random() < 0.1 and post_id > 2:
        reply = (f'<a class="tgme_widget_message_reply" href="https://t.me/{channel}/{post_id - 1}">'
                 '<div class="tgme_widget_message_author accent_color"><span class="tgme_widget_message_author_name" dir="auto">Bench Wire</span></div>'
                 f'<div class="tgme_widget_message_metatext js-message_reply_text" dir="auto">{_sentence(rng)}</div></a>')
    preview = ""
    if rng.random() < 0.2:
        preview = (f'<a class="tgme_widget_message_link_preview" href="https://benchnews.test/news/{FIRST_ID + post_id}">'
                   '<div class="link_preview_site_name accent_color" dir="auto">Bench News</div>'
                   f'<div class="link_preview_title" dir="auto">{_sentence(rng)}</div>'
                   f'<div class="link_preview_description" dir="auto">{_sentence(rng)} {_sentence(rng)}</div></a>')
    signature = (f'<span class="tgme_widget_message_from_author" dir="auto">{rng.choice(_NAMES)}</span>,&nbsp;'
                 if rng.random() < 0.3 else "")
    edited = "edited " if rng.random() < 0.05 else ""
    moment = _post_time(post_id)
    views = f"{rng.randint(1, 999)}.{rng.randint(1, 9)}K"
    return (
        '<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message text_not_supported_wrap js-widget_message" '
        f'data-post="{channel}/{post_id}" data-view="eyJjIjotMTAwMDAwMDAwMSwicCI6MX0">'
        f'<div class="tgme_widget_message_user"><a href="https://t.me/{channel}"><i class="tgme_widget_message_user_photo bgcolor3" data-content="B"></i></a></div>'
        '<div class="tgme_widget_message_bubble"><i class="tgme_widget_message_bubble_tail"><svg class="bubble_icon" width="9px" height="20px" viewBox="0 0 9 20"></svg></i>'
        f'<div class="tgme_widget_message_author accent_color"><a class="tgme_widget_message_owner_name" href="https://t.me/{channel}"><span dir="auto">Bench Wire</span></a></div>'
        f'{forwarded}{reply}<div class="media_supported_cont">{media}'
        f'<div class="tgme_widget_message_text js-message_text" dir="auto">{text}</div>{preview}</div>'
        '<div class="media_not_supported_cont"><div class="message_media_not_supported_wrap"><div class="message_media_not_supported">'
        '<div class="message_media_not_supported_label">Please open Telegram to view this post</div>'
        f'<a href="https://t.me/{channel}/{post_id}" class="message_media_view_in_telegram">VIEW IN TELEGRAM</a></div></div></div>'
        '<div class="tgme_widget_message_reactions js-message_reactions">'
        + "".join(f'<span class="tgme_reaction"><tg-emoji emoji-id="53683241706712022{i}"></tg-emoji>{rng.randint(1, 999)}</span>'
                  for i in range(rng.randint(1, 4)))
        + '</div><div class="tgme_widget_message_footer compact js-message_footer"><div class="tgme_widget_message_info short js-message_info">'
        f'<span class="tgme_widget_message_views">{views}</span><span class="copyonly"> views</span>'
        f'<span class="tgme_widget_message_meta">{signature}{edited}<a class="tgme_widget_message_date" href="https://t.me/{channel}/{post_id}">'
        f'<time datetime="{moment.isoformat()}" class="time">{moment:%H:%M}</time></a></span></div></div></div></div></div>'
    )


def telegram_page(channel: str, posts: int, before: int | None) -> str | None:
    """The preview page of ``channel`` (post ids 1..posts) holding the 20 posts before ``before``."""
    newest = posts if before is None else min(before - 1, posts)
    if newest < 1:
        return None
    oldest = max(1, newest - PER_TELEGRAM_PAGE + 1)
    rng = random.Random(newest * 104729 + len(channel))
    messages = "".join(_telegram_post(channel, post_id, rng) for post_id in range(oldest, newest + 1))
    more = (f'<div class="tgme_widget_message_centered js-messages_more_wrap"><a href="/s/{channel}?before={oldest}" '
            f'class="tme_messages_more js-messages_more" data-before="{oldest}"></a></div>') if oldest > 1 else ""
    prev = f'<link rel="prev" href="/s/{channel}?before={oldest}">' if oldest > 1 else ""
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Bench Wire – Telegram</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0, minimum-scale=1.0, maximum-scale=1.0, user-scalable=no">'
        '<meta property="og:title" content="Bench Wire"><meta property="og:site_name" content="Telegram">'
        f'<meta property="og:description" content="Fast news from the bench.">{prev}<link rel="canonical" href="/s/{channel}">'
        '<link href="//telegram.org/css/font-roboto.css?1" rel="stylesheet" type="text/css">'
        '<link href="//telegram.org/css/telegram.css?241" rel="stylesheet" media="screen">'
        '<link href="//telegram.org/css/widget-frame.css?67" rel="stylesheet" media="screen">'
        f'<style>{_stylesheet()[:6000]}</style>'
        '<script src="//telegram.org/js/jquery.min.js"></script><script src="//telegram.org/js/tgwallpaper.min.js?3"></script>'
        '</head><body class="widget_frame_base tgme_webpreview emoji_image thin_box_shadow tme_mode no_transitions">'
        '<header class="tgme_header search_collapsed"><div class="tgme_container"><div class="tgme_header_search">'
        f'<form class="tgme_header_search_form" action="/s/{channel}"><input class="tgme_header_search_form_input js-header_search" placeholder="Search" name="q" autocomplete="off" value="" /></form></div>'
        '<div class="tgme_header_right_column"><section class="tgme_right_column"><div class="tgme_channel_info">'
        '<div class="tgme_channel_info_header"><i class="tgme_page_photo_image bgcolor3" data-content="BW"></i>'
        '<div class="tgme_channel_info_header_title_wrap"><div class="tgme_channel_info_header_title"><span dir="auto">Bench Wire</span></div>'
        '<div class="tgme_channel_info_header_labels"><i class="verified-icon"> ✔</i></div></div>'
        f'<div class="tgme_channel_info_header_username"><a href="https://t.me/{channel}">@{channel}</a></div></div>'
        '<div class="tgme_channel_info_counters"><div class="tgme_channel_info_counter"><span class="counter_value">148K</span> '
        '<span class="counter_type">subscribers</span></div><div class="tgme_channel_info_counter"><span class="counter_value">3.1K</span> '
        '<span class="counter_type">photos</span></div></div>'
        '<div class="tgme_channel_info_description">Fast news from the bench.<br/>Tips: @benchwire_bot</div></div></section></div>'
        '</div></header>'
        f'<main class="tgme_main" data-url="/{channel}"><div class="tgme_container"><section class="tgme_channel_history js-message_history">'
        f'{more}{messages}</section></div></main>'
        f'<script>{_analytics_script()[:8000]}</script></body></html>'
    )


def telegram_pages(posts: int) -> int:
    return (posts + PER_TELEGRAM_PAGE - 1) // PER_TELEGRAM_PAGE


# --- routing and server ---

ROBOTS = b"User-agent: *\nDisallow: /admin/\nDisallow: /login\n"


class Site:
    """Maps a request path to (status, content type, body); caches up to ``cache_pages`` bodies."""

    def __init__(self, articles: int, posts: int, channels: int = 1, cache_pages: int = 6000) -> None:
        self.articles = articles
        self.posts = posts
        self.channels = [CHANNEL if index == 0 else f"{CHANNEL}{index}" for index in range(channels)]
        self.cache_pages = cache_pages
        self._cache: dict[str, bytes | None] = {}
        self._ids = {_article_meta(number)[2]: number for number in range(1, articles + 1)} if articles else {}

    def all_paths(self) -> list[str]:
        """Every page path (for warming the cache)."""
        paths = ["/"] + [f"/news/page/{page}" for page in range(1, archive_pages(self.articles) + 1)]
        paths += [f"/section/{name}" for name in SECTIONS] + [f"/tag/{tag}" for tag in _TAGS]
        paths += [f"/author/{name.lower().replace(' ', '-')}" for name in _NAMES]
        paths += [article_path(number) for number in range(1, self.articles + 1)]
        for channel in self.channels:
            paths.append(f"/s/{channel}")
            before = self.posts - PER_TELEGRAM_PAGE + 1
            while before > 1:
                paths.append(f"/s/{channel}?before={before}")
                before -= PER_TELEGRAM_PAGE
        return paths

    def render(self, target: str) -> bytes | None:
        parts = urlsplit(target)
        path = parts.path
        total = self.articles
        if path == "/":
            return home_page(total).encode() if total else None
        if path.startswith("/news/page/"):
            number = path.rsplit("/", 1)[1]
            if number.isdigit() and 1 <= int(number) <= archive_pages(total):
                return archive_page(int(number), total).encode()
            return None
        if path.startswith("/news/"):
            number = self._ids.get(path)
            return article_page(number, total).encode() if number else None
        if path.startswith(("/section/", "/tag/", "/author/")) and total:
            name = path.split("/")[2]
            valid = name in SECTIONS or name in _TAGS or name in {n.lower().replace(" ", "-") for n in _NAMES}
            if not valid:
                return None
            seed = int(hashlib.sha1(path.encode()).hexdigest()[:8], 16)
            return _listing(name.replace("-", " ").capitalize(), _some(total, seed), total, "", seed).encode()
        if path.startswith("/s/"):
            channel = path[3:].strip("/")
            if channel not in self.channels:
                return None
            before = parse_qs(parts.query).get("before", [None])[0]
            page = telegram_page(channel, self.posts, int(before) if before and before.isdigit() else None)
            return page.encode() if page else None
        return None

    def get(self, target: str) -> tuple[int, bytes, bytes]:
        if target == "/robots.txt":
            return 200, b"text/plain", ROBOTS
        if target in self._cache:
            body = self._cache[target]
        else:
            body = self.render(target)
            if len(self._cache) < self.cache_pages:
                self._cache[target] = body
        if body is None:
            return 404, b"text/html; charset=utf-8", b"<html><body><h1>Not found</h1></body></html>"
        return 200, b"text/html; charset=utf-8", body

    def warm(self, limit: int | None = None) -> int:
        paths = self.all_paths()[: limit or self.cache_pages]
        for path in paths:
            self.get(path)
        return len(paths)


class _HTTPProtocol(asyncio.Protocol):
    """HTTP/1.1 GET with keep-alive; just enough for Scrapy and urllib."""

    def __init__(self, site: Site, stats: dict[str, int]) -> None:
        self.site = site
        self.stats = stats
        self.buffer = b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            lines = head.split(b"\r\n")
            try:
                method, target, version = lines[0].split(b" ", 2)
            except ValueError:
                self.transport.close()
                return
            close = version == b"HTTP/1.0" or any(
                line.lower().startswith(b"connection:") and b"close" in line.lower() for line in lines[1:])
            if target.startswith(b"http"):
                target = b"/" + target.split(b"/", 3)[-1]
            status, content_type, body = self.site.get(target.decode("latin-1"))
            self.stats["requests"] = self.stats.get("requests", 0) + 1
            reason = b"OK" if status == 200 else b"Not Found"
            header = (b"HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n%s\r\n"
                      % (status, reason, content_type, len(body), b"Connection: close\r\n" if close else b""))
            self.transport.write(header + (body if method != b"HEAD" else b""))
            if close:
                self.transport.close()
                return


def serve(port: int, articles: int, posts: int, channels: int = 1, ready=None, cache_pages: int = 6000) -> None:  # noqa: ANN001
    """Serve the site on 127.0.0.1:``port`` (0: any free port) until killed. ``ready``: a
    ``multiprocessing`` connection that gets the port once the cache is warm."""
    site = Site(articles, posts, channels, cache_pages)
    site.warm()
    stats: dict[str, int] = {}

    async def main() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(lambda: _HTTPProtocol(site, stats), "127.0.0.1", port, backlog=512)
        if ready is not None:
            ready.send(server.sockets[0].getsockname()[1])
            ready.close()
        await server.serve_forever()

    asyncio.run(main())


if __name__ == "__main__":  # python -m bench.crawlsite PORT ARTICLES POSTS
    import sys

    arguments = [int(value) for value in sys.argv[1:4]]
    print(f"serving on 127.0.0.1:{arguments[0]}", flush=True)
    serve(*arguments)
