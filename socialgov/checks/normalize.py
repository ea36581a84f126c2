"""Text normalisation for matching, with a map back to the original text.

``normalize(text)`` folds case, strips accents and unifies apostrophes so that "Énorme",
"enorme" and "ÉNORME" compare equal, and keeps, for every normalised character, the index
of the original character it came from. Findings are always reported on the original text.

The work is a pipeline of *character steps*: functions ``str -> str`` applied, in order,
to the expansion of one original character. A later step may expand a character
("ß" -> "ss"), drop it ("" for a combining accent) or map it. To add leetspeak,
zero-width removal or confusable folding, write a step and build a ``Normalizer`` with it.
Steps work on one original character at a time, which keeps the offsets exact.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import NamedTuple

CharStep = Callable[[str], str]

# Typographic and look-alike apostrophes, all read as "'" (French elision: l’idiot, d´abord).
APOSTROPHES = "\u2019\u2018\u201b\u02bc\u02bb\u00b4\u0060\u2032\uff07"
# Hyphens that are not ASCII "-" (e‑mail with a non-breaking hyphen).
HYPHENS = "\u2010\u2011"

_PUNCTUATION = str.maketrans({**dict.fromkeys(APOSTROPHES, "'"), **dict.fromkeys(HYPHENS, "-")})


_ASCII_OR_NOT = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")


class Normalized(NamedTuple):
    text: str
    offsets: list[int]  # offsets[i] = index in the original text of normalised char i
    source: str = ""  # the original text


def is_mark(char: str) -> bool:
    """Combining marks (accents, Indic vowel signs...) are dropped by normalisation."""
    return unicodedata.category(char)[0] == "M"


def unify_punctuation(s: str) -> str:
    return s.translate(_PUNCTUATION)


def decompose(s: str) -> str:
    return unicodedata.normalize("NFKD", s)


def casefold(s: str) -> str:
    return s.casefold()


def strip_marks(s: str) -> str:
    return "".join(c for c in s if not is_mark(c))


DEFAULT_STEPS: tuple[CharStep, ...] = (unify_punctuation, decompose, casefold, strip_marks)


class Normalizer:
    """Applies character steps to a text, caching per character."""

    _CACHE_LIMIT = 1 << 16

    def __init__(self, steps: Iterable[CharStep] = DEFAULT_STEPS):
        self.steps = tuple(steps)
        self._cache: dict[str, str] = {}
        # Fast path for pure-ASCII text when the steps only lower-case ASCII.
        self._ascii_is_lower = all(self.map_char(chr(i)) == chr(i).lower() for i in range(128))

    def map_char(self, char: str) -> str:
        out = self._cache.get(char)
        if out is None:
            out = char
            for step in self.steps:
                out = step(out)
            if len(self._cache) < self._CACHE_LIMIT:
                self._cache[char] = out
        return out

    def __call__(self, text: str) -> Normalized:
        if self._ascii_is_lower and text.isascii():
            return Normalized(text.lower(), list(range(len(text))), text)
        table = {}
        for char in set(text):
            out = self._cache.get(char)
            if out is None:
                out = self.map_char(char)
            if len(out) != 1:
                break  # a character expands or disappears: offsets need the slow path
            if out != char:
                table[ord(char)] = out
        else:
            if self._ascii_is_lower:
                # Lower-case ASCII stretches in C; translate only the non-ASCII ones.
                folded = "".join(
                    run.lower() if run.isascii() else run.translate(table)
                    for run in _ASCII_OR_NOT.findall(text)
                )
            else:
                folded = text.translate(table)
            return Normalized(folded, list(range(len(text))), text)
        cache = self._cache
        parts: list[str] = []
        offsets: list[int] = []
        for i, char in enumerate(text):
            out = cache.get(char)
            if out is None:
                out = self.map_char(char)
            if len(out) == 1:
                parts.append(out)
                offsets.append(i)
            elif out:
                parts.append(out)
                offsets.extend([i] * len(out))
        return Normalized("".join(parts), offsets, text)


_default = Normalizer()


def normalize(text: str) -> Normalized:
    """Normalise with the default steps: NFKD, accents removed, casefolded, ’ -> '."""
    return _default(text)


def to_original_span(n: Normalized, start: int, end: int) -> tuple[int, int]:
    """Map a ``[start, end)`` span of ``n.text`` to the matching span of the original text.

    The span covers whole original characters and any combining marks that follow the
    last one (so a match on "cafe" in "cafe\\u0301" keeps its accent).
    """
    offsets = n.offsets
    source_len = len(n.source) if n.source else (offsets[-1] + 1 if offsets else 0)
    if start >= len(offsets):
        return source_len, source_len
    ostart = offsets[start]
    if end <= start:
        return ostart, ostart
    oend = offsets[end - 1] + 1
    limit = offsets[end] if end < len(offsets) else source_len
    source = n.source
    while oend < limit and oend < len(source) and is_mark(source[oend]):
        oend += 1
    return ostart, oend
