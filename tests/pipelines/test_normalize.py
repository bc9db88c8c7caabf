from pipelines.normalize import NormalizePipeline
from tests.pipelines.helpers import article, make_crawler, post


def test_text_urls_and_dates_are_normalized():
    crawler = make_crawler(DEFAULT_TIMEZONE="Europe/Kyiv")
    pipeline = NormalizePipeline.from_crawler(crawler)
    item = pipeline.process_item(article(
        url="HTTPS://SPZH.news/en/news/85419-x#top",
        title="  Police\u00a0department\x07\nstormed ",
        body="Cafe\u0301 one\r\n\r\n\r\nTwo\u2028lines",
        published_at="2022-01-06 19:15",
        modified_at="Thu, 06 Jan 2022 20:00:00 +0000",
        authors=[" Anna  Marchenko ", "Anna Marchenko", "", "Ivan\tPetrenko"],
        images=[{"url": "/i.jpg#x", "caption": " Law enforcers ", "credit": None},
                {"url": "javascript:alert(1)", "caption": None, "credit": None}],
        canonical_url="/en/news/85419-x?a=1",
    ))
    assert item.url == "https://spzh.news/en/news/85419-x"
    assert item.title == "Police department stormed"
    assert item.body == "Caf\u00e9 one\n\nTwo\nlines"
    assert item.published_at == "2022-01-06T19:15:00+02:00"
    assert item.modified_at == "2022-01-06T20:00:00+00:00"
    assert item.authors == ["Anna Marchenko", "Ivan Petrenko"]
    assert item.images == [{"url": "https://spzh.news/i.jpg", "caption": "Law enforcers", "credit": None}]
    assert item.canonical_url == "https://spzh.news/en/news/85419-x?a=1"


def test_unreadable_date_becomes_null_and_is_counted():
    crawler = make_crawler()
    item = NormalizePipeline.from_crawler(crawler).process_item(article(published_at="sometime last week"))
    assert item.published_at is None
    assert crawler.stats.get_value("item_normalized/bad_date/published_at") == 1


def test_post_text_keeps_line_breaks():
    item = NormalizePipeline.from_crawler(make_crawler()).process_item(post(text="Line one\nLine two\n\n\nThree"))
    assert item.text == "Line one\nLine two\n\nThree"
