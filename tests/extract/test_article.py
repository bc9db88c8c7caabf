"""extract_article on saved fixture pages: HTML in, fields out, no crawler."""

from crawler.extract import extract_article, is_article_page
from crawler.extract.metadata import read_metadata
from parsel import Selector
import re

from tests.conftest import read_fixture

BASE = "https://fixture-herald.test"
ALMATY = "/en/news/85419-police-department-in-almaty-stormed"


def test_jsonld_article_fields():
    fields = extract_article(read_fixture(ALMATY.lstrip("/")), BASE + ALMATY + "?utm_source=x")
    assert fields["title"] == "Police department in Almaty stormed with shouts"
    assert fields["canonical_url"] == BASE + ALMATY
    assert fields["language"] == "en"
    assert fields["authors"] == ["Anna Marchenko", "Ivan Petrenko"]
    assert fields["published_at"] == "2022-01-06T19:15:00+02:00"
    assert fields["modified_at"] == "2022-01-06T20:01:00+02:00"
    assert fields["section"] == "World"
    assert fields["tags"] == ["Kazakhstan", "Almaty", "riots"]
    assert fields["images"] == [{
        "url": BASE + "/images/almaty-police.jpg", "caption": "Law enforcers in the centre of Almaty.", "credit": "tass.ru",
    }]
    assert fields["links"] == [
        {"url": "https://t.me/stranaua/1234", "text": "“Politika Strany” Telegram channel"},
        {"url": "https://strana.news/news/1.html", "text": "Strana.news"},
    ]  # share buttons and the Read also block are not body links
    assert fields["related"] == [{
        "url": BASE + "/news/102-vlasti-obyavili-komendantskiy-chas", "title": "Curfew declared",
        "summary": "The authorities declared a curfew for a week.",
    }]
    assert fields["lead"].startswith("A video shows protesters")


def test_body_has_paragraphs_and_no_boilerplate():
    body = extract_article(read_fixture(ALMATY.lstrip("/")), BASE + ALMATY)["body"]
    paragraphs = body.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("A video has appeared online")
    assert "“Politika Strany” Telegram channel" in paragraphs[0]
    for boilerplate in ("Share", "Read also", "Curfew declared", "Photo: tass.ru", "Ctrl+Enter", "dataLayer", "margin"):
        assert boilerplate not in body


def test_jsonld_graph_article():
    url = BASE + "/news/102-vlasti-obyavili-komendantskiy-chas"
    fields = extract_article(read_fixture("news/102-vlasti-obyavili-komendantskiy-chas"), url)
    assert fields["title"] == "Власти объявили комендантский час"
    assert fields["authors"] == ["Мария Соколова"]
    assert fields["published_at"] == "2022-01-05T23:40:00+03:00"
    assert fields["language"] == "ru"
    assert "Читайте также" not in fields["body"]
    assert fields["body"].count("\n\n") == 2


def test_opengraph_only_article():
    url = BASE + "/news/103-uriad-skasuvav-zasidannia"
    fields = extract_article(read_fixture("news/103-uriad-skasuvav-zasidannia"), url)
    assert fields["title"] == "Уряд скасував засідання"
    assert fields["language"] == "uk"
    assert fields["authors"] == ["Олена Коваль"]
    assert fields["tags"] == ["уряд", "політика"]
    assert fields["published_at"] == "2022-01-07T10:05:00+02:00"
    assert fields["body"].startswith("Засідання уряду")


def test_page_without_metadata_still_gives_title_and_body():
    url = BASE + "/news/104-plain-page-without-metadata"
    fields = extract_article(read_fixture("news/104-plain-page-without-metadata"), url)
    assert fields["title"] == "A plain page without metadata"
    assert "no structured metadata at all" in fields["body"]
    assert fields["language"] is None and fields["published_at"] is None and fields["authors"] == []
    assert fields["canonical_url"] == url


def test_article_detection():
    def detect(path: str, pattern: str | None = None) -> bool:
        metadata = read_metadata(Selector(text=read_fixture(path)))
        return is_article_page(metadata, BASE + "/" + path, re.compile(pattern) if pattern else None)

    assert detect(ALMATY.lstrip("/"))  # JSON-LD
    assert detect("news/102-vlasti-obyavili-komendantskiy-chas")  # JSON-LD @graph
    assert detect("news/103-uriad-skasuvav-zasidannia")  # og:type
    assert not detect("news/104-plain-page-without-metadata")
    assert detect("news/104-plain-page-without-metadata", r"/news/\d+-")  # URL pattern
    assert not detect("about.html", r"/news/\d+-")
    assert not detect("news/index.html", r"/news/\d+-")


def test_broken_jsonld_is_skipped_not_fatal():
    html = '<html><head><script type="application/ld+json">{"@type": "NewsArticle", broken</script>' \
           '<meta property="og:type" content="article"><title>T</title></head>' \
           '<body><article><p>' + "word " * 30 + "</p></article></body></html>"
    fields = extract_article(html, "https://x.test/a")
    assert fields["title"] == "T"
    assert fields["body"].startswith("word word")


def test_future_dates_are_refused():
    html = ('<html><head><meta property="og:type" content="article">'
            '<meta property="article:published_time" content="2099-01-01T00:00:00+00:00"></head>'
            '<body><h1>T</h1><div class="date">06 January 2022 19:15</div><article><p>' + "word " * 30 + "</p></article></body></html>")
    assert extract_article(html, "https://x.test/a")["published_at"] == "2022-01-06T19:15:00+00:00"


def test_telegram_refs_and_sources_of_the_seed_like_article():
    fields = extract_article(read_fixture(ALMATY.lstrip("/")), BASE + ALMATY)
    assert fields["telegram_refs"] == ["https://t.me/stranaua/1234"]
    kinds = {(source["kind"], source["name"], source["url"]) for source in fields["sources"]}
    assert ("telegram", "Politika Strany", "https://t.me/stranaua") in kinds
    assert any(kind == "outlet" and name == "Strana.news" for kind, name, _ in kinds)
    assert any(kind == "photo" and name == "tass.ru" for kind, name, _ in kinds)
    telegram = next(source for source in fields["sources"] if source["kind"] == "telegram")
    assert telegram["evidence"].endswith("Telegram channel.")
