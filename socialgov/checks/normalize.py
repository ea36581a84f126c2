"""Text normalisation for matching, with a map back to the original text.

Two layers of composable steps, both keeping, for every normalised character, the index
of the original character it came from. Findings are always reported on the original text.

1. *Character steps* (``CharStep``: ``str -> str``) run on one original character at a
   time, in order, and are cached per character, which keeps offsets exact and cheap.
   A step may expand a character ("ß" -> "ss"), drop it ("" for a zero-width space or a
   combining accent) or map it. ``DEFAULT_STEPS``:

   * ``drop_invisible``: zero-width and bidi controls, soft hyphen, variation selectors;
   * ``unify_punctuation``: ’ ‘ ʼ ´ … -> ', non-ASCII hyphens -> -;
   * ``decompose``: NFKD (compatibility folding: ﬁ -> fi, full-width and mathematical
     letters -> ASCII, NBSP -> space; with the marks dropped below this is NFKC folding
     plus accent folding);
   * ``fold_confusables``: Cyrillic/Greek look-alikes -> Latin (а -> a, ο -> o, Η -> H);
   * ``casefold``; ``strip_marks`` (accents: é -> e); ``fold_confusables`` again (for
     capitals whose lower case is a look-alike).

   ``normalize(text)`` applies them: "ÉNORME", "e\\u0301norme" and "еnorme" (Cyrillic е)
   all read "enorme".

2. *Text steps* (``TextStep``) rewrite a whole ``View`` (text, start offsets, end offsets,
   changed flags) where the context matters: ``squash_spaces`` (whitespace runs -> one
   space), ``join_spelled_out`` ("f.u.c.k", "s h i t" -> "fuck", "shit"),
   ``leetspeak("i")`` / ``leetspeak("l")`` ("sh1t", "@ss", "a$$" -> "shit", "ass", "ass";
   "24/7", "$5", "100 %" untouched), ``squeeze_stretched`` ("fuuuuck" -> "fuck": runs of
   3+ identical letters collapse to one; term matchers also try each doubled letter of a
   term as a single one, so "cooool" still reads "cool"). They produce *extra readings*
   of the text (``variant_views``) rather than replacing it: "cool" and "2024" are still
   read as written, and a matcher only trusts a variant match that covers a rewritten
   character (``View.changed``).

Views are cached on the ``Normalized`` object (``n.cache``), so every rule checking the
same post shares them.
"""

from __future__ import annotations

import bisect
import functools
import re
import string
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from typing import NamedTuple

from socialgov.checks import automata

CharStep = Callable[[str], str]

# Typographic and look-alike apostrophes, all read as "'" (French elision: l’idiot, d´abord).
APOSTROPHES = "\u2019\u2018\u201b\u02bc\u02bb\u00b4\u0060\u2032\uff07"
# Hyphens that are not ASCII "-" (e‑mail with a non-breaking hyphen).
HYPHENS = "\u2010\u2011"

# Characters that render as nothing (or only steer the text direction): dropped.
INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u3164\ufeff\uffa0"
    + "".join(map(chr, range(0x200B, 0x2010)))  # zero-width space/(non-)joiner, LRM, RLM
    + "".join(map(chr, range(0x202A, 0x202F)))  # bidi embeddings and overrides
    + "".join(map(chr, range(0x2060, 0x2065)))  # word joiner, invisible operators
    + "".join(map(chr, range(0x2066, 0x206A)))  # bidi isolates
    + "".join(map(chr, range(0xFE00, 0xFE10)))  # variation selectors
)

# Cyrillic and Greek letters that look like Latin ones (Unicode confusables, the common
# subset). Both cases: folding runs before and after casefolding.
CONFUSABLES: dict[str, str] = {
    # Cyrillic lower case
    "а": "a", "в": "b", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x",
    "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l",
    "ո": "n", "ս": "u", "ց": "g", "ɡ": "g", "ı": "i", "ȷ": "j", "ɑ": "a", "ʏ": "y",
    # Cyrillic upper case
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "Ԁ": "D",
    "Ԛ": "Q", "Ԝ": "W", "Һ": "H", "Ӏ": "I",
    # Greek lower case
    "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v",
    "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϲ": "c", "ϳ": "j",
    # Greek upper case
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ϲ": "C",
}  # fmt: skip

_PUNCTUATION = str.maketrans({**dict.fromkeys(APOSTROPHES, "'"), **dict.fromkeys(HYPHENS, "-")})
_CONFUSABLES = str.maketrans(CONFUSABLES)
_INVISIBLE = str.maketrans(dict.fromkeys(INVISIBLE))
_INVISIBLE_RE = re.compile("[" + re.escape("".join(sorted(INVISIBLE))) + "]")
_CLEANING = str.maketrans(
    {**CONFUSABLES, **dict.fromkeys(APOSTROPHES, "'"), **dict.fromkeys(HYPHENS, "-")}
)

# Every character that cleaned() drops or maps to another.
_CLEANED_CHARS = INVISIBLE | {chr(c) for c, out in _CLEANING.items() if out != chr(c)}
_CLEANED_RE = re.compile("[" + re.escape("".join(sorted(_CLEANED_CHARS))) + "]")
_ASCII_OR_NOT = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")
_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")


_CLEANING_OUT = {chr(code): out for code, out in _CLEANING.items() if out != chr(code)}
_CLEANING_RE = re.compile("[" + re.escape("".join(sorted(_CLEANING_OUT))) + "]")
# No output is itself a character the table maps: one replace after another gives what
# one translate() gives, whatever their order (see _clean).
_CLEANING_CHAINS = any(char in _CLEANING_OUT for out in _CLEANING_OUT.values() for char in out)


