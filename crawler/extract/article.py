"""Article fields from one HTML page: pure functions, no network, no crawler."""

from __future__ import annotations

import html as html_module
import re
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

from lxml import etree
from parsel import Selector

from crawler.canonical import canonical_url, same_site
from crawler.extract.authors import find_authors
from crawler.extract.body import Body, body_links, extract_body
from crawler.extract.images import figure_images, merge_images
from crawler.extract.dates import format_datetime, get_timezone, parse_datetime
from crawler.extract.metadata import PageMetadata, jsonld_text_values, read_metadata
from crawler.extract.not_article import paywall_prompt, without_paywall_prompts
from crawler.extract.lead import find_lead
from crawler.extract.overrides import apply_overrides, body_text, node_text, select
from crawler.extract.related import find_related, related_block_nodes
from crawler.extract.sources import find_sources
from crawler.extract.telegram import telegram_post_ref
from crawler.extract.title import find_title
from crawler.extract.visible_dates import date_from_url, find_visible_date
from crawler.outlets.profile import OutletProfile
from crawler.text import clean_line, clean_multiline, word_count
from crawler.urls import absolute_url, host_of

JSONLD_FACTOR = 2.0  # JSON-LD articleBody wins only when much longer than the page text (truncated DOM, paywall)
SOURCES_MAX_CHARS = 100_000  # attributions are read in this much body text (~15,000 words): a 5 MB body took 20 s
_LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}")


def _language(metadata: PageMetadata) -> str | None:
    candidates = [
        metadata.html_lang,
        *jsonld_text_values(metadata.article.get("inLanguage")),
        metadata.first("og:locale", "language", "content-language"),
    ]
    for candidate in candidates:
        match = _LANGUAGE.match(candidate or "")
        if match and len(match.group(0)) == 2:
            return match.group(0).lower()
    return None


def _site_names(metadata: PageMetadata) -> list[str]:
    """The outlet's own names: og:site_name and the JSON-LD publisher."""
    return [metadata.first("og:site_name") or "", *jsonld_text_values(metadata.article.get("publisher"))]


def _title(selector: Selector, metadata: PageMetadata, site_names: list[str]) -> str | None:
    headline = next(iter(jsonld_text_values(metadata.article.get("headline"))), None)
    return find_title(selector, [headline, metadata.first("og:title"), metadata.first("twitter:title")], site_names)


def _dates(
    selector: Selector, metadata: PageMetadata, url: str, tz: tzinfo, now: datetime | None
) -> tuple[str | None, str | None]:
    article = metadata.article
    published = (
        article.get("datePublished")
        or metadata.first(
            "article:published_time", "itemprop:datepublished", "og:article:published_time",
            "date", "pubdate", "publish-date", "publishdate", "publish_date", "dc.date.issued", "dc.date", "sailthru.date", "parsely-pub-date",
        )
        or selector.xpath("(//article//time/@datetime | //time[@itemprop]/@datetime | //time[@pubdate]/@datetime)[1]").get()
    )
    modified = article.get("dateModified") or metadata.first(
        "article:modified_time", "og:updated_time", "itemprop:datemodified", "last-modified"
    )
    limit = (now or datetime.now(timezone.utc)) + timedelta(days=1)  # no future dates
    machine = parse_datetime(published if isinstance(published, str) else None, tz)
    moment = machine if machine and machine <= limit else None
    moment = moment or find_visible_date(selector, tz, now) or date_from_url(url, tz)
    changed = parse_datetime(modified if isinstance(modified, str) else None, tz)
    return (
        format_datetime(moment) if moment else None,
        format_datetime(changed) if changed and changed <= limit else None,
    )


def _tags(metadata: PageMetadata) -> list[str]:
    keywords = metadata.article.get("keywords")
    if isinstance(keywords, str):
        values = keywords.split(",")
    elif isinstance(keywords, list):
        values = [str(value) for value in keywords]
    else:
        values = metadata.all("article:tag")
    seen: dict[str, None] = {}
    for value in values:
        cleaned = clean_line(value)
        if cleaned:
            seen.setdefault(cleaned, None)
    return list(seen)


def _images(metadata: PageMetadata, url: str) -> list[dict[str, Any]]:
    raw = metadata.article.get("image")
    candidates = jsonld_text_values(raw, key="url") or metadata.all("og:image")
    images: dict[str, dict[str, Any]] = {}
    for candidate in candidates:
        image_url = absolute_url(candidate, url)
        if image_url:
            images.setdefault(image_url, {"url": image_url, "caption": None, "credit": None})
    return list(images.values())


def _canonical(metadata: PageMetadata, url: str, profile: OutletProfile | None) -> str:
    """rel=canonical or og:url when they name the same outlet (or a mirror), else the URL itself."""
    for candidate in (metadata.canonical, metadata.first("og:url")):
        canonical = absolute_url(candidate, url)
        if canonical and same_site(canonical, url, profile):
            return canonical_url(canonical, profile)
    return canonical_url(url, profile)


def telegram_refs(links: list[dict[str, Any]]) -> list[str]:
    """The t.me posts an article cites, as ``https://t.me/<channel>/<id>``, each once, in order."""
    refs: dict[str, None] = {}
    for link in links:
        ref = telegram_post_ref(link.get("url"))
        if ref:
            refs.setdefault(f"https://t.me/{ref[0]}/{ref[1]}", None)
    return list(refs)


