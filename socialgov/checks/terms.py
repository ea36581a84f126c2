"""Term matching over normalised text, shared by the term-based kinds.

Terms are normalised like the text (``term_key``) and put in Aho-Corasick automata
(``socialgov.checks.automata``), so 5,000 terms cost about as much as 50: the text is
scanned once per reading whatever the number of terms. Every raw hit is then checked on
*token edges*:

* Words are letters and digits (accents are gone after normalisation, so "é" is a letter
  and "élu" is one word). A term edge that is a letter or digit must sit on a word edge:
  "ass" never matches in "class", "con" never in "concours", "anal" never in "analyse".
  That is the whole Scunthorpe guard: no exception lists.
* An apostrophe between letters joins them ("don't", "aujourd'hui" are single words), so
  "don" does not match in "don't" nor "can" in "can't"; but it splits after a French
  elision (l' d' j' m' n' s' t' c' qu' jusqu' lorsqu' puisqu'...), so "idiot" matches in
  "l’idiot", and before an English clitic ('s 're 've 'll 'd 'm), so "idiot" matches in
  "idiot's".
* Whitespace inside a term matches any run of whitespace.

Readings searched (see ``socialgov.checks.normalize`` and ``socialgov.checks.tags``):

1. the normalised text;
2. its variants (leetspeak, spelled-out letters, stretched letters) — a hit counts only
   if it covers a rewritten character;
3. the stated reading of each hashtag/@mention (#WhyIStayed -> "why i stayed");
4. word-list splits of run-together tags ("#susanalbumparty"): the author did not say
   where the words are, so every split that puts a term on word edges is an *alternative
   reading* (``TermMatch.reading``), returned only with ``find(..., readings=True)``; the
   term kinds report them as "hashtag_reading" warnings, never as the rule's own finding
   (a hashtag such as "#Cockburn" must not block a post).

Matches then go through ``exceptions`` (a match inside an exception is dropped) and
``idioms`` (see ``Idioms``), and overlapping matches resolve leftmost-longest.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cached_property
from itertools import product
from pathlib import Path
from typing import NamedTuple

from socialgov.checks import automata
from socialgov.checks import tags as _tags
from socialgov.checks.normalize import (
    Normalized,
    match_view,
    normalize,
    to_original_span,
    variant_views,
)

ELISIONS = frozenset(
    "l d j m n s t c qu jusqu lorsqu puisqu quoiqu presqu quelqu".split()
)  # French: l'idiot, qu'il, jusqu'ici
CLITICS = frozenset("s re ve ll d m".split())  # English: idiot's, they're, we'll


def term_key(term: str) -> str:
    """Canonical form of a term: normalised, whitespace collapsed to single spaces."""
    return " ".join(normalize(term).text.split())


# --- sharing one scan between the matchers of a checker ---------------------------------
#
# Every TermMatcher built while a rule set compiles (``collecting()``, used by
# ``engine.compile``) joins the checker's ``TermIndex``: one set of automata holding the
# forms of all of them. The checker puts its index on each post's ``Normalized``
# (``n.cache[INDEX_KEY]``); a matcher of that index then reads its candidates from the
# shared scan instead of scanning each reading again. A matcher that is not in the
# index (built at check time, or used outside a checker) scans the text itself: same
# candidates either way.

INDEX_KEY = "term_index"
_EMPTY: tuple = ()
_collecting: ContextVar[list | None] = ContextVar("socialgov_term_matchers", default=None)


@contextmanager
def collecting() -> Iterator[list]:
    """Collect the matchers built (or reused, see ``use``) inside the block."""
    matchers: list = []
    token = _collecting.set(matchers)
    try:
        yield matchers
    finally:
        _collecting.reset(token)


def requires(check: Callable, *matchers: TermMatcher) -> Callable:
    """Declare that ``check`` finds nothing in a post unless each of ``matchers`` has a
    candidate there (its findings all come from their matches). A checker whose index
    holds them then skips it on most posts without calling it (``_Scan.present``)."""
    check.required_matchers = matchers  # type: ignore[attr-defined]
    return check


def use(matcher: TermMatcher) -> None:
    """Add ``matcher`` to the matchers being collected, if any (for cached matchers that
    a compile function reuses instead of building)."""
    group = _collecting.get()
    if group is not None:
        group.append(matcher)


class TermMatch(NamedTuple):
    start: int  # original text span
    end: int
    key: str  # term_key of the term that matched
    reading: str | None = None  # alternative hashtag reading ("susan anal bum party")


def _is_word(char: str) -> bool:
    return char.isalnum()


def _word_before(t: str, end: int) -> str:
    start = end
    while start > 0 and t[start - 1].isalnum():
        start -= 1
    return t[start:end]


def _word_after(t: str, start: int) -> str:
    end = start
    while end < len(t) and t[end].isalnum():
        end += 1
    return t[start:end]


def start_ok(t: str, s: int) -> bool:
    """Can a term starting with a letter or digit start at ``t[s]``?"""
    if s == 0:
        return True
    before = t[s - 1]
    if before.isalnum():
        return False
    if before == "'" and s >= 2 and t[s - 2].isalnum():
        return _word_before(t, s - 1) in ELISIONS  # l'idiot yes, don't no
    return True


def end_ok(t: str, e: int) -> bool:
    """Can a term ending with a letter or digit end just before ``t[e]``?"""
    if e >= len(t):
        return True
    after = t[e]
    if after.isalnum():
        return False
    if after == "'" and e + 1 < len(t) and t[e + 1].isalnum() and e > 0 and t[e - 1].isalnum():
        return _word_after(t, e + 1) in CLITICS or _word_before(t, e) in ELISIONS
    return True


class _Automaton:
    """The forms of ``{form: value}`` (the value is the term key, or what a ``TermIndex``
    needs) in one automaton; ``hits`` are checked on token edges."""

    def __init__(self, forms: Mapping[str, object]):
        self.size = len(forms)
        self.longest = max(map(len, forms), default=0)
        self._automaton = automata.Automaton(forms) if forms else None
        self._values = list(forms.values())
        self._edges = [(_is_word(form[0]), _is_word(form[-1])) for form in forms]

    def hits(self, t: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int, object]]:
        """The hits inside ``t[lo:hi]`` (their edges read in the whole of ``t``)."""
        if not self.size or not t:
            return []
        out = []
        values, edges = self._values, self._edges
        size = len(t)
        scanned = t if lo == 0 and hi is None else t[lo:hi]
        for i, start, end in self._automaton.hits(scanned):
            start += lo
            end += lo
            word_first, word_last = edges[i]
            # start_ok and end_ok, called only for an apostrophe: a letter or digit
            # beside the hit settles most of them (the hits of a long post are many).
            if word_first and start:
                before = t[start - 1]
                if before.isalnum() or (before == "'" and not start_ok(t, start)):
                    continue
            if word_last and end < size:
                after = t[end]
                if after.isalnum() or (after == "'" and not end_ok(t, end)):
                    continue
            out.append((start, end, values[i]))
        return out

    def substrings(self, t: str) -> list[tuple[int, int, object]]:
        """Every occurrence, edges not checked."""
        if not self.size or not t:
            return []
        values = self._values
        return [(start, end, values[i]) for i, start, end in self._automaton.hits(t)]


def squeeze_forms(key: str, limit: int = 16) -> set[str]:
    """A stretched-letter reading squeezes runs to one letter, so a term with doubled
    letters must also be tried with each double single: "cool" -> {"cool", "col"}."""
    runs = [(m.start(), m.end()) for m in re.finditer(r"([^\W\d_])\1+", key)]
    if not runs:
        return {key}
    forms = set()
    for choice in product((1, 2), repeat=min(len(runs), 4)):
        parts = []
        position = 0
        for (start, end), keep in zip(runs, choice, strict=False):
            parts.append(key[position:start])
            parts.append(key[start] * (1 if end - start > 2 else keep))
            position = end
        parts.append(key[position:])
        forms.add("".join(parts))
        if len(forms) >= limit:
            break
    return forms


def _compact(key: str) -> str:
    return re.sub(r"[\s'\-]", "", key)


class TermMatcher:
    """Finds any of ``terms`` in normalised text; reports spans in the original text."""

    def __init__(self, terms: Iterable[str]):
        self.keys = {key for key in map(term_key, terms) if key}
        self._plain = _Automaton({key: key for key in self.keys})
        variants: dict[str, str] = {}
        for key in self.keys:
            for form in squeeze_forms(key):
                variants.setdefault(form, key)
        self._variant_forms = variants
        self._variant = _Automaton(variants)
        use(self)

    @cached_property
    def _compact_forms(self) -> dict[str, str]:
        """Run-together forms of the keys ("susan anal" -> "susananal"), for tag readings."""
        forms: dict[str, str] = {}
        for key in self.keys:
            compact = _compact(key)
            if len(compact) >= 3 and compact.isalpha() and compact.isascii():
                forms.setdefault(compact, key)
        return forms

    @cached_property
    def _compact_automaton(self) -> _Automaton:
        return _Automaton(self._compact_forms)

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """One regular expression for the plain terms (kept for callers that want it)."""
        alternatives = sorted(self.keys, key=len, reverse=True)
        if not alternatives:
            return re.compile(r"(?!)")
        body = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in alternatives)
        return re.compile(rf"(?<![^\W_])(?:{body})(?![^\W_])")

    # -- raw candidates -----------------------------------------------------------------

    def _candidates(self, n: Normalized, readings: bool) -> tuple[list, list]:
        """``(normal, alternative)`` candidates as ``(ostart, oend, key, reading)``."""
        scan = n.cache.get(INDEX_KEY)
        if scan is not None:
            found = scan.candidates(self, n, readings)
            if found is not None:
                return found
        cache_key = ("terms", id(self), readings)
        cached = n.cache.get(cache_key)
        if cached is not None and cached[0] is self:
            return cached[1], cached[2]
        normal: list[tuple[int, int, str, str | None]] = []
        alternative: list[tuple[int, int, str, str | None]] = []
        view = match_view(n)
        for s, e, key in self._plain.hits(view.text):
            normal.append((*to_original_span(view, s, e), key, None))
        for variant in variant_views(n):
            changed = variant.changed
            for s, e, key in self._variant.hits(variant.text):
                if any(changed[s:e]):
                    normal.append((*to_original_span(variant, s, e), key, None))
        for tag in _tags.tags(n):
            if tag.split:
                for s, e, key in self._plain.hits(tag.text):
                    normal.append((*to_original_span(tag.view, s, e), key, None))
        if self.keys and readings:
            self._tag_readings(n, alternative)
        n.cache[cache_key] = (self, normal, alternative)
        return normal, alternative

    def _tag_readings(self, n: Normalized, alternative: list) -> None:
        automaton = self._compact_automaton
        parts = [
            part
            for tag in _tags.tags(n)
            if automaton.substrings(tag.folded)  # cheap: most tags contain no term at all
            for part in _tags.run_together_parts(n, tag)
        ]
        for part in parts:
            text = part.view.text[part.start : part.end]
            found = automaton.substrings(text)
            if not found:
                continue
            for reading in _tags.readings(n, part, found):
                span = to_original_span(part.view, reading.start, reading.end)
                alternative.append((*span, reading.key, reading.words))

    # -- public API -----------------------------------------------------------------------

    def spans(self, n: Normalized) -> list[tuple[int, int]]:
        """Matches as spans of the normalised text ``n.text``."""
        out = []
        for start, end, _key in self._select(self._candidates(n, False)[0]):
            out.append((bisect.bisect_left(n.offsets, start), bisect.bisect_left(n.offsets, end)))
        return out

    def find(
        self,
        n: Normalized,
        exceptions: TermMatcher | None = None,
        *,
        idioms: Idioms | None = None,
        readings: bool = False,
    ) -> list[TermMatch]:
        """Matches in ``n``, as spans of the original text, sorted by position.

        ``exceptions``: a match inside one of their matches is dropped. ``idioms``: a match
        masked by an idiom is dropped. ``readings``: also return alternative hashtag
        readings (``TermMatch.reading`` set) that no normal match already covers.
        """
        normal, alternative = self._candidates(n, readings)
        if not normal and not alternative:
            return []
        # An @handle is a name its owner chose, not words of the post ("@hoes", "@shit"):
        # nothing after its "@" is a match (a term written with the "@" still is).
        masks: list[tuple[int, int]] = list(_handle_spans(n))
        if exceptions is not None:
            masks += [(m.start, m.end) for m in exceptions.find(n)]
        idiom_masks = idioms.masks(n) if idioms is not None else []

        def kept(start: int, end: int, key: str) -> bool:
            if any(ms <= start and end <= me for ms, me in masks):
                return False
            return not any(
                ms <= start and end <= me and masked(key) for ms, me, masked in idiom_masks
            )

        selected = self._select([c for c in normal if kept(c[0], c[1], c[2])])
        found = [TermMatch(start, end, key) for start, end, key in selected]
        if readings and alternative:
            taken = {(m.start, m.end) for m in found}
            seen = set()
            for start, end, key, words in alternative:
                if (start, end) in taken or (start, end, key) in seen:
                    continue
                if kept(start, end, key):
                    seen.add((start, end, key))
                    found.append(TermMatch(start, end, key, words))
            found.sort(key=lambda m: (m.start, m.end, m.reading or ""))
        return found

    @staticmethod
    def _select(candidates: list) -> list[tuple[int, int, str]]:
        """Leftmost-longest, non-overlapping."""
        out = []
        last_end = -1
        for start, end, key, *_ in sorted(candidates, key=lambda c: (c[0], -c[1], c[2])):
            if end <= start or start < last_end:
                continue
            out.append((start, end, key))
            last_end = end
        return out


# The "@" first, then a look-behind past it, so re scans from one "@" to the next in C
# (the same matches as the look-behind first: see tests/checks/test_checks_speedups.py).
_HANDLE = re.compile(r"@(?<![\w@]@)\w+")


def _handle_spans(n: Normalized) -> list[tuple[int, int]]:
    """The spans of the @handles of ``n``'s original text, "@" left out (cached on ``n``)."""
    if "@" not in n.source:
        return []
    spans = n.cache.get("handle_spans")
    if spans is None:
        spans = n.cache["handle_spans"] = [
            (m.start() + 1, m.end()) for m in _HANDLE.finditer(n.source)
        ]
    return spans