def _clean(text: str) -> str:
    """``text.translate(_CLEANING)``: one ``str.replace`` per character to map that the
    text holds (a few), where translate() would look every character up."""
    if _CLEANING_CHAINS:
        return text.translate(_CLEANING)
    for char in set(_CLEANING_RE.findall(text)):
        text = text.replace(char, _CLEANING_OUT[char])
    return text


class _Fields(NamedTuple):
    text: str
    offsets: Sequence[int]  # offsets[i]: index in the original text of normalised char i
    source: str = ""  # the original text


class OffsetSequence(Sequence):
    """A read-only sequence of offsets that compares equal to the list of its items (and
    so has no hash), and shows as that list."""

    __slots__ = ()

    def __eq__(self, other) -> bool:
        if isinstance(other, Sequence):
            return len(other) == len(self) and list(other) == list(self)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  (compares equal to lists)

    def __repr__(self) -> str:
        return repr(list(self))


class Kept(OffsetSequence):
    """The items of ``base`` but those at ``removed`` (sorted indexes): a read-only
    sequence equal to that list, each item found in ``base`` when asked, and a slice made
    of ``base``'s slices between the removed items (a view that drops a few characters,
    or squashes a few runs of spaces, need not list every offset)."""

    __slots__ = ("_base", "_removed", "_shifts", "_size")

    def __init__(self, base: Sequence[int], removed: list[int]):
        self._base = base
        self._removed = removed
        self._size = len(base) - len(removed)
        # The i-th kept item is base[i + the number of removed ones before it], that is
        # the number of shifts (a removed index less the removed ones before it) <= i.
        self._shifts = [at - before for before, at in enumerate(removed)]

    def __len__(self) -> int:
        return self._size

    def _base_index(self, index: int) -> int:
        return index + bisect.bisect_right(self._shifts, index)

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self._size)
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            if start >= stop:
                return []
            first, last = self._base_index(start), self._base_index(stop - 1)
            out: list[int] = []
            previous = first
            for at in self._removed[bisect.bisect_left(self._removed, first):]:
                if at > last:
                    break
                out.extend(self._base[previous:at])
                previous = at + 1
            out.extend(self._base[previous : last + 1])
            return out
        if index < 0:
            index += self._size
        if not 0 <= index < self._size:
            raise IndexError("index out of range")
        return self._base[self._base_index(index)]

    def __iter__(self):
        return iter(self[:])


_PLUS_ONE = (1).__add__


class NextPositions(OffsetSequence):
    """``[o + 1 for o in offsets]``, each computed when asked (a slice in C): the ends of
    a view whose characters each stand for one original character. Most views are read
    at a few places (the spans of their matches), not end to end."""

    __slots__ = ("_offsets",)

    def __init__(self, offsets: Sequence[int]):
        self._offsets = offsets

    def __len__(self) -> int:
        return len(self._offsets)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return list(map(_PLUS_ONE, self._offsets[index]))
        return self._offsets[index] + 1


class Positions(Sequence):
    """The offsets ``[0, 1, ..., n - 1]`` of a text whose characters each stand for
    themselves: a read-only sequence equal to that list, without building it."""

    __slots__ = ("range",)

    def __init__(self, size: int):
        self.range = range(size)

    def __len__(self) -> int:
        return len(self.range)

    def __getitem__(self, index):
        return self.range[index]

    def __iter__(self):
        return iter(self.range)

    def __eq__(self, other) -> bool:
        if isinstance(other, Positions):
            return self.range == other.range
        if isinstance(other, list | tuple | range):
            return len(other) == len(self.range) and list(other) == list(self.range)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  (compares equal to lists)

    def __repr__(self) -> str:
        return repr(list(self.range))


class Normalized(_Fields):
    """The normalised text, its offsets, the original text, and a per-text cache."""

    @cached_property
    def cache(self) -> dict:
        """Derived views of this text, shared by every rule that checks it."""
        return {}


class View(NamedTuple):
    """A reading of the text for matching.

    ``offsets[i]``/``ends[i]``: the original span ``[offsets[i], ends[i])`` that character
    ``i`` stands for (a squeezed "uuuu" is one "u" spanning four characters).
    ``changed[i]`` is 1 where a text step rewrote the character (leetspeak, joined
    letters, squeezed run).
    """

    text: str
    offsets: list[int]
    ends: list[int]
    changed: bytearray
    source: str

    @property
    def any_changed(self) -> bool:
        return 1 in self.changed  # the flags are 0 or 1


TextStep = Callable[[View], View]


def is_mark(char: str) -> bool:
    """Combining marks (accents, Indic vowel signs...) are dropped by normalisation."""
    return unicodedata.category(char)[0] == "M"


def drop_invisible(s: str) -> str:
    return s.translate(_INVISIBLE)


def unify_punctuation(s: str) -> str:
    return s.translate(_PUNCTUATION)


def decompose(s: str) -> str:
    return unicodedata.normalize("NFKD", s)


def fold_confusables(s: str) -> str:
    return s.translate(_CONFUSABLES)


def casefold(s: str) -> str:
    return s.casefold()


def strip_marks(s: str) -> str:
    return "".join(c for c in s if not is_mark(c))


DEFAULT_STEPS: tuple[CharStep, ...] = (
    drop_invisible,
    unify_punctuation,
    decompose,
    fold_confusables,
    casefold,
    strip_marks,
    fold_confusables,
)


