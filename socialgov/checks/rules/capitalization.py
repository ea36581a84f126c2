"""``capitalization`` (Vale): a piece of the post follows a capitalisation style.

params: ``match`` — ``$title``, ``$sentence``, ``$lower``, ``$upper`` or a regular
expression the piece must match entirely; ``exceptions`` (words that keep their own
capitalisation: "Montréal", "iPhone"); ``threshold`` (share of words that must follow
``$title``/``$sentence``, default 0.8); ``scope`` — ``heading`` (Vale's default: the
post's headline, i.e. the first sentence of its first line), ``sentence`` (each
sentence) or ``paragraph`` (each line). Hashtags, @mentions and URLs are not words here.
Message and suggestion ``%s``: the piece.

One-click fix (``Finding.replacement``): the piece recapitalised, when the fix is certain
and the rule then accepts it: ``$lower`` and ``$upper`` change every word but the
exceptions; ``$title`` capitalises the lower-case words (not the small ones after the
first, not the exceptions; it never lowers a capital: "iPhone", "WHO" stay);
``$sentence`` only capitalises the first word, so a heading whose other words are
capitalised gets no fix (they may be names: "Visit Montréal" must not become "Visit
montréal"). A regular-expression ``match`` gets none.
"""

from __future__ import annotations

import re

from socialgov.checks import params
from socialgov.checks.base import Finding, PostInput, RuleError, RuleSpec, make_finding, render
from socialgov.checks.normalize import Normalized, cleaned, to_original_span
from socialgov.checks.patterns import Budget, compile_pattern
from socialgov.checks.registry import register

STYLES = ("$title", "$sentence", "$lower", "$upper")
# Words a title leaves in lower case (AP/Chicago-like, English and French).
SMALL_WORDS = frozenset(
    "a an and as at but by en for if in nor of on or per so the to up via vs "
    "à au aux d de des du et l la le les ou par pour sur un une".split()
)
_WORD = re.compile(r"(?<![#@\w/.])[^\W\d_][\w'’\-]*")
_URL = re.compile(r"https?://\S+|www\.\S+")
_SCOPES = {
    "heading": re.compile(r"[^.!?\n]*[^\W_][^.!?\n]*[.!?]*"),
    "paragraph": re.compile(r"[^\n]*\S[^\n]*"),
    "sentence": re.compile(r"[^.!?\n]*[^\W_][^.!?\n]*[.!?]*"),
}
DEFAULT_MESSAGE = {
    "$title": {"en": "“%s” should be in title case.", "fr": "« %s » : majuscule à chaque mot."},
    "$sentence": {
        "en": "“%s” should be in sentence case.",
        "fr": "« %s » : majuscule au premier mot seulement.",
    },
    "$lower": {"en": "“%s” should be in lower case.", "fr": "« %s » devrait être en minuscules."},
    "$upper": {"en": "“%s” should be in upper case.", "fr": "« %s » devrait être en majuscules."},
    "regex": {"en": "“%s” is not capitalised as expected.", "fr": "« %s » : casse inattendue."},
}


def _words(piece: str, exceptions: set[str]) -> list[tuple[int, str]]:
    """(index, word) of the words of ``piece``, URLs, tags and exceptions left out."""
    cleaned_piece = _URL.sub(lambda m: " " * len(m.group()), piece)
    return [
        (m.start(), m.group()) for m in _WORD.finditer(cleaned_piece) if m.group() not in exceptions
    ]


def _ok(style: str, piece: str, exceptions: set[str], threshold: float) -> bool:
    words = _words(piece, exceptions)
    if not words:
        return True
    if style == "$lower":
        return all(w == w.lower() for _, w in words)
    if style == "$upper":
        return all(w == w.upper() for _, w in words)
    if style == "$sentence":
        first_index, first = words[0]
        if first_index == _first_word_index(piece) and not first[0].isupper():
            return False
        rest = words[1:] if first_index == _first_word_index(piece) else words
        bad = sum(1 for _, w in rest if w[0].isupper() and not w.isupper())
        return not rest or (len(rest) - bad) / len(rest) >= threshold
    # $title
    good = 0
    for position, (_, w) in enumerate(words):
        small = w.lower() in SMALL_WORDS and position > 0
        good += w[0].isupper() or small
    return good / len(words) >= threshold


