"""Which encoding a fetched HTML page is really in: ``decode_html(body, header_charset)``.

Stock Scrapy (w3lib ``html_to_unicode``) trusts, in order, the BOM, the HTTP header charset,
the ``<meta>`` charset, then a detector. Servers often send a default charset (``utf-8``,
``iso-8859-1``) that the page's own ``<meta charset>`` contradicts, and legacy Cyrillic pages
often declare nothing at all; the detector then guesses Shift_JIS for a short KOI8-R page.

The rule here:

1. A byte order mark decides (as in browsers): it cannot be there by accident.
2. Bytes that are (almost all) valid UTF-8 are UTF-8, whatever is declared: text in a
   legacy encoding practically never forms valid multi-byte UTF-8 sequences, while UTF-8
   pages labelled ``windows-1251`` or ``iso-8859-1`` by a server default are common.
   A multi-byte character cut off at the end of a truncated body does not count.
3. Otherwise every declaration (header, then ``<meta>``/XML declaration) is a candidate,
   and so are ``cp1251``, ``koi8-r``, ``koi8-u`` and ``cp1252`` when they decode without
   errors. Each candidate's text is scored for plausibility (``plausibility``): decoding
   errors, control and private-use characters, box-drawing symbols, words mixing scripts
   or case (``пРИВЕТ``, ``cafй``), Latin words made only of accented letters (``Ïðèâåò``).
   A declaration gets a head start (``DECLARED_BONUS``): it is believed unless its text is
   clearly worse, e.g. a KOI8-R header on a windows-1251 page without ``<meta>``.
4. The best score wins; ties go to the earlier candidate (header before ``<meta>``, as the
   HTTP spec says). A page of plain ASCII is in its declared encoding, else UTF-8.

Declarations of encodings that are not ASCII-compatible (UTF-16/32 without a BOM, EBCDIC)
and of UTF-7 (markup smuggling) are ignored: an HTML page that starts with ASCII markup
cannot be in them. Detection covers Cyrillic and Western pages; other legacy scripts need
a declaration (which then wins unless it fails to decode).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

from w3lib.encoding import html_body_declared_encoding, read_bom, resolve_encoding

DECLARED_BONUS = 0.25  # on the plausibility scale (-3 .. 1): how much a declaration is trusted
DETECTED = ("cp1251", "koi8-r", "koi8-u", "cp1252")  # legacy encodings a page is also tried in
UTF8_SHARE = 4  # valid non-ASCII UTF-8 characters per invalid byte for a body to count as UTF-8
MAX_SCORE = 1.0
_SAMPLE_TOKENS = 1500  # tokens scored per candidate: enough to decide, bounded on huge pages
_TOKEN_CHARS = 100  # of each token (minified code has tokens of megabytes)
_ASCII_PROBE = b'<!DOCTYPE html><html><meta charset="x">'
_HOSTILE = frozenset({"utf-7"})
_NON_ASCII = re.compile(rb"[\x80-\xff]")
# A white-space separated token with a non-ASCII character; possessive, so linear on minified code.
_TOKEN = re.compile(r"(?<!\S)[^\s\x80-\U0010ffff]*+[^\s\x00-\x7f]\S*+")
_LETTERS = re.compile(r"[^\W\d_]+")
# C0 controls but tab/newline/CR/FF, DEL, C1 controls, replacement char, private use, non-characters.
_BROKEN = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff\ufdd0-\ufdef\ufffe\uffff]")
_SYMBOL_CATEGORIES = frozenset({"So", "Sm", "Sk", "Cn", "Co", "Cs"})
# Scripts written together in one word (Japanese mixes kanji and kana): one family.
_SCRIPT_FAMILY = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HALFWIDTH": "CJK", "IDEOGRAPHIC": "CJK", "HANGUL": "CJK"}
_NO_SCRIPT = frozenset({"MODIFIER", "COMBINING", "?"})  # e.g. the Ukrainian apostrophe U+02BC


@dataclass(frozen=True)
class Candidate:
    encoding: str
    declared: bool


def _ascii_compatible(encoding: str) -> bool:
    try:
        return _ASCII_PROBE.decode(encoding) == _ASCII_PROBE.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


def usable_encoding(label: str | None) -> str | None:
    """The Python codec for a charset label, or None when unknown, hostile or ASCII-incompatible."""
    if not label:
        return None
    name = resolve_encoding(label.strip().strip("\"'"))
    if name is None or name in _HOSTILE or not _ascii_compatible(name):
        return None
    return name


def header_charset(content_type: str | bytes | None) -> str | None:
    """The charset label of a Content-Type header value (as given, not resolved), or None."""
    if isinstance(content_type, bytes):
        content_type = content_type.decode("latin-1")
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.IGNORECASE)
    return match.group(1) if match else None


def _script(char: str) -> str:
    first = unicodedata.name(char, "?").split(" ", 1)[0]
    return _SCRIPT_FAMILY.get(first, first)


def _letter_score(word: str) -> float:
    """Per non-ASCII letter: 1 in a plausible lower-case or title-case word, 0.6 in an
    all-capitals one, -1 in a word that mixes scripts or case, or is Latin made only of
    accented letters (the look of another script read as Latin-1)."""
    scripts = {_script(char) for char in word if not char.isascii()} - _NO_SCRIPT
    if any(char.isascii() for char in word):
        scripts.add("LATIN")
    non_ascii = sum(1 for char in word if not char.isascii())
    if len(scripts) > 1:
        return -non_ascii
    if scripts == {"LATIN"} and non_ascii == len(word) and len(word) >= 3:
        return -non_ascii
    cased = [char for char in word if char.isupper() or char.islower()]
    if any(a.islower() and b.isupper() for a, b in pairwise(cased)):
        return -non_ascii
    if len(cased) > 1 and all(char.isupper() for char in cased):
        return 0.6 * non_ascii
    return float(non_ascii)


def plausibility(text: str) -> float:
    """How much ``text`` looks like real writing rather than a wrong decoding, from -3 to 1,
    judged on its non-ASCII characters only (0 for plain ASCII)."""
    broken = len(_BROKEN.findall(text))
    total = -3.0 * broken
    counted = broken
    for index, match in enumerate(_TOKEN.finditer(text)):
        if index >= _SAMPLE_TOKENS:
            break
        token = match.group(0)[:_TOKEN_CHARS]
        for word in _LETTERS.findall(token):
            if not word.isascii():
                total += _letter_score(word)
        for char in token:
            if char.isascii() or char.isalpha() or _BROKEN.match(char):
                continue
            if unicodedata.category(char) in _SYMBOL_CATEGORIES:
                total -= 1.0
        counted += sum(1 for char in token if not char.isascii() and not _BROKEN.match(char))
    return total / counted if counted else 0.0


def _decode(body: bytes, encoding: str) -> tuple[str, bool]:
    """(text, decoded without errors)."""
    try:
        return body.decode(encoding), True
    except UnicodeDecodeError:
        return body.decode(encoding, "replace"), False


def candidates(body: bytes, header: str | None) -> list[Candidate]:
    """Declared encodings first (header, then in-document), then the detected ones."""
    declared = [usable_encoding(header), usable_encoding(html_body_declared_encoding(body))]
    found: dict[str, Candidate] = {}
    for name in declared:
        if name and name not in found:
            found[name] = Candidate(name, True)
            if name == "koi8-r":  # pages in Ukrainian are often labelled KOI8-R: KOI8-U is its superset
                found.setdefault("koi8-u", Candidate("koi8-u", True))
    for label in DETECTED:
        name = codecs.lookup(label).name
        found.setdefault(name, Candidate(name, False))
    return list(found.values())


def mostly_utf8(body: bytes) -> bool:
    """Valid UTF-8, or nearly: a few stray bytes among many valid multi-byte characters."""
    try:
        body.decode("utf-8")
        return True
    except UnicodeDecodeError:
        pass
    text = codecs.getincrementaldecoder("utf-8")("replace").decode(body, final=False)  # a cut-off tail is no error
    invalid = text.count("\ufffd") - body.count("\ufffd".encode())
    if invalid <= 0:
        return True
    valid = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    return valid >= 2 * UTF8_SHARE and valid >= UTF8_SHARE * invalid


def decode_html(body: bytes, header: str | None = None) -> tuple[str, str]:
    """``(encoding, text)`` of an HTML page's bytes; ``header`` is the HTTP charset label.

    Never raises; the text has no BOM. The encoding is a Python codec name.
    """
    bom_encoding, bom = read_bom(body)
    if bom_encoding and bom is not None:
        return codecs.lookup(bom_encoding).name, body[len(bom):].decode(bom_encoding, "replace")
    if not _NON_ASCII.search(body):
        name = next((c.encoding for c in candidates(body, header) if c.declared), "utf-8")
        return name, body.decode(name, "replace")
    if mostly_utf8(body):
        return "utf-8", body.decode("utf-8", "replace")
    best: tuple[float, str, str] | None = None
    for candidate in candidates(body, header):
        if not candidate.declared and best is not None and best[0] >= MAX_SCORE:
            break  # a declaration this plausible cannot be beaten by a guess
        text, clean = _decode(body, candidate.encoding)
        if not clean and not candidate.declared:
            continue  # a guess must at least decode
        score = plausibility(text) + (DECLARED_BONUS if candidate.declared else 0.0)
        if best is None or score > best[0]:
            best = (score, candidate.encoding, text)
    if best is None:
        return "utf-8", body.decode("utf-8", "replace")
    return best[1], best[2]
