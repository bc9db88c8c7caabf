"""Telegram page parsing: our fixture pages (tests/fixtures/telegram), odd input, and an
evaluation over the real pages in ../shared/samples/telegram when that folder exists."""

from __future__ import annotations

import html as htmllib
import json
import re
from datetime import datetime

import pytest

from crawler.extract.telegram import (
    before_cursor,
    parse_count,
    parse_embed_page,
    parse_preview_page,
    parse_subscribers,
    post_content_hash,
    telegram_post_ref,
    text_with_breaks,
)
from crawler.items import TelegramPost, field_names
from tests.conftest import FIXTURES, REPO

TELEGRAM = FIXTURES / "telegram"
SAMPLES = REPO.parent / "shared" / "samples" / "telegram"
BASE = "http://127.0.0.1:8080"
# What a page says about a post: every TelegramPost field but the run's (crawl_id, fetched_at),
# the pipelines' (revision...) and how it was reached (discovered_via).
CONTENT_FIELDS = {
    "id", "channel", "channel_title", "post_id", "url", "published_at", "edited", "author", "text", "views",
    "forwarded_from", "reply_to", "links", "link_preview", "media", "hashtags", "service", "content_hash",
}
assert CONTENT_FIELDS <= set(field_names(TelegramPost))


def read(relative: str) -> str:
    return (TELEGRAM / relative).read_text("utf-8")


def preview(relative: str) -> dict:
    return parse_preview_page(read(relative), f"{BASE}/{relative.replace('__', '?')}")


def posts_of(relative: str) -> dict[int, dict]:
    return {post["post_id"]: post for post in preview(relative)["posts"]}


@pytest.fixture(scope="module")
def page1() -> dict[int, dict]:
    return posts_of("s/kyivwire")


@pytest.fixture(scope="module")
def page2() -> dict[int, dict]:
    return posts_of("s/kyivwire__before=21")


@pytest.fixture(scope="module")
def page3() -> dict[int, dict]:
    return posts_of("s/kyivwire__before=12")


# --- pages ---

def test_preview_page_header_posts_and_cursor():
    parsed = preview("s/kyivwire")
    assert parsed["channel"] == {
        "channel": "kyivwire", "title": "Kyiv Wire", "description": "Independent news from Kyiv.\nTips: @kyivwire_bot",
        "subscribers": 48_200, "verified": True,
    }
    assert [post["post_id"] for post in parsed["posts"]] == [21, 22, 23, 25, 26, 27]  # 24 deleted: a gap
    assert parsed["prev_url"] == f"{BASE}/s/kyivwire?before=21"
    assert before_cursor(parsed["prev_url"]) == 21


def test_every_post_carries_every_content_field_of_telegram_post(page1, page2, page3):
    for post in [*page1.values(), *page2.values(), *page3.values()]:
        assert set(post) == CONTENT_FIELDS
        assert post["id"] == f"kyivwire/{post['post_id']}" and post["url"] == f"https://t.me/kyivwire/{post['post_id']}"
        assert post["channel"] == "kyivwire" and post["channel_title"] == "Kyiv Wire"
        assert post["content_hash"].startswith("sha256:")


def test_oldest_page_has_no_cursor(page3):
    parsed = preview("s/kyivwire__before=12")
    assert parsed["prev_url"] is None
    assert sorted(page3) == [1, 2, 5, 8, 11]


def test_text_photo_and_hashtags(page1):
    post = page1[21]
    assert post["text"] == "Morning in Podil: the ferry is running again.\n#Kyiv #транспорт"
    assert post["hashtags"] == ["Kyiv", "транспорт"]
    assert post["links"] == []  # hashtag search links are hashtags, not links
    assert post["media"] == [{"type": "photo", "url": "https://cdn.telesco.test/file/kw21.jpg"}]
    assert post["views"] == 12_500 and post["published_at"] == "2026-11-20T06:05:00+00:00"
    assert not post["edited"] and post["author"] is None and not post["service"]


def test_album_items_are_media_of_their_own_and_the_text_is_not_doubled(page1):
    post = page1[22]
    assert post["text"] == "Three views of the new bridge deck"
    assert post["media"] == [
        {"type": "photo", "url": "https://cdn.telesco.test/file/kw22a.jpg"},
        {"type": "video", "url": "https://cdn.telesco.test/file/kw22b.mp4?token=abc"},
        {"type": "photo", "url": "https://cdn.telesco.test/file/kw22c.jpg"},
    ]


