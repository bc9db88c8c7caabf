"""Pages that answer 200 at an article URL but hold no article: pure checks, a reason each.

- ``body_problem(body)``: by the bytes alone, before any parsing: ``empty``, ``pdf``,
  ``image``, ``archive``, ``json``, ``binary`` (servers send all of these as text/html).
- ``page_problem(selector, hints)``: by the parsed page: ``captcha`` (Cloudflare's "Just a
  moment...", "Attention Required!", DDoS-Guard, "Checking your browser", "confirm you are not
  a robot" pages) and ``soft_404`` ("Page not found", "Страница не найдена", "Сторінку не
  знайдено" served with status 200). Both need a page with little text of its own: a real
  article that mentions a 404 or has a reCAPTCHA in its comment form is still an article.
- ``paywall_prompt(selector)`` / ``without_paywall_prompts(body)``: "subscribe to continue
  reading" and its Russian and Ukrainian forms, for ``Article.paywalled`` and a clean body;
  ``is_paywall_stub(body, lead, paywalled)``: a locked page that shows no more than a teaser.
"""

from __future__ import annotations

import json
import re

from lxml import etree
from parsel import Selector

from crawler.extract.page_kind import PageHints
from crawler.text import word_count

LITTLE_TEXT_CHARS = 1500  # own (non-link) text of a stub page: captcha and 404 pages stay far below
PAYWALL_STUB_WORDS = 40  # a locked page showing fewer body words than this (besides its lead) is a stub
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image"), (b"\xff\xd8\xff", "image"), (b"GIF87a", "image"), (b"GIF89a", "image"),
    (b"\x00\x00\x01\x00", "image"), (b"II*\x00", "image"), (b"MM\x00*", "image"),
    (b"PK\x03\x04", "archive"), (b"\x1f\x8b", "archive"), (b"7z\xbc\xaf\x27\x1c", "archive"), (b"Rar!", "archive"),
)
_RIFF = re.compile(rb"^RIFF.{4}(WEBP|AVI |WAVE)", re.DOTALL)
_BMP = re.compile(rb"^BM.{4}\x00\x00\x00\x00", re.DOTALL)
_TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_SNIFF_BYTES = 2048
_SEPARATORS = re.compile(r"\s+[|–—·:-]{1,2}\s+")
_WORD = re.compile(r"\w+")
_NOT_FOUND = re.compile(
    r"\bpage\s+not\s+found\b|\b(?:error|ошибка|помилка)\s*404\b|\b404\s*(?:error|page|not\s+found|ошибка|помилка)\b|^\s*404\s*$"
    r"|\bpage\s+(?:you\s+(?:requested|are\s+looking\s+for)\s+)?(?:can\W?t|cannot|could\s+not|was\s+not|wasn\W?t)\s+(?:be\s+)?found\b"
    r"|\bpage\s+(?:does\s+not|doesn\W?t)\s+exist\b"
    r"|страниц[аыу]\s+не\s+(?:найден[аоы]?|существует)|нет\s+такой\s+страницы|такой\s+страницы\s+(?:нет|не\s+существует)|страница\s+удалена"
    r"|сторінк[аиу]\s+не\s+(?:знайдено|знайдена|існує)|такої\s+сторінки\s+(?:немає|не\s+існує)|сторінку\s+видалено",
    re.IGNORECASE,
)
_ANTI_BOT_TITLE = re.compile(
    r"^\s*(?:just\s+a\s+moment|attention\s+required|checking\s+your\s+browser|please\s+wait|one\s+more\s+step"
    r"|access\s+denied|security\s+check|ddos[-\s]guard|ddos\s+protection)"
    r"|are\s+you\s+(?:a\s+)?(?:robot|human)|verify(?:ing)?\s+(?:that\s+)?you\s+are\s+(?:a\s+)?human"
    r"|проверка\s+(?:браузера|безопасности)|(?:вы|ви)\s+не\s+робот|перевірка\s+(?:браузера|безпеки)"
    r"|^\s*доступ\s+(?:ограничен|запрещ[её]н|обмежено|заборонено)",
    re.IGNORECASE,
)
_CHALLENGE_MARKUP = re.compile(
    r"_cf_chl_opt|cf-browser-verification|cf-challenge|challenge-form|/cdn-cgi/challenge-platform/h/[a-z]/orchestrate"
    r"|/\.well-known/ddos-guard/|__ddg\d|ddos-guard\.net|cf-turnstile|challenges\.cloudflare\.com/turnstile",
    re.IGNORECASE,
)
_PAYWALL = re.compile(  # the page's own words about itself, not an article about some subscription
    r"subscribe\s+(?:now\s+)?to\s+(?:continue|keep)\s+reading"
    r"|(?:subscribe|log\s*in|sign\s+in)\s+to\s+read\s+(?:the\s+(?:full|whole|rest)|this|more)"
    r"|(?:content|article|story|piece)\s+is\s+(?:reserved|available|only)\s+(?:to|for)\s+(?:paid\s+|premium\s+)?subscribers"
    r"|to\s+continue\s+reading,?\s+(?:please\s+)?(?:subscribe|log\s*in|sign\s+in|become\s+a)"
    r"|(?:материал|стать|текст|публикаци|контент)\w*\s+(?:доступ\w*\s+)?только\s+(?:для\s+)?(?:подписчик|платн)"
    r"|чтобы\s+(?:продолжить\s+чтение|прочитать\s+(?:материал|статью|текст)\s+(?:полностью|целиком)|дочитать)"
    r"|(?:матеріал|статт|текст|публікаці|контент)\w*\s+(?:доступ\w*\s+)?(?:лише|тільки)\s+(?:для\s+)?(?:передплатник|підписник)"
    r"|щоб\s+(?:продовжити\s+читання|прочитати\s+(?:матеріал|статтю|текст)\s+(?:повністю|цілком)|дочитати)",
    re.IGNORECASE,
)
_SUBSCRIPTION_WORDS = ("subscri", "reading", "to read", "подпис", "платн", "чтени", "читать", "передплат", "підпис", "читання", "читати")
# Text a reader sees (script contents are the direct text children of <script>: cheaper than ancestor::).
_VISIBLE_TEXT = etree.XPath(
    "//body//text()[not(parent::script or parent::style or parent::noscript or parent::template)]", smart_strings=False)
