"""Term matching over normalised text, shared by the term-based kinds.

A set of terms compiles to ONE regular expression shaped as a trie (common prefixes are
factored), so 500 terms cost about as much as a handful. Words are letters and digits
(accented letters included, since accents are gone after normalisation); a term edge that
is a letter or digit must sit on a word boundary, so "ass" never matches in "class" and
"con" never in "concours". An apostrophe is not a letter, so "idiot" matches in "l’idiot".
Whitespace inside a term matches any run of whitespace.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from socialgov.checks.normalize import Normalized, normalize, to_original_span

_BEFORE_OK = r"(?<![^\W_])"  # not preceded by a letter/digit
_AFTER_OK = r"(?![^\W_])"  # not followed by a letter/digit
_END = ""  # trie key marking the end of a term


def term_key(term: str) -> str:
    """Canonical form of a term: normalised, whitespace collapsed to single spaces."""
    return " ".join(normalize(term).text.split())


class TermMatch(NamedTuple):
    start: int  # original text span
    end: int
    key: str  # term_key of the term that matched


def _is_word(char: str) -> bool:
    return char.isalnum()


def _unit_regex(unit: str) -> str:
    return r"\s+" if unit == " " else re.escape(unit)


def _trie_regex(node: dict, last: str) -> str:
    alternatives = [
        _unit_regex(unit) + _trie_regex(child, unit)
        for unit, child in sorted(node.items())
        if unit != _END
    ]
    if _END in node:  # longer terms first, so the longest term wins
        alternatives.append(_AFTER_OK if _is_word(last) else "")
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"


def build_regex(keys: Iterable[str]) -> re.Pattern[str]:
    trie: dict = {}
    for key in keys:
        node = trie
        for unit in key:
            node = node.setdefault(unit, {})
        node[_END] = {}
    word_first = {u: c for u, c in trie.items() if _is_word(u)}
    other_first = {u: c for u, c in trie.items() if u != _END and not _is_word(u)}
    branches = []
    if word_first:
        branches.append(_BEFORE_OK + _trie_regex(word_first, ""))
    if other_first:
        branches.append(_trie_regex(other_first, ""))
    if not branches:
        return re.compile(r"(?!)")
    return re.compile("|".join(branches))


class TermMatcher:
    """Finds any of ``terms`` in normalised text; reports spans in the original text."""

    def __init__(self, terms: Iterable[str]):
        self.keys = {key for key in map(term_key, terms) if key}
        self.regex = build_regex(self.keys)

    def spans(self, n: Normalized) -> list[tuple[int, int]]:
        """Matches as spans of the normalised text."""
        return [m.span() for m in self.regex.finditer(n.text)]

    def find(self, n: Normalized, exceptions: TermMatcher | None = None) -> list[TermMatch]:
        excluded = exceptions.spans(n) if exceptions is not None else []
        found = []
        for m in self.regex.finditer(n.text):
            start, end = m.span()
            if any(es <= start and end <= ee for es, ee in excluded):
                continue
            ostart, oend = to_original_span(n, start, end)
            found.append(TermMatch(ostart, oend, " ".join(m.group().split())))
        return found
