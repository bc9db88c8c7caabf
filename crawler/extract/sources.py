"""Attribution: who an article says its facts and media come from (the Article's ``sources``).

``find_sources`` reads the plain body sentence by sentence, the body's links and the images'
credits, and returns ``{kind, name, url, evidence}`` dicts:

- ``telegram``: "posted by the “Politika Strany” Telegram channel", "сообщает Telegram-канал
  «...»", "у телеграм-каналі ...", "as reported on Telegram by ..."; names resolve to
  ``https://t.me/<username>`` through a t.me link or @handle in the sentence, else through
  ``crawler/data/known_channels.toml``;
- ``agency`` / ``outlet``: "Strana.news reports that", "according to Reuters", "по данным
  ТАСС", "передає Укрінформ", "(TASS)", and linked source names in attributing sentences;
- ``photo``: image credits ("Photo: tass.ru") and credit lines in the text ("Фото: ...",
  "Video: ...", "Скриншот: ...").

Precision over recall, as a researcher relies on these: a name that is neither a known
outlet/agency nor a domain is only taken with a link to a site of that name, a word such as
"newspaper"/"издание" before it, or quotes after "пишет"/"writes". Names are as written
(quotes stripped), never made up; evidence is the sentence (or credit) the source came from.
Pure and offline: regular expressions compiled once, no network.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from crawler.extract.channels import (
    KnownChannels,
    channel_url,
    channel_username,
    load_known_channels,
    name_key,
    skeleton,
)
from crawler.text import clean_line
from crawler.urls import host_of, registered_domain

# ---------------------------------------------------------------------------------------------
# Sentences and links

_UP = "A-ZА-ЯЁІЇЄҐ"
_SENTENCE_END = re.compile(rf"[.!?…]+[»”\"’)\]]*(?=\s+[\"«“„(\[—–-]?\s*[{_UP}0-9])")
_ABBREVIATIONS = frozenset("""
    mr mrs ms dr st jr sr prof gen col lt sgt capt rev gov sen rep no vs etc approx fig vol inc ltd co
    corp jan feb mar apr jun jul aug sep sept oct nov dec p pp
    г гг им ул д т с н см ср тыс млн млрд руб коп грн обл р-н пр просп пл св о ім тис ст вул пер стр
    проф акад доц ген полк рис табл
""".split())
_DOTTED_ABBREVIATION = re.compile(r"^(?:\w{1,2}\.)+\w{1,2}$")  # U.S, e.g, т.д, т.е
_LAST_WORD = re.compile(r"[\w.-]*$")
MAX_QUOTE_SPAN = 400  # an unclosed quote longer than this is a typo, not a quotation


@dataclass(frozen=True)
class Sentence:
    start: int  # offsets into the body
    end: int
    text: str


def _is_abbreviation(line: str, end_at: int) -> bool:
    """True when the full stop at ``line[end_at]`` ends an abbreviation or an initial, not a sentence."""
    if line[end_at] != "." or (end_at + 1 < len(line) and line[end_at + 1] in ".!?…"):
        return False
    word = _LAST_WORD.search(line, max(0, end_at - 40), end_at).group(0)
    if len(word) == 1 and word.isupper():
        return True  # an initial: "V. Zelensky"
    return word.lower() in _ABBREVIATIONS or bool(_DOTTED_ABBREVIATION.match(word))


def _inside_quotes(segment: str) -> bool:
    if len(segment) > MAX_QUOTE_SPAN:
        return False
    if segment.count("«") > segment.count("»") or segment.count('"') % 2:
        return True
    if "„" in segment:
        return segment.count("„") > segment.count("“")
    return segment.count("“") > segment.count("”")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of a plain text (en/ru/uk): lines are split at ., !, ?, … (with closing quotes
    kept) before a capital, digit, quote or dash; not after abbreviations or inside quotes."""
    sentences: list[Sentence] = []

    def add(offset: int, piece: str) -> None:
        stripped = piece.strip()
        if stripped:
            start = offset + len(piece) - len(piece.lstrip())
            sentences.append(Sentence(start, start + len(stripped), stripped))

    for line_match in re.finditer(r"[^\n]+", text):
        line, offset, start = line_match.group(0), line_match.start(), 0
        for match in _SENTENCE_END.finditer(line):
            if _is_abbreviation(line, match.start()) or _inside_quotes(line[start:match.end()]):
                continue
            add(offset + start, line[start:match.end()])
            start = match.end()
        add(offset + start, line[start:])
    return sentences


@dataclass(frozen=True)
class _Link:
    start: int  # offsets of the link text into the body; -1 when it was not found
    end: int
    url: str
    text: str
    username: str | None  # the Telegram channel a t.me link points to


def _place_links(body: str, links: Iterable[dict[str, Any]]) -> list[_Link]:
    """Body links with the place of their text in the body (links are in text order)."""
    placed, cursor = [], 0
    for link in links:
        url, text = link.get("url"), clean_line(link.get("text")) or ""
        if not url:
            continue
        start = body.find(text, cursor) if text else -1
        if start < 0 and text:
            start = body.find(text)
        if start >= 0:
            cursor = start + len(text)
        placed.append(_Link(start, start + len(text) if start >= 0 else -1, url, text, channel_username(url)))
    return placed


# ---------------------------------------------------------------------------------------------
# Names