_PROMPT_LINE = re.compile(  # lines of a paywall box, dropped from the body of a locked page
    r"already\s+(?:a\s+)?subscriber|уже\s+(?:есть\s+подписка|подписаны)|вже\s+(?:є\s+(?:передплата|підписка)|передплатили)"
    r"|^(?:subscribe|оформить\s+подписку|подписаться|оформити\s+(?:передплату|підписку)|передплатити)\W*$",
    re.IGNORECASE,
)
_PROMPT_MAX_CHARS = 300
_MAX_SCANNED_CHARS = 200_000


def body_problem(body: bytes) -> str | None:
    """``empty``, ``pdf``, ``image``, ``archive``, ``json`` or ``binary`` when the bytes are no web page."""
    head = body[:_SNIFF_BYTES]
    if not head.strip():
        return "empty"
    if head.startswith(_TEXT_BOMS[1:]):
        return None  # UTF-16 text: its NULs are not binary
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if riff := _RIFF.match(head):
        return "image" if riff.group(1) == b"WEBP" else "binary"
    if _BMP.match(head):
        return "image"
    if len(_CONTROL_BYTES.findall(head)) > max(2, len(head) // 100):
        return "binary"
    text = head.removeprefix(_TEXT_BOMS[0]).lstrip()
    if text[:1] in (b"{", b"[") and b"<" not in text[:256]:
        return "json" if _is_json(body) or text[:1] == b"{" else None
    return None


def _is_json(body: bytes) -> bool:
    try:
        json.loads(body)
    except (ValueError, RecursionError):
        return False
    return True


def _own_text_chars(hints: PageHints) -> int:
    return max(0, hints.text_chars - hints.link_chars)


def _headings(selector: Selector, levels: str = "//h1 | //h2") -> list[str]:
    """The page's title and first headings: where a page says what it is."""
    texts = [selector.xpath("normalize-space(//title)").get() or ""]
    for node in selector.xpath(f"({levels})[position() <= 3]"):
        texts.append(node.xpath("normalize-space(.)").get() or "")
    return [text.replace("’", "'") for text in texts if text]


def _says_not_found(heading: str) -> bool:
    """The heading (or one part of "Page not found | Site") is a not-found message, not a
    longer headline that merely quotes one: at most two words besides the phrase."""
    for part in _SEPARATORS.split(heading):
        if _NOT_FOUND.search(part) and len(_WORD.findall(_NOT_FOUND.sub(" ", part))) <= 2:
            return True
    return False


def _challenge_markup(selector: Selector) -> bool:
    parts = selector.xpath("//script/@src | //script/text() | //@id | //@class | //link/@href | //img/@src").getall()
    return any(_CHALLENGE_MARKUP.search(part[:_MAX_SCANNED_CHARS]) for part in parts)


def page_problem(selector: Selector, hints: PageHints) -> str | None:
    """``captcha`` or ``soft_404`` for an anti-bot or not-found page with little text, else None."""
    if _own_text_chars(hints) >= LITTLE_TEXT_CHARS:
        return None
    if any(_ANTI_BOT_TITLE.search(heading) for heading in _headings(selector, "//h1")) or _challenge_markup(selector):
        return "captcha"
    if any(_says_not_found(heading) for heading in _headings(selector)):
        return "soft_404"
    return None


def _says_paywall(text: str) -> bool:
    """``_PAYWALL`` near each subscription word only: the whole pattern is slow on long texts."""
    low = text.lower()
    for word in _SUBSCRIPTION_WORDS:
        at = low.find(word)
        while at != -1:
            if _PAYWALL.search(low, max(0, at - 120), at + len(word) + 120):
                return True
            at = low.find(word, at + 1)
    return False


def paywall_prompt(selector: Selector) -> bool:
    """The page tells the reader to subscribe to read on (in its visible text, not in a script)."""
    root = selector.root
    if not isinstance(root, etree._Element):
        return False
    return _says_paywall(" ".join(_VISIBLE_TEXT(root)))


def without_paywall_prompts(body: str | None) -> str | None:
    """The body without the paragraphs of a paywall box ("Subscribe to continue reading...")."""
    if not body:
        return body
    kept = [paragraph for paragraph in body.split("\n\n")
            if len(paragraph) > _PROMPT_MAX_CHARS or not (_says_paywall(paragraph) or _PROMPT_LINE.search(paragraph))]
    return "\n\n".join(kept) or None


def is_paywall_stub(body: str | None, lead: str | None, paywalled: bool) -> bool:
    """A locked page that shows a teaser at most: fewer than ``PAYWALL_STUB_WORDS`` body words
    besides the lead. A locked article with real paragraphs stays an article (``paywalled``)."""
    if not paywalled:
        return False
    paragraphs = [paragraph for paragraph in (body or "").split("\n\n") if paragraph.strip() != (lead or "").strip()]
    return word_count("\n\n".join(paragraphs)) < PAYWALL_STUB_WORDS
