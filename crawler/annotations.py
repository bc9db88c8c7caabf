"""Reading ``typing.Annotated`` field types: the one walk the schema generator and the
normalize pipeline both need to find a field's base type and its ``Format`` markers.
"""

from __future__ import annotations

import types
from typing import Annotated, Any, Union, get_args, get_origin


def unwrap_annotated(tp: Any, *, strip_optional: bool = False) -> tuple[Any, tuple[Any, ...]]:
    """``(base type, metadata)`` of an annotation: the type inside its ``Annotated`` layers and
    their metadata, outermost layer first (``Annotated[str, a, b]`` -> ``(str, (a, b))``).

    The walk stops at the first type that is not ``Annotated``; so ``Optional[...]`` is kept as
    it is, unless ``strip_optional``: then a union of one type with ``None`` is replaced by that
    type and the walk goes on inside it (``Annotated[Annotated[str, a] | None, b]`` ->
    ``(str, (b, a))``). A union of two or more types besides ``None`` is always kept.
    """
    metadata: list[Any] = []
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp, *extras = get_args(tp)
            metadata.extend(extras)
        elif strip_optional and origin in (Union, types.UnionType):
            options = [arg for arg in get_args(tp) if arg is not type(None)]
            if len(options) != 1:
                return tp, tuple(metadata)
            tp = options[0]
        else:
            return tp, tuple(metadata)
