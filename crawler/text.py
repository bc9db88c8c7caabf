"""Plain-text cleaning shared by extraction and the normalize pipeline."""

from __future__ import annotations

import re
import unicodedata

# Characters that break a line for some reader (str.splitlines, JavaScript, editors).
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_CONTROL = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ufeff\ufff9-\ufffb\ufffe\uffff"
    "\ud800-\udfff]"
)
_LINE_BREAK = re.compile("\r\n|[" + LINE_BREAKS + "]")
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_RUN = re.compile(r"\n{2,}")


def _strip_controls(text: str) -> str:
    return _CONTROL.sub("", unicodedata.normalize("NFC", text))


def clean_line(text: str | None) -> str | None:
    """One line of text: NFC, control characters removed, white space collapsed.

    Returns None for a value that is empty after cleaning.
    """
    if text is None:
        return None
    cleaned = _SPACES.sub(" ", _LINE_BREAK.sub(" ", _strip_controls(text))).strip()
    return cleaned or None


def clean_multiline(text: str | None) -> str | None:
    """Text whose line breaks matter (article bodies, post texts).

    Paragraphs (runs separated by one or more blank lines) end up separated by exactly one
    blank line; single line breaks inside a paragraph are kept; spaces are collapsed.
    """
    if text is None:
        return None
    unified = _LINE_BREAK.sub("\n", _strip_controls(text))
    lines = [_SPACES.sub(" ", line).strip() for line in unified.split("\n")]
    joined = _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip()
    return joined or None


def word_count(text: str | None) -> int:
    return len(re.findall(r"\w+", text or ""))