_QUOTES = "«»“”„\"‘’‹›`'"
_CAP = rf"[{_UP}][\w’'&.+-]*"
NAME_TOKENS = 5
_NAMESEQ = rf"{_CAP}(?:[ \u00a0]{_CAP}){{0,{NAME_TOKENS - 1}}}"
_NAMESEQ_OF = rf"{_CAP}(?:[ \u00a0](?:(?:of|and|&)[ \u00a0](?:the[ \u00a0])?)?{_CAP}){{0,6}}"
_QUOTED = r"(?:«[^«»\n]{1,80}»|“[^“”\n]{1,80}[”“]|„[^„“”\n]{1,80}[“”]|\"[^\"\n]{1,80}\")"
_HANDLE = r"(?<![\w.@])@[A-Za-z][A-Za-z0-9_]{3,31}\b"
_DOMAIN_NAME = r"(?<![\w.])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,12}\b"
_NAME = rf"(?:{_QUOTED}|{_HANDLE}|{_NAMESEQ})"

_TLDS = frozenset("""
    ru ua by kz md ge am az uz kg tj lv lt ee pl cz sk hu ro bg rs hr si gr tr il de at ch fr it es pt nl be
    uk ie se no fi dk is us ca au nz jp cn kr in eu io tv fm me co com net org info biz pro news media
    online live today press agency su рф укр
""".split())
_DOMAIN = re.compile(r"^(?:[\w-]+\.)+(?P<tld>[a-zа-я]{2,12})$", re.IGNORECASE)

# Words that are not names: pronouns, articles, prepositions, dates, generic nouns, demonyms.
_STOP_WORDS = frozenset("""
    the a an this that these those it its he she they we i you his her their our my your one another some
    any also and but or as at by for from in into of on to with via after before since while when then
    according meanwhile earlier later now today yesterday however moreover also there here what which who
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december official officials source sources media press reports
    report police witnesses eyewitnesses journalists experts analysts residents locals users insiders
    bloggers telegram channel channels news several many local popular anonymous
    он она оно они мы вы я его ее её их этот эта это эти тот та те свой своя также тоже однако ранее
    позже теперь сегодня вчера в во на по об о про из с со к у и а но или для от до при
    источник источники сми журналисты очевидцы эксперты аналитики пользователи жители местные инсайдеры
    блогеры пресс-служба канал телеграм
    він вона воно вони ми ви його її їх цей ця це ці той та ті свій своя також проте раніше пізніше
    сьогодні вчора з із зі до від за при для і й та або але джерело джерела змі журналісти очевидці
    експерти аналітики користувачі мешканці місцеві
""".split())
_DEMONYMS = frozenset("""
    ukrainian russian belarusian kazakh kazakhstani moldovan georgian polish american british european
    western israeli chechen crimean pro-russian pro-ukrainian pro-kremlin kremlin-linked
    украинский украинского российский российского белорусский український українського російський
    російського білоруський
""".split())
# Words of official bodies, companies and people's roles: never an outlet unless known by name.
_INSTITUTION = re.compile(
    r"(?i)\b(?:ministr\w*|department|office|police|army|forces|command|staff|service|government|council|"
    r"court|prosecutor\w*|committee|administration|kremlin|pentagon|parliament|cabinet|embassy|mission|"
    r"bureau|authority|commission|institute|university|company|corporation|bank|president|mayor|governor|"
    r"minister|spokesman|spokeswoman|un|nato|eu|osce|iaea|who|"
    r"министерств\w*|минобороны|минздрав\w*|мид|мвд|мчс|фсб|сбу|гур|всу|зсу|генштаб\w*|офис\w*|кремл\w*|"
    r"кабмин\w*|правительств\w*|рада|рады|полици\w*|прокуратур\w*|суд\w*|служб\w*|департамент\w*|"
    r"управлени\w*|комитет\w*|администраци\w*|президент\w*|мэр\w*|губернатор\w*|"
    r"міністерств\w*|міноборони|мвс|офіс\w*|уряд\w*|поліці\w*|прокурор\w*|комітет\w*|адміністраці\w*)\b"
)


def _strip_quotes(text: str) -> str:
    return text.strip().strip(_QUOTES).strip()


def _tokens(name: str) -> list[str]:
    return name.split()


def _is_stop_token(token: str) -> bool:
    return token.strip(_QUOTES + ".,").casefold() in _STOP_WORDS


def _is_stop_name(name: str) -> bool:
    """True for a "name" made of stop words and demonyms only ("Ukrainian", "The Russian")."""
    words = [word.strip(_QUOTES + ".,").casefold() for word in _tokens(name)]
    return not words or all(word in _STOP_WORDS or word in _DEMONYMS for word in words)


def _clean_name(raw: str) -> str | None:
    """A name as written: quotes, a possessive, a leading article and trailing punctuation removed."""
    name = _strip_quotes(raw)
    name = re.sub(r"['’]s$", "", name).rstrip(".,;:!?-–— ")
    if name.count(" ") and not (name.startswith("The ") and _keeps_article(name)):
        name = re.sub(r"^(?:the|The)\s+", "", name)
    name = clean_line(_strip_quotes(name))
    return name or None


def _domain_of(name: str) -> str | None:
    """``"Strana.news"`` -> ``"strana.news"``: a name that is itself a domain (known TLD)."""
    match = _DOMAIN.match(name.strip().lower())
    if not match or match.group("tld") not in _TLDS or " " in name.strip():
        return None
    return registered_domain(name.strip().lower())


# ---------------------------------------------------------------------------------------------
# Known outlets and agencies (names in any spelling name_key folds together)

