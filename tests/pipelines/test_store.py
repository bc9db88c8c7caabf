import json

from crawler.run import crawl_id_of
from pipelines.store import JsonLinesStorePipeline
from tests.pipelines.helpers import article, make_crawler, post


def _run(tmp_path, records, crawl_id):
    crawler = make_crawler(OUTPUT_DIR=str(tmp_path), CRAWL_ID=crawl_id)
    store = JsonLinesStorePipeline.from_crawler(crawler)
    store.open_spider()
    for record in records:
        store.process_item(record)
    store.close_spider()
    return crawler


def test_records_are_partitioned_by_kind_and_crawl_date(tmp_path):
    crawler = _run(tmp_path, [article(), post(), article(id="a2")], "20261125T070000Z-aaaa")
    article_file = tmp_path / "article" / "2026-11-25" / "20261125T070000Z-aaaa.jsonl"
    post_file = tmp_path / "telegram_post" / "2026-11-25" / "20261125T070000Z-aaaa.jsonl"
    assert [json.loads(line)["id"] for line in article_file.read_text().splitlines()] == ["a1", "a2"]
    assert json.loads(post_file.read_text())["channel"] == "stranaua"
    assert crawler.stats.get_value("store/written/article") == 2
    assert crawl_id_of(crawler) == "20261125T070000Z-aaaa"


def test_field_order_is_the_class_order(tmp_path):
    _run(tmp_path, [article()], "20261125T070000Z-bbbb")
    line = next(tmp_path.glob("article/*/*.jsonl")).read_text()
    assert list(json.loads(line))[:6] == ["id", "kind", "schema_version", "crawl_id", "fetched_at", "url"]


def test_a_second_run_writes_a_new_file_and_leaves_the_first_alone(tmp_path):
    _run(tmp_path, [article()], "20261125T070000Z-cccc")
    first = next(tmp_path.glob("article/*/*.jsonl"))
    before = first.read_bytes()
    _run(tmp_path, [article(title="Changed")], "20261125T080000Z-dddd")
    assert first.read_bytes() == before
    assert len(list(tmp_path.glob("article/*/*.jsonl"))) == 2


def test_torn_output_of_a_crashed_run_is_repaired_at_the_next_start(tmp_path):
    torn = tmp_path / "article" / "2026-11-24" / "20261124T230000Z-eeee.jsonl"
    torn.parent.mkdir(parents=True)
    torn.write_bytes(b'{"id":"x1"}\n{"id":"x2","bo')
    crawler = _run(tmp_path, [article()], "20261125T070000Z-ffff")
    assert torn.read_bytes() == b'{"id":"x1"}\n'
    assert crawler.stats.get_value("store/torn_files_repaired") == 1
    assert len(list(torn.parent.glob("*.torn-*"))) == 1