def test_forwarded_video_with_link_and_emoji(page1):
    post = page1[23]
    assert post["forwarded_from"] == {"name": "River Port Official", "url": "https://t.me/riverport_official/880"}
    assert post["media"] == [{"type": "video", "url": "https://cdn.telesco.test/file/kw23.mp4?token=abc"}]
    assert post["text"] == "⚡ Drone debris fell near the river port, no one was hurt.\n\nDetails: port-news.test"
    assert post["links"] == [{"url": "https://port-news.test/2026/11/20/debris", "text": "port-news.test"}]
    assert post["views"] == 94


def test_reply_with_signature(page1):
    post = page1[25]
    assert post["reply_to"] == {"url": "https://t.me/kyivwire/22"}
    assert post["author"] == "Olena K." and not post["edited"]
    assert post["text"] == "Yes, the timetable above is the winter one.\nTrams 8 and 12 return on Monday."  # not the quote
    assert post["media"] == [] and post["views"] == 2048


def test_link_preview(page1):
    post = page1[26]
    assert post["link_preview"] == {
        "url": "https://kyivcity.test/budget-2027", "site_name": "Kyiv City Council", "title": "Draft budget for 2027",
        "description": "Spending on transport grows by a fifth.\nPublic hearings start in December.",
    }
    assert post["links"] == [{"url": "https://kyivcity.test/budget-2027", "text": "draft 2027 budget"}]
    assert post["media"] == [] and post["views"] == 8_670_000


def test_poll_question_becomes_the_text(page1):
    post = page1[27]
    assert post["media"] == [{"type": "poll", "url": "https://t.me/kyivwire/27"}]
    assert post["text"] == "Should the ferry run all winter?\n- Yes\n- No, only in spring"
    assert post["views"] == 79_800


def test_media_kinds_of_the_second_page(page2):
    media = {post_id: post["media"] for post_id, post in page2.items()}
    assert media[13] == [{"type": "unknown", "url": "https://t.me/kyivwire/13"}]
    assert media[14] == [{"type": "video", "url": "https://t.me/kyivwire/14"}]  # "Media is too big": no src
    assert media[15] == [{"type": "round_video", "url": "https://cdn.telesco.test/file/kw15.mp4?token=abc"}]
    assert media[16] == [{"type": "voice", "url": "https://cdn.telesco.test/file/kw16.ogg?token=abc"}]
    assert media[17] == [{"type": "audio", "url": "https://t.me/kyivwire/17"}]
    assert media[18] == [{"type": "document", "url": "https://t.me/kyivwire/18"}]
    assert media[19] == [{"type": "sticker", "url": "https://cdn.telesco.test/file/kw19.webp?token=abc"}]
    assert media[20] == [{"type": "location", "url": "https://maps.google.com/maps?q=50.4595,30.5230&ll=50.4595,30.5230&z=16"}]
    assert page2[15]["text"] is None and page2[19]["text"] is None


def test_forward_without_link_and_edited_signed_post(page2):
    assert page2[12]["forwarded_from"] == {"name": "Taras Hnatiuk", "url": None}
    assert page2[20]["edited"] and page2[20]["author"] == "Dmytro S."
    assert not page2[17]["edited"]


def test_service_messages_line_breaks_and_blockquote(page3):
    assert page3[1]["service"] and page3[1]["text"] == "Channel created" and page3[1]["views"] is None
    assert page3[2]["service"] and page3[2]["text"] == "Kyiv Wire pinned «Welcome»"
    assert page3[5]["text"] == "Welcome to Kyiv Wire.\n\nNews, fast and checked.\nЛаскаво просимо!"
    assert page3[5]["published_at"] == "2026-10-02T08:00:00+03:00"
    assert page3[8]["text"] == "⚡"
    assert page3[11]["text"] == "The mayor said:\nEvery bridge will be inspected before winter.\nWe will follow up."
    assert page3[11]["edited"] and page3[11]["author"] == "Olena K."


def test_edited_is_read_from_the_meta_line_not_from_the_signature():
    page = read("s/fixturenews").replace("Olena K.", "Edited Byline")
    posts = {post["post_id"]: post for post in parse_preview_page(page, f"{BASE}/s/fixturenews")["posts"]}
    assert posts[4]["author"] == "Edited Byline" and not posts[4]["edited"]
    assert posts[6]["edited"]