def changed_windows(changed: bytearray, reach: int) -> list[tuple[int, int]]:
    """``[(lo, hi), ...]``: stretches of a reading that hold every span of ``reach``
    characters or fewer that overlaps a changed character (flagged 1 in ``changed``)."""
    windows: list[tuple[int, int]] = []
    size = len(changed)
    at = changed.find(1)
    while at != -1:
        end = changed.find(0, at)
        if end == -1:
            end = size
        lo, hi = max(0, at - reach + 1), min(size, end + reach - 1)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
        at = changed.find(1, end)
    return windows


_TAGS_KEPT = 4096  # folded tag bodies whose slots a TermIndex keeps


class TermIndex:
    """The forms of several ``TermMatcher``s in shared automata: each reading of a post
    is scanned once, and the hits are sorted out per matcher ("slot").

    The candidates of a matcher are exactly those its own automata would give: the same
    forms, the same edge checks, the same readings. ``attach(n)`` makes the matchers of
    the index read from the shared scan of ``n``."""

    def __init__(self, matchers: Iterable[TermMatcher]):
        unique = list({id(m): m for m in matchers}.values())
        self._matchers = unique  # kept alive: slots are looked up by id
        self._slots = {id(m): slot for slot, m in enumerate(unique)}
        plain: dict[str, tuple[str, list[int]]] = {}
        variant: dict[str, list[tuple[int, str]]] = {}
        for slot, matcher in enumerate(unique):
            for key in matcher.keys:
                plain.setdefault(key, (key, []))[1].append(slot)
            for form, key in matcher._variant_forms.items():
                variant.setdefault(form, []).append((slot, key))
        self._plain = _Automaton(plain)
        self._variant = _Automaton(variant)
        self._in_tag: dict[str, frozenset[int]] = {}  # see slots_in_tag

    def __len__(self) -> int:
        return len(self._matchers)

    def slot(self, matcher: TermMatcher) -> int | None:
        slot = self._slots.get(id(matcher))
        if slot is None or self._matchers[slot] is not matcher:
            return None
        return slot

    def slots_in_tag(self, folded: str) -> frozenset[int]:
        """The slots with a run-together form in a tag whose folded body is ``folded``
        (kept for the next posts: a brand's hashtags come back post after post)."""
        found = self._in_tag.get(folded)
        if found is None:
            if len(self._in_tag) >= _TAGS_KEPT:
                self._in_tag.clear()
            found = self._in_tag[folded] = frozenset(
                slot for _, _, pairs in self._compact.substrings(folded) for slot, _ in pairs
            )
        return found

    @cached_property
    def _compact(self) -> _Automaton:
        forms: dict[str, list[tuple[int, str]]] = {}
        for slot, matcher in enumerate(self._matchers):
            for form, key in matcher._compact_forms.items():
                forms.setdefault(form, []).append((slot, key))
        return _Automaton(forms)

    def slots_of(self, matchers: Iterable[TermMatcher]) -> frozenset[int] | None:
        """The slots of ``matchers``, or None when one of them is not in the index."""
        slots = [self.slot(matcher) for matcher in matchers]
        return None if None in slots else frozenset(slots)  # type: ignore[arg-type]

    def attach(self, n: Normalized) -> _Scan:
        """Let the matchers of this index read their candidates in ``n`` from one scan."""
        scan = n.cache[INDEX_KEY] = _Scan(self)
        return scan


