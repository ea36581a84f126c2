"""``watch``: crisis watch words.

During a crisis the brand's team sets watch words (``PostInput.watch``); a post that
uses one must not go out without a second look. params: ``{"terms": [...]}`` (optional),
watch words of the rule itself, checked together with the post's. Matching is like
``banned_terms`` (case- and accent-insensitive, whole words). Every match is an
``error`` finding, whatever the rule's severity. Message and suggestion ``%s``: the
watch word as written in the post.

Two looser readings of the post's own watch words (the crisis team types a few words in
a hurry; the post may not repeat them exactly):

* another form of a single watch word of 5+ letters: "shooting" also finds "Shooters",
  "flood" finds "flooded", "inondation" finds "inondations" (a light English/French
  suffix strip, see ``stem``);
* a plural of a single watch word of 3 or 4 letters: "fire" also finds "fires", "feu"
  finds "feux";
* a run-together form of a single watch word of 4+ letters: the watch word followed by
  dictionary words ("floodsale", "#FloodSale", "inondationspéciale"), or after them when
  the post writes the watch word with a capital or inside a hashtag ("#BigFlood"; not
  "brainstorm" for "storm");
* a part of a name: when every word of a watch phrase is capitalised ("Brad Pitt", "Ray
  Rice"), each of its words of 3+ letters that is not a common word (Zipf frequency
  below 4.8 in the English and French word lists) also matches where the post writes it
  capitalised ("Brad nous a dit...").

The engine adds this kind as the built-in rule ``builtin:watch`` to every rule set that
has no ``watch`` rule, so ``PostInput.watch`` always works.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from socialgov.checks import params, segment, terms
from socialgov.checks.base import Finding, PostInput, RuleSpec, make_finding, render
from socialgov.checks.normalize import Normalized, to_original_span
from socialgov.checks.registry import register
from socialgov.checks.terms import TermMatcher

DEFAULT_MESSAGE = {
    "en": "Crisis watch word “%s”: this post needs the crisis team's approval.",
    "fr": "Mot sous surveillance de crise « %s » : cette publication doit être approuvée "
    "par la cellule de crise.",
}
DEFAULT_SUGGESTION = {
    "en": "Hold the post, or rewrite it without “%s”.",
    "fr": "Retenez la publication, ou reformulez-la sans « %s ».",
}


_WORD = re.compile(r"[^\W\d_]+")
_SUFFIXES = ("ings", "ers", "ing", "ees", "er", "ed", "ee", "es", "s", "e", "x")
_COMMON_ZIPF = 4.8
_MIN_STEM = 5


def stem(word: str) -> str:
    """``word`` (normalised: lower case, no accents) without one inflection suffix, when
    at least 5 letters remain: shooting, shooters -> shoot; inondations -> inondation."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


_SHORT_PLURALS = ("s", "es", "x")
_MIN_COMPOUND = 4
_MIN_REST = 3


def _dictionary_words(rest: str) -> bool:
    """``rest`` (normalised letters) reads as one or more dictionary words of 3+ letters."""
    if len(rest) < _MIN_REST:
        return False
    if segment.is_word(rest):
        return True
    split = segment.best_split(rest)
    return bool(split) and all(len(w) >= _MIN_REST for w in split)


def _common(word: str) -> bool:
    cost = 9 - _COMMON_ZIPF + segment.WORD_PENALTY
    return any(segment.words(lang).get(word, 99.0) <= cost for lang in segment.LANGUAGES)


@functools.lru_cache(maxsize=128)
def _loose(words: tuple[str, ...]):
    """``(stems, name_parts, plurals, compounds, finder)`` of the watch words (see the
    module docstring); ``finder`` finds the normalised words that may be one of them
    (C-speed pre-filter)."""
    stems, parts, plurals, compounds = set(), set(), set(), set()
    for word in words:
        if not isinstance(word, str):
            continue
        tokens = word.split()
        keys = [terms.term_key(t) for t in tokens]
        single = len(tokens) == 1 and _WORD.fullmatch(keys[0] or "")
        if single and len(keys[0]) >= _MIN_COMPOUND:
            compounds.add(keys[0])
        if single and len(keys[0]) >= _MIN_STEM:
            stems.add(stem(keys[0]))
        elif single and len(keys[0]) >= 3:
            plurals.update(keys[0] + suffix for suffix in _SHORT_PLURALS)
        elif len(tokens) > 1 and all(t[:1].isupper() for t in tokens):
            parts.update(
                k for k in keys if _WORD.fullmatch(k or "") and len(k) >= 3 and not _common(k)
            )
    alternatives = [re.escape(s) + r"[^\W\d_]*" for s in sorted(stems)]
    alternatives += [re.escape(p) for p in sorted(parts | plurals)]
    # Run-together forms: any word holding a compound key (checked in _compound).
    alternatives += [r"[^\W\d_]*" + re.escape(c) + r"[^\W\d_]*" for c in sorted(compounds)]
    finder = (
        re.compile(r"(?<![^\W\d_])(?:" + "|".join(alternatives) + r")(?![^\W\d_])")
        if alternatives
        else None
    )
    return frozenset(stems), frozenset(parts), frozenset(plurals), frozenset(compounds), finder


