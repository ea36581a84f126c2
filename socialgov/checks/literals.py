"""Required literals of a regular expression: a cheap test that rules out a match.

``required(pattern, ignorecase)`` reads a user-written pattern and returns ``Required``:
strings that every match must contain, compared on ``fold(text)``, or ``None`` when it
cannot promise anything. They form an OR of ANDs of "one of these strings":

* ``"(?i)\\b(?:shop now|buy now)\\b"``: "shop now" or "buy now";
* ``"\\d+\\s?%|\\$\\s?\\d+"``: "%", or "$";
* ``"\\b(?:like|share)\\s+if\\b|\\btag\\s+\\d+\\s+friends\\b"``: ("like" or "share")
  and "if", or "tag" and "friends";
* ``"[^\\s]+"``: nothing (None).

A string can also require *word edges* (``WORD_EDGE`` at its start or end): in
``"\\b(?:like|rt)\\s+if\\b"`` "rt" and "if" are whole words, so "start" or "gift" do not
count. An edge is known when the pattern puts ``\\b``, ``^``, ``$``, or a character that is
never a word character (``\\s``, punctuation) next to a word character.

Running the pattern on a text that lacks them is pointless: it cannot match, and the
rule kinds skip it (most posts). ``count_in`` also bounds how many times it can match:
matches do not overlap, and each holds its own occurrences of the strings.

How it stays exact (never rules out a text the pattern could match):

* The pattern is parsed with the standard library's parser (``re._parser``). Patterns
  that parser rejects, or reads differently from the ``regex`` module (POSIX classes,
  nested sets, fuzzy constraints ``{e<=1}``), get ``None``.
* Only the characters a match *consumes* count: lookarounds, anchors and ``\\b`` add
  nothing; optional parts, classes of more than a few characters, back-references and
  anything unknown break a literal in two.
* Word edges follow the ``regex`` module's ``\\w`` (``is_word_char``), which ``fold``
  keeps character for character; inside an ASCII- or locale-flagged group no edge is
  claimed.
* Case: ``fold`` lower-cases the text, after reading ı İ ſ K (which a case-insensitive
  i, s or k matches in ``regex``) as i, s, k; literals are folded the same way. A
  non-ASCII letter that ``lower()`` changes (É), or that has other cases and the pattern
  ignores case (é also matches É), breaks a literal.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterable
from itertools import product
from typing import NamedTuple

import regex

from socialgov.checks import automata

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _parse
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parse  # type: ignore[no-redef]

MAX_STRINGS = 32  # alternatives kept in a set of exact strings
MAX_LENGTH = 48  # longest literal kept
MAX_CLASS = 6  # a class of up to this many characters is a set of literals

# Characters that a case-insensitive ASCII letter matches besides its two cases
# (``regex`` simple case folding; tests/checks/test_checks_literals.py checks the list).
SPECIAL_FOLDS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
_SPECIALS = str.maketrans(SPECIAL_FOLDS)
# Syntax that ``re`` reads differently from ``regex`` without failing: POSIX classes and
# nested sets ("[[:alpha:]]"), fuzzy constraints ("(?:abc){e<=1}").
_UNSAFE = re.compile(r"\[\[|\[:|\{[^}]*[^\d,}][^}]*\}")


def fold(text: str) -> str:
    """The text in lower case, with ı İ ſ K (which case-insensitive i, s and k match)
    read as i, s and k first."""
    # Four substring tests: each runs at C speed over the text, where a scan for the
    # class of the four looks every character up (a post: 1.4 µs, the tests 0.2).
    if not text.isascii() and (
        "\u0130" in text or "\u0131" in text or "\u017f" in text or "\u212a" in text
    ):
        text = text.translate(_SPECIALS)
    return text.lower()


# In a required string: the text has a word edge here (the start or end of the text, or
# a character that is not a word character). A literal NUL in a pattern is never kept.
WORD_EDGE = "\x00"
_WORD_CHAR = regex.compile(r"\w")
_ASCII_WORD_CHARS = frozenset(string.ascii_letters + string.digits + "_")


def is_word_char(char: str) -> bool:
    """What ``\\w`` matches in the ``regex`` module, which the patterns run with."""
    if char.isascii():
        return char in _ASCII_WORD_CHARS
    return _WORD_CHAR.match(char) is not None


def unedged(s: str) -> str:
    """A required string without its word edges: what occurs in the text."""
    return s.replace(WORD_EDGE, "") if WORD_EDGE in s else s


def count_edged(folded: str, s: str) -> int:
    """Occurrences of the required string ``s`` in ``folded``, word edges respected."""
    core, left, right = _edge_form(s)
    if not (left or right):
        return folded.count(core)  # no edges: what the automata count (overlaps too)
    # Overlapping occurrences counted, a word character being what is_word_char says
    # (regex's \w): one search in C, where a loop over every occurrence of a short core
    # ("en" in a long French text) took a hundred microseconds.
    return len(_edged_pattern(core, left, right).findall(folded, overlapped=True))


def _occurs_edged(folded: str, core: str, left: bool, right: bool) -> bool:
    """Does ``core`` occur in ``folded`` with a word edge before it (``left``) and after
    it (``right``), as ``_edged_pattern`` reads them?"""
    size = len(core)
    at = folded.find(core)
    while at != -1:
        if (not left or not at or not is_word_char(folded[at - 1])) and (
            not right or at + size == len(folded) or not is_word_char(folded[at + size])
        ):
            return True
        at = folded.find(core, at + 1)
    return False


@functools.lru_cache(maxsize=1024)
def _edged_pattern(core: str, left: bool, right: bool) -> regex.Pattern:
    return regex.compile(
        ("(?<!\\w)" if left else "") + regex.escape(core) + ("(?!\\w)" if right else "")
    )


Clause = frozenset  # of strings: a match contains one of them
Conjunction = tuple  # of clauses: a match satisfies all of them
Dnf = tuple  # of conjunctions: a match satisfies one of them

MAX_CLAUSES = 6  # clauses kept per conjunction (the most selective ones)
MAX_CONJUNCTIONS = 64


class _Info(NamedTuple):
    exact: frozenset[str] | None  # every match is one of these strings (None: unknown)
    required: Dnf | None  # what every match contains (None: no promise)


_UNKNOWN = _Info(None, None)
_EMPTY = _Info(frozenset({""}), None)


def _literal(code: int, ignorecase: bool) -> _Info:
    """A character the pattern consumes, as it reads in ``fold(text)``."""
    char = chr(code)
    if char == WORD_EDGE:
        return _UNKNOWN
    if char.isascii():
        return _Info(frozenset({char.lower()}), None)
    if char in SPECIAL_FOLDS:
        return _Info(frozenset({SPECIAL_FOLDS[char]}), None)
    if ignorecase:
        if char.isalpha() or char.lower() != char or char.upper() != char:
            return _UNKNOWN  # é also matches É: no single folded form
    elif char.lower() != char:
        return _UNKNOWN  # É lowers to é, Σ to σ or ς: keep to characters lower() keeps
    return _Info(frozenset({char}), None)


def _clause_score(clause: Clause) -> tuple:
    """Higher is more selective: longer shortest string (edges add to it: "if" as a
    whole word is rarer than "if" inside words), no bare whitespace, fewer."""
    return (
        min(len(unedged(s)) for s in clause),
        min(map(len, clause)),
        not any(s.isspace() for s in clause),
        -len(clause),
    )


def _clause(strings: frozenset[str] | None) -> Dnf | None:
    """``strings`` as a requirement: none when one of them is empty."""
    if not strings or "" in strings:
        return None
    return ((frozenset(strings),),)


def _conjunction(clauses) -> Conjunction:
    # A clause with bare whitespace is met by nearly every text, and costs a scan as much
    # as any: leave it out.
    clauses = {c for c in clauses if not any(s.isspace() for s in c)}
    unique = sorted(clauses, key=_clause_score, reverse=True)
    # Dropping a clause only weakens the test: it stays a necessary condition.
    return tuple(unique[:MAX_CLAUSES])


def _collapse(dnf: Dnf) -> Clause | None:
    """One clause implied by ``dnf``: the union of each conjunction's best clause."""
    union = frozenset().union(*(conjunction[0] for conjunction in dnf))
    return union if len(union) <= 4 * MAX_STRINGS else None


