import pytest
from parsel import Selector

from crawler.extract.authors import clean_author, find_authors


@pytest.mark.parametrize(("raw", "names"), [
    ("By Anna Marchenko and Ivan Petrenko", ["Anna Marchenko", "Ivan Petrenko"]),
    ("Автор: Мария Соколова", ["Мария Соколова"]),
    ("Олена Коваль та Іван Петренко", ["Олена Коваль", "Іван Петренко"]),
    ("Мария Соколова и Пётр Иванов", ["Мария Соколова", "Пётр Иванов"]),
    ("John Smith, Senior Correspondent", ["John Smith"]),
    ("By JOHN DOE | 06.01.2022", ["JOHN DOE"]),
    ("anna@fixture-herald.test Anna Marchenko", ["Anna Marchenko"]),
    ("Elena Oberholzer (obe)", ["Elena Oberholzer"]),
    ("Sarah Lazare Twitter Today 5:00 am", ["Sarah Lazare"]),
    ("Image: Getty Images", []),
    ("Staff", []),
    ("https://fixture-herald.test/authors/anna", []),
])
def test_clean_author(raw, names):
    assert clean_author(raw) == names


def test_jsonld_people_win_and_organizations_are_a_last_resort():
    people = [{"@type": "Person", "name": "Anna Marchenko"}, {"@type": "Organization", "name": "Fixture Herald"}]
    assert find_authors(people, [], Selector(text="<html></html>")) == ["Anna Marchenko"]
    only_org = [{"@type": "Organization", "name": "Fixture Herald"}]
    assert find_authors(only_org, [], Selector(text="<html></html>")) == ["Fixture Herald"]


def test_byline_names_written_as_separate_elements():
    page = Selector(text=(
        '<div class="article-byline"><span class="simple">Anna Marchenko</span>'
        '<span class="simple">Ivan Petrenko</span><span class="simple">Olena Koval</span></div>'
    ))
    assert find_authors(None, [], page) == ["Anna Marchenko", "Ivan Petrenko", "Olena Koval"]


def test_the_outlets_own_name_gives_way_to_the_byline():
    page = Selector(text='<p class="author">By Mohlo Mpesi</p>')
    assert find_authors("Fixture Herald", [], page, site_names=["Fixture Herald"]) == ["Mohlo Mpesi"]


def test_scripts_in_a_byline_are_not_names():
    page = Selector(text='<div class="author"><script>window.x.push(function(){})</script>By Anna Marchenko</div>')
    assert find_authors(None, [], page) == ["Anna Marchenko"]


def test_by_line_after_the_headline():
    page = Selector(text='<h1>Headline</h1><p class="meta">von <a href="/autoren/x">Dr. Max Kolter</a></p><p>Text.</p>')
    assert find_authors(None, [], page) == ["Dr. Max Kolter"]


def test_the_outlets_name_as_the_only_jsonld_author_is_passed_over_for_a_meta_author():
    page = Selector(text="<html></html>")
    assert find_authors("Krautreporter", ["Shany Littman"], page, site_names=["krautreporter.de"]) == ["Shany Littman"]
