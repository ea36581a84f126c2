"""Aho-Corasick scans for many strings at once (``ahocorasick_rs``: the Rust
``aho-corasick`` crate, faster per character than ``pyahocorasick``'s trie, and every hit
returned in one call instead of one Python tuple at a time).

``Automaton(strings).hits(text)`` gives every occurrence, overlapping ones included, as
``(index of the string, start, end)`` in code points, ordered by end and, at one end, the
longer first: the order of ``pyahocorasick``'s ``iter`` (a test holds it to that).

Any Python string can be scanned: ``ahocorasick_rs`` reads UTF-8, which a lone surrogate
("\\ud800") cannot be written in, so such a text is scanned with each surrogate replaced by
a character that no string holds; the offsets stay those of the text, and no hit can
include that character.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import ahocorasick_rs

_SURROGATE = re.compile("[\ud800-\udfff]")
# What stands in for a surrogate: the first of these that no string holds.
_FILLERS = ("\ufffd", "\x00", *map(chr, range(0xE000, 0xF900)))


class Automaton:
    def __init__(self, strings: Iterable[str]):
        self.strings = list(strings)
        if not self.strings:
            raise ValueError("an automaton needs at least one string")
        # The contiguous NFA: a DFA scans no faster on posts, but takes five times as long
        # to build (50 ms for 5,000 terms) and doubles the engine's memory.
        self._scanner = ahocorasick_rs.AhoCorasick(
            self.strings, store_patterns=True,
            implementation=ahocorasick_rs.Implementation.ContiguousNFA,
        )
        held = set().union(*self.strings)
        self._filler = next((filler for filler in _FILLERS if filler not in held), None)
        if self._filler is None:
            raise ValueError("the strings hold every character that could stand in for a surrogate")

    def hits(self, text: str) -> list[tuple[int, int, int]]:
        """``(index of the string, start, end)`` of every occurrence in ``text``."""
        try:
            return self._scanner.find_matches_as_indexes(text, overlapping=True)
        except UnicodeEncodeError:
            return self._scanner.find_matches_as_indexes(self._scannable(text), overlapping=True)

    def found(self, text: str) -> list[str]:
        """The string of every occurrence in ``text``, in the order of ``hits``."""
        try:
            return self._scanner.find_matches_as_strings(text, overlapping=True)
        except UnicodeEncodeError:
            return self._scanner.find_matches_as_strings(self._scannable(text), overlapping=True)

    def first(self, text: str) -> int | None:
        """Where the leftmost occurrence in ``text`` starts (None: no occurrence)."""
        try:
            found = self._leftmost.find_matches_as_indexes(text)
        except UnicodeEncodeError:
            found = self._leftmost.find_matches_as_indexes(self._scannable(text))
        return found[0][1] if found else None

    @functools.cached_property
    def _leftmost(self) -> ahocorasick_rs.AhoCorasick:
        # Its first match starts where the leftmost occurrence does. With a few dozen
        # strings (the stretched letters' 52), this kind of matching scanned posts three
        # times faster than the standard kind, which ``hits`` needs for overlapping
        # occurrences (measured: the crate's vectorised search serves only the leftmost
        # kinds).
        return ahocorasick_rs.AhoCorasick(
            self.strings, matchkind=ahocorasick_rs.MatchKind.LeftmostFirst,
            implementation=ahocorasick_rs.Implementation.ContiguousNFA,
        )

    def any_in(self, text: str) -> bool:
        """Does any string occur in ``text``?"""
        try:
            return bool(self._scanner.find_matches_as_indexes(text))
        except UnicodeEncodeError:
            return bool(self._scanner.find_matches_as_indexes(self._scannable(text)))

    def _scannable(self, text: str) -> str:
        return _SURROGATE.sub(self._filler, text)