def _and(requirements: list[Dnf | None]) -> Dnf | None:
    """What a match of a sequence needs: everything each part needs."""
    parts = [r for r in requirements if r]
    if not parts:
        return None
    simple = [c for r in parts if len(r) == 1 for c in r[0]]
    branching = sorted((r for r in parts if len(r) > 1), key=len)
    if not branching:
        conjunctions: Dnf = (_conjunction(simple),)
    else:
        # Keep one OR as it is; the others become one clause each (no cross products).
        keep, others = branching[0], branching[1:]
        extra = simple + [c for c in map(_collapse, others) if c]
        conjunctions = tuple(_conjunction(conjunction + tuple(extra)) for conjunction in keep)
    if any(not conjunction for conjunction in conjunctions):
        return None  # a conjunction that needs nothing: the whole OR needs nothing
    return conjunctions


def _or(requirements: list[Dnf | None]) -> Dnf | None:
    """What a match of one of several alternatives needs."""
    if not requirements or any(r is None for r in requirements):
        return None
    conjunctions = tuple(dict.fromkeys(c for r in requirements for c in r))
    if len(conjunctions) > MAX_CONJUNCTIONS:
        clause = _collapse(conjunctions)
        return ((clause,),) if clause else None
    return conjunctions


def _required(info: _Info) -> Dnf | None:
    return _and([_clause(info.exact), info.required])