class Normalizer:
    """Applies character steps to a text, caching per character."""

    _CACHE_LIMIT = 1 << 16

    def __init__(self, steps: Iterable[CharStep] = DEFAULT_STEPS):
        self.steps = tuple(steps)
        self._cache: dict[str, str] = {}
        # Fast path for ASCII stretches when the steps lower-case ASCII, give or take a
        # few characters mapped to one other character that lower() keeps ("`" -> "'").
        fixes = {}
        for char in map(chr, range(128)):
            out = self.map_char(char)
            if out != char.lower():
                fixes[char] = out
        self._ascii_fixes = tuple(fixes.items())
        # Per non-ASCII character: may its output be put in place by str.replace before
        # the text is lower-cased (see _replaced)?
        self._replaceable: dict[str, bool] = {}
        self._ascii_is_lower = len(fixes) <= 4 and all(
            len(out) == 1 and out.lower() == out for out in fixes.values()
        )

    def _fold_ascii(self, run: str) -> str:
        """``run`` (ASCII) through the steps, when ``_ascii_is_lower``."""
        for char, out in self._ascii_fixes:
            if char in run:
                run = run.replace(char, out)
        return run.lower()

    def map_char(self, char: str) -> str:
        out = self._cache.get(char)
        if out is None:
            out = char
            for step in self.steps:
                out = step(out)
            if len(self._cache) < self._CACHE_LIMIT:
                self._cache[char] = out
        return out

    def _replaced(self, text: str, chars: set[str], table: dict[int, str]) -> str | None:
        """The folded text made by one ``str.replace`` per distinct non-ASCII
        character, then the ASCII fixes and ``lower()`` over the whole text, all in C
        (a French post has a few distinct accented letters, but many runs between
        them); None when a character's output would not survive that: an output
        that is not ASCII (another replacement could change it), that lower() would
        change, or that holds a character the ASCII fixes replace."""
        replaceable = self._replaceable
        fixed = self._ascii_fixes
        for char in chars:
            known = replaceable.get(char)
            if known is None:
                out = table.get(ord(char), char)
                known = (
                    (out == char or out.isascii())
                    and out.lower() == out
                    and not any(fix in out for fix, _ in fixed)
                )
                if len(replaceable) < self._CACHE_LIMIT:
                    replaceable[char] = known
            if not known:
                return None
        for char in chars:
            out = table.get(ord(char))
            if out is not None:
                text = text.replace(char, out)
        for char, out in fixed:
            if char in text:
                text = text.replace(char, out)
        return text.lower()

    def __call__(self, text: str) -> Normalized:
        if self._ascii_is_lower and text.isascii():
            return Normalized(self._fold_ascii(text), Positions(len(text)), text)
        table: dict[int, str] = {}
        resized: list[str] = []  # characters that expand ("ß") or disappear (ZWJ, accents)
        cache = self._cache
        # With the ASCII fast path, only the non-ASCII characters need a look-up.
        chars = set(_ASCII_RUNS.sub("", text) if self._ascii_is_lower else text)
        for char in chars:
            out = cache.get(char)
            if out is None:
                out = self.map_char(char)
            if len(out) != 1:
                resized.append(char)
                table[ord(char)] = out
            elif out != char:
                table[ord(char)] = out
        if not self._ascii_is_lower:
            folded = text.translate(table)
        else:
            folded = self._replaced(text, chars, table)
            if folded is None:
                # Lower-case ASCII stretches in C; translate only the non-ASCII ones.
                fold_ascii = self._fold_ascii
                folded = "".join(
                    fold_ascii(run) if run.isascii() else run.translate(table)
                    for run in _ASCII_OR_NOT.findall(text)
                )
        if not resized:
            return Normalized(folded, Positions(len(text)), text)
        # Offsets: each character stands for itself, but a resized one for its output.
        positions = []
        for char in resized:
            at = text.find(char)
            while at != -1:
                positions.append(at)
                at = text.find(char, at + 1)
        positions.sort()
        offsets: list[int] = []
        previous = 0
        for at in positions:
            offsets.extend(range(previous, at))
            size = len(table[ord(text[at])])
            if size:
                offsets.extend([at] * size)
            previous = at + 1
        offsets.extend(range(previous, len(text)))
        return Normalized(folded, offsets, text)


_default = Normalizer()


def normalize(text: str) -> Normalized:
    """Normalise with the default steps (see the module docstring)."""
    return _default(text)


def _extend_over_marks(source: str, oend: int, limit: int) -> int:
    while oend < limit and oend < len(source) and is_mark(source[oend]):
        oend += 1
    return oend


def to_original_span(n: Normalized | View, start: int, end: int) -> tuple[int, int]:
    """Map a ``[start, end)`` span of ``n.text`` to the matching span of the original text.

    The span covers whole original characters and any combining marks that follow the
    last one (so a match on "cafe" in "cafe\\u0301" keeps its accent).
    """
    offsets = n.offsets
    source = n.source
    source_len = len(source) if source else (offsets[-1] + 1 if offsets else 0)
    if start >= len(offsets):
        return source_len, source_len
    ostart = offsets[start]
    if end <= start:
        return ostart, ostart
    ends = getattr(n, "ends", None)
    oend = ends[end - 1] if ends is not None else offsets[end - 1] + 1
    limit = offsets[end] if end < len(offsets) else source_len
    return ostart, _extend_over_marks(source, oend, limit)


# --- views and text steps -------------------------------------------------------------


