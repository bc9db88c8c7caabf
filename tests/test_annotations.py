from typing import Annotated, Literal, Optional, Union

from crawler.annotations import unwrap_annotated
from crawler.items import Format


def test_plain_type_has_no_metadata():
    assert unwrap_annotated(str) == (str, ())
    assert unwrap_annotated(str, strip_optional=True) == (str, ())


def test_metadata_outermost_first():
    tp = Annotated[Annotated[str, Format.URL], Format.REQUIRED, 3]
    assert unwrap_annotated(tp) == (str, (Format.URL, Format.REQUIRED, 3))


def test_optional_kept_by_default():
    inner = Annotated[str, Format.URL] | None
    assert unwrap_annotated(Annotated[inner, Format.REQUIRED]) == (inner, (Format.REQUIRED,))
    assert unwrap_annotated(Optional[int]) == (Optional[int], ())  # noqa: UP045 (typing.Union, not |)


def test_strip_optional_walks_into_the_optional_type():
    tp = Annotated[Annotated[str, Format.URL] | None, Format.REQUIRED]
    assert unwrap_annotated(tp, strip_optional=True) == (str, (Format.REQUIRED, Format.URL))
    assert unwrap_annotated(Union[int, None], strip_optional=True) == (int, ())  # noqa: UP007 (typing.Union, not |)
    assert unwrap_annotated(int | None, strip_optional=True) == (int, ())


def test_strip_optional_keeps_a_union_of_several_types():
    tp = Annotated[int | str | None, "marker"]
    assert unwrap_annotated(tp, strip_optional=True) == (int | str | None, ("marker",))


def test_other_generics_are_not_entered():
    tp = Annotated[list[Annotated[str, Format.URL]], Format.REQUIRED]
    assert unwrap_annotated(tp, strip_optional=True) == (list[Annotated[str, Format.URL]], (Format.REQUIRED,))
    assert unwrap_annotated(Literal["a", "b"]) == (Literal["a", "b"], ())