def _join(x: str, y: str) -> str:
    """``x + y`` without the word edges that end up inside (they tell nothing more than
    the characters around them, and a string with none is found by the scan)."""
    s = x + y
    if WORD_EDGE in s[1:-1]:
        s = s[0] + s[1:-1].replace(WORD_EDGE, "") + s[-1]
    return s


def _product(a: frozenset[str], b: frozenset[str]) -> frozenset[str] | None:
    if len(a) * len(b) > MAX_STRINGS:
        return None
    out = frozenset(_join(x, y) for x, y in product(a, b))
    if any(len(s) > MAX_LENGTH for s in out):
        return None
    return out


# --- word edges ---------------------------------------------------------------------


class _Shape(NamedTuple):
    """How a node sits among words: whether the first and last characters it consumes
    are word characters ("w"), never are ("n"), either or unknown (None), or it consumes
    nothing ("-"); whether it may consume nothing; and for a zero-width node, what it
    says of its neighbours ("edge": \\b; "start": ^ \\A; "end": $ \\Z; "clear": a
    lookaround, which says nothing but lets the neighbours touch; "opaque")."""

    lead: str | None
    tail: str | None
    nullable: bool
    zero_width: str | None = None


_UNKNOWN_SHAPE = _Shape(None, None, True)
_ZERO_WIDTH = {
    _c.AT_BOUNDARY: "edge",
    _c.AT_BEGINNING: "start",
    _c.AT_BEGINNING_STRING: "start",
    _c.AT_END: "end",
    _c.AT_END_STRING: "end",
}
_NON_WORD_CATEGORIES = (_c.CATEGORY_SPACE, _c.CATEGORY_NOT_WORD)
_WORD_CATEGORIES = (_c.CATEGORY_WORD, _c.CATEGORY_DIGIT)
_REPEATS = tuple(
    op for op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)) if op
)
_NARROWING = _c.SRE_FLAG_ASCII | _c.SRE_FLAG_LOCALE  # \w and \b no longer Unicode's