def test_embed_page_gives_the_post():
    post = parse_embed_page(read("kyivwire/23__embed=1"), f"{BASE}/kyivwire/23?embed=1")
    assert post is not None and set(post) == CONTENT_FIELDS
    assert post["id"] == "kyivwire/23" and post["channel_title"] == "Kyiv Wire"
    assert post["forwarded_from"] == {"name": "River Port Official", "url": "https://t.me/riverport_official/880"}
    assert post["media"] == [{"type": "video", "url": "https://t.me/kyivwire/23"}]
    assert post["views"] == 1_300 and post["published_at"] == "2026-11-20T11:15:00+00:00"
    assert post["text"].startswith("⚡ Drone debris fell near the river port")


def test_embed_page_of_a_deleted_post_gives_none():
    assert parse_embed_page(read("kyivwire/30__embed=1"), f"{BASE}/kyivwire/30?embed=1") is None


def test_landing_page_header_and_home_page():
    landing = parse_preview_page(read("nopreview"), f"{BASE}/nopreview")
    assert landing["posts"] == [] and landing["prev_url"] is None
    assert landing["channel"]["title"] == "No Preview" and landing["channel"]["subscribers"] == 1234
    assert parse_preview_page(read("index.html"), f"{BASE}/")["channel"] is None


def test_landing_page_with_exact_count_username_and_verified_label():
    page = """<html><body><div class="tgme_page">
      <div class="tgme_page_photo"><a href="tg://resolve?domain=kyivwire"><img class="tgme_page_photo_image" src="x.jpg"></a></div>
      <div class="tgme_page_title" dir="auto"><span dir="auto">Kyiv Wire</span><i class="verified-icon"> ✔</i></div>
      <div class="tgme_page_extra">48 215 subscribers</div>
      <div class="tgme_page_description" dir="auto">Independent news.<br/>Second line.</div>
      <div class="tgme_page_context_link_wrap"><a class="tgme_page_context_link" href="/s/kyivwire">Preview channel</a></div>
    </div></body></html>"""
    assert parse_preview_page(page, "https://t.me/kyivwire")["channel"] == {
        "channel": "kyivwire", "title": "Kyiv Wire", "description": "Independent news.\nSecond line.",
        "subscribers": 48_215, "verified": True,
    }


def test_content_hash_ignores_signed_media_urls_but_not_content(page1):
    post = dict(page1[21])
    moved = {**post, "media": [{"type": "photo", "url": "https://cdn.telesco.test/file/other-token.jpg"}]}
    assert post_content_hash(moved) == post["content_hash"]
    assert post_content_hash({**post, "text": post["text"] + " (updated)"}) != post["content_hash"]
    assert post_content_hash({**post, "media": []}) != post["content_hash"]


# --- odd input ---

@pytest.mark.parametrize("html", [
    "", None, b"", b"\xff\xfe garbage", "<<<>>>", "\ud800 lone surrogate", "\x00\x01",
    "<div class='tgme_widget_message' data-post='x/abc'>no id</div>",
    "<div class='tgme_widget_message' data-post='/'>", "<div class='tgme_widget_message' data-post='a/0'>",
    "<div class='tgme_widget_message' data-post='kyivwire/7'><div class='tgme_widget_message_text'>",
    "<div class='tgme_widget_message' data-post='kyivwire/7'><a class='tgme_widget_message_reply'>x</a>"
    "<a class='tgme_widget_message_link_preview'></a><div class='tgme_widget_message_forwarded_from'></div>"
    "<span class='tgme_widget_message_views'>lots</span><time datetime='yesterday'></time>"
    "<a class='tgme_widget_message_photo_wrap' style='background-image:url('></a></div>",
    "<div>" * 3000 + "deep" + "</div>" * 3000,
])
def test_odd_input_never_raises(html):
    parsed = parse_preview_page(html, "https://t.me/s/x")
    assert set(parsed) == {"channel", "posts", "prev_url"}
    for post in parsed["posts"]:
        assert post["post_id"] > 0
    parse_embed_page(html, "https://t.me/kyivwire/7?embed=1")


