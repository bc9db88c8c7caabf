"""Deterministic synthetic news corpus with injected near duplicates (for bench/dedup.py).

Every document is a pure function of (seed, number), so each benchmark process regenerates
the stream instead of holding it in memory. Originals: 200-800 words in paragraphs, drawn
from a Zipf-like vocabulary (real English/Russian function and news words at the top ranks,
made-up words below) mixed with the words of one of 300 topics, so unrelated stories on the
same topic share vocabulary but not phrasing; most carry their outlet's boilerplate (a
subscribe/follow block). 12% are in Cyrillic. A fifth of the documents are copies of a recent
original, of one of four kinds (see ``COPY_KINDS``) with known edit rates.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

EN_TOP = (
    "the of and to in a is that for on was with he it as at by said from his be has have "
    "are an this not but they were had which will their been who after its also more would "
    "new about two one there or over year people up than government first when last other "
    "into all she her out we can three president police minister city state country week "
    "told officials percent years million time report news could what against during since "
    "before under billion between military public security war forces company market "
    "according court party national local health law members team support former group "
    "says while where some no him most told statement made because day monday tuesday "
    "wednesday thursday friday saturday sunday officials spokesman agency reuters region "
    "election vote parliament prices energy gas oil bank economy talks leaders foreign "
    "attack killed injured fire water school children hospital emergency service"
).split()
RU_TOP = (
    "в и на не что с по о к из за от для как это его а также он было году был она при "
    "после до их уже но все более может так будет были во время который года того чтобы "
    "заявил сообщил словам президент правительство министр страны города области россии "
    "украины люди человек процентов млн млрд рублей суд закон выборы войска полиции "
    "компании рынок цены газ нефть банк экономики переговоры лидеры нападение погибли "
    "пострадали пожар вода школа дети больница служба сегодня вчера неделе месяце"
).split()
EN_SYLLABLES = "ba be bi bo bu ca co da de di do el en er es ga go ha he in is ka ko la le li lo lu ma me mi mo na ne ni no ol on or ra re ri ro sa se si so ta te ti to tu ur va ve vi wa we za".split()
RU_SYLLABLES = "ба бе би бо бу ва ве ви во га го да де ди до ер ес ка ко ку ла ле ли ло лу ма ме ми мо на не ни но ов ол он ор ра ре ри ро са се си со та те ти то ту ча чи ша ши".split()
BOILER_EN = "subscribe to our telegram channel follow us read also all rights reserved photo".split()
BOILER_RU = "подписывайтесь на наш телеграм канал читайте также все права защищены фото".split()

TOPICS = 300
TOPIC_WORDS = 40
OUTLETS = 120
COPY_FRACTION = 0.2
COPY_WINDOW = 20_000  # copies come from the last 20k originals (news is syndicated quickly)
# kind -> (share of copies, substitution rates to draw from)
COPY_KINDS = {
    "exact": (0.10, (0.0,)),  # same text, different line breaks and case
    "syndicated": (0.30, (0.0,)),  # other outlet's boilerplate, maybe a byline, maybe a paragraph less
    "edited": (0.45, (0.005, 0.01, 0.02, 0.03, 0.04, 0.05, 0.07)),  # + insertions, deletions
    "rewritten": (0.15, (0.1, 0.15, 0.25)),  # heavier edits: mostly below the threshold
}
KIND_NAMES = tuple(COPY_KINDS)


def _zipf_cdf(size: int, offset: float = 2.7) -> np.ndarray:
    weights = 1.0 / (np.arange(size) + offset)
    cdf = np.cumsum(weights)
    return cdf / cdf[-1]


def _made_up_words(rng: np.random.Generator, syllables: list[str], count: int, avoid: set[str]) -> list[str]:
    words: list[str] = []
    seen = set(avoid)
    while len(words) < count:
        parts = rng.integers(0, len(syllables), size=(count, 4))
        lengths = rng.integers(2, 5, size=count)
        for row, length in zip(parts, lengths):
            word = "".join(syllables[i] for i in row[:length])
            if word not in seen:
                seen.add(word)
                words.append(word)
                if len(words) == count:
                    break
    return words


@dataclass(frozen=True)
class Language:
    vocab: np.ndarray  # object array of words, by frequency rank
    cdf: np.ndarray
    boiler: list[str]


@dataclass
class Doc:
    language: int
    outlet: int
    paragraphs: list[np.ndarray]  # word numbers per paragraph
    boilerplate: bool


class Corpus:
    def __init__(self, size: int, seed: int = 7) -> None:
        self.size, self.seed = size, seed
        rng = np.random.default_rng([seed, 0])
        self.is_copy = rng.random(size) < COPY_FRACTION
        self.is_copy[:100] = False
        originals = np.flatnonzero(~self.is_copy)
        before = np.cumsum(~self.is_copy) - (~self.is_copy)  # originals before each document
        window = np.minimum(before, COPY_WINDOW)
        pick = before - 1 - (rng.random(size) * np.maximum(window, 1)).astype(np.int64)
        self.source = np.where(self.is_copy, originals[np.clip(pick, 0, None)], -1)
        shares = np.array([share for share, _ in COPY_KINDS.values()])
        self.kind = np.where(self.is_copy, rng.choice(len(shares), size=size, p=shares / shares.sum()), -1)
        self.language = (rng.random(size) < 0.12).astype(np.int8)
        self.language[self.is_copy] = self.language[self.source[self.is_copy]]
        self._boiler_cache: dict[tuple[int, int], str] = {}

    @cached_property
    def languages(self) -> list[Language]:
        rng = np.random.default_rng([self.seed, 1])
        out = []
        for top, syllables, boiler, size in ((EN_TOP, EN_SYLLABLES, BOILER_EN, 40_000), (RU_TOP, RU_SYLLABLES, BOILER_RU, 30_000)):
            unique_top = list(dict.fromkeys(top))
            vocab = unique_top + _made_up_words(rng, syllables, size - len(unique_top), set(unique_top))
            out.append(Language(np.array(vocab, dtype=object), _zipf_cdf(size), boiler))
        return out

    @cached_property
    def topic_words(self) -> np.ndarray:
        rng = np.random.default_rng([self.seed, 2])
        return rng.integers(150, 8000, size=(TOPICS, TOPIC_WORDS))

    def _words(self, rng: np.random.Generator, language: int, topic: int, count: int) -> np.ndarray:
        words = np.searchsorted(self.languages[language].cdf, rng.random(count))
        topical = rng.random(count) < 0.12
        words[topical] = self.topic_words[topic, rng.integers(0, TOPIC_WORDS, int(topical.sum()))]
        return words

    def original(self, number: int) -> Doc:
        rng = np.random.default_rng([self.seed, 3, number])
        language = int(self.language[number])
        topic = int(rng.integers(0, TOPICS))
        words = self._words(rng, language, topic, int(rng.integers(200, 801)))
        cuts = np.cumsum(rng.integers(30, 91, size=30))
        cuts = cuts[cuts < len(words) - 15]
        return Doc(language, int(rng.integers(0, OUTLETS)), np.split(words, cuts), rng.random() < 0.7)

    def copy_params(self, number: int) -> tuple[str, float]:
        kind = KIND_NAMES[int(self.kind[number])]
        rates = COPY_KINDS[kind][1]
        rng = np.random.default_rng([self.seed, 4, number])
        return kind, float(rates[int(rng.integers(0, len(rates)))])

    def copy(self, number: int) -> tuple[Doc, bool]:
        """The edited copy and whether it is rendered in the 'exact' style."""
        base = self.original(int(self.source[number]))
        kind, rate = self.copy_params(number)
        rng = np.random.default_rng([self.seed, 5, number])
        if kind == "exact":
            return base, True
        paragraphs = [p.copy() for p in base.paragraphs]
        topic_guess = int(rng.integers(0, TOPICS))
        if rate:
            edited = []
            for p in paragraphs:
                p = p.copy()
                subst = rng.random(len(p)) < rate
                p[subst] = self._words(rng, base.language, topic_guess, int(subst.sum()))
                keep = rng.random(len(p)) >= rate / 3
                p = p[keep]
                inserts = np.flatnonzero(rng.random(len(p)) < rate / 3)
                p = np.insert(p, inserts, self._words(rng, base.language, topic_guess, len(inserts)))
                edited.append(p)
            paragraphs = edited
        if len(paragraphs) > 2 and rng.random() < 0.3:  # paragraph reorder
            i = int(rng.integers(0, len(paragraphs) - 1))
            paragraphs[i], paragraphs[i + 1] = paragraphs[i + 1], paragraphs[i]
        if len(paragraphs) > 3 and rng.random() < 0.2:  # last paragraph cut
            paragraphs = paragraphs[:-1]
        outlet = int(rng.integers(0, OUTLETS))
        if kind == "syndicated" or rng.random() < 0.5:
            byline = self._words(rng, base.language, topic_guess, int(rng.integers(3, 9)))
            if rng.random() < 0.5:
                paragraphs = [byline] + paragraphs
        return Doc(base.language, outlet, paragraphs, rng.random() < 0.7), False

    def _boilerplate(self, language: int, outlet: int) -> str:
        key = (language, outlet)
        if key not in self._boiler_cache:
            self._boiler_cache[key] = self._make_boilerplate(language, outlet)
        return self._boiler_cache[key]

    def _make_boilerplate(self, language: int, outlet: int) -> str:
        rng = np.random.default_rng([self.seed, 6, outlet, language])
        lang = self.languages[language]
        fixed = [lang.boiler[i] for i in rng.permutation(len(lang.boiler))]
        words = np.searchsorted(lang.cdf, rng.random(int(rng.integers(15, 50))))
        return " ".join(fixed + lang.vocab[words].tolist()) + "."

    def render(self, doc: Doc, exact_style: bool = False) -> str:
        vocab = self.languages[doc.language].vocab
        out = []
        for paragraph in doc.paragraphs:
            words = vocab[paragraph].tolist()
            if words:
                words[0] = words[0].capitalize()
                words[13::14] = [word + "." for word in words[13::14]]
                out.append(" ".join(words))
        if doc.boilerplate:
            out.append(self._boilerplate(doc.language, doc.outlet))
        if exact_style:
            return "\n".join(out).upper()
        return "\n\n".join(out)

    def text(self, number: int) -> str:
        if self.is_copy[number]:
            doc, exact_style = self.copy(number)
            return self.render(doc, exact_style)
        return self.render(self.original(number))
