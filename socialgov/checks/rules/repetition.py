"""``repetition`` (Vale): the same token twice in a row ("the the", "le le").

params: ``tokens`` (regular expressions, e.g. ``["[^\\s]+"]``), ``alpha`` (only
alphabetic tokens count), ``ignorecase``, ``max`` (repeats allowed, default 0).
Consecutive matches of the tokens that are equal are a repetition; the finding spans
both. Message and suggestion ``%s``: the repeated token.
"""

from __future__ import annotations

from socialgov.checks import params
from socialgov.checks.base import Finding, PostInput, RuleError, RuleSpec, make_finding, render
from socialgov.checks.normalize import Normalized, cleaned, to_original_span
from socialgov.checks.patterns import Budget, compile_pattern
from socialgov.checks.registry import register

DEFAULT_MESSAGE = {"en": "“%s” is repeated.", "fr": "« %s » est répété."}


@register("repetition")
def compile_repetition(rule: RuleSpec):
    tokens = params.str_list(rule, "tokens")
    ignorecase = params.boolean(rule, "ignorecase", False)
    alpha = params.boolean(rule, "alpha", False)
    allowed = params.non_negative_int(rule, "max", 0)
    if not tokens:
        raise RuleError(rule.id, "param 'tokens' must not be empty")
    pattern = compile_pattern(rule, "(?:" + "|".join(tokens) + ")", ignorecase=ignorecase)

    def same(a: str, b: str) -> bool:
        return a.casefold() == b.casefold() if ignorecase else a == b

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        view = cleaned(normalized)
        findings = []
        previous = None
        count = 0
        for m in Budget().finditer(pattern, view.text):
            current = m.group().strip()
            hit = (
                previous is not None
                and current != ""
                and same(current, previous.group().strip())
                and (not alpha or current.isalpha())
            )
            if hit:
                count += 1
                if count > allowed:
                    start, end = to_original_span(view, previous.start(), m.end())
                    findings.append(
                        make_finding(
                            rule,
                            post.text,
                            start,
                            end,
                            render(rule.message, current, DEFAULT_MESSAGE),
                            render(rule.suggestion, current),
                        )
                    )
            else:
                count = 0
            previous = m
        return findings

    return check
