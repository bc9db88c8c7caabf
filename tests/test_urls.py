import pytest

from crawler.urls import absolute_url, host_of, registered_domain


@pytest.mark.parametrize(("href", "base", "expected"), [
    ("/en/news/1-x#comments", "https://spzh.news/en/", "https://spzh.news/en/news/1-x"),
    ("HTTPS://SPZH.News", None, "https://spzh.news/"),
    ("новости/1", "https://strana.news/", "https://strana.news/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/1"),
    ("mailto:desk@x.test", "https://x.test/", None),
    ("javascript:void(0)", "https://x.test/", None),
    ("file:///etc/passwd", None, None),
    ("   ", "https://x.test/", None),
    ("//cdn.x.test/i.jpg", "https://x.test/a", "https://cdn.x.test/i.jpg"),
])
def test_absolute_url(href, base, expected):
    assert absolute_url(href, base) == expected


def test_hosts():
    assert host_of("https://WWW.Spzh.News:443/en") == "www.spzh.news"
    assert host_of("not a url") == ""
    assert registered_domain("www.spzh.news") == "spzh.news"
    assert registered_domain("m.strana.news") == "strana.news"