_AGENCY_NAMES = """
    TASS | ТАСС | ITAR-TASS | ИТАР-ТАСС | RIA Novosti | РИА Новости | РІА Новини | RIA | РИА |
    Interfax | Интерфакс | Інтерфакс | Interfax-Ukraine | Интерфакс-Украина | Інтерфакс-Україна |
    Ukrinform | Укринформ | Укрінформ | UNIAN | УНИАН | УНІАН | Reuters | Рейтер | Рейтерс |
    AP | Associated Press | Ассошиэйтед Пресс | Асошіейтед Прес | AFP | Agence France-Presse |
    France-Presse | Франс Пресс | Франс-Пресс | Франс-Прес | dpa | Deutsche Presse-Agentur | Bloomberg |
    Блумберг | Xinhua | Синьхуа | Сіньхуа | Anadolu | ANSA | EFE | Kyodo | Yonhap | Sputnik | Спутник |
    BelTA | БелТА | Kazinform | Казинформ | Regnum | Регнум | UPI | ПРАЙМ | Ukrainian News | Українські новини |
    Украинские новости
"""
_OUTLET_NAMES = """
    Strana | Страна | Strana.ua | Ukrainska Pravda | Ukrainian Pravda | Украинская правда | Українська правда |
    Kyiv Independent | Kyiv Post | Hromadske | Громадское | Громадське | Suspilne | Суспільне | Общественное |
    Obozrevatel | Обозреватель | Оглядач | Zerkalo Nedeli | Зеркало недели | Дзеркало тижня | RBC-Ukraine |
    РБК-Украина | РБК-Україна | Liga.net | Censor.net | Vesti | Вести | Вєсті | UOJ | СПЖ |
    Union of Orthodox Journalists | Союз православных журналистов | Союз православних журналістів |
    Meduza | Медуза | Kommersant | Коммерсантъ | Коммерсант | Vedomosti | Ведомости | Izvestia | Известия |
    Известий | RBC | РБК | Novaya Gazeta | Новая газета | Нова газета | Komsomolskaya Pravda |
    Комсомольская правда | Rossiyskaya Gazeta | Российская газета | Moskovsky Komsomolets |
    Московский комсомолец | Fontanka | Фонтанка | RT | Russia Today | The Insider | BBC | BBC News |
    Би-би-си | Бі-бі-сі | Русская служба Би-би-си | BBC News Україна | Radio Liberty | Radio Svoboda |
    Радио Свобода | Радіо Свобода | RFE/RL | Deutsche Welle | DW | Немецкая волна | Euronews | CNN |
    Си-эн-эн | NBC | NBC News | CBS | CBS News | ABC News | Fox News | Sky News | Al Jazeera |
    Аль-Джазира | The New York Times | New York Times | Нью-Йорк таймс | The Washington Post |
    Washington Post | The Wall Street Journal | Wall Street Journal | WSJ | The Guardian | The Times |
    The Telegraph | The Independent | The Economist | Financial Times | Politico | Axios | Bild |
    Der Spiegel | Spiegel | Die Welt | Le Monde | Le Figaro | Forbes | Forbes Ukraine | Newsweek |
    Daily Mail | CNBC | NPR | Lenta.ru | Gazeta.ru
"""
_AGENCY_DOMAINS = frozenset("""
    tass.ru tass.com ria.ru interfax.ru interfax.com interfax.com.ua ukrinform.ua ukrinform.net ukrinform.ru
    unian.ua unian.net unian.info reuters.com apnews.com ap.org afp.com dpa.com bloomberg.com xinhuanet.com
    news.cn aa.com.tr ansa.it efe.com kyodonews.net yna.co.kr sputniknews.com belta.by inform.kz regnum.ru
    1prime.ru
""".split())
# Sites of some outlets by name: only to tell an article's own outlet from its sources
# ("The UOJ wrote" on spzh.news, "(ТАСС)" on tass.ru), never to fill a URL in.
_SITES = (
    ("spzh.news spzh.live spzh.eu", ("UOJ | СПЖ | Union of Orthodox Journalists | Союз православных журналистов | "
                                     "Союз православних журналістів")),
    ("strana.news strana.ua", "Strana | Страна | Strana.ua"),
    ("tass.ru tass.com", "TASS | ТАСС | ITAR-TASS | ИТАР-ТАСС"),
    ("ria.ru", "RIA Novosti | РИА Новости | РІА Новини"),
    ("interfax.ru", "Interfax | Интерфакс"),
    ("interfax.com.ua", "Interfax-Ukraine | Интерфакс-Украина | Інтерфакс-Україна"),
    ("ukrinform.ua ukrinform.net ukrinform.ru", "Ukrinform | Укринформ | Укрінформ"),
    ("unian.ua unian.net unian.info", "UNIAN | УНИАН | УНІАН"),
    ("pravda.com.ua", "Ukrainska Pravda | Украинская правда | Українська правда"),
    ("kyivindependent.com", "Kyiv Independent"),
    ("kyivpost.com", "Kyiv Post"),
    ("meduza.io", "Meduza | Медуза"),
    ("kommersant.ru", "Kommersant | Коммерсантъ | Коммерсант"),
)
_SITE_OF = {
    name_key(name.strip()): frozenset(domains.split()) for domains, names in _SITES for name in names.split("|")
}
# Hosts whose pages are not outlets: social networks, official sites.
_NOT_OUTLET_HOSTS = frozenset("""
    facebook.com fb.com twitter.com x.com instagram.com youtube.com youtu.be vk.com ok.ru tiktok.com
    linkedin.com threads.net kremlin.ru mid.ru mil.ru government.ru europa.eu un.org nato.int
""".split())


