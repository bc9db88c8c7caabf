"""Related / "Read also" blocks on fixture pages modelled on real outlets' markup."""

from __future__ import annotations

from pathlib import Path

import pytest
from parsel import Selector
from w3lib.encoding import html_to_unicode

from crawler.extract.related import find_related, related_block_nodes
from crawler.extract.related_labels import is_label, starts_like_label

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
UOJ = "https://spzh.news/en/news/85419-departament-policii-almaty-shturmovali-s-krikami-allahu-akbar-video"
UOJ_AMP = "https://spzh.news/en/amp-news/85419-departament-policii-almaty-shturmovali-s-krikami-allahu-akbar-video"


def page(name: str) -> Selector:
    """A fixture page decoded the way a crawler would: BOM, then meta charset, then UTF-8."""
    _, text = html_to_unicode(None, (PAGES / name).read_bytes())
    return Selector(text=text)


def test_uoj_read_also_after_the_body_has_titles_and_summaries() -> None:
    related = find_related(page("uoj_en_article.html"), UOJ)
    assert [item["url"] for item in related] == [
        "https://spzh.news/en/news/112001-in-cherkasy-uoc-believers-celebrate-feast-day-of-seized-cathedral",
        "https://spzh.news/en/news/112002-ocu-cleric-demanding-150000-uah-from-metropolitan-theodosiy",
        "https://spzh.news/en/news/112003-experts-law-on-same-sex-marriage-may-deprive-ukraine-of-us-aid",
        "https://spzh.news/en/news/112004-un-opens-12-centres-for-victims-of-sexual-abuse-in-ukraine",
        "https://spzh.news/en/news/112005-zelensky-revokes-patriarch-kirills-order",
    ]  # the page itself, the repeated link (with #comments) and the "Most read" sidebar are left out
    assert related[0] == {
        "url": related[0]["url"],
        "title": "In Cherkasy, UOC believers celebrate feast day of seized cathedral",
        "summary": "Metropolitan Theodosiy led the Divine Liturgy at the Three Saints Cathedral in Cherkasy.",
    }
    assert related[1]["summary"] == (
        "The victim in the case against Metropolitan Theodosiy is demanding compensation for moral damage.")
    assert related[4] == {"url": related[4]["url"], "title": "Zelensky revokes Patriarch Kirill's Order",
                          "summary": None}  # a date next to the link is not a summary


def test_uoj_amp_twin_has_its_own_read_also_block() -> None:
    related = find_related(page("uoj_en_amp.html"), UOJ_AMP)
    assert [(item["title"], item["summary"]) for item in related] == [
        ("Pat Daniel awards Pat Bartholomew with order for overcoming schism in BOC",
         ("The award was bestowed for organizing the 1998 Council, which conciliar-ly resolved the crisis caused "
          "by the schism in the Bulgarian Church.")),
        ("Persecuted UOC parish in Chernivtsi celebrates its feast day",
         ("A festive divine service in honor of St. Spyridon of Trimythous was held in a parish that remains "
          "faithful to the Ukrainian Orthodox Church.")),
        ("Bulgarian Church Primate arrives in Istanbul", "The first official visit of Patriarch Daniel to the Phanar has begun."),
    ]  # the item linking back to this article (AMP or canonical URL) is left out
    assert related[0]["url"] == "https://spzh.news/en/amp-news/112101-pat-daniel-awards-pat-bartholomew-with-order"


def test_russian_read_also_inline_in_the_body() -> None:
    url = "https://strana.news/news/400100-vlasti-objavili-komendantskij-chas.html"
    related = find_related(page("ru_inline_read_also.html"), url)
    assert related == [
        {"url": "https://strana.news/news/400090-v-almaty-prodolzhajutsja-besporjadki.html",
         "title": "В Алматы продолжаются беспорядки", "summary": None},
        {"url": "https://strana.news/news/400095-aeroport-almaty-zakryt.html",
         "title": "Аэропорт Алматы закрыт до особого распоряжения", "summary": "Все рейсы перенаправлены в другие города."},
        {"url": "https://strana.news/news/400080-kak-rabotaet-komendantskij-chas.html",
         "title": "Как работает комендантский час: что можно и что нельзя", "summary": None},
    ]  # the link inside an ordinary body paragraph is not related; "Смотрите также" to itself is dropped


def test_inline_blocks_are_the_paragraphs_only() -> None:
    selector = page("ru_inline_read_also.html")
    nodes = related_block_nodes(selector)
    texts = [" ".join(node.itertext()).split()[:2] for node in nodes]
    assert ["Читайте", "также:"] in texts and ["Читайте", "также"] in texts
    body_paragraphs = selector.xpath('//div[@class="article-text"]/p')
    kept = [p.root for p in body_paragraphs if all(p.root is not node for node in nodes)]
    assert len(kept) == 5  # body paragraphs around the inline blocks are not part of them
    assert all("Читайте" not in "".join(p.itertext()) for p in kept)


def test_ukrainian_read_also_before_the_body() -> None:
    selector = page("ua_read_also_before_body.html")
    related = find_related(selector, "https://novyny.example.ua/news/2022/01/07/7300101/")
    assert related == [
        {"url": "https://novyny.example.ua/news/2022/01/06/7300090/",
         "title": "Уряд затвердив новий графік засідань", "summary": None},
        {"url": "https://novyny.example.ua/news/2022/01/05/7300075/",
         "title": "Прем'єр пояснив, чому засідання проводять онлайн", "summary": None},
    ]
    [block] = related_block_nodes(selector)
    assert block.get("class") == "post__also"  # label and list together: the body extractor drops both


