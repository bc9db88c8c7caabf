"""Stable 64-bit hashing in numpy: the same values in every process and on every machine.

Python's ``hash()`` is salted per process (PYTHONHASHSEED), so signatures built on it could
not be stored and compared later. Everything here is integer arithmetic modulo 2**64 on
whole arrays, with no Python step per token or per shingle.
"""

from __future__ import annotations

import numpy as np

U64 = np.uint64
MASK64 = (1 << 64) - 1
_M1 = U64(0xBF58476D1CE4E5B9)
_M2 = U64(0x94D049BB133111EB)
_S30, _S27, _S31 = U64(30), U64(27), U64(31)

TOKEN_BASE = 0x100000001B3  # odd, so invertible modulo 2**64
TOKEN_LENGTH_SALT = 0x9E3779B97F4A7C15


def mix64(values: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser on a uint64 array (a bijection that spreads every input bit)."""
    z = values ^ (values >> _S30)
    z *= _M1
    z ^= z >> _S27
    z *= _M2
    z ^= z >> _S31
    return z


def token_hash(token: str) -> int:
    """The 64-bit hash of one token, one character at a time: the reference for what
    ``PolynomialHasher.hash_spans`` computes for many tokens at once."""
    value = 0
    for char in token:
        value = (value * TOKEN_BASE + ord(char)) & MASK64
    value = (value + len(token) * TOKEN_LENGTH_SALT) & MASK64
    return int(mix64(np.array([value], dtype=U64))[0])


class PolynomialHasher:
    """Hashes many substrings of one code point array at once.

    With prefix sums of ``cp[j] * B**-j`` (B odd, so B**-1 exists modulo 2**64), the
    polynomial hash of ``cp[s:e]`` is ``(prefix[e] - prefix[s]) * B**(e-1)``: one cumsum for
    the whole text, then one subtraction and one product per token."""

    def __init__(self) -> None:
        self._forward = np.ones(1, dtype=U64)
        self._inverse = np.ones(1, dtype=U64)

    def _powers(self, length: int) -> tuple[np.ndarray, np.ndarray]:
        if len(self._forward) < length:  # B**j and B**-j for j < length, grown by doubling
            size = max(length, 2 * len(self._forward), 4096)
            one = np.ones(1, dtype=U64)
            self._forward = np.r_[one, np.cumprod(np.full(size - 1, TOKEN_BASE, dtype=U64))]
            inverse = pow(TOKEN_BASE, -1, 1 << 64)
            self._inverse = np.r_[one, np.cumprod(np.full(size - 1, inverse, dtype=U64))]
        return self._forward, self._inverse

    def hash_spans(self, codepoints: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        forward, inverse = self._powers(len(codepoints))
        prefix = np.zeros(len(codepoints) + 1, dtype=U64)
        np.cumsum(np.multiply(codepoints, inverse[:len(codepoints)], dtype=U64), out=prefix[1:])
        values = (prefix[ends] - prefix[starts]) * forward[ends - 1]
        values += (ends - starts).astype(U64) * U64(TOKEN_LENGTH_SALT)
        return mix64(values)