def _article_region(body: Body, selector: Selector) -> Any:
    """Where an article's figures are: its ``<article>`` (figures often sit above the text), else the text."""
    for container in body.containers:
        for ancestor in [container, *container.iterancestors()]:
            if ancestor.tag == "article":
                return ancestor
        return container
    return selector.root


def _body(selector: Selector, metadata: PageMetadata, html: str | None, dom: Body) -> str | None:
    """The page's own text; JSON-LD ``articleBody`` when it is much longer; trafilatura last."""
    from_dom = dom.text
    from_jsonld = metadata.article.get("articleBody")
    if isinstance(from_jsonld, str) and len(from_jsonld) > JSONLD_FACTOR * len(from_dom or ""):
        return clean_multiline(html_module.unescape(from_jsonld))
    if from_dom:
        return from_dom
    if html is None:
        html = selector.get()
    from trafilatura import (
        extract as trafilatura_extract,  # costly: only when nothing else worked
    )

    return clean_multiline(trafilatura_extract(html, include_comments=False, include_tables=False))


def extract_from_selector(
    selector: Selector,
    url: str,
    *,
    metadata: PageMetadata | None = None,
    default_tz: tzinfo = timezone.utc,
    html: str | None = None,
    now: datetime | None = None,
    profile: OutletProfile | None = None,
) -> dict[str, Any]:
    """Article fields of an already parsed page (the spider's path: the page is parsed once)."""
    metadata = metadata or read_metadata(selector)
    if profile is not None:
        default_tz = get_timezone(profile.timezone)
    published_at, modified_at = _dates(selector, metadata, url, default_tz, now)
    selectors = profile.selectors if profile else {}
    overrides = dict(selectors)
    related_nodes = related_block_nodes(selector, selectors.get("related"))
    site_names = _site_names(metadata)
    title = _title(selector, metadata, site_names)
    body_nodes = select(selector, selectors["body"]) if "body" in selectors else None
    body = body_text(body_nodes) if body_nodes else None
    if body:
        # The profile's selector found the body: no search for the main text (nor trafilatura);
        # the links and figures of the body are those of the selected nodes.
        del overrides["body"]
        dom_body = Body(containers=[node.root for node in body_nodes if isinstance(node.root, etree._Element)],
                        excluded=frozenset(related_nodes))
        lead_nodes = select(selector, selectors["lead"]) if "lead" in selectors else None
        overridden = bool(lead_nodes) and bool(clean_multiline(node_text(lead_nodes[0])))
        page_lead = None if overridden else find_lead(selector)[0]  # an overridden lead is replaced anyway
    else:
        page_lead, lead_node = find_lead(selector)
        excluded = related_nodes + [lead_node] if lead_node is not None else related_nodes
        dom_body = extract_body(selector, excluded, [title] if title else [])
        body = _body(selector, metadata, html, dom_body)
    lead = page_lead or clean_multiline(
        next(iter(jsonld_text_values(metadata.article.get("description"))), None)
        or metadata.first("og:description", "description")
    )
    section = metadata.article.get("articleSection")
    free = metadata.article.get("isAccessibleForFree")
    paywalled = free is False or str(free).lower() == "false" or paywall_prompt(selector)
    if paywalled:
        body = without_paywall_prompts(body)
    fields = {
        "url": url,
        "canonical_url": _canonical(metadata, url, profile),
        "language": _language(metadata),
        "title": title,
        "lead": lead,
        "body": body,
        "authors": find_authors(
            metadata.article.get("author"),
            metadata.all("author") + metadata.all("article:author") + metadata.all("twitter:misc:written by"),
            selector,
            [*site_names, host_of(url)],
        ),
        "published_at": published_at,
        "modified_at": modified_at,
        "section": clean_line(section[0] if isinstance(section, list) and section else
                              section if isinstance(section, str) else metadata.first("article:section")),
        "tags": _tags(metadata),
        "images": merge_images(_images(metadata, url), figure_images(_article_region(dom_body, selector), url)),
        "links": body_links(dom_body, url),
        "related": find_related(selector, url, selectors.get("related"), related_nodes),
        "paywalled": paywalled,
    }
    if overrides:
        fields = apply_overrides(fields, selector, overrides, default_tz, now)
    fields["word_count"] = word_count(fields["body"])
    fields["telegram_refs"] = telegram_refs(fields["links"])
    fields["sources"] = find_sources(
        (fields["body"] or "")[:SOURCES_MAX_CHARS] or None, fields["links"], fields["images"], fields["language"],
        url=url,
        own_domains=profile.all_domains if profile else (),
        own_names=[profile.title] if profile and profile.title else (),
    )
    return fields


def extract_article(html: str, url: str) -> dict[str, Any]:
    """The Article fields one page gives, read with no crawler running.

    Keys are Article field names; values are None or empty where the page says nothing.
    """
    html = html.encode("utf-8", "replace").decode("utf-8")  # lone surrogates: lxml cannot take them
    return extract_from_selector(Selector(text=html), url, html=html)