def _compound(word: str, compounds: frozenset[str], written: str, in_hashtag: bool) -> bool:
    """``word`` (normalised) is a watch word run together with dictionary words (see the
    module docstring); ``written``: the word as the post writes it."""
    for key in compounds:
        at = word.find(key)
        if at < 0 or len(word) == len(key):
            continue
        before, after = word[:at], word[at + len(key) :]
        if after and not any(
            _dictionary_words(after[len(ending) :])
            for ending in ("", "s", "x", "e", "es")
            if after.startswith(ending)
        ):
            continue
        if before:
            capital = len(written) == len(word) and written[at].isupper()
            if not (capital or in_hashtag) or not _dictionary_words(before):
                continue
        return True
    return False


def _loose_matches(post: PostInput, normalized: Normalized):
    stems, parts, plurals, compounds, finder = _loose(tuple(post.watch or ()))
    if finder is None:
        return
    # Each of the finder's alternatives holds a stem, part, plural or compound: a text
    # without any of them (most posts, even during a crisis) is not searched, since the
    # finder, which tries every word start, takes tens of microseconds a post.
    text = normalized.text
    if not any(map(text.__contains__, _needles(stems, parts, plurals, compounds))):
        return
    for m in finder.finditer(text):
        word = m.group()
        start, end = to_original_span(normalized, m.start(), m.end())
        if word in parts:
            if post.text[start : start + 1].isupper():
                yield start, end
            continue
        if word in plurals or (len(word) > _MIN_STEM and stem(word) in stems):
            yield start, end
            continue
        hashtag = start > 0 and post.text[start - 1] in "#＃"
        if compounds and _compound(word, compounds, post.text[start:end], hashtag):
            yield start, end


@functools.lru_cache(maxsize=128)
def _needles(*sets: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(frozenset().union(*sets)))


@functools.lru_cache(maxsize=128)
def _matcher(words: tuple[str, ...]) -> TermMatcher | None:
    words = tuple(w for w in words if isinstance(w, str) and w.strip())
    return TermMatcher(words) if words else None


@register("watch")
def compile_watch(rule: RuleSpec):
    own = _matcher(tuple(params.str_list(rule, "terms", required=False)))
    if own is not None:
        terms.use(own)  # cached: built for an earlier checker, shared with this one
    rule = dataclasses.replace(rule, severity="error")

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        matchers = [m for m in (own, _matcher(tuple(post.watch or ()))) if m is not None]
        seen: set[tuple[int, int]] = set()
        findings = []
        for matcher in matchers:
            for match in matcher.find(normalized):
                span = (match.start, match.end)
                if span in seen:
                    continue
                seen.add(span)
                matched = post.text[match.start : match.end]
                findings.append(
                    make_finding(
                        rule,
                        post.text,
                        match.start,
                        match.end,
                        render(rule.message, matched, DEFAULT_MESSAGE),
                        render(rule.suggestion, matched, DEFAULT_SUGGESTION),
                    )
                )
        for start, end in _loose_matches(post, normalized) if post.watch else ():
            if any(s < end and start < e for s, e in seen):
                continue
            seen.add((start, end))
            matched = post.text[start:end]
            findings.append(
                make_finding(
                    rule,
                    post.text,
                    start,
                    end,
                    render(rule.message, matched, DEFAULT_MESSAGE),
                    render(rule.suggestion, matched, DEFAULT_SUGGESTION),
                )
            )
        findings.sort(key=lambda f: (f.start, f.end))
        return findings

    return check
