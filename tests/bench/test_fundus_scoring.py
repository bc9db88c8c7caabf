"""The Fundus bench's scoring and data loading, on made-up values (no dataset needed)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from bench.eval_fundus import main
from bench.fundus_data import load_cases
from bench.fundus_scoring import (
    BodyScore,
    aggregate_body,
    authors_match,
    body_score,
    date_match,
    expected_body,
    first_differences,
    ngrams,
    title_match,
    tokens,
    version_key,
)


def test_tokens_are_lower_cased_words_and_ignore_soft_hyphens() -> None:
    assert tokens("Der Helikopter\xadlandeplatz, «neu»!") == ["der", "helikopterlandeplatz", "neu"]
    assert tokens("Путин встретился с премьером") == ["путин", "встретился", "с", "премьером"]


def test_ngrams_count_repeats_and_keep_short_texts() -> None:
    grams = ngrams(["a", "b", "c", "d", "a", "b", "c", "d"])
    assert grams[("a", "b", "c", "d")] == 2
    assert sum(grams.values()) == 5
    assert ngrams(["only", "two"]) == {("only", "two"): 1}
    assert not ngrams([])


def test_body_score_precision_and_recall() -> None:
    expected = "one two three four five six"
    assert body_score(expected.upper(), expected) == BodyScore(1.0, 1.0)
    extra = body_score("menu home " + expected, expected)  # 2 of 5 extracted 4-grams are wrong
    assert extra.precision == pytest.approx(3 / 5) and extra.recall == 1.0
    assert body_score(None, expected) == BodyScore(0.0, 0.0)
    assert body_score("one two three four", expected).recall == pytest.approx(1 / 3)


def test_aggregate_takes_f1_from_mean_precision_and_recall() -> None:
    total = aggregate_body([BodyScore(1.0, 0.0), BodyScore(0.0, 1.0)])
    assert (total.precision, total.recall, total.pages) == (0.5, 0.5, 2)
    assert total.f1 == pytest.approx(0.5)  # the mean of the per-page F1s would be 0
    assert aggregate_body([]).f1 == 0.0


def test_expected_body_leaves_the_summary_out_by_default() -> None:
    body = {"summary": ["Lead."], "sections": [
        {"headline": [], "paragraphs": ["First.", "Second."]},
        {"headline": ["Sub-heading"], "paragraphs": ["Third."]},
    ]}
    assert expected_body(body) == "First.\n\nSecond.\n\nSub-heading\n\nThird."
    assert expected_body(body, include_summary=True).startswith("Lead.\n\nFirst.")
    assert expected_body(body, include_headlines=False) == "First.\n\nSecond.\n\nThird."
    assert expected_body(None) == ""


def test_title_match_normalizes_white_space_only() -> None:
    assert title_match(" Trump plant  Helikopterlandeplatz ", "Trump plant\xa0Helikopter\xadlandeplatz")
    assert not title_match("Title | Site", "Title")
    assert not title_match("it's", "it’s")
    assert not title_match(None, "Title")


@pytest.mark.parametrize(("got", "want", "same"), [
    ("2024-04-25T19:30:04+02:00", "2024-04-25 19:30:04+02:00", True),
    ("2024-04-25T23:30:00+00:00", "2024-04-26 01:30:00+02:00", True),  # same instant, expected's day
    ("2024-04-25T21:30:00+00:00", "2024-04-25 23:30:00+02:00", True),
    ("2024-04-25T22:30:00+00:00", "2024-04-25 23:30:00+02:00", False),  # 00:30 next day in +02:00
    ("2024-04-25", "2024-04-25 23:30:00+02:00", True),  # a bare date is taken as local
    ("2024-04-25T10:00:00Z", "2024-04-25 00:00:00", True),  # naive expected value
    (None, "2024-04-25 00:00:00", False),
    ("yesterday", "2024-04-25 00:00:00", False),
])
def test_date_match_is_same_day_in_the_expected_offset(got: str | None, want: str, same: bool) -> None:
    assert date_match(got, want) is same


def test_authors_match_compares_name_sets() -> None:
    assert authors_match(["Anna  Trechsel", "Dpa"], ["dpa", "Anna Trechsel"])
    assert authors_match(["A", "A"], ["A"])
    assert not authors_match(["By Anna Trechsel"], ["Anna Trechsel"])
    assert not authors_match([], ["Anna Trechsel"])


def test_version_order() -> None:
    assert sorted(["V2", "V1_1", "V10", "V1", "V2_1"], key=version_key) == ["V1", "V1_1", "V2", "V2_1", "V10"]
    with pytest.raises(ValueError):
        version_key("latest")


def _write_dataset(root: Path) -> None:
    country = root / "test_data" / "xx"
    country.mkdir(parents=True)
    html = "<html><head><title>T</title></head><body><article><h1>Old</h1><p>Words here.</p></article></body></html>"
    for day in ("2024_05_01", "2023_01_01"):
        (country / f"Paper_{day}.html.gz").write_bytes(gzip.compress(html.encode("utf-8")))
    (country / "meta.info").write_text(json.dumps({
        "Paper_2023_01_01.html.gz": {"url": "https://paper.example/old", "crawl_date": "2023-01-01 10:00:00"},
        "Paper_2024_05_01.html.gz": {"url": "https://paper.example/new", "crawl_date": "2024-05-01 10:00:00"},
    }))
    fields = {"authors": [], "publishing_date": "2023-01-01 09:00:00+00:00",
              "body": {"summary": [], "sections": [{"headline": [], "paragraphs": ["Words here."]}]}}
    (country / "Paper.json").write_text(json.dumps({
        "V1_1": {**fields, "title": "New"}, "V1": {**fields, "title": "Old"},
    }))


def test_load_cases_pairs_files_and_versions_by_date(tmp_path: Path) -> None:
    _write_dataset(tmp_path)
    cases = load_cases(tmp_path)
    assert [(c.name, c.version, c.url, c.expected["title"]) for c in cases] == [
        ("xx/Paper_2023_01_01", "V1", "https://paper.example/old", "Old"),
        ("xx/Paper_2024_05_01", "V1_1", "https://paper.example/new", "New"),
    ]
    assert "Words here." in cases[0].html()


def test_main_runs_on_a_tiny_dataset_and_skips_a_missing_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write_dataset(tmp_path)
    out_json = tmp_path / "scores.json"
    assert main(["--dataset", str(tmp_path), "--extractors", "ours", "--json", str(out_json), "--worst", "1"]) == 0
    printed = capsys.readouterr().out
    assert "| ours |" in printed and "authors exact, 0" in printed
    report = json.loads(out_json.read_text("utf-8"))
    assert report["summary"]["ours"]["title_pages"] == 2
    assert len(report["per_page"]["ours"]) == 2
    assert main(["--dataset", str(tmp_path / "absent")]) == 0
    assert "skipping" in capsys.readouterr().out


def test_first_differences_point_at_extra_and_missing_text() -> None:
    expected = "one two three four five six seven"
    extra, missing = first_differences("menu home one two three four five", expected, words=3)
    assert extra == "menu home one"
    assert missing == "three four five"  # "four five six seven" and what leads to it are missing
    assert first_differences(expected, expected) == ("", "")
