"""Outlets and agencies named as a source: "Strana.news reports", "according to Reuters",
"по данным ТАСС", "(TASS)", and linked outlet names in an attributing sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from crawler.extract.channels import channel_url, name_key, skeleton
from crawler.extract.sources.context import Context, Found, link_over, overlaps
from crawler.extract.sources.known import (
    AGENCY_DOMAINS,
    home_page,
    host_kind,
    host_matches,
    known_source,
)
from crawler.extract.sources.names import (
    CAP,
    DOMAIN_NAME,
    INSTITUTION,
    NAME_TOKENS,
    NAMESEQ,
    QUOTED,
    QUOTES,
    clean_name,
    domain_of,
    is_stop_name,
    is_stop_token,
    tokens_of,
)
from crawler.extract.sources.sentences import Link
from crawler.extract.sources.telegram import link_text_name

_MARKERS = (
    r"(?:news\s+)?agency|newspaper|daily|tabloid|outlet|publication|website|site|portal|magazine|"
    r"broadcaster|network|(?:TV\s+)?channel|"
    r"интернет-издани[еяю]|издани[еяю]|газет[аыеу]|информагентств[оау]|агентств[оау]|телеканал[аеу]?|"
    r"радиостанци[яи]|портал[аеу]?|сайт[аеу]?|журнал[аеу]?|СМИ|"
    r"видання|газет[аиіу]|інформагенці[яїю]|агенці[яїю]|телеканал[уі]?|радіостанці[яї]|портал[уі]?|"
    r"сайт[уі]?|журнал[уі]?|ЗМІ"
)
_MARKER_BEFORE = re.compile(rf"(?i:\b(?:{_MARKERS}))\s+(?:(?i:the)\s+)?$")
# Present-tense "writes" cues: quotes after them name an outlet ("пишет «Коммерсантъ»"); after
# "wrote"/"написал" they are mostly a quotation.
_WRITES = re.compile(r"(?i)^(?:as\s+)?(?:writes|как\s+пишет|пишет|как\s+сообщает|как\s+передает|"
                     r"как\s+передаёт|передает|передаёт|як\s+пише|пише|як\s+повідомляє|як\s+передає|передає)$")

_AFTER_STRONG = (
    r"according\s+to|(?:as\s+)?reported\s+by|reports?|reported|writes|wrote|citing|cited\s+by|quoting|"
    r"quoted\s+by|"
    r"по\s+данным|по\s+информации|по\s+сведениям|как\s+сообщает|как\s+сообщил[аои]?|как\s+пишет|"
    r"как\s+передает|как\s+передаёт|сообщает|сообщил[аои]?|сообщили|пишет|передает|"
    r"передаёт|со\s+ссылкой\s+на|ссылаясь\s+на|информирует|цитирует|"
    r"за\s+даними|за\s+інформацією|за\s+повідомленням|як\s+повідомляє|як\s+повідомив|як\s+пише|"
    r"як\s+передає|повідомляє|повідомив|повідомила|повідомило|повідомили|пише|"
    r"передає|з\s+посиланням\s+на|посилаючись\s+на|інформує|цитує"
)
_AFTER_WEAK = r"said|says|told|in\s+an\s+interview\s+with"
_BEFORE_STRONG = (
    r"reports|reported|has\s+reported|writes|wrote|informs|notes|noted|cites|claims|learned|"
    r"сообщает|сообщил[аои]?|сообщили|пишет|писал[аои]?|написал[аои]?|передает|передаёт|информирует|"
    r"уточняет|выяснил[аои]?|выяснили|узнал[аои]?|узнали|"
    r"повідомляє|повідомив|повідомила|повідомило|повідомили|пише|писав|писала|написав|написала|"
    r"написало|передає|інформує|уточнює|з'ясува\w+|з’ясува\w+|дізнал\w+"
)
_BEFORE_WEAK = r"said|says|told"
_AFTER_NAME = rf"(?P<name>{QUOTED}|{NAMESEQ}|dpa|{DOMAIN_NAME})"
_EN_MARKER_AFTER = r"newspaper|agency|outlet|publication|website|magazine|daily|broadcaster"


def _after_pattern(cues: str) -> re.Pattern[str]:
    """A cue and the name after it, matched at the cue's first word."""
    return re.compile(
        rf"(?P<cue>(?i:{cues}))(?![\w-])\s+(?:the\s+)?"
        rf"(?P<marker>(?:[\w-]+\s+){{0,2}}?(?i:{_MARKERS})\s+(?:the\s+)?)?{_AFTER_NAME}"
    )