def test_truncated_pages_never_raise_and_keep_whole_posts():
    page = read("s/kyivwire")
    for cut in range(0, len(page), 997):
        parsed = parse_preview_page(page[:cut], f"{BASE}/s/kyivwire")
        assert {post["post_id"] for post in parsed["posts"]} <= {21, 22, 23, 25, 26, 27}


def test_unknown_odd_media_does_not_crash_and_is_reported_as_unknown():
    page = ("<div class='tgme_widget_message' data-post='kyivwire/9'><div class='tgme_widget_message_bubble'>"
            "<a class='tgme_widget_message_paid_media_wrap' href='https://t.me/kyivwire/9?paid'></a>"
            "<div class='tgme_widget_message_text'>Paid post</div></div></div>")
    (post,) = parse_preview_page(page, "https://t.me/s/kyivwire")["posts"]
    assert post["media"] == [{"type": "unknown", "url": "https://t.me/kyivwire/9?paid"}]


def test_text_with_breaks_keeps_br_and_blocks_and_drops_scripts():
    from parsel import Selector

    node = Selector(text="<div>a<br>b<script>x()</script><blockquote>q</blockquote>c\nd</div>").css("div")[0]
    assert text_with_breaks(node) == "\na\nb\nq\nc d\n"


# --- small helpers ---

@pytest.mark.parametrize(("url", "ref"), [
    ("https://t.me/kyivwire/23", ("kyivwire", 23)),
    ("http://t.me/kyivwire/23?single", ("kyivwire", 23)),
    ("https://t.me/s/kyivwire/23", ("kyivwire", 23)),
    ("t.me/kyivwire/23", ("kyivwire", 23)),
    ("https://www.t.me/kyivwire/23/", ("kyivwire", 23)),
    ("https://telegram.me/kyivwire/23?embed=1", ("kyivwire", 23)),
    ("https://telegram.dog/Kyiv_Wire/5#frag", ("Kyiv_Wire", 5)),
    ("https://t.me/kyivwire", None),
    ("https://t.me/s/kyivwire", None),
    ("https://t.me/c/1234567/89", None),
    ("https://t.me/joinchat/AbCdEf123", None),
    ("https://t.me/addstickers/12345", None),
    ("https://t.me/kyivwire/abc", None),
    ("https://t.me/kyivwire/0", None),
    ("https://t.me/kyivwire/topic/5/7", None),
    ("https://example.com/kyivwire/23", None),
    ("https://t.me.evil.test/kyivwire/23", None),
    ("ftp://t.me/kyivwire/23", None),
    ("", None),
    (None, None),
    ("http://[::1", None),
])
def test_telegram_post_ref(url, ref):
    assert telegram_post_ref(url) == ref


@pytest.mark.parametrize(("text", "count"), [
    ("8.67M", 8_670_000), ("79.8K", 79_800), ("94", 94), ("1,024", 1024), ("15K", 15_000),
    ("11 286 994", 11_286_994), ("1.2B", 1_200_000_000), ("", None), (None, None), ("lots", None),
])
def test_parse_count(text, count):
    assert parse_count(text) == count


@pytest.mark.parametrize(("text", "count"), [
    ("11 286 994 subscribers", 11_286_994), ("1 subscriber", 1), ("79.8K subscribers", 79_800),
    ("1 234 members, 56 online", 1234), ("@kyivwire", None), (None, None),
])
def test_parse_subscribers(text, count):
    assert parse_subscribers(text) == count


# --- evaluation on the real pages (not in the repository; skipped without them) ---

def _real_pages() -> list[tuple[str, str, str]]:
    """``(name, html, url)`` of every real sample page or snippet."""
    if not SAMPLES.is_dir():
        return []
    pages = []
    for path in sorted(SAMPLES.glob("*.html")):
        html = path.read_text("utf-8")
        post = re.search(r'data-post="([^"]+)"', html)
        if "body_widget_post" in html and post:
            url = f"https://t.me/{post.group(1)}?embed=1"
        elif "tgme_channel_history" in html:
            url = "https://t.me/s/" + re.search(r'class="tgme_header_search_form" action="/s/([^"]+)"', html).group(1)
        else:
            url = "https://t.me/durov"
        pages.append((path.name, html, url))
    for snippet in json.loads((SAMPLES / "tchan_message_types_2023-02.json").read_text("utf-8")):
        pages.append((snippet["case"], snippet["html"], "https://t.me/s/tchantest"))
    return pages