def _merge(a: str | None, b: str | None) -> str | None:
    if a == "-":
        return b
    if b == "-":
        return a
    return a if a == b else None


def _char_kind(code: int) -> str:
    # Case variants share it (tested), so ignorecase does not change it.
    return "w" if is_word_char(chr(code)) else "n"


def _class_kind(items) -> str | None:
    kinds: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            kinds.add(_char_kind(av))
        elif op is _c.RANGE and av[1] - av[0] < 256:
            kinds.update(_char_kind(code) for code in range(av[0], av[1] + 1))
        elif op is _c.CATEGORY and av in _NON_WORD_CATEGORIES:
            kinds.add("n")
        elif op is _c.CATEGORY and av in _WORD_CATEGORIES:
            kinds.add("w")
        else:
            return None  # NEGATE, \S, \D, large ranges
        if len(kinds) > 1:
            return None
    return kinds.pop() if kinds else None


def _shape(item) -> _Shape:
    op, av = item
    if op is _c.AT:
        return _Shape("-", "-", True, _ZERO_WIDTH.get(av, "opaque"))
    if op is _c.ASSERT or op is _c.ASSERT_NOT:
        return _Shape("-", "-", True, "clear")
    if op is _c.LITERAL:
        kind = _char_kind(av)
        return _Shape(kind, kind, False)
    if op is _c.IN:
        kind = _class_kind(av)
        return _Shape(kind, kind, False)
    if op is _c.ANY or op is _c.NOT_LITERAL:
        return _Shape(None, None, False)
    if op is _c.SUBPATTERN:
        if av[1] & _NARROWING:
            return _UNKNOWN_SHAPE
        return _sequence_shape(av[3])
    if getattr(_c, "ATOMIC_GROUP", None) is op:
        return _sequence_shape(av)
    if op is _c.BRANCH:
        shapes = [_sequence_shape(alternative) for alternative in av[1]]
        lead = tail = "-"
        for shape in shapes:
            lead, tail = _merge(lead, shape.lead), _merge(tail, shape.tail)
        return _Shape(lead, tail, any(shape.nullable for shape in shapes))
    if op in _REPEATS:
        low, high, pattern = av
        if high == 0:
            return _Shape("-", "-", True)
        inner = _sequence_shape(pattern)
        return _Shape(inner.lead, inner.tail, low == 0 or inner.nullable)
    return _UNKNOWN_SHAPE  # back-references, conditionals...: anything, or nothing


def _sequence_shape(items) -> _Shape:
    consuming = [shape for shape in map(_shape, items) if shape.zero_width is None]
    lead = tail = "-"
    for shape in consuming:
        lead = _merge(lead, shape.lead)
        if not shape.nullable:
            break
    for shape in reversed(consuming):
        tail = _merge(tail, shape.tail)
        if not shape.nullable:
            break
    return _Shape(lead, tail, all(shape.nullable for shape in consuming))


def _edge_before(shapes: list[_Shape], index: int, inherited: bool) -> bool:
    """Whether a word character consumed by item ``index`` has a word edge before it:
    what comes before ends with a non-word character, the text's start, or \\b."""
    for shape in reversed(shapes[:index]):
        if shape.zero_width is not None:
            if shape.zero_width == "clear":
                continue
            return shape.zero_width in ("edge", "start")
        if shape.tail == "-":
            continue
        if shape.tail != "n":
            return False
        if not shape.nullable:
            return True
        # It may have matched nothing: what comes before it must say so too.
    return inherited


def _edge_after(shapes: list[_Shape], index: int, inherited: bool) -> bool:
    """Like ``_edge_before``, for a word character just before item ``index``."""
    for shape in shapes[index:]:
        if shape.zero_width is not None:
            if shape.zero_width == "clear":
                continue
            return shape.zero_width in ("edge", "end")
        if shape.lead == "-":
            continue
        if shape.lead != "n":
            return False
        if not shape.nullable:
            return True
    return inherited