# (pattern, weak: only known names); names follow these cues
_AFTER_PATTERNS = ((_after_pattern(_AFTER_STRONG), False), (_after_pattern(_AFTER_WEAK), True))
# (pattern, weak); names precede these cues
_BEFORE_CUES = (
    (re.compile(rf"(?i:{_BEFORE_STRONG})(?![\w-])"), False),
    (re.compile(rf"(?i:{_BEFORE_WEAK})(?![\w-])"), True),
)
# First letters of every cue's first word: where a cue may start (a cheap filter before regexes).
_CUE_PREFIXES = (
    "accord", "report", "writ", "wrote", "cit", "quot", "as", "said", "says", "told", "in", "has", "note",
    "claim", "learn", "по", "как", "со", "сообщ", "пи", "на", "переда", "ссыла", "информ", "цитир", "уточн",
    "выясн", "узна", "за", "як", "з", "інформ", "цитує", "дізна",
)
_WORD_START = re.compile(r"(?<![\w'’-])[\w'’]+")
_NAME_TOKEN = re.compile(rf"(?:{CAP}|dpa|{DOMAIN_NAME})")
_TRAILING_QUOTED = re.compile(rf"{QUOTED}$")
_TRAILING_MARKER = re.compile(rf"\s(?i:{_EN_MARKER_AFTER})$")
_PARENTHESIZED = re.compile(r"\((?P<name>[^()\n]{2,40})\)")


@dataclass(frozen=True)
class _Candidate:
    name: str
    span: tuple[int, int]
    quoted: bool


@dataclass(frozen=True)
class _NameAt:
    """A name read next to a cue: where it is, whether quoted, whether a word like "newspaper" is next to it."""

    start: int
    end: int
    quoted: bool
    marker: bool


def _cue_starts(text: str, lower: str) -> Iterator[int]:
    for word in _WORD_START.finditer(lower):
        if word.group(0).startswith(_CUE_PREFIXES):
            yield word.start()


def _name_before(text: str, end: int) -> _NameAt | None:
    """The name that ends right before a cue starting at ``end``: a quoted name, or up to
    NAME_TOKENS capitalised words (or a domain), with an optional comma and "newspaper"."""
    head = text[:end].rstrip()
    if head.endswith(","):
        head = head[:-1].rstrip()
    marker = _TRAILING_MARKER.search(head)
    if marker:
        head = head[: marker.start()].rstrip()
    offset = max(0, len(head) - 200)
    window = head[offset:]
    quoted = _TRAILING_QUOTED.search(window)
    if quoted:
        return _NameAt(offset + quoted.start(), len(head), True, bool(marker))
    tokens = []
    for token in reversed(list(re.finditer(r"\S+", window))):
        if len(tokens) == NAME_TOKENS or not _NAME_TOKEN.fullmatch(token.group(0)):
            break
        tokens.append(token)
    if not tokens:
        return None
    return _NameAt(offset + tokens[-1].start(), len(head), False, bool(marker))


def _candidates(text: str, name: _NameAt, names_follow: bool) -> Iterator[_Candidate]:
    """The name read, then shorter readings of an unquoted one: prefixes when the name
    follows the cue ("according to Reuters Kyiv ..."), suffixes when it precedes it
    ("Almaty Strana.news reports")."""
    if name.quoted:
        yield _Candidate(text[name.start:name.end], (name.start, name.end), True)
        return
    pieces = [(m.start() + name.start, m.end() + name.start) for m in re.finditer(r"\S+", text[name.start:name.end])]
    if names_follow:
        ranges = [(pieces[0][0], pieces[j][1]) for j in range(len(pieces) - 1, -1, -1)]
    else:
        ranges = [(pieces[i][0], pieces[-1][1]) for i in range(len(pieces))]
    for a, b in ranges:
        yield _Candidate(text[a:b], (a, b), False)


def _link_for(span: tuple[int, int], name: str, context: Context) -> Link | None:
    """The link over this span whose text is the name (or contains it, or is part of it)."""
    key = name_key(name)
    for start, end, link in context.link_spans():
        if not overlaps((start, end), span):
            continue
        link_key = name_key(link.text)
        if link_key and key and (link_key == key or key in link_key or link_key in key):
            return link
    return None