def _names_table(*tables: tuple[str, str]) -> dict[str, tuple[str, frozenset[str]]]:
    """name_key -> (kind, the spellings in the tables)."""
    table: dict[str, tuple[str, frozenset[str]]] = {}
    for names, kind in tables:
        for name in filter(None, (name.strip() for name in names.split("|"))):
            key = name_key(name)
            spellings = table[key][1] if key in table else frozenset()
            table[key] = (kind, spellings | {name})
    return table


_KNOWN_SOURCES = _names_table((_OUTLET_NAMES, "outlet"), (_AGENCY_NAMES, "agency"))


def _known_source(name: str) -> str | None:
    """Kind of a known outlet or agency, by name in any spelling; short names by exact case."""
    known = _KNOWN_SOURCES.get(name_key(name))
    if known is None:
        return None
    kind, spellings = known
    name = name.strip()
    if len(name) <= 3 and not (name.isupper() or name in spellings):
        return None  # "AP", "RT", "dpa": not "Ap", "rt"
    return kind


def _keeps_article(name: str) -> bool:
    """True for names whose "The" is part of the title ("The Guardian", "The Insider")."""
    known = _KNOWN_SOURCES.get(name_key(name))
    return bool(known) and any(spelling.startswith("The ") for spelling in known[1])


_OFFICIAL_HOST = re.compile(r"(?:^|\.)(?:gov|mil|gouv|int)(?:\.[a-z]{2})?$")
_GENERIC_LABELS = frozenset({"com", "net", "org", "gov", "edu", "www", "news", "info"})


def _host_kind(url: str) -> str | None:
    """``agency``/``outlet`` for a link to such a site; None for social networks and official sites."""
    host = registered_domain(host_of(url))
    if not host or host in _NOT_OUTLET_HOSTS or _OFFICIAL_HOST.search(host):
        return None
    if any(host == domain or host.endswith("." + domain) for domain in _AGENCY_DOMAINS):
        return "agency"
    return "outlet"


def _host_matches(name: str, url: str) -> bool:
    """True when a site's domain spells the name: "Kyiv Post" ~ kyivpost.com, "Страна" ~ strana.news."""
    labels = [label for label in registered_domain(host_of(url)).split(".")[:-1]
              if len(label) >= 3 and label not in _GENERIC_LABELS]
    wanted = skeleton(name)
    for label in labels:
        site = skeleton(label)
        if site == wanted or (min(len(site), len(wanted)) >= 5 and (site in wanted or wanted in site)):
            return True
    return False


def _home_page(domain: str) -> str:
    return f"https://{domain}/"


# ---------------------------------------------------------------------------------------------
# Results

@dataclass
class _Found:
    position: int  # offset into the body, for the order of appearance
    kind: str
    name: str | None
    url: str | None
    evidence: str
    span: tuple[int, int] = (0, 0)  # what the match covers inside its sentence

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.name, "url": self.url, "evidence": self.evidence}


@dataclass
class _Context:
    """One sentence with its links, as the matchers see it."""

    sentence: Sentence
    links: list[_Link]
    known_channels: KnownChannels
    slavic: bool = False  # run the Russian/Ukrainian patterns
    telegram: bool = False  # the sentence says "Telegram" (or "телеграм", "t.me"...)
    cue: bool = False  # it has a word of an attribution ("reports", "пишет", "за даними"...)
    credit: bool = False  # it has a credit label ("Photo", "Фото"...)
    lower: str = ""  # the sentence lower-cased

    @property
    def text(self) -> str:
        return self.sentence.text

    def link_spans(self) -> Iterator[tuple[int, int, _Link]]:
        """The sentence's links (all placed inside it), with their span relative to the sentence."""
        for link in self.links:
            yield link.start - self.sentence.start, link.end - self.sentence.start, link

    def found(self, kind: str, name: str | None, url: str | None, span: tuple[int, int]) -> _Found:
        return _Found(self.sentence.start + span[0], kind, name, url, self.sentence.text, span)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# ---------------------------------------------------------------------------------------------
# Telegram channels

_TG_WORD = r"(?:[Tt]elegram|TELEGRAM|[Тт]елеграмм?|[Тт]елеґрам|ТГ|тг|TG|tg)"
_TG_EN = r"\b[Tt]elegram[\s-]+channel\b"
_TG_SLAVIC = rf"(?<![\w-]){_TG_WORD}[\s\-‑–]*[Кк]анал(?P<ending>[а-яіїєґ]*)\b"
_SINGULAR_ENDINGS = frozenset({"", "а", "у", "ом", "е", "і"})
_GENITIVE_MARKER = r"(?:издания|газеты|агентства|журнала|телеканала|проекта|видання|газети|агенції|проєкту|проекту)"
_ADJECTIVE_GENITIVE = r"(?:[а-яёіїєґ-]+(?:ого|ой|ей|ий|ый|ая|ої|ього|ської|ской)\s+){1,2}"