def _edged(run: frozenset[str], left: bool, right: bool) -> frozenset[str]:
    """The strings of ``run`` with the word edges found around it."""
    out = set()
    for s in run:
        if left and s and s[0] != WORD_EDGE and is_word_char(s[0]):
            s = WORD_EDGE + s
        if right and s and s[-1] != WORD_EDGE and is_word_char(s[-1]):
            s = s + WORD_EDGE
        out.add(s)
    return frozenset(out)


class _Context(NamedTuple):
    ignorecase: bool
    words: bool  # word edges can be claimed (\w and \b are Unicode's)
    before: bool = False  # a word edge before the node, if it starts with a word character
    after: bool = False


# --- reading the pattern ------------------------------------------------------------------


def _sequence(items, context: _Context) -> _Info:
    items = list(items)
    shapes = [_shape(item) for item in items] if context.words else None
    run: frozenset[str] = frozenset({""})  # exact strings of the current run of items
    run_start = 0
    whole = True  # the run covers every item so far
    requirements: list[Dnf | None] = []

    def closed(end: int) -> frozenset[str]:
        """The run of items[run_start:end], with the word edges around it."""
        if shapes is None:
            return run
        consuming = [i for i in range(run_start, end) if shapes[i].zero_width is None]
        if not consuming:
            return run
        first, last = consuming[0], consuming[-1]
        # Only when one item gives every string its first (last) character.
        left = not shapes[first].nullable and _edge_before(shapes, first, context.before)
        right = not shapes[last].nullable and _edge_after(shapes, last + 1, context.after)
        return _edged(run, left, right) if left or right else run

    for index, item in enumerate(items):
        inner = context
        if shapes is not None and item[0] in _CONTAINERS:
            inner = context._replace(
                before=_edge_before(shapes, index, context.before),
                after=_edge_after(shapes, index + 1, context.after),
            )
        info = _node(item, inner)
        if info.exact is not None:
            joined = _product(run, info.exact)
            if joined is not None:
                run = joined
                continue
            requirements.append(_clause(closed(index)))
            run, run_start = info.exact, index
            whole = False
            continue
        whole = False
        requirements.append(_clause(closed(index)))
        requirements.append(info.required)
        run, run_start = frozenset({""}), index + 1
    last_run = closed(len(items))
    requirements.append(_clause(last_run))
    return _Info(last_run if whole else None, _and(requirements))


def _class(items, ignorecase: bool) -> _Info:
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            info = _literal(av, ignorecase)
            if info.exact is None:
                return _UNKNOWN
            chars |= info.exact
        elif op is _c.RANGE and av[1] - av[0] < MAX_CLASS:
            for code in range(av[0], av[1] + 1):
                info = _literal(code, ignorecase)
                if info.exact is None:
                    return _UNKNOWN
                chars |= info.exact
        else:
            return _UNKNOWN  # NEGATE, CATEGORY (\w, \d), large ranges
        if len(chars) > MAX_CLASS:
            return _UNKNOWN
    return _Info(frozenset(chars), None) if chars else _UNKNOWN


