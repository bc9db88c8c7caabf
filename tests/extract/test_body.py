from parsel import Selector

from crawler.extract.body import find_body, find_body_paragraphs

SENTENCE = "This is a sentence of the article that is long enough to count as real text."


def test_paragraphs_split_across_wrappers_are_all_found():
    wrapped = "".join(f'<div class="text-block"><div><p>{SENTENCE} {i}</p></div></div>' for i in range(6))
    page = Selector(text=f"<html><body><nav><a href='/'>Home</a></nav><article>{wrapped}</article></body></html>")
    assert len(find_body_paragraphs(page)) == 6


def test_boilerplate_and_hidden_blocks_are_left_out():
    page = Selector(text=f"""<html><body><article>
        <p>{SENTENCE} one</p><div class="share-bar"><p>Share this article on every network you know</p></div>
        <p>{SENTENCE} two</p><div style="display: none"><p>Hidden login form text that nobody sees at all</p></div>
        <figure><figcaption>Photo: a caption that must not be in the body text</figcaption></figure>
        <p>{SENTENCE} three</p></article>
        <aside><p>{SENTENCE} in an aside</p></aside></body></html>""")
    assert find_body(page) == "\n\n".join(f"{SENTENCE} {n}" for n in ("one", "two", "three"))


def test_teaser_cards_after_the_article_are_dropped():
    article = "".join(f"<p>{SENTENCE} {i}</p>" for i in range(8))
    cards = "".join(
        f'<div class="card"><div class="card-body"><h3><a href="/x{i}">Other story {i}</a></h3>'
        f"<p>A summary of another story that sits below the article {i}.</p></div></div>" for i in range(3)
    )
    page = Selector(text=f'<html><body><div class="page"><div class="story">{article}</div>{cards}</div></body></html>')
    body = find_body(page)
    assert body.count(SENTENCE) == 8
    assert "another story" not in body


def test_only_the_first_of_stacked_articles():
    first = "".join(f"<p>{SENTENCE} first {i}</p>" for i in range(4))
    second = "".join(f"<p>{SENTENCE} second {i}</p>" for i in range(6))
    page = Selector(text=f"<html><body><main><article>{first}</article><article>{second}</article></main></body></html>")
    body = find_body(page)
    assert "first 3" in body and "second" not in body


def test_no_text_gives_none():
    assert find_body(Selector(text="<html><body><p>Short.</p></body></html>")) is None
