"""Normalisation, tokens and shingles: Latin, Cyrillic, CJK; the fast path equals the regex."""

from __future__ import annotations

import random

from crawler.dedup.hashing import token_hash
from crawler.dedup.shingles import jaccard, shingle_hashes, token_ids, tokens


def test_latin_and_cyrillic_words_punctuation_and_case_do_not_count():
    assert tokens("Hello, WORLD! It's 2024—really…") == ["hello", "world", "it", "s", "2024", "really"]
    assert tokens("Привет, «Мир»! Ёлка — ёж.") == ["привет", "мир", "елка", "еж"]
    assert tokens("Straße ﬁnal ＡＢＣ") == ["strasse", "final", "abc"]  # casefold and NFKC
    assert len(shingle_hashes("The quick brown fox, jumps!")) == 3
    assert (shingle_hashes("the quick brown fox jumps") == shingle_hashes("THE  Quick\nbrown, fox... jumps")).all()


def test_cjk_characters_are_tokens():
    assert tokens("東京都は晴れ。서울 날씨") == ["東", "京", "都", "は", "晴", "れ", "서", "울", "날", "씨"]
    assert tokens("東京abc大阪") == ["東", "京", "abc", "大", "阪"]
    # a 3-character shingle per position: 6 characters give 4 shingles
    assert len(shingle_hashes("東京都は晴れ")) == 4
    # one character changed in a long Chinese text leaves most shingles in common
    text = "国家统计局今天发布数据显示本月居民消费价格同比上涨百分之二点一其中食品价格上涨明显" * 3
    edited = text.replace("上涨明显", "下降明显", 1)
    assert 0.8 < jaccard(shingle_hashes(text), shingle_hashes(edited)) < 1.0


def test_fast_token_ids_match_regex_tokens():
    samples = [
        "", "—", "a", "U.S. officials said—on Monday—that 10:30 talks, e-mail...",
        "Он сказал: «Всё будет хорошо» — и ушёл.", "東京 2024年 Olympics, 北京!", "a_b __ x_ 1_2",
        "tab\tnew\nline\u00a0nbsp\u2028sep", "ﬁ ＡＢ ½",
    ]
    for text in samples:
        assert token_ids(text).tolist() == [token_hash(t) for t in tokens(text)], text


def test_fast_token_ids_match_regex_tokens_on_random_text():
    rng = random.Random(5)
    ranges = [(0x20, 0x250), (0x370, 0x530), (0x2000, 0x2070), (0x3000, 0xA000), (0xAC00, 0xD7B0), (0x1D400, 0x1D800), (0x20000, 0x20100)]
    for _ in range(500):
        text = "".join(chr(rng.randrange(*rng.choice(ranges))) if rng.random() < 0.85 else " " for _ in range(rng.randrange(60)))
        assert token_ids(text).tolist() == [token_hash(t) for t in tokens(text)], repr(text)


def test_short_texts_have_one_shingle_and_empty_has_none():
    assert len(shingle_hashes("")) == 0
    assert len(shingle_hashes("...")) == 0
    assert len(shingle_hashes("one")) == 1
    assert len(shingle_hashes("one two")) == 1
    assert not set(shingle_hashes("one two").tolist()) & set(shingle_hashes("one two three").tolist())


def test_jaccard_is_exact_on_the_sets():
    a = shingle_hashes("a b c d e f")  # abc bcd cde def
    b = shingle_hashes("a b c d e g")  # abc bcd cde deg
    assert jaccard(a, b) == 3 / 5
    assert jaccard(a, a) == 1.0
    assert shingle_hashes("x y z w", k=2).size == 3
