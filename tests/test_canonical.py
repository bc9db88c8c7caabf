import pytest

from crawler.canonical import canonical_url, same_site
from crawler.items import article_id
from crawler.outlets.profile import OutletProfile

UOJ = OutletProfile(
    name="uoj", domains=("spzh.news",), mirrors=("spzh.live", "spzh.eu"),
    url_aliases=((r"/(en|ru|ua)/amp-news/(\d+-)", r"/\1/news/\2"),),
)
CANONICAL = "https://spzh.news/en/news/85419-almaty"


@pytest.mark.parametrize("variant", [
    "https://spzh.news/en/news/85419-almaty",
    "https://spzh.news/en/news/85419-almaty/",
    "https://www.spzh.news/en/news/85419-almaty?utm_source=telegram&utm_medium=social",
    "https://spzh.news/en/news/85419-almaty?fbclid=IwAR0abc&gclid=x&yclid=1&_openstat=abc#comments",
    "https://spzh.news:443/en/news/85419-almaty",
    "https://m.spzh.news/en/news/85419-almaty",
    "https://spzh.live/en/news/85419-almaty",
    "https://spzh.eu/en/amp-news/85419-almaty",
    "https://amp.spzh.eu/en/amp-news/85419-almaty/?amp=1",
])
def test_variants_of_one_article_collapse(variant):
    assert canonical_url(variant, UOJ) == CANONICAL


def test_http_and_https_give_one_id():
    assert article_id(canonical_url("http://spzh.news/en/news/85419-almaty", UOJ)) == article_id(CANONICAL)


@pytest.mark.parametrize(("url", "expected"), [
    ("https://example.com/amp/news/1", "https://example.com/news/1"),
    ("https://example.com/news/1/amp/", "https://example.com/news/1"),
    ("https://example.com/story.amp.html", "https://example.com/story.html"),
    ("https://example.com/news?id=7&utm_campaign=x&page=2", "https://example.com/news?id=7&page=2"),
    ("https://example.com", "https://example.com/"),
])
def test_generic_canonical_forms(url, expected):
    assert canonical_url(url) == expected


def test_different_articles_stay_different():
    assert canonical_url("https://example.com/news?id=7") != canonical_url("https://example.com/news?id=8")


def test_same_site():
    assert same_site("https://spzh.live/en/news/1", "https://spzh.news/en/", UOJ)
    assert not same_site("https://strana.news/news/1.html", "https://spzh.news/en/", UOJ)
    assert same_site("https://www.example.com/a", "https://example.com/b")
    assert not same_site("https://example.org/a", "https://example.com/b")