class _Scan:
    """One post scanned with a ``TermIndex`` (built lazily, on the first matcher's call;
    kept in ``n.cache``, so it does not hold ``n`` itself)."""

    __slots__ = ("index", "_normal", "_in_tags", "_with_tags", "_parts", "_alternatives")

    def __init__(self, index: TermIndex):
        self.index = index
        self._normal: dict[int, list] | None = None
        self._in_tags: list[frozenset[int]] | None = None
        self._with_tags: set[int] = set()
        self._parts: dict[str, dict[int, list]] = {}
        self._alternatives: dict[int, list] = {}

    def candidates(self, matcher: TermMatcher, n: Normalized, readings: bool) -> tuple | None:
        """``(normal, alternative)`` for ``matcher`` (see ``TermMatcher._candidates``), or
        None when it is not in the index."""
        index = self.index
        slot = index._slots.get(id(matcher))
        if slot is None or index._matchers[slot] is not matcher:
            return None
        normal = self._normal
        if normal is None:
            normal = self._normal = self._scan(n)
        found = normal.get(slot, _EMPTY)
        if readings and matcher.keys:
            return found, self.alternatives(n, slot)
        return found, _EMPTY

    def present(self, n: Normalized) -> set[int]:
        """The slots that may have candidates in ``n``: a normal one, or a run-together
        form in a hashtag (an alternative reading). Any other slot finds nothing."""
        if self._normal is None:
            self._normal = self._scan(n)
        self._tag_slots(n)
        return self._normal.keys() | self._with_tags

    def _scan(self, n: Normalized) -> dict[int, list]:
        """``{slot: [(ostart, oend, key, None), ...]}``: the plain, variant and stated
        hashtag readings' candidates of every matcher."""
        index = self.index
        by_slot: dict[int, list] = {}
        view = match_view(n)
        for s, e, (key, slots) in index._plain.hits(view.text):
            candidate = (*to_original_span(view, s, e), key, None)
            for slot in slots:
                by_slot.setdefault(slot, []).append(candidate)
        variant_hits = index._variant.hits
        for variant in variant_views(n):
            changed = variant.changed
            # Only a hit that overlaps a changed character counts: the rest of the reading
            # (a post where one "@" reads "a") is not scanned.
            for lo, hi in changed_windows(changed, index._variant.longest):
                for s, e, pairs in variant_hits(variant.text, lo, hi):
                    if any(changed[s:e]):
                        span = to_original_span(variant, s, e)
                        for slot, key in pairs:
                            by_slot.setdefault(slot, []).append((*span, key, None))
        for tag in _tags.tags(n):
            if tag.split:
                for s, e, (key, slots) in index._plain.hits(tag.text):
                    candidate = (*to_original_span(tag.view, s, e), key, None)
                    for slot in slots:
                        by_slot.setdefault(slot, []).append(candidate)
        return by_slot

    def _tag_slots(self, n: Normalized) -> list[frozenset[int]]:
        """For each tag, the slots with a run-together form in it (cheap: most have none)."""
        in_tags = self._in_tags
        if in_tags is None:
            slots_in_tag = self.index.slots_in_tag
            in_tags = self._in_tags = [slots_in_tag(tag.folded) for tag in _tags.tags(n)]
            self._with_tags = set().union(*in_tags)
        return in_tags

    def alternatives(self, n: Normalized, slot: int) -> list:
        """The alternative hashtag readings of the matcher in ``slot`` (see
        ``TermMatcher._tag_readings``), as ``(ostart, oend, key, words)``."""
        in_tags = self._tag_slots(n)
        if slot not in self._with_tags:
            return _EMPTY  # type: ignore[return-value]
        found_alternatives = self._alternatives.get(slot)
        if found_alternatives is not None:
            return found_alternatives
        alternative: list = []
        parts = [
            part
            for tag, slots in zip(_tags.tags(n), in_tags, strict=True)
            if slot in slots
            for part in _tags.run_together_parts(n, tag)
        ]
        for part in parts:
            text = part.view.text[part.start : part.end]
            found_by_slot = self._parts.get(text)
            if found_by_slot is None:
                found_by_slot = self._parts[text] = {}
                for s, e, pairs in self.index._compact.substrings(text):
                    for pair_slot, key in pairs:
                        found_by_slot.setdefault(pair_slot, []).append((s, e, key))
            found = found_by_slot.get(slot)
            if not found:
                continue
            for reading in _tags.readings(n, part, found):
                span = to_original_span(part.view, reading.start, reading.end)
                alternative.append((*span, reading.key, reading.words))
        self._alternatives[slot] = alternative
        return alternative


