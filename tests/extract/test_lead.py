from parsel import Selector

from crawler.extract import extract_article
from crawler.extract.lead import find_lead

SENTENCE = "A sentence of the article body that is long enough to count as real text here."


def test_marked_lead_is_the_lead_and_not_in_the_body():
    html = ('<html><head><meta property="og:description" content="Short SEO text."></head><body><article>'
            '<h1>Title</h1><p class="article-lead">The standfirst of the story, printed above the body text.</p>'
            + "".join(f"<p>{SENTENCE} {i}</p>" for i in range(4)) + "</article></body></html>")
    fields = extract_article(html, "https://x.test/a")
    assert fields["lead"] == "The standfirst of the story, printed above the body text."
    assert "standfirst" not in fields["body"]


def test_without_a_marked_lead_the_description_is_used():
    html = ('<html><head><meta property="og:description" content="What the story is about."></head>'
            '<body><article>' + "".join(f"<p>{SENTENCE} {i}</p>" for i in range(4)) + "</article></body></html>")
    assert extract_article(html, "https://x.test/a")["lead"] == "What the story is about."


def test_lead_in_navigation_or_too_short_is_ignored():
    assert find_lead(Selector(text='<nav><p class="lead">A lead-looking text inside the site navigation bar.</p></nav>')) == (None, None)
    assert find_lead(Selector(text='<p class="lead">Too short.</p>')) == (None, None)