def _node(item, context: _Context) -> _Info:
    op, av = item
    if op is _c.LITERAL:
        return _literal(av, context.ignorecase)
    if op is _c.IN:
        return _class(av, context.ignorecase)
    if op is _c.AT or op is _c.ASSERT or op is _c.ASSERT_NOT:
        return _EMPTY  # zero width: consumes nothing
    if op is _c.SUBPATTERN:
        _group, add, remove, pattern = av
        if add & _c.SRE_FLAG_IGNORECASE:
            context = context._replace(ignorecase=True)
        if remove & _c.SRE_FLAG_IGNORECASE:
            context = context._replace(ignorecase=False)
        if add & _NARROWING:
            context = context._replace(words=False, before=False, after=False)
        return _sequence(pattern, context)
    if getattr(_c, "ATOMIC_GROUP", None) is op:
        return _sequence(av, context)
    if op is _c.BRANCH:
        alternatives = [_sequence(alternative, context) for alternative in av[1]]
        exact = None
        if all(a.exact is not None for a in alternatives):
            union = frozenset().union(*(a.exact for a in alternatives))
            exact = union if len(union) <= MAX_STRINGS else None
        return _Info(exact, _or([_required(a) for a in alternatives]))
    if op in _REPEATS:
        low, high, pattern = av
        if high != 1:
            # A second time round, the neighbours are the node's own ends.
            context = context._replace(before=False, after=False)
        inner = _sequence(pattern, context)
        if low == 0:
            if high == 1 and inner.exact is not None:
                return _Info(inner.exact | {""}, None)
            return _UNKNOWN
        if low == high == 1:
            return inner
        return _Info(None, _required(inner))
    return _UNKNOWN  # ANY, NOT_LITERAL, CATEGORY, GROUPREF, GROUPREF_EXISTS...


_CONTAINERS = (_c.SUBPATTERN, _c.BRANCH, getattr(_c, "ATOMIC_GROUP", None), *_REPEATS)


_EDGE_FORMS: dict[str, tuple[str, bool, bool]] = {}


def _edge_form(s: str) -> tuple[str, bool, bool]:
    """``(core, word edge before, word edge after)`` of a required string."""
    form = _EDGE_FORMS.get(s)
    if form is None:
        form = _EDGE_FORMS[s] = (unedged(s), s[:1] == WORD_EDGE, s[-1:] == WORD_EDGE)
    return form


class _Clause(NamedTuple):
    """A clause split by how its strings are checked: ``plain`` (long, no edges) are read
    off the scan; ``edged`` (long, with edges) only where the scan found their ``cores``;
    ``short`` ones are counted on demand (``Occurrences.get``)."""

    plain: frozenset[str]
    edged: tuple[str, ...]
    cores: frozenset[str]
    short: tuple[str, ...]

    @classmethod
    def of(cls, strings: Iterable[str]) -> _Clause:
        strings = sorted(strings)
        short = tuple(s for s in strings if _short(unedged(s)))
        edged = tuple(s for s in strings if WORD_EDGE in s and s not in short)
        plain = frozenset(s for s in strings if s not in short and s not in edged)
        return cls(plain, edged, frozenset(map(unedged, edged)), short)

    def occurs(self, counts: Occurrences, found: dict[str, int]) -> bool:
        if not self.plain.isdisjoint(found):
            return True
        if self.edged and not self.cores.isdisjoint(found):
            if any(map(counts.has, self.edged)):
                return True
        return bool(self.short) and any(map(counts.has, self.short))

    def count(self, counts: Occurrences) -> int:
        return sum(map(counts.get, self.plain)) + sum(
            map(counts.get, self.edged + self.short)
        )


