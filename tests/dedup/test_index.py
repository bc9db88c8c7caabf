"""NearDuplicateIndex: edited copies found, same-topic stories not, threshold honoured,
memory and SQLite storage giving the same answers."""

from __future__ import annotations

import pytest

from bench.dedup_corpus import Corpus
from crawler.dedup import (
    MemoryStorage,
    NearDuplicateIndex,
    SQLiteStorage,
    jaccard,
    shingle_hashes,
)
from tests.dedup.helpers import story, substitute


def _exact(a: str, b: str) -> float:
    return jaccard(shingle_hashes(a), shingle_hashes(b))


def test_finds_an_edited_copy_with_other_boilerplate():
    index = NearDuplicateIndex()
    for seed in range(50):
        index.add(f"s{seed}", story(seed))
    copy = "BREAKING | Our Agency\n\n" + substitute(story(21), 40) + "\n\nSubscribe to our channel. Read also: more news."
    match = index.find(copy)
    assert match is not None and match.record_id == "s21"
    assert match.similarity == pytest.approx(_exact(copy, story(21)), abs=0.005)
    _, similarity = match  # a plain (record_id, similarity) tuple too
    assert similarity >= 0.8


def test_unrelated_stories_on_the_same_topic_do_not_match():
    index = NearDuplicateIndex(threshold=0.8)
    for seed in range(300):
        assert index.find_or_add(f"s{seed}", story(seed)) is None  # same vocabulary, other phrasing
    assert max(_exact(story(1), story(s)) for s in range(2, 40)) < 0.05
    assert len(index) == 300


def test_threshold_is_a_jaccard_similarity():
    base, copy = story(5, 500), substitute(story(5, 500), 24)
    exact = _exact(base, copy)
    assert 0.7 < exact < 0.9
    for threshold, found in ((exact - 0.01, True), (exact + 0.01, False)):
        index = NearDuplicateIndex(threshold=threshold)
        index.add("base", base)
        assert (index.find(copy) is not None) is found, threshold
    with pytest.raises(ValueError):
        NearDuplicateIndex(threshold=1.5)


def test_find_or_add_names_the_first_record_and_skips_duplicates():
    index = NearDuplicateIndex()
    assert index.find_or_add("first", story(8)) is None
    assert index.find_or_add("second", substitute(story(8), 60)).record_id == "first"
    assert index.find_or_add("third", substitute(story(8), 50, seed=3)).record_id == "first"
    assert len(index) == 1
    assert index.find("") is None and index.find_or_add("empty", "") is None  # no shingles, never a match


@pytest.mark.parametrize("commit_every", [1, 200])
def test_memory_and_sqlite_give_the_same_answers(tmp_path, commit_every):
    corpus = Corpus(1500, seed=3)
    memory = NearDuplicateIndex(MemoryStorage())
    sqlite = NearDuplicateIndex(SQLiteStorage(tmp_path / "nd.sqlite3", commit_every=commit_every))
    answers = []
    for number in range(corpus.size):
        text = corpus.text(number)
        a, b = memory.find_or_add(str(number), text), sqlite.find_or_add(str(number), text)
        assert a == b, number
        answers.append(a)
    assert sum(a is not None for a in answers) > 100  # the corpus has near duplicates to find
    sqlite.close()
    reopened = NearDuplicateIndex(SQLiteStorage(tmp_path / "nd.sqlite3"))
    for number in range(0, corpus.size, 37):
        assert reopened.find(corpus.text(number)) == memory.find(corpus.text(number))


def test_cyrillic_and_cjk_copies_are_found():
    russian = " ".join(
        f"Президент заявил в среду что переговоры о прекращении огня продолжатся в городе {n} и регионе {n * 7}."
        for n in range(40)
    )
    chinese = "".join(f"国家统计局今天发布第{n}号公告称本月居民消费价格同比上涨百分之{n % 9}点{n % 7}。" for n in range(30))
    index = NearDuplicateIndex()
    index.add("ru", russian)
    index.add("zh", chinese)
    edited_ru = russian.replace("в среду", "во вторник", 3) + " Читайте также наш телеграм-канал."
    edited_zh = chinese.replace("今天", "昨天", 2) + "欢迎关注我们的频道。"
    assert index.find(edited_ru).record_id == "ru"
    assert index.find(edited_zh).record_id == "zh"
    assert index.find(russian.upper()).similarity == 1.0