def base_view(n: Normalized) -> View:
    offsets = n.offsets
    if type(offsets) is Positions:
        offsets, ends = offsets.range, range(1, len(offsets) + 1)
    else:
        ends = NextPositions(offsets)
    return View(n.text, offsets, ends, bytearray(len(n.text)), n.source)


def _rebuild(view: View, pieces: Iterable[tuple[int, int, str | None, bool]]) -> View:
    """Rebuild ``view`` from ``(start, end, replacement, changed)`` pieces covering it.

    ``replacement`` None keeps ``view.text[start:end]`` as it is; otherwise the
    replacement characters take, in order, the spans of the replaced characters (the
    last one stretching to the end of the piece).
    """
    text: list[str] = []
    offsets: list[int] = []
    ends: list[int] = []
    changed = bytearray()
    for start, end, replacement, is_changed in pieces:
        if replacement is None:
            text.append(view.text[start:end])
            offsets.extend(view.offsets[start:end])
            ends.extend(view.ends[start:end])
            changed.extend(view.changed[start:end])
            continue
        if not replacement:
            continue
        text.append(replacement)
        count = len(replacement)
        for k in range(count):
            src = start + min(k, end - start - 1)
            offsets.append(view.offsets[src])
            ends.append(view.ends[end - 1] if k == count - 1 else view.ends[src])
            changed.append(1 if is_changed else view.changed[src])
    return View("".join(text), offsets, ends, changed, view.source)


def _apply_regex(
    view: View, pattern: re.Pattern[str], replace, changed: bool, start: int = 0
) -> View:
    """``view`` with the matches of ``pattern`` (from ``start``: none begins before it)
    replaced by ``replace(match)``, or kept where it gives None."""
    pieces = []
    position = 0
    for m in pattern.finditer(view.text, start):
        start, end = m.span()
        replacement = replace(m)
        if replacement is None:
            continue
        if start > position:
            pieces.append((position, start, None, False))
        pieces.append((start, end, replacement, changed))
        position = end
    if not pieces:
        return view
    if position < len(view.text):
        pieces.append((position, len(view.text), None, False))
    if all(r is None or len(r) == e - s for s, e, r, _ in pieces):
        # One character for one (leetspeak, a lone newline): the offsets stay the same.
        text = "".join(view.text[s:e] if r is None else r for s, e, r, _ in pieces)
        flags = bytearray(view.changed)
        for s, e, r, is_changed in pieces:
            if r is not None and is_changed:
                flags[s:e] = b"\x01" * (e - s)
        return View(text, view.offsets, view.ends, flags, view.source)
    return _rebuild(view, pieces)


_SPACES = re.compile(r"\s(?:\s+|(?<=[^\S ]))")  # 2+ whitespace, or one that is not " "


def squash_spaces(view: View) -> View:
    """Every run of whitespace (newlines, tabs, NBSP...) becomes a single space."""
    text = view.text
    if "  " not in text and text.isprintable():
        return view  # no double space, and no whitespace but " " (the rest is unprintable)
    matches = list(_SPACES.finditer(text))
    if not matches:
        return view
    parts: list[str] = []
    previous = 0
    for m in matches:
        parts.append(text[previous : m.start()])
        parts.append(" ")
        previous = m.end()
    parts.append(text[previous:])
    squashed = "".join(parts)
    runs = [m.span() for m in matches if m.end() - m.start() > 1]
    if not runs:
        # Lone newlines or tabs: one character for one, the offsets stay the same.
        return View(squashed, view.offsets, view.ends, bytearray(view.changed), view.source)
    # What _apply_regex builds, without listing every offset (a long post's paragraphs):
    # the space of a run keeps the offset and flag of its first character and the end of
    # its last one.
    changed = bytearray()
    previous = 0
    for start, end in runs:
        changed.extend(view.changed[previous : start + 1])
        previous = end
    changed.extend(view.changed[previous:])
    return View(
        squashed,
        Kept(view.offsets, [at for start, end in runs for at in range(start + 1, end)]),
        Kept(view.ends, [at for start, end in runs for at in range(start, end - 1)]),
        changed,
        view.source,
    )


_SPELLED = re.compile(r"(?<![^\W_])[^\W_](?:[.\-_ *][^\W_]){2,}(?![^\W_])")


def join_spelled_out(view: View) -> View:
    """Three or more single letters separated by one ``. - _ *`` or space: read joined
    (leetspeak digits among them, when three are letters: "s h 1 t", not "à 8 h 30")."""
    hint = _SPELLED_HINT.search(view.text)
    return view if hint is None else _join_spelled_out(view, hint)


def _join_spelled_out(view: View, hint: re.Match) -> View:
    """``join_spelled_out``, given the first match of its hint in ``view.text``."""
    # The separators are dropped: build the pieces by hand so each letter keeps its span.
    pieces = []
    position = 0
    # A match starting at i makes the hint match at i + 1: none starts before the hint.
    for m in _SPELLED.finditer(view.text, hint.start() - 1):
        start, end = m.span()
        if sum(c.isalpha() for c in view.text[start:end:2]) < 3:
            continue  # digits and a letter or two: a time ("à 8 h 30"), not a word
        if start > position:
            pieces.append((position, start, None, False))
        for i in range(start, end, 2):
            pieces.append((i, i + 1, view.text[i], True))
        position = end
    if not pieces:
        return view
    if position < len(view.text):
        pieces.append((position, len(view.text), None, False))
    return _rebuild(view, pieces)