def _first_word_index(piece: str) -> int:
    m = _WORD.search(_URL.sub(lambda m: " " * len(m.group()), piece))
    return m.start() if m else -1


def _capitalised(word: str) -> str:
    return word[:1].upper() + word[1:]


def recapitalised(style: str, piece: str, exceptions: set[str], threshold: float) -> str | None:
    """``piece`` capitalised as ``style`` wants, or ``None`` when that is not certain (see
    the module's doc) or the rule would still reject it."""
    if style not in STYLES:
        return None
    first_index = _first_word_index(piece)
    parts: list[str] = []
    position = 0
    for rank, (index, word) in enumerate(_words(piece, exceptions)):
        new = word
        if style == "$lower":
            new = word.lower()
        elif style == "$upper":
            new = word.upper()
        elif style == "$title":
            small = rank > 0 and word.lower() in SMALL_WORDS
            if not small and not any(char.isupper() for char in word):
                new = _capitalised(word)
        elif index == first_index:  # $sentence
            new = _capitalised(word)
        parts += [piece[position:index], new]
        position = index + len(word)
    parts.append(piece[position:])
    candidate = "".join(parts)
    if candidate == piece or not _ok(style, candidate, exceptions, threshold):
        return None
    return candidate


@register("capitalization")
def compile_capitalization(rule: RuleSpec):
    match = rule.params.get("match")
    if not isinstance(match, str) or not match:
        raise RuleError(
            rule.id, "param 'match' must be $title, $sentence, $lower, $upper or a regex",
            "capitalization_match",
        )
    if match.startswith("$") and match not in STYLES:
        raise RuleError(rule.id, f"unknown capitalisation style {match!r}",
                        "capitalization_match")
    pattern = None if match in STYLES else compile_pattern(rule, match)
    exceptions = set(params.str_list(rule, "exceptions", required=False))
    threshold = rule.params.get("threshold", 0.8)
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        raise RuleError(rule.id, "param 'threshold' must be a number between 0 and 1")
    if not 0 <= threshold <= 1:
        raise RuleError(rule.id, "param 'threshold' must be a number between 0 and 1")
    scope = rule.params.get("scope", "heading")
    if isinstance(scope, list):
        scope = scope[0] if scope else "heading"
    scope_regex = _SCOPES.get(scope if isinstance(scope, str) else "", _SCOPES["heading"])
    defaults = DEFAULT_MESSAGE[match if match in STYLES else "regex"]

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        budget = Budget()
        view = cleaned(normalized)
        if scope in ("sentence", "paragraph"):
            pieces = list(scope_regex.finditer(view.text))
        else:
            first_line = view.text.lstrip().split("\n", 1)[0]
            lead = len(view.text) - len(view.text.lstrip())
            first = scope_regex.search(view.text, lead, lead + len(first_line))
            pieces = [first] if first else []
        findings = []
        for m in pieces:
            piece = m.group().strip()
            if pattern is not None:
                ok = budget.fullmatch(pattern, piece) is not None
            else:
                ok = _ok(match, piece, exceptions, threshold)
            if ok:
                continue
            lead = len(m.group()) - len(m.group().lstrip())
            start, end = to_original_span(view, m.start() + lead, m.start() + lead + len(piece))
            matched = post.text[start:end]
            findings.append(
                make_finding(
                    rule,
                    post.text,
                    start,
                    end,
                    render(rule.message, matched, defaults),
                    render(rule.suggestion, matched),
                    recapitalised(match, matched, exceptions, threshold),
                )
            )
        return findings

    return check