# (pattern, mode, Russian/Ukrainian). Modes: "after": the name follows the Telegram phrase;
# "before": it precedes it (leading stop words dropped); "strict": like "before", but kept only
# when it resolves to a channel (what precedes "wrote on Telegram" may be a person or a quote).
_TELEGRAM_PATTERNS: tuple[tuple[re.Pattern[str], str, bool], ...] = tuple(
    (re.compile(pattern), mode, slavic) for pattern, mode, slavic in (
        (rf"(?P<name>{_QUOTED})\s+{_TG_EN}", "before", False),
        (rf"(?:^|\b(?i:the|by|from|via)\s+)(?:[a-z][\w-]*\s+){{0,2}}(?P<name>{_NAMESEQ})\s+{_TG_EN}", "before", False),
        (rf"(?:^|(?<=\s))(?P<name>{_NAMESEQ})['’]s\s+(?:(?i:official)\s+)?{_TG_EN}", "strict", False),
        (rf"{_TG_EN}\s+of\s+(?:the\s+)?(?P<name>{_QUOTED}|{_NAMESEQ_OF})", "after", False),
        (rf"{_TG_EN}\s+(?:(?:called|named)\s+)?(?P<name>{_NAME})", "after", False),
        (rf"\bon\s+[Tt]elegram\s+by\s+(?:the\s+)?(?P<name>{_NAME})", "after", False),
        ((rf"(?:^|(?<=\s))(?P<name>{_NAMESEQ})\s+(?:said|wrote|reported|posted|published|announced)\s+on\s+"
          rf"(?:(?:its|his|her|their)\s+)?[Tt]elegram\b"), "strict", False),
        (rf"{_TG_SLAVIC}\s+(?:{_GENITIVE_MARKER}\s+)?(?P<name>{_NAME})", "after", True),
        (rf"{_TG_SLAVIC}\s+{_ADJECTIVE_GENITIVE}(?:{_GENITIVE_MARKER}\s+)?(?P<name>{_QUOTED})", "after", True),
        (rf"(?P<name>{_QUOTED}|{_NAMESEQ})\s+(?:в|у)\s+(?i:сво(?:ем|ём|ему|їм|єму))\s+{_TG_SLAVIC}", "strict", True),
    )
)
# Only in sentences that say "Telegram": 'channel “X”', '“X” channel', 'канал «X»'.
_CHANNEL_QUOTED: tuple[tuple[re.Pattern[str], str, bool], ...] = (
    (re.compile(rf"\b[Cc]hannel\s+(?P<name>{_QUOTED})"), "before", False),
    (re.compile(rf"(?P<name>{_QUOTED})\s+channel\b"), "before", False),
    (re.compile(rf"(?<![\w-])[Кк]анал[а-яіїєґ]*\s+(?P<name>{_QUOTED})"), "before", True),
)
_TELEGRAM_PHRASE = re.compile(rf"{_TG_EN}s?|{_TG_SLAVIC}|\b{_TG_WORD}\b")
_OWN_CHANNEL = re.compile(
    r"(?i)\bour\s+(?:\w+\s+)?(?:telegram|channel)|\bнаш\w*\s+(?:\w+\s+)?(?:telegram|телеграм|тг|канал)|"
    r"subscribe|join\s+(?:us|our)|follow\s+us|подписывайтесь|подпишитесь|подписаться\s+на|підписуйтесь|"
    r"підпишіться|підписатися\s+на|присоединяйтесь|приєднуйтесь|следите\s+за|стежте\s+за"
)
_HANDLE_RE = re.compile(_HANDLE)
# Words that make a t.me link in a sentence a source of what the sentence tells.
_PUBLISH_CUE = re.compile(
    r"(?i)\b(?:posted|published|shared|appeared|reported|reports|wrote|writes|according|said|says|told|"
    r"reposted|forwarded|перепост\w*|репост\w*|переслал\w*|поделил\w*|поділи\w*|поширив\w*|"
    r"заявил\w*|заявив|заявила|сказал\w*|сказав|сказала|"
    r"опубликова\w*|выложи\w*|появил\w*|сообщ\w*|пиш\w*|написа\w*|переда\w*|показа\w*|"
    r"опублікува\w*|оприлюдни\w*|виклав|виклала|з'явил\w*|з’явил\w*|повідом\w*|пише|написав|написала|"
    r"передає|показав|показала)"
)


def _telegram_name(raw: str, mode: str) -> str | None:
    """The channel name a pattern captured, or None when it is no name ("the Ukrainian ...")."""
    if raw.startswith("@"):
        return raw
    if raw[:1] in _QUOTES:
        name = _clean_name(raw)
        return name if name and not _is_stop_name(name) else None
    tokens = _tokens(raw)
    if mode == "after":
        if _is_stop_token(tokens[0]):
            return None
    else:
        while tokens and _is_stop_token(tokens[0]):
            tokens = tokens[1:]
    name = _clean_name(" ".join(tokens)) if tokens else None
    return name if name and not _is_stop_name(name) else None


def _link_text_name(text: str) -> str | None:
    """A channel or outlet name a link text gives ("“Politika Strany” Telegram channel" -> ...)."""
    remainder = _TELEGRAM_PHRASE.sub(" ", text)
    remainder = re.sub(r"(?i)\b(?:the|в|у|on|in)\b", " ", remainder).strip(" ,.:;-–—")
    if not remainder or len(remainder.split()) > 6:
        return None
    name = _clean_name(remainder)
    if not name or _is_stop_name(name) or not (name[0].isupper() or name[0].isdigit() or name[0] == "@"
                                                or remainder[0] in _QUOTES):
        return None
    return name


def _sentence_usernames(context: _Context) -> list[str]:
    """Distinct channels the sentence's t.me links and @handles point to, in order."""
    names = [link.username for link in context.links if link.username]
    names += [handle[1:] for handle in _HANDLE_RE.findall(context.text)]
    return list(dict.fromkeys(names))