# Cheap tests (each starts with a plain character class, so the scan runs fast in C) of
# whether a variant step can change the text at all:
# leetspeak: a 0 1 3 4 5 7 9 @ $ next to a letter;
# an "@" that opens a handle of seven word characters or more is a name (see leetspeak).
_LEET_HINT = re.compile(
    r"[0134579$@](?:"
    r"(?<=[0134579$])(?:(?<=[^\W\d_].)|(?=[^\W\d_]))"
    r"|(?<=@)(?:(?<=[^\W\d_]@|[0-9$]@)|(?=[^\W\d_]\w{0,5}(?!\w))))"
)
# spelled-out letters: "x.y.z" (a separator, a letter, a separator, then the letters
# around them), as _SPELLED needs;
_SPELLED_HINT = re.compile(
    r"[.\-_ *][^\W_][.\-_ *](?<=(?<![^\W_])[^\W_][.\-_ *][^\W_][.\-_ *])[^\W_](?![^\W_])"
)
# stretched letters: see _StretchHint.
_TRIPLE = re.compile(r"(.)\1\1", re.DOTALL)
_NON_ASCII_TRIPLE = re.compile(r"([^\x00-\x7f])\1\1")


class _StretchHint:
    """Where a letter may be stretched: the first ASCII letter, or character that is not
    ASCII, written three times in a row (every stretched letter is one of them), as the
    match of ``(.)\\1\\1`` there. One Aho-Corasick scan for the 52 ASCII triples, and a
    scan for the others only in a text that is not ASCII: ``(.)\\1\\1`` itself tries a
    capture and a back-reference at every character (4.2 µs a post, against 1.5)."""

    def __init__(self):
        self._ascii = automata.Automaton(c * 3 for c in string.ascii_letters)

    def search(self, text: str) -> re.Match | None:
        first = self._ascii.first(text)
        if not text.isascii():
            other = _NON_ASCII_TRIPLE.search(text, 0, len(text) if first is None else first + 2)
            if other is not None:
                first = other.start()
        return None if first is None else _TRIPLE.match(text, first)


_TRIPLE_HINT = _StretchHint()

LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "@": "a", "5": "s", "$": "s", "7": "t"}
_LEET_RUN = re.compile(r"[0134579@$]+")
# The runs of _LEET_RUN that touch a letter, the only ones leetspeak may rewrite: the
# others (prices, times, dates) are not looked at in Python.
_LEET_RUN_TOUCHING = re.compile(
    r"[0134579@$](?:(?<=[^\W\d_].)[0134579@$]*|[0134579@$]*(?=[^\W\d_]))"
)


# Characters that an author slips inside a word to hide it from word lists: dots,
# dashes and other marks ("st.u.pid", "bi-tch", "sh*t"), and emoji or symbols
# ("stu🔥pid"). One to three of them between two runs of letters.
_BREAK_CHARS = (
    r".\-_*~|+=^·•"
    "\U0001f000-\U0001faff\u2190-\u21ff\u2300-\u23ff\u2500-\u27bf\u2b00-\u2bff"
)
_BROKEN = re.compile(
    rf"(?<![\w@#/.:&=?%$'])[^\W\d_]+(?:[{_BREAK_CHARS}]{{1,3}}[^\W\d_]+)+(?![\w/@]|\.\w)"
)
# A separator right after a letter, and a letter within three characters: it starts
# with the separators (rare characters), so the scan runs fast in C.
_BROKEN_HINT = re.compile(
    rf"[{_BREAK_CHARS}](?<=[^\W\d_].)(?=[{_BREAK_CHARS}]{{0,2}}[^\W\d_])"
)
_BROKEN_PIECE = re.compile(r"[^\W\d_]+")
# What ends a domain name ("example.com", "pen.is"): a dot before it is no hidden word.
_DOMAIN_ENDS = frozenset(
    "com org net edu gov io co ly fr ca uk de is me app tv us eu ai gg info biz".split()
)
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff]")


def _is_word(token: str) -> bool:
    # The word lists live beside the splitter (loaded on first use: rare here).
    from socialgov.checks import segment

    return segment.is_word(token)


@functools.lru_cache(maxsize=4096)
def _token_hides_a_word(token: str) -> bool:
    return _hides_a_word(_BROKEN_PIECE.findall(token), _BROKEN_PIECE.split(token)[1:-1])


def _hides_a_word(pieces: list[str], separators: list[str]) -> bool:
    """Are these runs of letters one word broken up, rather than initials, a domain, or
    words that a dot or a dash separates?"""
    if all(len(piece) == 1 for piece in pieces):
        return False  # initials ("U.S.", "e.g."): join_spelled_out reads spelled letters
    if (
        pieces[-1] in _DOMAIN_ENDS
        and all(sep == "." for sep in separators)
        and all(len(piece) > 1 for piece in pieces)
    ):
        return False  # a domain name ("pen.is", "shop.com")
    if any(_EMOJI.search(sep) for sep in separators):
        return True  # nobody writes an emoji inside a word but to hide it ("ass🔥hole")
    if all(sep == "-" for sep in separators):
        # Compounds ("e-mail", "Cantons-de-l'Est", "peut-être"): joined only when a
        # piece of two letters or more is no word ("st-u-pid", "bi-tch").
        return not all(len(piece) == 1 or _is_word(piece) for piece in pieces)
    if len(pieces) > 2 or not all(len(piece) > 1 and _is_word(piece) for piece in pieces):
        return True  # "st.u.pid", "dou.che.bag", "b.itch": cut in three, or not words
    # Two words ("well-known", "end.Start", "ass.hole"): one word only when, joined,
    # they make a word ("ass.hole" reads "asshole"; "well-known" stays two words).
    return _is_word("".join(pieces))


