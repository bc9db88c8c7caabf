"""A sentence as the matchers see it (``Context``) and what they find in it (``Found``).

Shared by every matcher, so that all of them report a source with its position and evidence
the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from crawler.extract.channels import KnownChannels
from crawler.extract.sources.sentences import Link, Sentence


@dataclass
class Found:
    position: int  # offset into the body, for the order of appearance
    kind: str
    name: str | None
    url: str | None
    evidence: str
    span: tuple[int, int] = (0, 0)  # what the match covers inside its sentence

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.name, "url": self.url, "evidence": self.evidence}


@dataclass
class Context:
    """One sentence with its links, as the matchers see it."""

    sentence: Sentence
    links: list[Link]
    known_channels: KnownChannels
    slavic: bool = False  # run the Russian/Ukrainian patterns
    telegram: bool = False  # the sentence says "Telegram" (or "телеграм", "t.me"...)
    cue: bool = False  # it has a word of an attribution ("reports", "пишет", "за даними"...)
    credit: bool = False  # it has a credit label ("Photo", "Фото"...)
    lower: str = ""  # the sentence lower-cased

    @property
    def text(self) -> str:
        return self.sentence.text

    def link_spans(self) -> Iterator[tuple[int, int, Link]]:
        """The sentence's links (all placed inside it), with their span relative to the sentence."""
        for link in self.links:
            yield link.start - self.sentence.start, link.end - self.sentence.start, link

    def found(self, kind: str, name: str | None, url: str | None, span: tuple[int, int]) -> Found:
        return Found(self.sentence.start + span[0], kind, name, url, self.sentence.text, span)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def link_over(span: tuple[int, int], context: Context) -> Link | None:
    """The first of the sentence's links that overlaps this span."""
    for start, end, link in context.link_spans():
        if overlaps((start, end), span):
            return link
    return None
