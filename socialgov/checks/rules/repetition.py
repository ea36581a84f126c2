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
        raise RuleError(rule.id, "param 'tokens' must not be empty", "not_empty", param="tokens")
    pattern = compile_pattern(rule, "(?:" + "|".join(tokens) + ")", ignorecase=ignorecase)

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        view = cleaned(normalized)
        matches = Budget().finditer(pattern, view.text)
        words = [m.group().strip() for m in matches]
        keys = [w.casefold() for w in words] if ignorecase else words
        # A token repeats the previous one (most posts: none). Consecutive repeats count
        # up ("the the the": 2); anything else starts again from 0.
        findings = []
        count = 0
        last_hit = -1
        for i in [i for i in range(1, len(keys)) if keys[i] == keys[i - 1]]:
            current = words[i]
            if current == "" or (alpha and not current.isalpha()):
                continue
            count = count + 1 if last_hit == i - 1 else 1
            last_hit = i
            if count > allowed:
                start, end = to_original_span(view, matches[i - 1].start(), matches[i].end())
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
        return findings

    return check