def _resolve_channel(name: str, span: tuple[int, int], context: _Context) -> str | None:
    """Username of a channel name: an @handle, the t.me link of that name, the only t.me link of
    the sentence (when its text names nothing else), else the known-channels file."""
    if name.startswith("@"):
        return name[1:]
    key = name_key(name)
    unnamed: list[str] = []
    for start, end, link in context.link_spans():
        if not link.username:
            continue
        link_name = _link_text_name(link.text)
        link_key = name_key(link_name or link.text)
        if key and link_key and (key in link_key or (len(link_key) >= 4 and link_key in key)):
            return link.username
        if _overlaps((start, end), span):
            return link.username
        if link_name is None:  # "here", "видео": a link that names no other channel
            unnamed.append(link.username)
    handles = [handle[1:] for handle in _HANDLE_RE.findall(context.text)]
    candidates = list(dict.fromkeys(unnamed + handles))
    if len(candidates) == 1 and len(_sentence_usernames(context)) == 1:
        return candidates[0]
    return context.known_channels.username(name)


def _telegram_sources(context: _Context) -> list[_Found]:
    text = context.text
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []
    linked = any(link.username for link in context.links)
    if not (context.telegram or linked or "@" in text) or _OWN_CHANNEL.search(text):
        return []
    patterns: list[tuple[re.Pattern[str], str, bool]] = []
    if context.telegram:  # every pattern has a Telegram word in it
        patterns = [*_TELEGRAM_PATTERNS, *_CHANNEL_QUOTED]
    for pattern, mode, slavic in patterns:
        if slavic and not context.slavic:
            continue
        for match in pattern.finditer(text):
            span = match.span()
            if "ending" in pattern.groupindex and match.group("ending") not in _SINGULAR_ENDINGS:
                continue  # "Telegram-каналы": several channels, no one named
            if any(_overlaps(span, other) for other in taken):
                continue
            raw = match.group("name")
            name = _telegram_name(raw, mode)
            if name is None:
                continue
            username = _resolve_channel(name, match.span("name"), context)
            if mode == "strict" and username is None:
                continue
            taken.append(span)
            found.append(context.found("telegram", name, channel_url(username) if username else None, span))
    found += _telegram_links(context, found, taken)
    return found


def _telegram_links(context: _Context, found: list[_Found], taken: list[tuple[int, int]]) -> list[_Found]:
    """t.me channel links (and @handles) of an attributing sentence that no named channel used."""
    if not _PUBLISH_CUE.search(context.text):
        return []
    used = {item.url for item in found}
    extra: list[_Found] = []
    for start, end, link in context.link_spans():
        if not link.username or channel_url(link.username) in used:
            continue
        used.add(channel_url(link.username))
        taken.append((start, end))
        extra.append(context.found("telegram", _link_text_name(link.text), channel_url(link.username), (start, end)))
    for match in _HANDLE_RE.finditer(context.text):
        if context.telegram and channel_url(match.group(0)[1:]) not in used:
            used.add(channel_url(match.group(0)[1:]))
            taken.append(match.span())
            extra.append(context.found("telegram", match.group(0), channel_url(match.group(0)[1:]), match.span()))
    return extra


# ---------------------------------------------------------------------------------------------
# Outlets and agencies

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
_AFTER_NAME = rf"(?P<name>{_QUOTED}|{_NAMESEQ}|dpa|{_DOMAIN_NAME})"
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
_NAME_TOKEN = re.compile(rf"(?:{_CAP}|dpa|{_DOMAIN_NAME})")
_TRAILING_QUOTED = re.compile(rf"{_QUOTED}$")
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


def _link_for(span: tuple[int, int], name: str, context: _Context) -> _Link | None:
    """The link over this span whose text is the name (or contains it, or is part of it)."""
    key = name_key(name)
    for start, end, link in context.link_spans():
        if not _overlaps((start, end), span):
            continue
        link_key = name_key(link.text)
        if link_key and key and (link_key == key or key in link_key or link_key in key):
            return link
    return None


def _cue_link(span: tuple[int, int], context: _Context) -> _Link | None:
    for start, end, link in context.link_spans():
        if _overlaps((start, end), span):
            return link
    return None


def _judge(candidate: _Candidate, context: _Context, *, weak: bool, marker: bool, writes: bool,
           cue_link: _Link | None) -> tuple[str, str, str | None] | None:
    """(kind, name, url) when the candidate is an outlet/agency/channel by the rules in the
    module docstring, else None."""
    name = _clean_name(candidate.name)
    if not name:
        return None
    known = _known_source(name)
    link = _link_for(candidate.span, candidate.name, context) or cue_link
    if link is not None and link.username:
        return ("telegram", name, channel_url(link.username)) if not _is_stop_name(name) else None
    if not known and (_is_stop_name(name) or _is_stop_token(_tokens(name)[0]) or _INSTITUTION.search(name)):
        return None
    domain = _domain_of(name)
    link_kind = _host_kind(link.url) if link is not None else None
    if link is not None and link_kind is None:
        return (known, name, None) if known else None  # a name linked to a social or official page
    url = link.url if link is not None else (_home_page(domain) if domain else None)
    if known:
        return ("agency" if link_kind == "agency" else known), name, url
    if domain:
        agency = any(domain == d or domain.endswith("." + d) for d in _AGENCY_DOMAINS)
        return ("agency" if agency or link_kind == "agency" else "outlet"), name, url
    if weak:
        return None
    if link is not None and _host_matches(name, link.url):
        return link_kind or "outlet", name, link.url
    if marker or (candidate.quoted and writes):
        return "outlet", name, url
    return None


