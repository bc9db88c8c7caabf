"""What a source's name looks like, and how a name as captured is cleaned or turned down.

The regex fragments here are shared by the Telegram and outlet matchers, so a name is read
the same way whatever cue introduced it.
"""

from __future__ import annotations

import re

from crawler.extract.sources.known import keeps_article
from crawler.extract.sources.sentences import UP
from crawler.text import clean_line
from crawler.urls import registered_domain

QUOTES = "«»“”„\"‘’‹›`'"
CAP = rf"[{UP}][\w’'&.+-]*"
NAME_TOKENS = 5
NAMESEQ = rf"{CAP}(?:[ \u00a0]{CAP}){{0,{NAME_TOKENS - 1}}}"
NAMESEQ_OF = rf"{CAP}(?:[ \u00a0](?:(?:of|and|&)[ \u00a0](?:the[ \u00a0])?)?{CAP}){{0,6}}"
QUOTED = r"(?:«[^«»\n]{1,80}»|“[^“”\n]{1,80}[”“]|„[^„“”\n]{1,80}[“”]|\"[^\"\n]{1,80}\")"
HANDLE = r"(?<![\w.@])@[A-Za-z][A-Za-z0-9_]{3,31}\b"
DOMAIN_NAME = r"(?<![\w.])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,12}\b"
NAME = rf"(?:{QUOTED}|{HANDLE}|{NAMESEQ})"

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
INSTITUTION = re.compile(
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
    return text.strip().strip(QUOTES).strip()


def tokens_of(name: str) -> list[str]:
    return name.split()


def is_stop_token(token: str) -> bool:
    return token.strip(QUOTES + ".,").casefold() in _STOP_WORDS


def is_stop_name(name: str) -> bool:
    """True for a "name" made of stop words and demonyms only ("Ukrainian", "The Russian")."""
    words = [word.strip(QUOTES + ".,").casefold() for word in tokens_of(name)]
    return not words or all(word in _STOP_WORDS or word in _DEMONYMS for word in words)


def clean_name(raw: str) -> str | None:
    """A name as written: quotes, a possessive, a leading article and trailing punctuation removed."""
    name = _strip_quotes(raw)
    name = re.sub(r"['’]s$", "", name).rstrip(".,;:!?-–— ")
    if name.count(" ") and not (name.startswith("The ") and keeps_article(name)):
        name = re.sub(r"^(?:the|The)\s+", "", name)
    name = clean_line(_strip_quotes(name))
    return name or None


def domain_of(name: str) -> str | None:
    """``"Strana.news"`` -> ``"strana.news"``: a name that is itself a domain (known TLD)."""
    match = _DOMAIN.match(name.strip().lower())
    if not match or match.group("tld") not in _TLDS or " " in name.strip():
        return None
    return registered_domain(name.strip().lower())
