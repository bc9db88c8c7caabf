"""JSON Schema (draft-07) for each record kind, generated from the classes in ``items``.

The generated files are shipped in ``crawler/schemas/``; ``python -m crawler.schema`` writes
them again after a change to ``items`` (a test fails while they are out of date).
"""

from __future__ import annotations

import dataclasses
import json
import sys
import types
import typing
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from crawler.annotations import unwrap_annotated
from crawler.items import RECORD_CLASSES, SCHEMA_VERSION, Format, Record

DATETIME_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
URL_PATTERN = r"^https?://[^\s]+$"
SCHEMA_DIR = Path(__file__).parent / "schemas"


def _is_typeddict(tp: Any) -> bool:
    return isinstance(tp, type) and typing.is_typeddict(tp)


def _type_schema(tp: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    base, markers = unwrap_annotated(tp)
    origin = get_origin(base)
    if origin in (Union, types.UnionType):
        options = [arg for arg in get_args(base) if arg is not type(None)]
        nullable = len(options) < len(get_args(base))
        schema = _type_schema(options[0], definitions) if len(options) == 1 else {
            "anyOf": [_type_schema(option, definitions) for option in options]
        }
        return {"anyOf": [schema, {"type": "null"}]} if nullable else schema
    if origin is Literal:
        return {"enum": list(get_args(base))}
    if origin is list:
        (item_type,) = get_args(base)
        return {"type": "array", "items": _type_schema(item_type, definitions)}
    if _is_typeddict(base):
        name = base.__name__
        if name not in definitions:
            definitions[name] = {}  # placeholder against recursion
            definitions[name] = _object_schema(get_type_hints(base, include_extras=True), definitions)
        return {"$ref": f"#/definitions/{name}"}
    if base is bool:
        return {"type": "boolean"}
    if base is int:
        schema: dict[str, Any] = {"type": "integer", "minimum": 0}
        if Format.REQUIRED in markers:
            schema["minimum"] = 1
        return schema
    if base is str:
        schema = {"type": "string"}
        if Format.URL in markers:
            schema["pattern"] = URL_PATTERN
        elif Format.DATETIME in markers:
            schema["pattern"] = DATETIME_PATTERN
        if Format.REQUIRED in markers:
            schema["minLength"] = 1
        return schema
    raise TypeError(f"no JSON Schema mapping for {tp!r}")


def _object_schema(hints: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {name: _type_schema(tp, definitions) for name, tp in hints.items()},
        "required": list(hints),
        "additionalProperties": False,
    }


def build_schema(cls: type[Record]) -> dict[str, Any]:
    """The JSON Schema of one record class: every field present, required ones non-empty."""
    hints = get_type_hints(cls, include_extras=True)
    ordered = {f.name: hints[f.name] for f in dataclasses.fields(cls)}
    definitions: dict[str, Any] = {}
    body = _object_schema(ordered, definitions)
    body["properties"]["schema_version"] = {"const": SCHEMA_VERSION}
    kind = typing.get_args(hints["kind"])[0]
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": f"urn:newscrawler:schema:{kind}:v{SCHEMA_VERSION}",
        "title": cls.__name__,
        **body,
        "definitions": definitions,
    }


def schema_filename(kind: str) -> str:
    return f"{kind}.v{SCHEMA_VERSION}.schema.json"


@cache
def load_schema(kind: str) -> dict[str, Any]:
    """The shipped schema of one kind, read from the installed package."""
    text = resources.files("crawler").joinpath("schemas", schema_filename(kind)).read_text("utf-8")
    return json.loads(text)


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(directory: Path = SCHEMA_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, cls in RECORD_CLASSES.items():
        path = directory / schema_filename(kind)
        path.write_text(render(build_schema(cls)), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_schemas(Path(sys.argv[1]) if len(sys.argv) > 1 else SCHEMA_DIR):
        print(written_path)
