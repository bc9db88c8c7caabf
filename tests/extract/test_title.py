from parsel import Selector

from crawler.extract.title import find_title, strip_site_tail


def test_metadata_headline_first_with_entities_decoded():
    page = Selector(text="<h1>Kicker: Headline</h1>")
    assert find_title(page, ["Samsung soll Smartphones zerst&ouml;ren", None, None], []) == \
        "Samsung soll Smartphones zerstören"


def test_site_tail_cut_when_the_h1_shows_it():
    page = Selector(text="<title>x</title><h1>Steigende Zinsen setzen Dax zu</h1>")
    assert find_title(page, [None, "Steigende Zinsen setzen Dax zu | Börsen-Zeitung", None], []) == \
        "Steigende Zinsen setzen Dax zu"


def test_site_tail_cut_by_site_name():
    assert strip_site_tail("Police department stormed - Fixture Herald", [], ["Fixture Herald"]) == \
        "Police department stormed"
    assert strip_site_tail("Police department stormed - and more", [], ["Fixture Herald"]) == \
        "Police department stormed - and more"


def test_h1_then_title_element_when_no_metadata():
    assert find_title(Selector(text="<main><h1>Basketball: <span>Sanktionen</span></h1></main>"), [None, None, None], []) == \
        "Basketball: Sanktionen"
    assert find_title(Selector(text="<title>Only a title</title>"), [None, None, None], []) == "Only a title"
    assert find_title(Selector(text="<p>nothing</p>"), [None, None, None], []) is None
