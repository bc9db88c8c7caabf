"""Outlets and agencies known by name (in any spelling ``name_key`` folds together), and the
kind of site a link goes to.

A name on these tables (or a link to such a site) is taken without the other evidence an
unknown name needs; the sites also tell an article's own outlet from its sources.
"""

from __future__ import annotations

import re

from crawler.extract.channels import name_key, skeleton
from crawler.urls import host_of, registered_domain

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
AGENCY_DOMAINS = frozenset("""
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
SITE_OF = {
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


def known_source(name: str) -> str | None:
    """Kind of a known outlet or agency, by name in any spelling; short names by exact case."""
    known = _KNOWN_SOURCES.get(name_key(name))
    if known is None:
        return None
    kind, spellings = known
    name = name.strip()
    if len(name) <= 3 and not (name.isupper() or name in spellings):
        return None  # "AP", "RT", "dpa": not "Ap", "rt"
    return kind


def keeps_article(name: str) -> bool:
    """True for names whose "The" is part of the title ("The Guardian", "The Insider")."""
    known = _KNOWN_SOURCES.get(name_key(name))
    return bool(known) and any(spelling.startswith("The ") for spelling in known[1])


_OFFICIAL_HOST = re.compile(r"(?:^|\.)(?:gov|mil|gouv|int)(?:\.[a-z]{2})?$")
_GENERIC_LABELS = frozenset({"com", "net", "org", "gov", "edu", "www", "news", "info"})


def host_kind(url: str) -> str | None:
    """``agency``/``outlet`` for a link to such a site; None for social networks and official sites."""
    host = registered_domain(host_of(url))
    if not host or host in _NOT_OUTLET_HOSTS or _OFFICIAL_HOST.search(host):
        return None
    if any(host == domain or host.endswith("." + domain) for domain in AGENCY_DOMAINS):
        return "agency"
    return "outlet"


def host_matches(name: str, url: str) -> bool:
    """True when a site's domain spells the name: "Kyiv Post" ~ kyivpost.com, "Страна" ~ strana.news."""
    labels = [label for label in registered_domain(host_of(url)).split(".")[:-1]
              if len(label) >= 3 and label not in _GENERIC_LABELS]
    wanted = skeleton(name)
    for label in labels:
        site = skeleton(label)
        if site == wanted or (min(len(site), len(wanted)) >= 5 and (site in wanted or wanted in site)):
            return True
    return False


def home_page(domain: str) -> str:
    return f"https://{domain}/"