def _expected_views(raw: str) -> int:
    number = raw.strip().replace(",", "")
    factor = {"K": 1_000, "M": 1_000_000}.get(number[-1:], 1)
    return round(float(number.rstrip("KM")) * factor)


def _expected_text_start(block: str) -> str | None:
    """The text's first 30 characters, straight from the HTML (tags stripped, <br> as space)."""
    start = re.search(r'class="tgme_widget_message_text[ "][^>]*>', block)
    if not start:
        question = re.search(r'class="tgme_widget_message_poll_question">([^<]*)<', block)
        return " ".join(htmllib.unescape(question.group(1)).split())[:30] if question else None
    raw = block[start.end():].split("</div>", 1)[0]
    text = htmllib.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<br\s*/?>", " ", raw)))
    return " ".join(text.split())[:30] or None


def _expected_posts(html: str) -> list[dict]:
    starts = [match.start() for match in re.finditer(r'data-post="', html)]
    expected = []
    for index, start in enumerate(starts):
        block = html[start:starts[index + 1] if index + 1 < len(starts) else len(html)]
        channel, post_id = re.match(r'data-post="([^"/]+)/(\d+)"', block).groups()
        views = re.search(r'<span class="tgme_widget_message_views">([^<]*)</span>', block)
        moment = re.search(r'<a class="tgme_widget_message_date"[^>]*>\s*<time datetime="([^"]+)"', block)
        expected.append({
            "id": f"{channel}/{post_id}",
            "views": _expected_views(views.group(1)) if views else None,
            "published_at": datetime.fromisoformat(moment.group(1)),
            "text_start": _expected_text_start(block),
        })
    return expected


_NO_SAMPLES = pytest.param("", "", "", marks=pytest.mark.skip(reason="../shared/samples/telegram is not here"))


@pytest.mark.parametrize(("name", "html", "url"), [
    pytest.param(*page, id=page[0]) for page in _real_pages()] or [_NO_SAMPLES])
def test_real_pages_every_post_with_id_time_views_and_text_start(name, html, url):
    expected = _expected_posts(html)
    if "body_widget_post" in html:
        post = parse_embed_page(html, url)
        posts = [post] if post else []
    else:
        posts = parse_preview_page(html, url)["posts"]
    assert [post["id"] for post in posts] == [item["id"] for item in expected], name
    for post, want in zip(posts, expected, strict=True):
        assert post["views"] == want["views"], post["id"]
        assert datetime.fromisoformat(post["published_at"]) == want["published_at"], post["id"]
        got = " ".join((post["text"] or "").split())[:30] or None
        assert got == want["text_start"], post["id"]


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples/telegram is not here")
def test_real_pages_channel_headers_and_cursor():
    feed = parse_preview_page((SAMPLES / "tme_s_durov_feed_2026-08.html").read_text("utf-8"), "https://t.me/s/durov")
    assert feed["channel"] == {"channel": "durov", "title": "Pavel Durov", "description": "Founder of Telegram.",
                               "subscribers": 11_300_000, "verified": True}
    assert feed["prev_url"] == "https://t.me/s/durov?before=519" and len(feed["posts"]) == 20
    landing = parse_preview_page((SAMPLES / "tme_durov_channel_landing_2026-08.html").read_text("utf-8"), "https://t.me/durov")
    assert landing["channel"]["subscribers"] == 11_286_994 and landing["channel"]["channel"] == "durov"
    assert landing["channel"]["verified"] and landing["posts"] == []
    small = parse_preview_page((SAMPLES / "tme_s_prstnk_small_service_photo_2026-05.html").read_text("utf-8"),
                               "https://t.me/s/prstnk_eprst")
    assert small["prev_url"] is None and small["channel"]["subscribers"] == 1
    service, photo = small["posts"]
    assert service["service"] and photo["hashtags"] == ["репортаж"] and photo["media"][0]["type"] == "photo"
    embed = parse_embed_page((SAMPLES / "tme_embed_sudpress53_6529_forwarded_video_2026-09.html").read_text("utf-8"),
                             "https://t.me/sudpress53/6529?embed=1")
    assert embed["forwarded_from"] == {"name": "Верховный Суд России", "url": "https://t.me/sovetsudey/1238"}
    assert embed["media"] == [{"type": "video", "url": "https://t.me/sudpress53/6529"}]
