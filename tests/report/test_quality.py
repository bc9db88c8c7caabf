"""Missing fields per record kind, on real records."""

from __future__ import annotations

from crawler.items import Article, TelegramChannel, TelegramPost
from crawler.report.quality import missing_fields


def test_article_fields():
    article = Article(title="A title", body="Text.", authors=[], published_at=None)
    assert missing_fields(article) == {"title": False, "body": False, "date": True, "authors": True}
    assert missing_fields(Article(title="  ", body="", authors=["A"], published_at="2026-11-20T08:30:00+00:00")) == \
        {"title": True, "body": True, "date": False, "authors": False}


def test_post_fields_and_channel_records():
    post = TelegramPost(channel="c", post_id=1, url="https://t.me/c/1", text=None, published_at="2026-11-20T08:30:00+00:00")
    assert missing_fields(post) == {"text": True, "date": False}
    assert missing_fields(TelegramChannel(channel="c")) == {}
    assert missing_fields({"title": "not a record"}) == {}