class Required:
    """What every match contains: ``dnf`` is an OR of ANDs of clauses, a clause is "one
    of these strings" (all in ``fold(text)`` form, maybe with word edges)."""

    __slots__ = (
        "dnf",
        "strings",
        "scanned",
        "_first",
        "_first_automaton",
        "_split",
        "_quick",
        "_first_long",
    )

    def __init__(self, dnf: Dnf):
        self.dnf = dnf
        self.strings = tuple(sorted(frozenset().union(*(c for conj in dnf for c in conj))))
        # What an automaton looks for: the strings, edges aside, that are not short.
        cores = {unedged(s) for s in self.strings}
        self.scanned = tuple(sorted(core for core in cores if not _short(core)))
        # The first clause of each conjunction (its most selective): a text with none of
        # these strings holds no match, and that test is one scan that stops at a hit.
        self._first = tuple(sorted({unedged(s) for conj in dnf for s in conj[0]}))
        self._first_automaton = _automaton(self._first)
        # Each clause as _Clause (see there), those read off the scan alone first: the
        # order of the clauses of a conjunction does not change what it means.
        self._split = tuple(
            tuple(sorted(map(_Clause.of, conjunction), key=lambda clause: bool(clause.short)))
            for conjunction in dnf
        )
        # Per conjunction, strings one of which the scan must have found (or None): most
        # conjunctions fail on that one set test.
        self._quick = tuple(
            (None if clause.short else clause.plain | clause.cores, conjunction)
            for conjunction in self._split
            for clause in conjunction[:1]
        )
        # When no first clause has a short string, one set test rejects most texts.
        first_short = any(_short(unedged(s)) for conj in dnf for s in conj[0])
        self._first_long = None if first_short else frozenset(self._first)

    def occurrences(self, folded: str) -> Occurrences:
        """The occurrences of this requirement's strings in ``folded`` (without a
        ``LiteralIndex``)."""
        return Occurrences(folded, _scan_counts(self.scanned, folded))

    def found_in(self, folded: str) -> bool:
        """False when ``folded`` (a ``fold``-ed text) cannot hold a match."""
        if self._first_automaton is not None:
            if not self._first_automaton.any_in(folded):
                return False
        elif not any(s in folded for s in self._first):
            return False
        return self.satisfied(self.occurrences(folded))

    def satisfied(self, counts: Occurrences) -> bool:
        """Like ``found_in``, given the occurrences of (at least) ``scanned`` in the text
        (``LiteralIndex.counts``); the most selective clauses are tried first."""
        found = counts.found
        if self._first_long is not None and self._first_long.isdisjoint(found):
            return False  # no conjunction has its first clause
        for necessary, conjunction in self._quick:
            if necessary is not None and necessary.isdisjoint(found):
                continue
            for clause in conjunction:
                if not clause.occurs(counts, found):
                    break  # this clause fails: so does the conjunction
            else:
                return True
        return False

    def bound(self, counts: Occurrences) -> int:
        """At least as many as the matches that fit in the text of ``counts``: matches
        do not overlap, and each holds occurrences of its own of every clause of one
        conjunction."""
        return sum(
            min(sum(counts.get(s, 0) for s in clause) for clause in conjunction)
            for conjunction in self.dnf
        )

    def exceeds(self, counts: Occurrences, limit: int) -> bool:
        """``bound(counts) > limit``, stopping as soon as it is known."""
        found = counts.found
        total = 0
        for necessary, conjunction in self._quick:
            if necessary is not None and necessary.isdisjoint(found):
                continue
            least = None
            for clause in conjunction:
                if not clause.occurs(counts, found):
                    break  # this conjunction counts for nothing
                count = clause.count(counts)
                least = count if least is None else min(least, count)
            else:
                total += least or 0
                if total > limit:
                    return True
        return False

    def count_in(self, folded: str) -> int:
        """Like ``bound``, for a ``fold``-ed text."""
        return self.bound(self.occurrences(folded))

    def __repr__(self) -> str:
        # Word edges are not shown: the strings read as they occur in the text.
        return "Required(" + " | ".join(
            " & ".join("{" + ", ".join(sorted(map(unedged, c))) + "}" for c in conjunction)
            for conjunction in self.dnf
        ) + ")"


def _scan_counts(scanned: tuple[str, ...], folded: str) -> dict[str, int]:
    """``{string: occurrences}`` of the ``scanned`` strings that occur in ``folded``."""
    automaton = _automaton(scanned) if len(scanned) > 4 else None
    if automaton is None:
        counts = {s: folded.count(s) for s in scanned}
        return {s: count for s, count in counts.items() if count}
    return _tally(automaton, folded)


@functools.lru_cache(maxsize=256)
def _automaton(strings: tuple[str, ...]):
    """An Aho-Corasick automaton of ``strings`` when there are more than a few (kept: the
    patterns outside a ``LiteralIndex`` ask for the same ones post after post)."""
    if len(strings) <= 4:
        return None
    return automata.Automaton(strings)


