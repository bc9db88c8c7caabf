import pytest
from parsel import Selector

from crawler.extract.images import figure_images, merge_images, split_credit


@pytest.mark.parametrize(("caption", "expected"), [
    ("Law enforcers in the centre of Almaty. Photo: tass.ru", ("Law enforcers in the centre of Almaty.", "tass.ru")),
    ("Фото: РИА Новости", (None, "РИА Новости")),
    ("Засідання уряду. Фото: Укрінформ", ("Засідання уряду.", "Укрінформ")),
    ("Anti-royalists hold placards (Picture: Reuters)", ("Anti-royalists hold placards", "Reuters")),
    ("A view of the square © Getty Images", ("A view of the square", "Getty Images")),
    ("A caption without a credit", ("A caption without a credit", None)),
    ("", (None, None)),
])
def test_split_credit(caption, expected):
    assert split_credit(caption) == expected


def test_figures_with_caption_credit_and_lazy_images():
    page = Selector(text="""<article>
      <figure><img src="/a.jpg"><figcaption>Protesters in Almaty <span class="credit">Photo: tass.ru</span></figcaption></figure>
      <figure><img src="data:image/gif;base64,R0l" data-src="/b.jpg" alt="Alt text as caption"></figure>
      <figure><div>no image here</div></figure>
    </article>""")
    images = figure_images(page.root, "https://x.test/news/1")
    assert images == [
        {"url": "https://x.test/a.jpg", "caption": "Protesters in Almaty", "credit": "tass.ru"},
        {"url": "https://x.test/b.jpg", "caption": "Alt text as caption", "credit": None},
    ]


def test_metadata_images_get_captions_from_the_page():
    merged = merge_images(
        [{"url": "https://x.test/a.jpg", "caption": None, "credit": None}],
        [{"url": "https://x.test/a.jpg", "caption": "Protesters", "credit": "tass.ru"},
         {"url": "https://x.test/c.jpg", "caption": None, "credit": None}],
    )
    assert merged == [{"url": "https://x.test/a.jpg", "caption": "Protesters", "credit": "tass.ru"},
                      {"url": "https://x.test/c.jpg", "caption": None, "credit": None}]
