"""Small deterministic texts for the near-duplicate tests."""

from __future__ import annotations

import random

TOPIC = (
    "ukraine russia talks ceasefire drone attack kyiv moscow energy grid power plant strike "
    "officials minister president said wednesday region shelling civilians killed injured"
).split()
COMMON = "the of and to in a is that for on was with as at by from has have are an this".split()


def story(seed: int, words: int = 400) -> str:
    """A news-like text: shared topic words and function words, in an order of its own."""
    rng = random.Random(seed)
    filler = [f"{w}{rng.randrange(1000)}" for w in ("report", "city", "name", "place", "unit")]
    vocab = TOPIC + COMMON + filler
    out = [rng.choice(vocab) for _ in range(words)]
    return ". ".join(" ".join(out[i:i + 12]).capitalize() for i in range(0, words, 12)) + "."


def substitute(text: str, every: int, seed: int = 0) -> str:
    """Replace every ``every``-th word with a new one."""
    rng = random.Random(seed)
    words = text.split()
    for i in range(every // 2, len(words), every):
        words[i] = f"edited{rng.randrange(10**6)}"
    return " ".join(words)
