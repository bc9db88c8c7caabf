from datetime import timezone

from parsel import Selector

from crawler.extract.overrides import apply_overrides

PAGE = Selector(text="""<html><body>
<h1 class="x">Generic title</h1><h2 class="real-title">Profile title</h2>
<div class="by"><a>Anna Marchenko</a><a>Ivan Petrenko</a></div>
<span class="when">06.01.2022 19:15</span>
<div class="txt"><p>One.</p><p>Two.</p></div>
</body></html>""")


def test_selectors_override_fields_and_missing_selectors_keep_generic_values():
    fields = {"title": "Generic title", "authors": [], "published_at": None, "body": "generic", "lead": "kept"}
    result = apply_overrides(fields, PAGE, {
        "title": "h2.real-title", "authors": ".by a", "published_at": "//span[@class='when']",
        "body": ".txt p", "lead": ".does-not-exist",
    }, timezone.utc)
    assert result["title"] == "Profile title"
    assert result["authors"] == ["Anna Marchenko", "Ivan Petrenko"]
    assert result["published_at"] == "2022-01-06T19:15:00+00:00"
    assert result["body"] == "One.\n\nTwo."
    assert result["lead"] == "kept"
