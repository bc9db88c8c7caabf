"""Which "Read also"/related links of an article to follow: the policy, without the crawling."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from crawler.urls import absolute_url


@dataclass(frozen=True)
class ReadAlsoPolicy:
    max_hops: int = 1  # READ_ALSO_DEPTH: 0 follows nothing
    cross_outlet: bool = False  # READ_ALSO_CROSS_OUTLET


@dataclass(frozen=True)
class ReadAlsoDecision:
    follow: list[str]
    other_outlet: list[str]  # left out because they belong to another outlet
    too_deep: list[str]  # left out because the chain is already max_hops long


def related_to_follow(
    related: Iterable[Mapping[str, Any]],
    article_url: str,
    hops: int,
    policy: ReadAlsoPolicy,
    same_outlet: Callable[[str], bool],
) -> ReadAlsoDecision:
    """Split an article's related URLs into those to follow and those left out (and why).

    ``hops`` is how many read-also links led to this article (0 when it was found any other
    way); ``same_outlet(url)`` says whether a URL belongs to the article's outlet.
    """
    follow: list[str] = []
    other: list[str] = []
    deep: list[str] = []
    seen: set[str] = set()
    for item in related:
        url = absolute_url(item.get("url") if isinstance(item, Mapping) else None, article_url)
        if not url or url in seen or url == article_url:
            continue
        seen.add(url)
        if hops >= policy.max_hops:
            deep.append(url)
        elif not policy.cross_outlet and not same_outlet(url):
            other.append(url)
        else:
            follow.append(url)
    return ReadAlsoDecision(follow, other, deep)
