"""``scrapy extract``, run as a real subprocess from the repository root (no network, no crawl)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES, REPO, crawl_env

PAGES = FIXTURES / "pages"


def scrapy_extract(*args: str) -> subprocess.CompletedProcess[bytes]:
    env = crawl_env()
    env["PYTHONIOENCODING"] = "ascii"  # the output must be UTF-8 whatever the locale says
    return subprocess.run([sys.executable, "-m", "scrapy", "extract", *args], cwd=REPO, env=env,
                          capture_output=True, timeout=120, check=False)


def test_extract_prints_the_article_of_a_cp1251_page() -> None:
    url = "https://gorod.example.ru/news/2021/12/metro-stancia.html"
    done = scrapy_extract(str(PAGES / "ru_cp1251.html"), "--url", url)
    assert done.returncode == 0, done.stderr.decode()
    text = done.stdout.decode("utf-8")
    assert "\n  \"title\": " in text and "\\u" not in text  # pretty, and not ASCII-escaped
    article = json.loads(text)
    assert list(article)[:6] == ["id", "kind", "schema_version", "crawl_id", "fetched_at", "url"]
    assert article["kind"] == "article" and article["url"] == url
    assert article["title"] == "В Киеве открыли новую станцию метро"
    assert "Новая станция принимает пассажиров" in article["body"]
    assert article["published_at"] == "2021-12-28T14:20:00+02:00"
    assert [item["title"] for item in article["related"]] == [
        "Метро изменит график работы на праздники", "Проезд в метро подорожает с января"]


def test_extract_defaults_the_url_to_the_canonical_link() -> None:
    done = scrapy_extract(str(PAGES / "uoj_en_amp.html"))
    assert done.returncode == 0, done.stderr.decode()
    article = json.loads(done.stdout)
    canonical = "https://spzh.news/en/news/85419-departament-policii-almaty-shturmovali-s-krikami-allahu-akbar-video"
    assert article["url"] == canonical and article["outlet"] == "spzh.news"
    assert [item["title"] for item in article["related"]][:1] == [
        "Pat Daniel awards Pat Bartholomew with order for overcoming schism in BOC"]


def test_extract_without_canonical_uses_a_file_url_and_reads_a_bom(tmp_path: Path) -> None:
    page = tmp_path / "saved page.html"
    html = ("<html><head><title>Заголовок</title></head><body><article><h1>Заголовок статьи</h1>"
            "<p>Первый абзац статьи, достаточно длинный, чтобы его считать текстом статьи, а не подписью.</p>"
            "<p>Второй абзац статьи, тоже достаточно длинный для того, чтобы попасть в текст.</p>"
            "</article></body></html>")
    page.write_bytes(b"\xef\xbb\xbf" + html.encode("utf-8"))
    done = scrapy_extract(str(page))
    assert done.returncode == 0, done.stderr.decode()
    article = json.loads(done.stdout)
    assert article["url"] == page.resolve().as_uri()
    assert article["title"] in ("Заголовок статьи", "Заголовок")
    assert "Первый абзац" in article["body"]


def test_extract_fails_clearly_on_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.html"
    done = scrapy_extract(str(missing), "--url", "https://example.org/a")
    assert done.returncode != 0
    assert done.stdout == b""
    assert f"cannot read {missing}: no such file" in done.stderr.decode()


def test_extract_needs_a_file_argument() -> None:
    done = scrapy_extract()
    assert done.returncode != 0
    assert "scrapy extract <file.html>" in done.stderr.decode()


def test_extract_is_listed_among_the_commands() -> None:
    done = subprocess.run([sys.executable, "-m", "scrapy", "-h"], cwd=REPO, env=crawl_env(),
                          capture_output=True, text=True, timeout=120, check=False)
    assert "extract" in done.stdout


def test_saved_pages_are_decoded_as_a_crawl_decodes_them() -> None:
    from crawler.commands.extract import decode_page

    html = "<html><head><title>Новости</title></head><body><p>Власти объявили комендантский час.</p></body></html>"
    used, text = decode_page(html.encode("cp1251"))  # no charset anywhere
    assert used == "cp1251" and "Власти объявили комендантский час." in text
    used, text = decode_page(html.encode("koi8_r"), "koi8-r")
    assert used == "koi8-r" and "Новости" in text
