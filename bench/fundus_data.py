"""Reading the Fundus test data: one ``Case`` per HTML page, with its expected fields.

Layout (``../shared/datasets/README.md``): ``test_data/<country>/<Publisher>_<YYYY_MM_DD>.html.gz``,
``meta.info`` (file name -> url, crawl_date) and ``<Publisher>.json`` (parser version ->
expected fields). A publisher has exactly one version per HTML file; the JSON carries no
version dates, so the files sorted by date are paired with the versions sorted by number
(the latest version whose date is not after the file's date is then the file's own).
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.fundus_scoring import version_key

_PAGE = re.compile(r"^(?P<publisher>.+)_(?P<date>\d{4}_\d{2}_\d{2})\.html\.gz$")


@dataclass(frozen=True)
class Case:
    country: str
    publisher: str
    path: Path
    url: str
    version: str
    expected: dict[str, Any]

    @property
    def name(self) -> str:
        return f"{self.country}/{self.path.name.removesuffix('.html.gz')}"

    def html(self) -> str:
        # The pages are stored as UTF-8; a stray bad byte must not stop the run.
        return gzip.decompress(self.path.read_bytes()).decode("utf-8", errors="replace")


def _country_cases(folder: Path) -> Iterator[Case]:
    meta_path = folder / "meta.info"
    meta: dict[str, Any] = json.loads(meta_path.read_text("utf-8")) if meta_path.exists() else {}
    pages: dict[str, list[tuple[str, Path]]] = {}
    for path in folder.glob("*.html.gz"):
        match = _PAGE.match(path.name)
        if match:
            pages.setdefault(match["publisher"], []).append((match["date"], path))
    for publisher, dated in sorted(pages.items()):
        expected_path = folder / f"{publisher}.json"
        if not expected_path.exists():
            continue
        versions: dict[str, Any] = json.loads(expected_path.read_text("utf-8"))
        ordered = sorted(versions, key=version_key)
        files = sorted(dated)
        if len(files) != len(ordered):
            raise ValueError(f"{expected_path}: {len(ordered)} versions for {len(files)} pages")
        for (_, path), version in zip(files, ordered):
            url = (meta.get(path.name) or {}).get("url") or f"https://{publisher.lower()}.invalid/"
            yield Case(folder.name, publisher, path, url, version, versions[version])


def load_cases(dataset: Path) -> list[Case]:
    """All cases under ``dataset`` (the folder holding ``test_data``, or ``test_data`` itself)."""
    root = dataset / "test_data" if (dataset / "test_data").is_dir() else dataset
    return [case for folder in sorted(p for p in root.iterdir() if p.is_dir())
            for case in _country_cases(folder)]