def join_broken_words(view: View) -> View:
    """Letters that separators or emoji break up, inside one token, read joined:
    "st.u.pid", "bi-tch", "stu🔥pid" -> "stupid", "bitch", "stupid". Words separated that
    way ("well-known", "pen.is"), initials ("U.S."), URLs and domains are left alone."""
    hint = _BROKEN_HINT.search(view.text)
    return view if hint is None else _join_broken_words(view, hint)


def _join_broken_words(view: View, hint: re.Match) -> View:
    """``join_broken_words``, given the first match of its hint in ``view.text``."""
    text = view.text
    pieces = []
    position = 0
    while hint is not None:
        # A broken-up word lies within its run of characters between spaces, and reads
        # the same there as in the text (no pattern looks past a space): each run is
        # read once (_hidden_words, kept: "abonnez-vous" or a brand's address recur).
        begin = text.rfind(" ", 0, hint.start()) + 1
        finish = text.find(" ", hint.end())
        if finish == -1:
            finish = len(text)
        for start, end in _hidden_words(text[begin:finish]):
            start += begin
            end += begin
            if start > position:
                pieces.append((position, start, None, False))
            for piece in _BROKEN_PIECE.finditer(text, start, end):
                pieces.append((piece.start(), piece.end(), piece.group(), True))
            position = end
        hint = _BROKEN_HINT.search(text, finish)
    if not pieces:
        return view
    if position < len(text):
        pieces.append((position, len(text), None, False))
    return _rebuild(view, pieces)


@functools.lru_cache(maxsize=4096)
def _hidden_words(token: str) -> tuple[tuple[int, int], ...]:
    """The spans, in ``token`` (characters without a space), of the broken-up words that
    join_broken_words joins."""
    spans = []
    position = 0
    hint = _BROKEN_HINT.search(token)
    while hint is not None:
        start = hint.start()
        while start > position and token[start - 1].isalpha():
            start -= 1  # back to the start of the letters before the separator
        m = _BROKEN.match(token, start)
        if m is None or not _token_hides_a_word(m.group()):
            hint = _BROKEN_HINT.search(token, m.end() if m else hint.end())
            continue
        start, end = m.span()
        spans.append((start, end))
        position = end
        hint = _BROKEN_HINT.search(token, end)
    return tuple(spans)


# A one-letter word ("a", "i", "u", "y", "à" read "a", or the French "y a") then
# spelled-out letters: "you are a b i t c h" reads "a bitch" as well as "abitch".
_AFTER_WORD = re.compile(r"(?<![^\W_])(?:y a |[aiyu] )(?=[^\W_](?: [^\W_]){2,}(?![^\W_]))")
# Every text _AFTER_WORD matches holds two spaced single letters after a space (" b i "
# in "a b i t c h"); this finds them about five times faster than _AFTER_WORD itself,
# whose look-behind is tried at every position.
_AFTER_WORD_HINT = re.compile(r" [^\W_] [^\W_] ")


def join_spelled_out_after_word(view: View) -> View:
    """Like ``join_spelled_out``, but a run that starts with a one-letter word keeps
    that word apart ("a b i t c h" -> "a bitch")."""
    hint = _AFTER_WORD_HINT.search(view.text)
    return view if hint is None else _join_spelled_out_after_word(view, hint)


# A match of _AFTER_WORD that starts at i ("a " or "y a ") makes its hint match where its
# one-letter word ends, at i + 1 or i + 3: no match starts before the hint's first match
# less 3, and the search starts there instead of trying every position before it.
_AFTER_WORD_LEAD = 3


def _join_spelled_out_after_word(view: View, hint: re.Match) -> View:
    """``join_spelled_out_after_word``, given the first match of its hint."""
    start = max(hint.start() - _AFTER_WORD_LEAD, 0)
    if not _AFTER_WORD.search(view.text, start):
        return view
    pieces = []
    position = 0
    for m in _AFTER_WORD.finditer(view.text, start):
        start = m.end()
        if start < position:
            continue
        run = _SPELLED.match(view.text, start)
        if run is None:
            continue
        if start > position:
            pieces.append((position, start, None, False))
        for i in range(start, run.end(), 2):
            pieces.append((i, i + 1, view.text[i], True))
        position = run.end()
    if not pieces:
        return view
    if position < len(view.text):
        pieces.append((position, len(view.text), None, False))
    return _rebuild(view, pieces)


# What follows an "@" that opens a handle rather than hides an "a": seven word characters
# or more (handles are names; the short leetspeak words, "@ss", "@sshole", are shorter).
_HANDLE_AFTER_AT = re.compile(r"\w{7}")


def leetspeak(one: str = "i") -> TextStep:
    """Leetspeak digits and symbols next to letters read as letters ("1" reads ``one``).

    A run of 0 1 3 4 5 7 @ $ is rewritten only when a letter touches it: "sh1t", "l33t",
    "@ss" and "a$$" are rewritten; "24/7", "$5", "100 %", "2024" are not.
    """
    table = {**LEET, "1": one}

    def replace(m: re.Match) -> str | None:
        text = m.string
        start, end = m.span()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if not (before.isalpha() or after.isalpha()):
            return None
        if m.group() == "@" and not before.isalnum() and _HANDLE_AFTER_AT.match(text, end):
            return None  # "@boutiquemtl": a handle, not "a" ("@ss" still reads "ass")
        token_end = text.find(" ", end)
        token = text[text.rfind(" ", 0, start) + 1 : None if token_end < 0 else token_end]
        if "/" in token or ("@" in m.group() and before.isalnum() and "." in token):
            return None  # a link ("bit.ly/3xyz") or an e-mail address: names, not words
        return "".join(table.get(c, c) for c in m.group())

    def step(view: View) -> View:
        if not _LEET_HINT.search(view.text):
            return view  # no 0 1 3 4 5 7 9 @ $ next to a letter (a much faster scan)
        return _apply_regex(view, _LEET_RUN_TOUCHING, replace, changed=True)

    def from_hint(view: View, hint: re.Match) -> View:
        return _apply_regex(view, _LEET_RUN_TOUCHING, replace, changed=True)

    step.__name__ = f"leetspeak_{one}"
    step.hint = _LEET_HINT  # type: ignore[attr-defined]
    step.from_hint = from_hint  # type: ignore[attr-defined]
    return step