# --- idioms ----------------------------------------------------------------------------

_BRACKETS = re.compile(r"\[([^\[\]]+)\]")
IDIOMS_FILE = Path(__file__).resolve().parent / "data" / "idioms.txt"


class Idioms:
    """Phrases in which a term does not mean what it says: "killer deal", "une offre qui
    tue", "shooting a video". A term match inside an idiom match is dropped when the term
    is the idiom's *masked* part: the words in ``[brackets]`` ("[killer] deal" masks
    "killer", not "deal"), or the whole phrase when it has no brackets.

    ``unless`` maps a term to phrases that mask that term only:
    ``{"killer": ["killer deal", "lady killer"]}``.
    """

    def __init__(self, phrases: Iterable[str] = (), unless: Mapping[str, Iterable[str]] = ()):
        self._masked: dict[str, set[str]] = {}  # idiom key -> masked keys
        for phrase in phrases:
            inner = _BRACKETS.findall(phrase)
            key = term_key(_BRACKETS.sub(r"\1", phrase))
            masked = {term_key(part) for part in inner} or {key}
            if key:
                self._masked.setdefault(key, set()).update(m for m in masked if m)
        for term, contexts in dict(unless).items():
            term_k = term_key(term)
            for context in contexts:
                key = term_key(context)
                if key and term_k:
                    self._masked.setdefault(key, set()).add(term_k)
        self._matcher = TermMatcher(self._masked)

    def __bool__(self) -> bool:
        return bool(self._masked)

    def masks(self, n: Normalized) -> list[tuple[int, int, Callable[[str], bool]]]:
        """``(start, end, masks_key)`` for every idiom found in ``n`` (cached on ``n``)."""
        cache_key = ("idiom_masks", id(self))
        cached = n.cache.get(cache_key)
        if cached is not None and cached[0] is self:
            return cached[1]
        out = []
        for m in self._matcher.find(n):
            masked = self._masked[m.key]
            out.append((m.start, m.end, lambda key, masked=masked: _masks(masked, key)))
        n.cache[cache_key] = (self, out)
        return out

    @classmethod
    def default(cls) -> Idioms:
        """The shipped list of marketing idioms (``data/idioms.txt``)."""
        global _DEFAULT
        if _DEFAULT is None:
            _DEFAULT = cls(load_phrases(IDIOMS_FILE))
        else:
            use(_DEFAULT._matcher)  # a checker being compiled shares its scan
        return _DEFAULT


