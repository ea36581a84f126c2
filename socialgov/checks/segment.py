"""Splitting run-together words ("susanalbumparty") with English and French word lists.

The lists (``data/words-en.txt.gz``, ``data/words-fr.txt.gz``, see ``data/SOURCES.md``)
hold accent-folded lower-case words with their Zipf frequency. A segmentation uses words
of ONE language (mixing them lets almost anything be split); its cost is the sum of
``9 - zipf + WORD_PENALTY`` over its words, so the likeliest reading, in the fewest
words, is the cheapest. Words without a vowel ("rss", "nfl": acronyms) are left out.
"""

from __future__ import annotations

import gzip
import math
import threading
from pathlib import Path
from typing import NamedTuple

DATA = Path(__file__).resolve().parent / "data"
LANGUAGES = ("en", "fr")
MAX_WORD = 24  # longest word tried when splitting
WORD_PENALTY = 1.0  # added per word: fewer, longer words read more naturally
_VOWELS = frozenset("aeiouy")

_lock = threading.Lock()
_lists: dict[str, dict[str, float]] = {}


def words(lang: str) -> dict[str, float]:
    """``{word: cost}`` for ``lang`` (loaded once, on first use)."""
    found = _lists.get(lang)
    if found is None:
        with _lock:
            found = _lists.get(lang)
            if found is None:
                found = {}
                with gzip.open(DATA / f"words-{lang}.txt.gz", "rt", encoding="utf-8") as f:
                    for line in f:
                        word, _, zipf = line.partition(" ")
                        if len(word) > 1 and _VOWELS.isdisjoint(word):
                            continue
                        found[word] = 9 - int(zipf) / 10 + WORD_PENALTY
                _lists[lang] = found
    return found


def is_word(token: str) -> bool:
    return any(token in words(lang) for lang in LANGUAGES)


class Splits(NamedTuple):
    """Dynamic-programming tables of one language for one string ``s``."""

    lang: str
    s: str
    prefix: list[float]  # prefix[i]: cost of the best split of s[:i] (inf: none)
    prefix_back: list[int]
    suffix: list[float]  # suffix[i]: cost of the best split of s[i:]
    suffix_next: list[int]

    def split_prefix(self, end: int) -> list[str]:
        out = []
        i = end
        while i > 0:
            j = self.prefix_back[i]
            out.append(self.s[j:i])
            i = j
        return out[::-1]

    def split_suffix(self, start: int) -> list[str]:
        out = []
        i = start
        n = len(self.s)
        while i < n:
            j = self.suffix_next[i]
            out.append(self.s[i:j])
            i = j
        return out

    @property
    def best(self) -> list[str] | None:
        return self.split_prefix(len(self.s)) if self.prefix[-1] < math.inf else None

    def cuts(self) -> set[int]:
        """Word edges of the best full split (empty when ``s`` cannot be split)."""
        best = self.best
        if best is None:
            return set()
        out = {0}
        position = 0
        for word in best:
            position += len(word)
            out.add(position)
        return out


def splits(s: str, lang: str) -> Splits:
    vocab = words(lang)
    n = len(s)
    inf = math.inf
    prefix = [inf] * (n + 1)
    prefix_back = [0] * (n + 1)
    prefix[0] = 0.0
    for i in range(1, n + 1):
        best = inf
        for j in range(max(0, i - MAX_WORD), i):
            if prefix[j] == inf:
                continue
            cost = vocab.get(s[j:i])
            if cost is not None and prefix[j] + cost < best:
                best = prefix[j] + cost
                prefix_back[i] = j
        prefix[i] = best
    suffix = [inf] * (n + 1)
    suffix_next = [n] * (n + 1)
    suffix[n] = 0.0
    for i in range(n - 1, -1, -1):
        best = inf
        for j in range(i + 1, min(n, i + MAX_WORD) + 1):
            if suffix[j] == inf:
                continue
            cost = vocab.get(s[i:j])
            if cost is not None and suffix[j] + cost < best:
                best = suffix[j] + cost
                suffix_next[i] = j
        suffix[i] = best
    return Splits(lang, s, prefix, prefix_back, suffix, suffix_next)


def best_split(s: str) -> list[str] | None:
    """The cheapest split of ``s`` into words of one language, or None."""
    found = [(t.prefix[-1], t.best) for t in (splits(s, lang) for lang in LANGUAGES)]
    cost, best = min(found, key=lambda item: item[0])
    return best if cost < math.inf else None