_STRETCHED = re.compile(r"([^\W\d_])\1{2,}")


def squeeze_stretched(view: View) -> View:
    """Runs of three or more identical letters collapse to one ("fuuuuck" -> "fuck")."""
    hint = _TRIPLE_HINT.search(view.text)
    if hint is None:
        return view  # no character three times in a row (a much faster scan)
    return _squeeze_stretched(view, hint)


def _squeeze_stretched(view: View, hint: re.Match) -> View:
    """``squeeze_stretched``, given the first match of its hint: a stretched letter is a
    character three times in a row, so none starts before it."""
    return _apply_regex(view, _STRETCHED, _squeezed, changed=True, start=hint.start())


def _squeezed(m: re.Match) -> str | None:
    if m.group() == "www" and m.string.startswith(".", m.end()):
        return None  # a web address, not a stretched "w"
    return m.group(1)


def apply_steps(view: View, steps: Iterable[TextStep]) -> View:
    for step in steps:
        view = step(view)
    return view


# A step's ``hint`` finds, cheaply, every text the step could change (a superset); the
# steps check it first themselves.
join_spelled_out.hint = _SPELLED_HINT  # type: ignore[attr-defined]
join_broken_words.hint = _BROKEN_HINT  # type: ignore[attr-defined]
join_spelled_out_after_word.hint = _AFTER_WORD_HINT  # type: ignore[attr-defined]
squeeze_stretched.hint = _TRIPLE_HINT  # type: ignore[attr-defined]
# ``from_hint(view, match)``: the step, given the first match of its hint in the view's
# text (variant_views has searched for it already: it does not search again).
join_spelled_out.from_hint = _join_spelled_out  # type: ignore[attr-defined]
join_broken_words.from_hint = _join_broken_words  # type: ignore[attr-defined]
join_spelled_out_after_word.from_hint = _join_spelled_out_after_word  # type: ignore[attr-defined]
squeeze_stretched.from_hint = _squeeze_stretched  # type: ignore[attr-defined]

MATCH_STEPS: tuple[TextStep, ...] = (squash_spaces,)
# Each tuple of steps gives one extra reading; the second only matters when a "1" touches
# a letter ("ki11" reads "kill", "1d10t" reads "idiot").
_LEET_L = leetspeak("l")
# One step object for both readings that use it: variant_views shares what a step made of
# a view between the readings by the step's identity.
_LEET_I = leetspeak("i")
# The third reads spelled-out letters after a one-letter word ("you are a b i t c h").
VARIANT_STEPS: tuple[tuple[TextStep, ...], ...] = (
    (join_broken_words, join_spelled_out, _LEET_I, squeeze_stretched),
    (join_broken_words, join_spelled_out, _LEET_L, squeeze_stretched),
    (join_broken_words, join_spelled_out_after_word, _LEET_I, squeeze_stretched),
)


def _one_near_letter(text: str) -> bool:
    """A run of 0 1 3 4 5 7 9 @ $ that holds a "1" and touches a letter ("ki11", "1d")."""
    if "1" not in text:
        return False
    return any("1" in m.group() for m in _LEET_RUN_TOUCHING.finditer(text))


def match_view(n: Normalized) -> View:
    """The normalised text with whitespace runs squashed: what term matchers read."""
    view = n.cache.get("match_view")
    if view is None:
        view = n.cache["match_view"] = apply_steps(base_view(n), MATCH_STEPS)
    return view


# Every byte but a-z read as a space: see _gate_words.
_A_TO_Z_ONLY = bytes(code if 0x61 <= code <= 0x7A else 0x20 for code in range(256))


class WordGate:
    """Is one of ``words`` (runs of a-z) a run of a-z of the text's match view, as
    ``re.findall("[a-z]+", match_view(n).text)`` cuts it? Rules open such a gate before
    running the patterns that need one of its words. Answered from one scan of the text
    for the words of every gate (a few hundred), cheaper than cutting the text into all
    its words."""

    _every_word: set[str] = set()  # noqa: RUF012 (the words of every gate made)
    _scanner: tuple[int, automata.Automaton] | None = None

    def __init__(self, words: Iterable[str]):
        self.words = frozenset(words)
        if not self.words or not all(_A_TO_Z_RUN.fullmatch(word) for word in self.words):
            raise ValueError("a word gate needs words of the letters a to z")
        WordGate._every_word |= self.words

    def opens(self, n: Normalized) -> bool:
        return not self.words.isdisjoint(_gate_words(n))

    @classmethod
    def scanner(cls) -> tuple[int, automata.Automaton]:
        """``(size, automaton)`` of every gate's words, each between spaces; made anew
        when a gate has been made since."""
        scanner = cls._scanner
        if scanner is None or scanner[0] != len(cls._every_word):
            words = sorted(cls._every_word)
            scanner = cls._scanner = (len(words), automata.Automaton(f" {w} " for w in words))
        return scanner