def test_aside_related_and_related_link_microdata() -> None:
    url = "https://daily.example.com/2024/05/14/city-council-approves-new-tram-line/"
    related = find_related(page("aside_related.html"), url)
    assert related == [
        {"url": "https://daily.example.com/2024/04/30/tram-depot-site-chosen/", "title": "Tram depot site chosen",
         "summary": None},
        {"url": "https://daily.example.com/2024/05/10/bus-routes-to-change-in-june/",
         "title": "Bus routes to change in June", "summary": "Twelve routes will be shortened while the tram line is built."},
        {"url": "https://daily.example.com/2024/05/01/cycling-lanes-plan/", "title": "Council unveils cycling lanes plan",
         "summary": None},
        {"url": "https://other-outlet.example.org/news/trams-across-europe", "title": "Why trams are back across Europe",
         "summary": "A look at ten cities that brought trams back."},
    ]  # image and title links to one article make one item; tag lists and the nav "Related" link are not items


def test_most_read_sidebar_menus_and_tags_are_not_related() -> None:
    selector = page("most_read_sidebar.html")
    assert find_related(selector, "https://coast.example.net/news/2024/11/harbour-reopens") == []
    assert related_block_nodes(selector) == []


def test_cp1251_page_with_po_teme_block() -> None:
    raw = (PAGES / "ru_cp1251.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the fixture really is windows-1251
    related = find_related(page("ru_cp1251.html"), "https://gorod.example.ru/news/2021/12/metro-stancia.html")
    assert related == [
        {"url": "https://gorod.example.ru/news/2021/12/metro-grafik.html",
         "title": "Метро изменит график работы на праздники", "summary": None},
        {"url": "https://gorod.example.ru/news/2021/11/metro-tarify.html",
         "title": "Проезд в метро подорожает с января", "summary": None},
    ]


def test_override_selector_picks_the_block() -> None:
    selector = page("uoj_en_article.html")
    css = find_related(selector, UOJ, override=".news-block__list .news-card:first-child")
    assert [item["title"] for item in css] == ["In Cherkasy, UOC believers celebrate feast day of seized cathedral"]
    xpath = find_related(selector, UOJ, override='//aside//ul')  # the profile says the sidebar is the block
    assert [item["title"] for item in xpath] == [
        "Archon: ROC will hold a Council in December", "Bulgarian Church Primate arrives in Istanbul"]
    assert related_block_nodes(selector, override="//aside//ul")[0].tag == "ul"
    fallback = find_related(selector, UOJ, override=".no-such-block")
    assert len(fallback) == 5  # a selector that finds nothing falls back to the generic search


def test_client_side_read_also_label_is_a_block_without_items() -> None:
    html = """<html><body><article><div class="text"><p>Body text of the article, long enough to matter.</p>
    <h3>Read also</h3><div id="read-also-list"></div><p>Final paragraph.</p></div></article></body></html>"""
    selector = Selector(text=html)
    assert find_related(selector, "https://spzh.news/en/news/1-x") == []
    assert [node.tag for node in related_block_nodes(selector)] == ["h3"]


@pytest.mark.parametrize("html", [
    # A heading followed directly by a list inside the body: the next paragraph is not swallowed.
    """<div class="body"><p>Text.</p><h2>See also</h2><ul><li><a href="/a/1-first-related-story">First related story</a></li>
    <li><a href="/a/2-second-related-story">Second related story</a></li></ul><p>Short closing paragraph.</p></div>""",
    # A label in a wrapper of its own, the list in a sibling wrapper.
    """<section><div class="hd"><span>Related articles</span></div><div class="list">
    <a href="/a/1-first-related-story">First related story</a><a href="/a/2-second-related-story">Second related story</a>
    </div></section><p>Short closing paragraph.</p>""",
])
def test_generic_label_shapes(html: str) -> None:
    selector = Selector(text=f"<html><body>{html}</body></html>")
    related = find_related(selector, "https://example.org/a/0-this-page")
    assert [item["title"] for item in related] == ["First related story", "Second related story"]
    texts = " ".join(" ".join(node.itertext()) for node in related_block_nodes(selector))
    assert "closing paragraph" not in texts


def test_section_author_and_tag_links_are_not_items() -> None:
    html = """<html><body><div class="related-news"><h3>Related</h3>
    <a href="/world/">World</a> <a href="/author/jane-roe/">Jane Roe</a> <a href="/tag/trams/">trams</a>
    <a href="/2024/05/10/bus-routes-change">Bus routes change</a></div></body></html>"""
    related = find_related(Selector(text=html), "https://example.org/2024/05/14/x")
    assert [item["title"] for item in related] == ["Bus routes change"]


@pytest.mark.parametrize("label", [
    "Read also", "READ ALSO:", "See also", "Related", "Related articles", "More on this topic", "Read more:",
    "Читайте также", "Читайте также:", "По теме", "На тему", "Смотрите также", "Читайте також", "Читайте більше",
    "Дивіться також", "» Читайте також", "Pročitajte takođe",
])
def test_labels(label: str) -> None:
    assert is_label(label) and starts_like_label(label)


@pytest.mark.parametrize("text", ["Most read", "Popular", "Trending now", "Related topics: trams", "Reading list",
                                  "По теме дня мы поговорим позже, а пока новости."])
def test_not_labels(text: str) -> None:
    assert not is_label(text)
