"""Required literals of a regular expression: a cheap test that rules out a match.

``required(pattern, ignorecase)`` reads a user-written pattern and returns ``Required``:
strings that every match must contain, compared on ``fold(text)``, or ``None`` when it
cannot promise anything. They form an OR of ANDs of "one of these strings":

* ``"(?i)\\b(?:shop now|buy now)\\b"``: "shop now" or "buy now";
* ``"\\d+\\s?%|\\$\\s?\\d+"``: "%", or "$";
* ``"\\b(?:like|share)\\s+if\\b|\\btag\\s+\\d+\\s+friends\\b"``: ("like" or "share")
  and "if", or "tag" and "friends";
* ``"[^\\s]+"``: nothing (None).

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
* Case: ``fold`` lower-cases the text, after reading ı İ ſ K (which a case-insensitive
  i, s or k matches in ``regex``) as i, s, k; literals are folded the same way. A
  non-ASCII letter that ``lower()`` changes (É), or that has other cases and the pattern
  ignores case (é also matches É), breaks a literal.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from itertools import product
from typing import NamedTuple

import ahocorasick

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
    if not text.isascii() and any(c in text for c in SPECIAL_FOLDS):
        text = text.translate(_SPECIALS)
    return text.lower()


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
    """Higher is more selective: longer shortest string, no bare whitespace, fewer."""
    return (min(map(len, clause)), not any(s.isspace() for s in clause), -len(clause))


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


def _product(a: frozenset[str], b: frozenset[str]) -> frozenset[str] | None:
    if len(a) * len(b) > MAX_STRINGS:
        return None
    out = frozenset(x + y for x, y in product(a, b))
    if any(len(s) > MAX_LENGTH for s in out):
        return None
    return out


def _sequence(items, ignorecase: bool) -> _Info:
    run: frozenset[str] = frozenset({""})  # exact strings of the current run of items
    whole = True  # the run covers every item so far
    requirements: list[Dnf | None] = []
    for item in items:
        info = _node(item, ignorecase)
        if info.exact is not None:
            joined = _product(run, info.exact)
            if joined is not None:
                run = joined
                continue
            requirements.append(_clause(run))
            run = info.exact
            whole = False
            continue
        whole = False
        requirements.append(_clause(run))
        requirements.append(info.required)
        run = frozenset({""})
    requirements.append(_clause(run))
    return _Info(run if whole else None, _and(requirements))


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


def _node(item, ignorecase: bool) -> _Info:
    op, av = item
    if op is _c.LITERAL:
        return _literal(av, ignorecase)
    if op is _c.IN:
        return _class(av, ignorecase)
    if op is _c.AT or op is _c.ASSERT or op is _c.ASSERT_NOT:
        return _EMPTY  # zero width: consumes nothing
    if op is _c.SUBPATTERN:
        _group, add, remove, pattern = av
        if add & _c.SRE_FLAG_IGNORECASE:
            ignorecase = True
        if remove & _c.SRE_FLAG_IGNORECASE:
            ignorecase = False
        return _sequence(pattern, ignorecase)
    if getattr(_c, "ATOMIC_GROUP", None) is op:
        return _sequence(av, ignorecase)
    if op is _c.BRANCH:
        alternatives = [_sequence(alternative, ignorecase) for alternative in av[1]]
        exact = None
        if all(a.exact is not None for a in alternatives):
            union = frozenset().union(*(a.exact for a in alternatives))
            exact = union if len(union) <= MAX_STRINGS else None
        return _Info(exact, _or([_required(a) for a in alternatives]))
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or getattr(_c, "POSSESSIVE_REPEAT", None) is op:
        low, high, pattern = av
        inner = _sequence(pattern, ignorecase)
        if low == 0:
            if high == 1 and inner.exact is not None:
                return _Info(inner.exact | {""}, None)
            return _UNKNOWN
        if low == high == 1:
            return inner
        return _Info(None, _required(inner))
    return _UNKNOWN  # ANY, NOT_LITERAL, CATEGORY, GROUPREF, GROUPREF_EXISTS...


class Required:
    """What every match contains: ``dnf`` is an OR of ANDs of clauses, a clause is "one
    of these strings" (all in ``fold(text)`` form)."""

    __slots__ = (
        "dnf",
        "strings",
        "_automaton",
        "_first",
        "_first_automaton",
        "_split",
        "_first_long",
    )

    def __init__(self, dnf: Dnf):
        self.dnf = dnf
        self.strings = tuple(sorted(frozenset().union(*(c for conj in dnf for c in conj))))
        self._automaton = _automaton(self.strings)
        # The first clause of each conjunction (its most selective): a text with none of
        # these strings holds no match, and that test is one scan that stops at a hit.
        self._first = tuple(sorted(frozenset().union(*(conj[0] for conj in dnf))))
        self._first_automaton = _automaton(self._first)
        # Each clause as (long strings, short strings): see ``Occurrences``.
        self._split = tuple(
            tuple(
                (frozenset(s for s in clause if not _short(s)), tuple(filter(_short, clause)))
                for clause in conjunction
            )
            for conjunction in dnf
        )
        # When no first clause has a short string, one set test rejects most texts.
        first_short = any(conjunction[0][1] for conjunction in self._split)
        self._first_long = (
            None
            if first_short
            else frozenset().union(*(conjunction[0][0] for conjunction in self._split))
        )

    def _present(self, folded: str) -> set[str]:
        if self._automaton is not None:
            return {s for _, s in self._automaton.iter(folded)}
        return {s for s in self.strings if s in folded}

    def found_in(self, folded: str) -> bool:
        """False when ``folded`` (a ``fold``-ed text) cannot hold a match."""
        if self._first_automaton is not None:
            if next(self._first_automaton.iter(folded), None) is None:
                return False
        elif not any(s in folded for s in self._first):
            return False
        if len(self.dnf) == 1 and len(self.dnf[0]) == 1:
            return True
        present = self._present(folded)
        return any(
            all(not clause.isdisjoint(present) for clause in conjunction)
            for conjunction in self.dnf
        )

    def satisfied(self, counts: Occurrences) -> bool:
        """Like ``found_in``, given the occurrences of (at least) ``strings`` in the text
        (``LiteralIndex.counts``); the most selective clauses are tried first."""
        found = counts.found
        if self._first_long is not None and self._first_long.isdisjoint(found):
            return False  # no conjunction has its first clause
        for conjunction in self._split:
            for long, short in conjunction:
                if long.isdisjoint(found) and (not short or not any(map(counts.get, short))):
                    break  # this clause fails: so does the conjunction
            else:
                return True
        return False

    def bound(self, counts: Occurrences) -> int:
        """Like ``count_in``, given the occurrences (``LiteralIndex.counts``)."""
        return sum(
            min(sum(counts.get(s, 0) for s in clause) for clause in conjunction)
            for conjunction in self.dnf
        )

    def count_in(self, folded: str) -> int:
        """At least as many as the matches that fit in ``folded``: matches do not
        overlap, and each holds occurrences of its own of every clause of one
        conjunction."""
        if self._automaton is not None:
            occurrences: dict[str, int] = {}
            for _, s in self._automaton.iter(folded):
                occurrences[s] = occurrences.get(s, 0) + 1
        else:
            occurrences = {s: folded.count(s) for s in self.strings}
        return sum(
            min(sum(occurrences.get(s, 0) for s in clause) for clause in conjunction)
            for conjunction in self.dnf
        )

    def __repr__(self) -> str:
        return "Required(" + " | ".join(
            " & ".join("{" + ", ".join(sorted(c)) + "}" for c in conjunction)
            for conjunction in self.dnf
        ) + ")"