def _masks(masked: set[str], key: str) -> bool:
    return any(key == m or f" {key} " in f" {m} " for m in masked)


def load_phrases(path: Path) -> list[str]:
    """One phrase a line; blank lines and ``#`` comments are skipped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


_DEFAULT: Idioms | None = None


def combine(*idioms: Idioms | None) -> Idioms | None:
    """Idioms that mask whatever any of ``idioms`` masks."""
    present = [i for i in idioms if i]
    if not present:
        return None
    if len(present) == 1:
        return present[0]
    merged = Idioms()
    for i in present:
        for key, masked in i._masked.items():
            merged._masked.setdefault(key, set()).update(masked)
    merged._matcher = TermMatcher(merged._masked)
    return merged


def hashtag_reading_finding(rule, text: str, match: TermMatch):
    """The ``hashtag_reading`` warning for an alternative reading (``match.reading``)."""
    from socialgov.checks.base import Finding

    matched = text[match.start : match.end]
    reading = match.reading or ""
    return Finding(
        rule_id=rule.id,
        kind="hashtag_reading",
        severity="warning",
        start=match.start,
        end=match.end,
        matched=matched,
        message={
            "en": f"This hashtag can also be read “{reading}”, which contains “{match.key}”.",
            "fr": f"Ce mot-clic peut aussi se lire « {reading} », qui contient « {match.key} ».",
        },
        suggestion={
            "en": "Capitalise the words of the hashtag (#LikeThis) or reword it.",
            "fr": "Mettez une majuscule à chaque mot du mot-clic (#CommeCeci) ou reformulez-le.",
        },
        guideline=rule.guideline,
    )