def _outlet_sources(context: _Context, taken: list[tuple[int, int]]) -> list[_Found]:
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
                    name = _NameAt(start, end, text[start] in _QUOTES, bool(match.group("marker")))
                    found += _take(context, name, match, weak, True, taken)
                    break
        found += _linked_names(context, taken)
    for match in _PARENTHESIZED.finditer(text):
        name = _clean_name(match.group("name"))
        if not name or any(_overlaps(match.span("name"), other) for other in taken):
            continue
        known, domain = _known_source(name), _domain_of(name)
        if known or domain:
            kind = known or ("agency" if domain in _AGENCY_DOMAINS else "outlet")
            taken.append(match.span("name"))
            found.append(context.found(kind, name, _home_page(domain) if domain else None, match.span("name")))
    return found


def _take(context: _Context, name: _NameAt, cue: re.Match[str], weak: bool, names_follow: bool,
          taken: list[tuple[int, int]]) -> list[_Found]:
    """The source a cue and its name give (at most one), recorded in ``taken``."""
    text = context.text
    if any(_overlaps((name.start, name.end), other) for other in taken):
        return []
    cue_text = cue.group("cue") if "cue" in cue.re.groupindex else cue.group(0)
    marker = name.marker or bool(_MARKER_BEFORE.search(text[max(0, name.start - 60):name.start]))
    writes = bool(_WRITES.match(re.sub(r"\s+", " ", cue_text)))
    cue_link = _cue_link(cue.span("cue") if "cue" in cue.re.groupindex else cue.span(), context)
    for candidate in _candidates(text, name, names_follow):
        verdict = _judge(candidate, context, weak=weak, marker=marker, writes=writes, cue_link=cue_link)
        if verdict:
            kind, found_name, url = verdict
            taken.append(candidate.span)
            return [context.found(kind, found_name, url, candidate.span)]
    return []


def _linked_names(context: _Context, taken: list[tuple[int, int]]) -> list[_Found]:
    """Links in an attributing sentence whose text is an outlet's name or domain."""
    found = []
    for start, end, link in context.link_spans():
        if link.username or any(_overlaps((start, end), other) for other in taken):
            continue
        name = _link_text_name(link.text)
        kind = _host_kind(link.url)
        if not name or kind is None:
            continue
        known, domain = _known_source(name), _domain_of(name)
        spelled = len(skeleton(name)) >= 5 and _host_matches(name, link.url) and not _INSTITUTION.search(name)
        if known or domain or spelled:
            taken.append((start, end))
            found.append(context.found("agency" if kind == "agency" else (known or "outlet"), name, link.url, (start, end)))
    return found


# ---------------------------------------------------------------------------------------------
# Photo and video credits

_CREDIT_LABELS = (
    r"photo(?:s|graph)?|video|image|picture|screenshot|illustration|"
    r"фото(?:графия)?|видео|відео|скриншот|скріншот|світлина|ілюстрація|иллюстрация|кадр"
)
_CREDIT_LABEL = re.compile(
    rf"(?:^|(?<=[(\[|/;,])|(?<=\s)(?=[{_UP}]))\s*(?P<label>(?i:{_CREDIT_LABELS}))"
    rf"(?:\s*[:©]|\s+(?i:by|from|credit)\s*[:©]|\s+(?i:by|courtesy\s+of)\s)\s*"
)
_GENERIC_CREDITS = frozenset("""
    illustrative illustration иллюстративное иллюстрация ілюстративне ілюстрація archive архив архів
    collage коллаж колаж screenshot скриншот скріншот video видео відео photo фото
""".split())
_CONNECTORS = frozenset({"of", "the", "in", "and", "by", "for", "from", "via", "с", "из", "и", "і", "з", "із", "та", "в", "у"})
MAX_CREDIT_CHARS = 80


def credit_name(text: str | None) -> str | None:
    """The name a credit gives ("tass.ru", "РИА Новости", "John Smith / AP"), or None for
    something that is no credit: a caption sentence, "illustrative", "open sources"."""
    credit = clean_line(text)
    if not credit:
        return None
    credit = credit.lstrip("©").strip().rstrip(" .,;:/|-–—")
    if not credit or len(credit) > MAX_CREDIT_CHARS or len(credit.split()) > 8:
        return None
    if re.search(rf"[.!?]\s+\S|(?i:\b(?:{_CREDIT_LABELS})\s*:)", credit):
        return None  # two sentences, or another credit label: not a credit
    words = credit.split()
    lower = [word for word in words if word[:1].islower() and not _domain_of(word)]
    if len(lower) >= 4:
        return None
    named = any(word[:1].isupper() or word[:1].isdigit() or word[:1] in _QUOTES + "@" or _domain_of(word)
                for word in words if word.casefold() not in _CONNECTORS)
    if not named or all(word.strip(_QUOTES).casefold() in _GENERIC_CREDITS for word in words):
        return None
    return credit


def _credit_sources(context: _Context) -> list[_Found]:
    text, found = context.text, []
    if not context.credit:
        return found
    labels = list(_CREDIT_LABEL.finditer(text))
    for index, match in enumerate(labels):
        stop = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        value = re.split(r"[)\]|]", text[match.end():stop], maxsplit=1)[0]
        name = credit_name(value)
        if not name:
            continue
        span = (match.end(), match.end() + len(value.rstrip()))
        link = _cue_link(span, context)
        domain = _domain_of(name)
        url = link.url if link is not None else (_home_page(domain) if domain else None)
        found.append(context.found("photo", name, url, (match.start(), span[1])))
    return found


