"""Encodings: one Russian and one Ukrainian article served as windows-1251, KOI8-R/U and
UTF-8, declared right, declared wrong, not declared, with a BOM. The text must come out
exact, without U+FFFD, whatever the header says (``crawler.encoding``).

The rule is unit-tested on bytes; then real ``scrapy crawl`` runs read the same pages from a
server on 127.0.0.1 that sends each with its own Content-Type header.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, XmlResponse
from scrapy.utils.test import get_crawler
from w3lib.encoding import html_to_unicode

from crawler.discovery.feeds import parse_feed
from crawler.encoding import (
    decode_html,
    header_charset,
    mostly_utf8,
    plausibility,
    usable_encoding,
)
from crawler.encoding_middleware import EncodingMiddleware
from crawler.extract.article import extract_article
from crawler.spiders.news import NewsSpider
from tests.conftest import FIXTURES, run_crawl

TEMPLATES = FIXTURES / "encodings"
RU_TITLE = "В Харькове ввели комендантский час на выходные"
UA_TITLE = "У Львові відкрили музей історії друкарства"
RU_SENTENCES = [
    "«Решение принято в связи с угрозой массированных обстрелов», — сообщил глава администрации.",
    "По его словам, ещё два района остаются без электричества",
    "пункты обогрева открыты в школах № 17 и № 105.",
]
UA_SENTENCES = [
    "Відвідувачі побачать ґрунтовну колекцію стародруків, їхні дерев'яні кліше",
    "Є також окрема зала для дітей.",
]


def page(name: str, encoding: str, meta: str | None = None, code: str = "A1", bom: bool = False) -> bytes:
    """A fixture article in ``encoding``; ``meta``: the charset its ``<meta>`` declares (None: no tag)."""
    text = (TEMPLATES / name).read_text("utf-8")
    declaration = f'<meta http-equiv="Content-Type" content="text/html; charset={meta}">' if meta else ""
    body = text.replace("{{META}}", declaration).replace("{{CODE}}", code).encode(encoding)
    return (b"\xef\xbb\xbf" + body) if bom else body


def truth(name: str, code: str = "A1") -> dict:
    """What extraction gives from the correctly decoded page: the exact text to expect."""
    return extract_article(page(name, "utf-8", "utf-8", code).decode("utf-8"), "http://127.0.0.1/news/1-x")


# --- the rule, on bytes ---

ARTICLES = [("ru_article.html", "cp1251"), ("ru_article.html", "koi8-r"), ("ru_article.html", "utf-8"),
            ("ua_article.html", "cp1251"), ("ua_article.html", "koi8-u"), ("ua_article.html", "utf-8")]
WRONG = {"cp1251": "koi8-r", "koi8-r": "windows-1251", "koi8-u": "windows-1251", "utf-8": "windows-1251"}


@pytest.mark.parametrize(("name", "encoding"), ARTICLES)
@pytest.mark.parametrize("declared", ["header", "meta", "both", "nowhere", "wrong_header", "utf8_default_header",
                                      "latin1_default_header"])
def test_every_declaration_gives_the_exact_text(name, encoding, declared):
    meta = encoding if declared in ("meta", "both", "wrong_header", "utf8_default_header", "latin1_default_header") else None
    header = {"header": encoding, "both": encoding, "wrong_header": WRONG[encoding],
              "utf8_default_header": "utf-8", "latin1_default_header": "ISO-8859-1"}.get(declared)
    if declared == "utf8_default_header":
        meta = None  # the server's default charset and no <meta> at all: a common legacy setup
    body = page(name, encoding, meta)
    _, text = decode_html(body, header)
    assert text == page(name, "utf-8", meta).decode("utf-8")


@pytest.mark.parametrize(("name", "encoding"), ARTICLES)
def test_stock_scrapy_lets_a_wrong_header_win(name, encoding):
    """Why this exists: w3lib (and so Scrapy) believes the header over a correct <meta>."""
    body = page(name, encoding, encoding)
    _, stock = html_to_unicode(f"text/html; charset={WRONG[encoding]}", body)
    _, ours = decode_html(body, WRONG[encoding])
    assert stock != ours
    assert ours == page(name, "utf-8", encoding).decode("utf-8")


@pytest.mark.parametrize("header", [None, "windows-1251", "koi8-r", "utf-8"])
def test_a_bom_decides_even_against_the_header(header):
    body = page("ru_article.html", "utf-8", "windows-1251", bom=True)
    encoding, text = decode_html(body, header)
    assert encoding == "utf-8"
    assert not text.startswith("\ufeff")
    assert text == page("ru_article.html", "utf-8", "windows-1251").decode("utf-8")


def test_utf16_bom():
    body = "\ufeff<html><body><p>Привіт, світе</p></body></html>".encode("utf-16-le")
    assert decode_html(body, "utf-8") == ("utf-16-le", "<html><body><p>Привіт, світе</p></body></html>")


def test_koi8_r_label_on_a_ukrainian_page_reads_its_letters():
    """KOI8-U is KOI8-R plus і ї є ґ: pages in Ukrainian are often labelled KOI8-R."""
    encoding, text = decode_html(page("ua_article.html", "koi8-u"), "koi8-r")
    assert encoding == "koi8-u"
    assert all(sentence in text for sentence in UA_SENTENCES)


@pytest.mark.parametrize(("text", "encoding", "label"), [
    ("<p>Le café est très bon à Paris. Où est la gare? Ça va, merci. Élève.</p>", "cp1252", "iso-8859-1"),
    ("<p>Grüße aus München! Die Straße ist schön und übermäßig groß.</p>", "cp1252", "windows-1252"),
    ("<p>Καλημέρα κόσμε, αυτό είναι ένα ελληνικό κείμενο.</p>", "iso-8859-7", "iso-8859-7"),
    ("<p>日本語のテキストです。東京は晴れています。</p>", "shift_jis", "Shift_JIS"),
    ("<p>这是中文文本。北京今天天气很好。</p>", "gbk", "GBK"),
])
@pytest.mark.parametrize("where", ["header", "meta"])
def test_other_scripts_keep_their_declared_encoding(text, encoding, label, where):
    html = f"<html><head>{{}}<title>t</title></head><body>{text}</body></html>"
    meta = f'<meta charset="{label}">' if where == "meta" else ""
    body = html.format(meta).encode(encoding)
    _, decoded = decode_html(body, label if where == "header" else None)
    assert decoded == html.format(meta)


def test_valid_utf8_wins_over_a_legacy_label():
    """Servers label UTF-8 pages with their old default; legacy text is never valid UTF-8."""
    body = page("ru_article.html", "utf-8", "windows-1251")
    assert decode_html(body, "windows-1251") == ("utf-8", body.decode("utf-8"))
    latin = "<p>Le café — déjà vu, naïve façade, œuvre.</p>".encode()
    assert decode_html(latin, "iso-8859-1")[1] == latin.decode("utf-8")


def test_a_cut_off_utf8_body_is_still_utf8():
    body = page("ru_article.html", "utf-8", "utf-8")
    cut = body[: body.index("Харькова".encode()) + 3]  # in the middle of a two-byte letter
    encoding, text = decode_html(cut, None)
    assert encoding == "utf-8" and "Военная администрация Х" in text


def test_a_few_stray_bytes_in_a_utf8_page():
    body = page("ru_article.html", "utf-8", "utf-8").replace(b"&middot;", b"\xb7")  # one Latin-1 byte
    assert mostly_utf8(body)
    encoding, text = decode_html(body, "utf-8")
    assert encoding == "utf-8" and text.count("\ufffd") == 1 and RU_TITLE in text


@pytest.mark.parametrize("label", ["utf-7", "UTF-7", "utf-16", "utf-32", "cp500", "no-such-charset", "", None])
def test_unusable_labels_are_ignored(label):
    assert usable_encoding(label) is None
    body = "<html><body><p>+ADw-script+AD4-alert(1)+ADw-/script+AD4- Привет, мир</p></body></html>".encode("cp1251")
    encoding, text = decode_html(body, label)
    assert encoding == "cp1251"
    assert "<script>" not in text and "Привет, мир" in text


def test_plain_ascii_and_empty_bodies():
    assert decode_html(b"<html><body>plain</body></html>", None) == ("utf-8", "<html><body>plain</body></html>")
    assert decode_html(b"<html></html>", "windows-1251")[0] == "cp1251"
    assert decode_html(b"", None) == ("utf-8", "")


def test_header_charset_label():
    assert header_charset(b"text/html; charset=Windows-1251") == "Windows-1251"
    assert header_charset('text/html; charset="koi8-r"') == "koi8-r"
    assert header_charset("text/html") is None
    assert header_charset(None) is None


def test_plausibility_ranks_mojibake_below_text():
    text = "Власти объявили комендантский час, сообщает ТАСС."
    assert plausibility(text) > 0.9
    for wrong in ("koi8-r", "cp1252", "utf-8"):
        assert plausibility(text.encode("cp1251").decode(wrong, "replace")) < 0.5
    assert plausibility(text.encode("utf-8").decode("cp1251", "replace")) < 0.5
    assert plausibility("plain ascii") == 0.0


# --- feeds and sitemaps: the same rule when their bytes do not match their declaration ---

FEED = """<?xml version="1.0"{declaration}?>
<rss version="2.0"><channel><title>Городские ведомости</title>
<item><title>{title}</title><link>https://gv.example/news/1-kharkiv</link>
<pubDate>Sat, 21 Nov 2026 18:40:00 +0200</pubDate></item>
</channel></rss>"""


@pytest.mark.parametrize(("declaration", "encoding", "header"), [
    ("", "cp1251", "utf-8"),  # no declaration, the server's default charset
    ("", "koi8-r", None),  # nothing declared anywhere
    (' encoding="utf-8"', "cp1251", None),  # a wrong prolog
    (' encoding="utf-8"', "windows-1251", "windows-1251"),  # a wrong prolog, a right header
    (' encoding="windows-1251"', "cp1251", "utf-8"),  # a right prolog beats a wrong header
    (' encoding="koi8-r"', "koi8-r", None),
    ("", "utf-8", "windows-1251"),  # UTF-8 labelled with a legacy default
])
def test_feeds_follow_the_same_rule(declaration, encoding, header):
    body = FEED.format(declaration=declaration, title=RU_TITLE).encode(encoding)
    entries = parse_feed(body, "https://gv.example/rss", fallback_encoding=header)
    assert [entry["title"] for entry in entries] == [RU_TITLE]


# --- end to end: real crawls of pages sent with each kind of header ---

@dataclass(frozen=True)
class Served:
    path: str
    body: bytes
    content_type: str | None  # None: no Content-Type header at all
    template: str
    code: str


def _scenarios() -> list[Served]:
    """Every way the two articles are served; each has its own code (else dedup drops them)."""
    rows = [  # template, encoding, <meta> charset, Content-Type, BOM
        ("ru_article.html", "cp1251", "windows-1251", "text/html; charset=windows-1251", False),
        ("ru_article.html", "koi8-r", "koi8-r", "text/html; charset=koi8-r", False),
        ("ru_article.html", "utf-8", "utf-8", "text/html; charset=utf-8", False),
        ("ru_article.html", "cp1251", None, "text/html", False),  # no charset anywhere
        ("ru_article.html", "koi8-r", None, "text/html", False),
        ("ru_article.html", "koi8-r", None, None, False),  # not even a Content-Type
        ("ru_article.html", "cp1251", "windows-1251", "text/html; charset=utf-8", False),  # wrong header
        ("ru_article.html", "koi8-r", "koi8-r", "text/html; charset=windows-1251", False),
        ("ru_article.html", "cp1251", None, "text/html; charset=utf-8", False),  # server default, no <meta>
        ("ru_article.html", "utf-8", None, "text/html", True),  # BOM only
        ("ru_article.html", "utf-8", "windows-1251", "text/html; charset=koi8-r", True),  # BOM against both
        ("ua_article.html", "cp1251", "windows-1251", "text/html; charset=iso-8859-1", False),
        ("ua_article.html", "koi8-u", None, "text/html", False),
        ("ua_article.html", "koi8-u", "koi8-u", "text/html; charset=utf-8", False),
        ("ua_article.html", "utf-8", "utf-8", "text/html; charset=windows-1251", False),
    ]
    served = []
    for number, (template, encoding, meta, content_type, bom) in enumerate(rows, 300):
        code = f"ENC-{number}"
        served.append(Served(f"/news/{number}-{Path(template).stem}-{encoding}", page(template, encoding, meta, code, bom),
                             content_type, template, code))
    return served


SCENARIOS = _scenarios()


class _Handler(BaseHTTPRequestHandler):
    server: HeaderServer

    def do_GET(self) -> None:  # http.server's naming
        served = self.server.pages.get(urlsplit(self.path).path)
        if served is None:
            self.send_error(404)
            return
        self.send_response(200)
        if served.content_type is not None:
            self.send_header("Content-Type", served.content_type)
        self.send_header("Content-Length", str(len(served.body)))
        self.end_headers()
        self.wfile.write(served.body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class HeaderServer(ThreadingHTTPServer):
    """Serves each scenario's bytes with exactly its Content-Type (or none)."""

    daemon_threads = True

    def __init__(self, pages: list[Served]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.pages = {served.path: served for served in pages}
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture(scope="module")
def header_server() -> Iterator[HeaderServer]:
    server = HeaderServer(SCENARIOS)
    server.thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def crawled(header_server, tmp_path_factory) -> dict[str, dict]:
    urls = ",".join(header_server.base_url + served.path for served in SCENARIOS)
    result = run_crawl(
        "news", {"urls": urls, "article_pattern": r"/news/\d+-"},
        {"NETWORK_ALLOWLIST": f"127.0.0.1:{header_server.server_address[1]}", "FOLLOW_ARTICLE_LINKS": "False",
         "NEAR_DUPLICATES": "off"},
        tmp_path_factory.mktemp("encodings"),
    )
    assert result.returncode == 0, result.log[-3000:]
    return {urlsplit(record["url"]).path: record for record in result.records("article")}


@pytest.mark.parametrize("served", SCENARIOS, ids=[served.path.split("/")[-1] for served in SCENARIOS])
def test_crawled_article_has_the_exact_text(crawled, served):
    record = crawled.get(served.path)
    assert record is not None, f"no record for {served.path}"
    expected = truth(served.template, served.code)
    assert record["title"] == expected["title"] == (RU_TITLE if served.template.startswith("ru") else UA_TITLE)
    assert record["body"] == expected["body"]
    assert record["authors"] == expected["authors"]
    assert "\ufffd" not in json.dumps(record, ensure_ascii=False)
    for sentence in RU_SENTENCES if served.template.startswith("ru") else UA_SENTENCES:
        assert sentence in record["body"]


# --- the downloader middleware, on real responses ---

def _middleware() -> EncodingMiddleware:
    return EncodingMiddleware.from_crawler(get_crawler(NewsSpider))


def test_middleware_fixes_the_encoding_of_html_responses():
    body = page("ru_article.html", "cp1251", "windows-1251")
    url = "http://127.0.0.1/news/1-x"
    response = HtmlResponse(url, body=body, headers={"Content-Type": "text/html; charset=utf-8"}, request=Request(url))
    assert "\ufffd" in response.text  # what Scrapy reads on its own
    fixed = _middleware().process_response(response.request, response)
    assert fixed.encoding == "cp1251" and RU_TITLE in fixed.text and "\ufffd" not in fixed.text
    assert fixed.request is response.request and fixed.url == url


def test_middleware_leaves_xml_and_compressed_bodies_alone():
    url = "http://127.0.0.1/feed.xml"
    xml = XmlResponse(url, body=FEED.format(declaration="", title=RU_TITLE).encode("cp1251"), request=Request(url))
    assert _middleware().process_response(xml.request, xml) is xml
    packed = HtmlResponse(url, body=b"\x1f\x8b\x08\x00", headers={"Content-Encoding": "gzip"}, request=Request(url))
    assert _middleware().process_response(packed.request, packed) is packed