_A_TO_Z_RUN = re.compile("[a-z]+")


def _gate_words(n: Normalized) -> frozenset[str]:
    """The words of every ``WordGate`` that are runs of a-z of ``match_view(n)``
    (cached)."""
    size, automaton = WordGate.scanner()
    cached = n.cache.get("gate_words")
    if cached is not None and cached[0] == size:
        return cached[1]
    # The runs of a-z cut in C (non-ASCII characters, as "?", then every byte but a-z,
    # become spaces): a run is " word " in this text, a space on each side.
    text = match_view(n).text
    spaced = text.encode("ascii", "replace").translate(_A_TO_Z_ONLY).decode("ascii")
    found = frozenset(hit[1:-1] for hit in automaton.found(f" {spaced} "))
    n.cache["gate_words"] = (size, found)
    return found


_VARIANT_HINTS = {step: getattr(step, "hint", None) for steps in VARIANT_STEPS for step in steps}
_DISTINCT_HINTS = tuple({hint: None for hint in _VARIANT_HINTS.values() if hint})
# variant_views reads the spelled-out hint's answer before it searches for this one.
assert _DISTINCT_HINTS.index(_SPELLED_HINT) < _DISTINCT_HINTS.index(_AFTER_WORD_HINT)


# Every step has a hint: variant_views reads the text's hints, not the steps, to learn
# which steps can change it.
assert None not in _VARIANT_HINTS.values()
_VARIANTS_WITHOUT_L = tuple(steps for steps in VARIANT_STEPS if _LEET_L not in steps)
# The distinct steps of the variants, in order, with their hints.
_HINTED_STEPS = tuple({(step, _VARIANT_HINTS[step]): None for steps in VARIANT_STEPS
                       for step in steps})
_HINTED_STEPS_WITHOUT_L = tuple((step, hint) for step, hint in _HINTED_STEPS
                                if step is not _LEET_L)


def variant_views(n: Normalized) -> list[View]:
    """Extra readings (spelled-out letters joined, leetspeak, stretched letters squeezed).

    Only readings that differ from ``match_view(n)`` are returned; most posts have none.
    """
    views = n.cache.get("variant_views")
    if views is not None:
        return views
    base = match_view(n)
    text = base.text
    views = n.cache["variant_views"] = []
    # A step's hint finds every text it could change: when no hint finds anything in the
    # text, no step changes it (most posts), and a step whose hint finds nothing is
    # skipped while the text is still unchanged.
    found = {}  # each hint's first match, or None
    for hint in _DISTINCT_HINTS:
        if hint is _AFTER_WORD_HINT and found[_SPELLED_HINT] is None:
            # The letters spelled out after a one-letter word are three spelled-out
            # letters ("a b i t": "b i t"): without those, the scan would find nothing.
            found[hint] = None
        else:
            found[hint] = hint.search(text)
    if not any(found.values()):
        return views
    variants, hinted = VARIANT_STEPS, _HINTED_STEPS
    # A leetspeak run that holds a "1" and touches a letter makes the leetspeak hint match
    # (a test holds them to it): without a match, the test is not needed.
    if found[_LEET_HINT] is None or not _one_near_letter(text):
        variants, hinted = _VARIANTS_WITHOUT_L, _HINTED_STEPS_WITHOUT_L
    # What each step made of each view: the variants share steps, and two steps that
    # change nothing ("a b c" neither spelled out nor after a word) leave the next ones
    # the same view. Keyed by id: every view is kept alive in ``done``.
    done: dict[tuple[int, TextStep], View] = {}
    # Each step on the text first, from its hint: when none changes it (most posts whose
    # hints found something: "e-mail", "abonnez-vous"), no variant can.
    for step, hint in hinted:
        first = found[hint]
        if first is not None:
            after = done[id(base), step] = step.from_hint(base, first)
            if after is not base:
                break
    else:
        return views
    seen = {text}
    for steps in variants:
        view = base
        for step in steps:
            after = done.get((id(view), step))
            if after is None:
                if view is not base:
                    after = step(view)
                else:  # its hint's first match in the base text is known
                    first = found[_VARIANT_HINTS[step]]
                    after = view if first is None else step.from_hint(view, first)
                done[id(view), step] = after
            view = after
        if view.text not in seen and view.any_changed:
            seen.add(view.text)
            views.append(view)
    return views


def cleaned(n: Normalized) -> View:
    """The original text, case and accents kept, with invisible characters removed,
    look-alike letters folded to Latin and apostrophes/hyphens unified (’ -> '), one
    character for one: where user-written regular expressions run."""
    view = n.cache.get("cleaned")
    if view is None:
        source = n.source
        if source.isascii() or not _CLEANED_RE.search(source):
            # Nothing to drop or map (most posts): the text as it is.
            view = View(source, range(len(source)), range(1, len(source) + 1), b"", source)
        elif not _INVISIBLE_RE.search(source):
            text = _clean(source)
            view = View(text, range(len(source)), range(1, len(source) + 1), b"", source)
        else:
            # Most such texts drop a character or two (an emoji's variation selector or
            # joiner): the kept offsets are computed when asked, not listed.
            removed = [m.start() for m in _INVISIBLE_RE.finditer(source)]
            text = _clean(_INVISIBLE_RE.sub("", source))
            view = View(text, Kept(range(len(source)), removed),
                        Kept(range(1, len(source) + 1), removed), b"", source)
        n.cache["cleaned"] = view
    return view
