"""Which related ("Read also") links an article's page leads to."""

from __future__ import annotations

from crawler.discovery.read_also import ReadAlsoPolicy, related_to_follow


def test_read_also_policy_depth_outlet_and_duplicates():
    related = [
        {"url": "/news/2-same-outlet", "title": "Same", "summary": None},
        {"url": "https://other.example/news/3", "title": "Other", "summary": None},
        {"url": "https://outlet.example/news/2-same-outlet", "title": "Same again", "summary": None},
        {"url": "https://outlet.example/news/1-self", "title": "Itself", "summary": None},
        {"url": "mailto:desk@outlet.example", "title": "Mail", "summary": None},
        {"title": "No URL"},
    ]
    same = lambda url: url.startswith("https://outlet.example/")
    article = "https://outlet.example/news/1-self"
    decision = related_to_follow(related, article, 0, ReadAlsoPolicy(max_hops=1), same)
    assert decision.follow == ["https://outlet.example/news/2-same-outlet"]
    assert decision.other_outlet == ["https://other.example/news/3"]
    assert decision.too_deep == []
    crossing = related_to_follow(related, article, 0, ReadAlsoPolicy(max_hops=1, cross_outlet=True), same)
    assert crossing.follow == ["https://outlet.example/news/2-same-outlet", "https://other.example/news/3"]
    deep = related_to_follow(related, article, 1, ReadAlsoPolicy(max_hops=1), same)
    assert deep.follow == [] and len(deep.too_deep) == 2
    assert related_to_follow(related, article, 0, ReadAlsoPolicy(max_hops=0), same).follow == []