def _judge(candidate: _Candidate, context: Context, *, weak: bool, marker: bool, writes: bool,
           cue_link: Link | None) -> tuple[str, str, str | None] | None:
    """(kind, name, url) when the candidate is an outlet/agency/channel by the rules in the
    package docstring, else None."""
    name = clean_name(candidate.name)
    if not name:
        return None
    known = known_source(name)
    link = _link_for(candidate.span, candidate.name, context) or cue_link
    if link is not None and link.username:
        return ("telegram", name, channel_url(link.username)) if not is_stop_name(name) else None
    if not known and (is_stop_name(name) or is_stop_token(tokens_of(name)[0]) or INSTITUTION.search(name)):
        return None
    domain = domain_of(name)
    link_kind = host_kind(link.url) if link is not None else None
    if link is not None and link_kind is None:
        return (known, name, None) if known else None  # a name linked to a social or official page
    url = link.url if link is not None else (home_page(domain) if domain else None)
    if known:
        return ("agency" if link_kind == "agency" else known), name, url
    if domain:
        agency = any(domain == d or domain.endswith("." + d) for d in AGENCY_DOMAINS)
        return ("agency" if agency or link_kind == "agency" else "outlet"), name, url
    if weak:
        return None
    if link is not None and host_matches(name, link.url):
        return link_kind or "outlet", name, link.url
    if marker or (candidate.quoted and writes):
        return "outlet", name, url
    return None


def outlet_sources(context: Context, taken: list[tuple[int, int]]) -> list[Found]:
    text, found = context.text, []
    if context.cue:
        for position in _cue_starts(text, context.lower):
            for cue_pattern, weak in _BEFORE_CUES:
                cue = cue_pattern.match(text, position)
                if cue:
                    name = _name_before(text, position)
                    if name:
                        found += _take(context, name, cue, weak, False, taken)
                    break
            for pattern, weak in _AFTER_PATTERNS:
                match = pattern.match(text, position)
                if match:
                    start, end = match.span("name")
                    name = _NameAt(start, end, text[start] in QUOTES, bool(match.group("marker")))
                    found += _take(context, name, match, weak, True, taken)
                    break
        found += _linked_names(context, taken)
    for match in _PARENTHESIZED.finditer(text):
        name = clean_name(match.group("name"))
        if not name or any(overlaps(match.span("name"), other) for other in taken):
            continue
        known, domain = known_source(name), domain_of(name)
        if known or domain:
            kind = known or ("agency" if domain in AGENCY_DOMAINS else "outlet")
            taken.append(match.span("name"))
            found.append(context.found(kind, name, home_page(domain) if domain else None, match.span("name")))
    return found


def _take(context: Context, name: _NameAt, cue: re.Match[str], weak: bool, names_follow: bool,
          taken: list[tuple[int, int]]) -> list[Found]:
    """The source a cue and its name give (at most one), recorded in ``taken``."""
    text = context.text
    if any(overlaps((name.start, name.end), other) for other in taken):
        return []
    cue_text = cue.group("cue") if "cue" in cue.re.groupindex else cue.group(0)
    marker = name.marker or bool(_MARKER_BEFORE.search(text[max(0, name.start - 60):name.start]))
    writes = bool(_WRITES.match(re.sub(r"\s+", " ", cue_text)))
    cue_link = link_over(cue.span("cue") if "cue" in cue.re.groupindex else cue.span(), context)
    for candidate in _candidates(text, name, names_follow):
        verdict = _judge(candidate, context, weak=weak, marker=marker, writes=writes, cue_link=cue_link)
        if verdict:
            kind, found_name, url = verdict
            taken.append(candidate.span)
            return [context.found(kind, found_name, url, candidate.span)]
    return []


def _linked_names(context: Context, taken: list[tuple[int, int]]) -> list[Found]:
    """Links in an attributing sentence whose text is an outlet's name or domain."""
    found = []
    for start, end, link in context.link_spans():
        if link.username or any(overlaps((start, end), other) for other in taken):
            continue
        name = link_text_name(link.text)
        kind = host_kind(link.url)
        if not name or kind is None:
            continue
        known, domain = known_source(name), domain_of(name)
        spelled = len(skeleton(name)) >= 5 and host_matches(name, link.url) and not INSTITUTION.search(name)
        if known or domain or spelled:
            taken.append((start, end))
            found.append(context.found("agency" if kind == "agency" else (known or "outlet"), name, link.url, (start, end)))
    return found
