"""Hashtags: the words inside them. (@handles are names, not phrases: splitting them
invents words their owners never wrote, so they are never read.)

* The *stated* reading of a tag splits it where its author did: capitals (CamelCase),
  letter/digit changes, ``_`` and ``-``. ``#WhyIStayed`` reads "why i stayed",
  ``#Black_Lives_Matter`` "black lives matter", ``#black-lives`` "black lives".
* A run-together part ("susanalbumparty", "expertsexchange") that is not itself a word
  can be split with the word lists of ``socialgov.checks.segment``; every split that puts
  a term on word edges is a *reading* ("sus anal bum party"), reported by the term kinds
  as a ``hashtag_reading`` warning (``Reading.primary`` tells whether it is the cheapest
  split, i.e. the likeliest).
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

import regex

from socialgov.checks import segment
from socialgov.checks.normalize import Normalized, View, _default, cleaned, is_mark

# A "#" not after a word character, "#", "@", "&" or "/", then the tag's body. The
# pattern starts with the "#" and looks back past it (the same matches as a look-behind
# first, which a test checks): the scan then runs in C from one "#" to the next instead
# of trying the look-behind at every character.
_TAG = re.compile(r"[#＃](?<![\w#@＃&/][#＃])([^\W_][\w\-]*)")
_LETTER_RUN = re.compile(r"[a-z]{5,}")


# Where an author splits a tag: _ or -, lower->Upper, ABCDef (before "D"), letter<->digit.
_SPLIT = regex.compile(r"[_\-]|\p{Ll}\p{Lu}|\p{Lu}\p{Lu}\p{Ll}|\p{L}\p{Nd}|\p{Nd}\p{L}")


class Tag:
    """One hashtag; ``view`` (built on first use) is its body, normalised,
    with a space wherever the author split it."""

    __slots__ = ("_cleaned", "start", "end", "split", "_view", "_folded")

    def __init__(self, c: View, start: int, end: int):
        self._cleaned = c
        self.start = start
        self.end = end
        self.split = _is_split(c.text[start:end])  # several stated words
        self._view: View | None = None
        self._folded: str | None = None

    @property
    def text(self) -> str:
        """``view.text``, without building the view's offsets (most tags need no more)."""
        if self._view is not None:
            return self._view.text
        return _relative_view(self._cleaned.text[self.start : self.end])[0]

    @property
    def view(self) -> View:
        if self._view is None:
            c = self._cleaned
            text, offsets, ends = _relative_view(c.text[self.start : self.end])
            to_original = c.offsets[self.start : self.end]
            to_end = c.ends[self.start : self.end]
            self._view = View(
                text,
                [to_original[o] for o in offsets],
                [to_end[e - 1] if e > 0 else to_original[0] for e in ends],
                bytearray(len(text)),
                c.source,
            )
        return self._view

    @property
    def folded(self) -> str:
        """The body normalised, without the splits (cheap: no offsets)."""
        if self._folded is None:
            self._folded = _folded(self._cleaned.text[self.start : self.end])
        return self._folded


@functools.lru_cache(maxsize=4096)
def _is_split(body: str) -> bool:
    return _SPLIT.search(body) is not None


@functools.lru_cache(maxsize=4096)
def _folded(body: str) -> str:
    return _default(body).text


@functools.lru_cache(maxsize=4096)
def _relative_view(body: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """The split view of a tag body: text, and for each character the body index it
    starts at and the body index it ends before (tags repeat: cached)."""
    c = View(body, range(len(body)), range(1, len(body) + 1), b"", body)
    view = _tag_view(c, 0, len(body))
    return view.text, tuple(view.offsets), tuple(view.ends)


def _boundary(prev: str, char: str, nxt: str) -> bool:
    if prev.islower() and char.isupper():
        return True
    if prev.isupper() and char.isupper() and nxt.islower():
        return True  # "NYCMarathon": NYC | Marathon
    return (prev.isalpha() and char.isdigit()) or (prev.isdigit() and char.isalpha())


def _tag_view(c: View, start: int, end: int) -> View:
    chars: list[str] = []
    offsets: list[int] = []
    ends: list[int] = []
    text = c.text
    prev = ""

    def space(at: int, until: int) -> None:
        if chars and chars[-1] != " ":
            chars.append(" ")
            offsets.append(at)
            ends.append(until)

    for i in range(start, end):
        char = text[i]
        if char in "_-":
            space(c.offsets[i], c.ends[i])
            prev = ""
            continue
        if is_mark(char):
            out = _default.map_char(char)
        else:
            nxt = text[i + 1] if i + 1 < end else ""
            if prev and _boundary(prev, char, nxt):
                space(c.offsets[i], c.offsets[i])
            out = _default.map_char(char)
            prev = char
        for o in out:
            chars.append(o)
            offsets.append(c.offsets[i])
            ends.append(c.ends[i])
    while chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
        ends.pop()
    return View("".join(chars), offsets, ends, bytearray(len(chars)), c.source)


def tags(n: Normalized) -> list[Tag]:
    """The hashtags of the text (cached on ``n``)."""
    found = n.cache.get("tags")
    if found is None:
        found = []
        # Cleaning never makes a "#" or "@": look at the source first (most posts).
        source = n.source
        if "#" in source or "＃" in source:
            c = cleaned(n)
            found = [Tag(c, m.start(1), m.end(1)) for m in _TAG.finditer(c.text)]
        n.cache["tags"] = found
    return found


class Part(NamedTuple):
    view: View
    start: int  # the run-together letters are view.text[start:end]
    end: int


def run_together_parts(n: Normalized, tag: Tag) -> list[Part]:
    """Letter runs of 5+ inside ``tag`` that are not words themselves (cached on ``n``)."""
    cache = n.cache.setdefault("tag_parts", {})
    found = cache.get(tag.start)
    if found is None:
        found = [
            Part(tag.view, m.start(), m.end())
            for m in _LETTER_RUN.finditer(tag.view.text)
            if (m.start() == 0 or not tag.view.text[m.start() - 1].isalnum())
            and (m.end() == len(tag.view.text) or not tag.view.text[m.end()].isalnum())
            and not segment.is_word(m.group())
        ]
        cache[tag.start] = found
    return found


class Reading(NamedTuple):
    start: int  # the term inside the part, as offsets into part.view.text
    end: int
    key: str
    primary: bool  # the cheapest split of the part reads this term
    words: str  # the reading: "susan anal bum party"


def readings(n: Normalized, part: Part, candidates: list[tuple[int, int, str]]) -> list[Reading]:
    """Which ``(start, end, key)`` term candidates inside ``part`` (offsets relative to the
    part) sit on word edges in some split of the part."""
    s = part.view.text[part.start : part.end]
    cache = n.cache.setdefault("tag_splits", {})
    tables = cache.get(s)
    if tables is None:
        tables = cache[s] = [segment.splits(s, lang) for lang in segment.LANGUAGES]
    best = min(tables, key=lambda t: t.prefix[-1])
    cuts = best.cuts()
    out = []
    for start, end, key in candidates:
        whole = start == 0 and end == len(s)
        for table in tables:
            if whole or (table.prefix[start] < float("inf") and table.suffix[end] < float("inf")):
                words = " ".join([*table.split_prefix(start), key, *table.split_suffix(end)])
                primary = whole or (start in cuts and end in cuts)
                out.append(
                    Reading(part.start + start, part.start + end, key, primary, words.strip())
                )
                break
    return out