def _tally(automaton, folded: str) -> dict[str, int]:
    """``{string: occurrences}`` (overlapping occurrences counted) of the strings of
    ``automaton`` (see ``_automaton``) in ``folded``."""
    found: dict[str, int] = {}
    for s in automaton.found(folded):
        found[s] = found.get(s, 0) + 1
    return found


@functools.lru_cache(maxsize=2048)
def required(pattern: str, ignorecase: bool = False) -> Required | None:
    """What every match of ``pattern`` must contain, or None (see the module docstring)."""
    if _UNSAFE.search(pattern):
        return None
    try:
        parsed = _parse.parse(pattern, _c.SRE_FLAG_IGNORECASE if ignorecase else 0)
    except Exception:  # noqa: BLE001  (re's syntax is narrower than regex's: no promise)
        return None
    flags = parsed.state.flags
    if flags & (_c.SRE_FLAG_VERBOSE | _c.SRE_FLAG_ASCII | _c.SRE_FLAG_LOCALE):
        return None  # not worth the risk: regex and re may differ there
    context = _Context(ignorecase=bool(flags & _c.SRE_FLAG_IGNORECASE), words=True)
    dnf = _required(_sequence(parsed, context))
    return Required(dnf) if dnf else None


def _short(s: str) -> bool:
    """Strings found nearly everywhere ("en", "to"), checked only when needed."""
    return len(s) <= 2 and s.isalnum()


def _lazy(s: str) -> bool:
    """Checked one by one when needed (``Occurrences.get``), not read off a scan."""
    return _short(s) or WORD_EDGE in s


class Occurrences:
    """How often the strings of a ``LiteralIndex`` occur in one text (overlapping
    occurrences counted): the longer ones from one scan, the short ones and those with
    word edges on demand."""

    __slots__ = ("folded", "found", "_lazy")

    def __init__(self, folded: str, found: dict[str, int]):
        self.folded = folded
        self.found = found  # every long string that occurs (edges aside): {string: count}
        self._lazy: dict[str, int] = {}

    def has(self, s: str) -> bool:
        """``get(s) > 0``; for a string counted on demand, a look that stops at its first
        occurrence, not a count of them all (most clauses ask no more)."""
        if s in self.found:
            return True
        if not _lazy(s):
            return False
        count = self._lazy.get(s)
        if count is not None:
            return count > 0
        core, left, right = _edge_form(s)
        if core != s and not _short(core) and core not in self.found:
            self._lazy[s] = 0  # not even without its edges
            return False
        folded = self.folded
        if not (left or right):
            return core in folded
        if _short(core):
            found = _edged_pattern(core, left, right).search(folded) is not None
        else:
            # A long core occurs a few times at most: its edges are checked where it
            # does, cheaper than a search of the whole text.
            found = _occurs_edged(folded, core, left, right)
        if not found:
            self._lazy[s] = 0
        return found

    def get(self, s: str, default: int = 0) -> int:
        count = self.found.get(s)
        if count is not None:
            return count
        if not _lazy(s):
            return default
        count = self._lazy.get(s)
        if count is None:
            core = _edge_form(s)[0]
            if core != s and not _short(core) and core not in self.found:
                count = 0  # not even without its edges
            else:
                count = count_edged(self.folded, s)
            self._lazy[s] = count
        return count


class LiteralIndex:
    """The strings of several ``Required`` in one automaton: one scan of a text gives
    what every one of them needs to know (``counts``)."""

    def __init__(self, requirements: Iterable[Required]):
        self.members = frozenset(requirements)
        scanned = sorted(frozenset().union(*(r.scanned for r in self.members)))
        self._automaton = automata.Automaton(scanned) if scanned else None

    def counts(self, folded: str) -> Occurrences:
        """The occurrences of the strings in ``folded`` (a ``fold``-ed text)."""
        if self._automaton is None:
            return Occurrences(folded, {})
        return Occurrences(folded, _tally(self._automaton, folded))