def _automaton(strings: tuple[str, ...]):
    """An Aho-Corasick automaton of ``strings`` when there are more than a few."""
    if len(strings) <= 4:
        return None
    automaton = ahocorasick.Automaton()
    for s in strings:
        automaton.add_word(s, s)
    automaton.make_automaton()
    return automaton


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
    dnf = _required(_sequence(parsed, bool(flags & _c.SRE_FLAG_IGNORECASE)))
    return Required(dnf) if dnf else None


def _short(s: str) -> bool:
    """Strings found nearly everywhere ("en", "to"), checked only when needed."""
    return len(s) <= 2 and s.isalnum()


class Occurrences:
    """How often the strings of a ``LiteralIndex`` occur in one text (overlapping
    occurrences counted): the longer ones from one scan, the short ones on demand."""

    __slots__ = ("folded", "found", "_short")

    def __init__(self, folded: str, found: dict[str, int]):
        self.folded = folded
        self.found = found  # every long string that occurs: {string: occurrences}
        self._short: dict[str, int] = {}

    def get(self, s: str, default: int = 0) -> int:
        count = self.found.get(s)
        if count is not None:
            return count
        if not _short(s):
            return default
        count = self._short.get(s)
        if count is None:
            count = self._short[s] = self.folded.count(s)
        return count


class LiteralIndex:
    """The strings of several ``Required`` in one automaton: one scan of a text gives
    what every one of them needs to know (``counts``)."""

    def __init__(self, requirements: Iterable[Required]):
        self.members = frozenset(requirements)
        strings = frozenset().union(*(r.strings for r in self.members))
        scanned = sorted(s for s in strings if not _short(s))
        self._automaton = ahocorasick.Automaton()
        for s in scanned:
            self._automaton.add_word(s, s)
        if scanned:
            self._automaton.make_automaton()
        self._size = len(scanned)

    def counts(self, folded: str) -> Occurrences:
        """The occurrences of the strings in ``folded`` (a ``fold``-ed text)."""
        found: dict[str, int] = {}
        if self._size:
            for _, s in self._automaton.iter(folded):
                found[s] = found.get(s, 0) + 1
        return Occurrences(folded, found)
