"""``existence`` (Vale): flag every occurrence of some tokens.

params (Vale's keys): ``tokens`` (list of words or regular expressions), ``raw`` (regex
pieces, concatenated), ``ignorecase`` (default false), ``nonword`` (default false: tokens
are wrapped in word boundaries), ``append`` (raw goes after the tokens), ``exceptions``
(matches that fully match one of these are not reported). SocialGov's own ``literal``
(default false): the tokens are words and phrases, not regular expressions, matched as
``banned_terms`` matches them whatever their punctuation ("C++", "e.g."); it cannot be
used with ``raw`` or ``nonword``. The rule form writes it for a list typed in words.

Plain tokens of a case-insensitive rule without ``raw`` (and every token of a ``literal``
rule) go through the term matcher (the normalisation, leetspeak, hashtag and idiom
handling of ``banned_terms``; exceptions are then phrases in which a match is fine, as
there); anything else
runs as one ``regex`` pattern, with a time budget, on the original text (invisible
characters removed, look-alike letters folded). Message and suggestion ``%s``: the match.

One-click fix (``Finding.replacement``): as ``banned_terms``, the suggestion in the post's
language when it is a single term (see ``socialgov.checks.fixes``).
"""

from __future__ import annotations

from socialgov.checks import fixes, params
from socialgov.checks.base import Finding, PostInput, RuleError, RuleSpec, make_finding, render
from socialgov.checks.normalize import Normalized, cleaned, to_original_span
from socialgov.checks.patterns import Budget, Exceptions, compile_pattern, is_plain, vale_regex
from socialgov.checks.registry import register
from socialgov.checks.terms import TermMatcher

DEFAULT_MESSAGE = {"en": "Avoid “%s”.", "fr": "Évitez « %s »."}


def _str_or_list(rule: RuleSpec, key: str) -> list[str]:
    value = rule.params.get(key)
    if isinstance(value, str):
        return [value] if value else []
    return params.str_list(rule, key, required=False)


@register("existence")
def compile_existence(rule: RuleSpec):
    tokens = _str_or_list(rule, "tokens")
    raw = _str_or_list(rule, "raw")
    if not tokens and not raw:
        raise RuleError(rule.id, "param 'tokens' or 'raw' is required", "one_of_required",
                        first="tokens", second="raw")
    ignorecase = params.boolean(rule, "ignorecase", False)
    nonword = params.boolean(rule, "nonword", False)
    append = params.boolean(rule, "append", False)
    exception_items = _str_or_list(rule, "exceptions")
    literal = params.boolean(rule, "literal", False)
    if literal and (raw or nonword):
        raise RuleError(rule.id, "param 'literal' cannot be used with 'raw' or 'nonword'",
                        "literal_with_raw")

    if literal or (ignorecase and not raw and not nonword and all(map(is_plain, tokens))):
        matcher = TermMatcher(tokens)
        exceptions = TermMatcher(exception_items) if exception_items else None
        idioms = params.idioms(rule)

        def find(post: PostInput, normalized: Normalized) -> list[tuple[int, int]]:
            return [(m.start, m.end) for m in matcher.find(normalized, exceptions, idioms=idioms)]

    else:
        pattern = compile_pattern(
            rule,
            vale_regex(tokens, raw, ignorecase=ignorecase, nonword=nonword, append=append),
        )
        excepted = Exceptions(rule, exception_items, ignorecase)

        def find(post: PostInput, normalized: Normalized) -> list[tuple[int, int]]:
            budget = Budget()
            view = cleaned(normalized)
            spans = []
            for m in budget.finditer(pattern, view.text):
                if m.end() > m.start() and not excepted.excludes(m.group(), budget):
                    spans.append(to_original_span(view, m.start(), m.end()))
            return spans

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        findings = []
        for start, end in find(post, normalized):
            matched = post.text[start:end]
            findings.append(
                make_finding(
                    rule,
                    post.text,
                    start,
                    end,
                    render(rule.message, matched, DEFAULT_MESSAGE),
                    render(rule.suggestion, matched),
                    fixes.term_replacement(rule, post.language, post.text, start, end),
                )
            )
        return findings

    return check