def _image_sources(images: Iterable[dict[str, Any]]) -> list[_Found]:
    found = []
    for image in images:
        credit = image.get("credit")
        name = credit_name(credit)
        if name:
            domain = _domain_of(name)
            found.append(_Found(-1, "photo", name, _home_page(domain) if domain else None, clean_line(credit) or name))
        elif image.get("caption"):
            caption = clean_line(image["caption"]) or ""
            context = _Context(Sentence(-1, -1, caption), [], KnownChannels(), credit=True)
            found += [_Found(-1, item.kind, item.name, item.url, caption) for item in _credit_sources(context)]
    return found


# ---------------------------------------------------------------------------------------------
# Putting it together

# Cheap substring tests (on the lower-cased sentence) that decide which matchers run: most
# sentences of an article have none of these and cost one pass of ``in`` checks.
_TELEGRAM_STEMS = ("telegram", "телеграм", "телеґрам", "тг", "tg", "t.me")
_CUE_STEMS = (
    "report", "wrote", "writes", "according", "cit", "quot", "said", "says", "told", "interview", "inform",
    "note", "claims", "learned", "сообщ", "пиш", "писа", "переда", "данн", "информ", "сведен", "ссыл",
    "уточн", "выясн", "узнал", "цитир", "повідом", "пише", "писав", "даних", "даними", "інформ", "посила",
    "цитує", "з'ясува", "з’ясува", "дізнал",
)
_CREDIT_STEMS = (
    "photo", "video", "image", "picture", "screenshot", "illustr", "фото", "видео", "відео", "скрин", "скрін",
    "світлин", "ілюстр", "иллюстр", "кадр",
)


def _mentions(lower: str, stems: tuple[str, ...]) -> bool:
    return any(stem in lower for stem in stems)


_CYRILLIC = re.compile(r"[а-яёіїєґА-ЯЁІЇЄҐ]")


def _own_source(item: _Found, own_domains: set[str], own_keys: set[str]) -> bool:
    """True for the article's own outlet: its domain, mirrors or names."""
    if item.kind == "telegram":
        return False
    for value in (item.url, item.name):
        if not value:
            continue
        domain = registered_domain(host_of(value)) if "://" in value else _domain_of(value)
        if domain and any(domain == own or domain.endswith("." + own) for own in own_domains):
            return True
    if not item.name:
        return False
    key = name_key(item.name)
    return key in own_keys or bool(_SITE_OF.get(key, frozenset()) & own_domains)


def _deduplicated(found: Iterable[_Found]) -> list[dict[str, Any]]:
    """Same kind and name (in any spelling) or same URL: once, with the first evidence."""
    kept: list[_Found] = []
    by_key: dict[tuple[str, str], _Found] = {}
    for item in found:
        keys = [(item.kind, "name:" + name_key(item.name))] if item.name and name_key(item.name) else []
        keys += [(item.kind, "url:" + item.url)] if item.url else []
        first = next((by_key[key] for key in keys if key in by_key), None)
        if first is not None:
            if first.url is None and item.url:
                first.url = item.url
                by_key[(item.kind, "url:" + item.url)] = first
            continue
        for key in keys:
            by_key[key] = item
        kept.append(item)
    return [item.as_dict() for item in kept]


def find_sources(
    body: str | None,
    links: list[dict[str, Any]] | None = None,
    images: list[dict[str, Any]] | None = None,
    language: str | None = None,
    *,
    url: str | None = None,
    own_domains: Iterable[str] = (),
    own_names: Iterable[str] = (),
    known_channels: KnownChannels | None = None,
) -> list[dict[str, Any]]:
    """The Article's ``sources``: ``[{kind, name, url, evidence}]`` in order of appearance
    (image credits first: an article's images mostly stand above its text), deduplicated.

    ``body``: plain text, paragraphs separated by a blank line; ``links``: the body's links
    ``[{url, text}]``; ``images``: ``[{url, caption, credit}]``; ``language``: ISO 639-1 of the
    article ("en" skips the Russian/Ukrainian patterns). ``url``, ``own_domains`` and
    ``own_names`` name the article's own outlet, which is never its own source (a link to
    the outlet's other article, "Photo: UOJ"). ``known_channels`` replaces the shipped file.
    """
    known = known_channels if known_channels is not None else load_known_channels()
    own = {registered_domain(domain.lower()) for domain in own_domains if domain}
    if url and host_of(url):
        own.add(registered_domain(host_of(url)))
    own_keys = {name_key(name) for name in own_names if name_key(name)}
    found = _image_sources(images or [])
    if body:
        placed = _place_links(body, links or [])
        slavic_language = language not in ("en",)
        for sentence in split_sentences(body):
            sentence_links = [link for link in placed if link.start >= sentence.start and link.end <= sentence.end]
            lower = sentence.text.lower()
            context = _Context(
                sentence, sentence_links, known,
                slavic=slavic_language and bool(_CYRILLIC.search(sentence.text)),
                telegram=_mentions(lower, _TELEGRAM_STEMS),
                cue=_mentions(lower, _CUE_STEMS),
                credit=_mentions(lower, _CREDIT_STEMS),
                lower=lower,
            )
            if not (sentence_links or context.telegram or context.cue or context.credit or "(" in sentence.text):
                continue
            in_sentence = _telegram_sources(context)
            taken = [item.span for item in in_sentence]
            in_sentence += _credit_sources(context)
            taken += [item.span for item in in_sentence if item.kind == "photo"]
            in_sentence += _outlet_sources(context, taken)
            found += sorted(in_sentence, key=lambda item: item.position)
    return _deduplicated(item for item in found if not _own_source(item, own, own_keys))
