"""``occurrence`` (Vale): a pattern must occur at least ``min`` / at most ``max`` times.

params: ``token`` (regular expression), ``min``, ``max`` (at least one of them),
``ignorecase``. Vale's ``scope`` is ignored: the whole post is counted. Too many: one
finding on the first occurrence past ``max``; too few: one finding on the whole post.
Message and suggestion ``%s``: the number of occurrences.
"""

from __future__ import annotations

from socialgov.checks import params
from socialgov.checks.base import Finding, PostInput, RuleError, RuleSpec, make_finding, render
from socialgov.checks.normalize import Normalized, cleaned, to_original_span
from socialgov.checks.patterns import Budget, can_match_more_than, compile_pattern
from socialgov.checks.registry import register


@register("occurrence")
def compile_occurrence(rule: RuleSpec):
    token = rule.params.get("token")
    if not isinstance(token, str) or not token:
        raise RuleError(rule.id, "param 'token' must be a non-empty regular expression",
                        "non_empty_regex", param="token")
    pattern = compile_pattern(rule, token, ignorecase=params.boolean(rule, "ignorecase", False))
    minimum = params.non_negative_int(rule, "min", 0)
    maximum = params.non_negative_int(rule, "max", 0)
    if not minimum and not maximum:
        raise RuleError(rule.id, "param 'min' or 'max' must be set", "one_of_required",
                        first="min", second="max")

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        view = cleaned(normalized)
        if not minimum and not can_match_more_than(pattern, view.text, maximum):
            return []  # cannot occur more than ``maximum`` times
        matches = [m for m in Budget().finditer(pattern, view.text) if m.end() > m.start()]
        count = len(matches)
        if maximum and count > maximum:
            start, end = to_original_span(view, *matches[maximum].span())
            defaults = {
                "en": f"“{token}” occurs %s times; keep it to {maximum} at most.",
                "fr": f"« {token} » apparaît %s fois ; pas plus de {maximum}.",
            }
        elif minimum and count < minimum:
            start, end = 0, len(post.text)
            defaults = {
                "en": f"“{token}” occurs %s times; it should occur at least {minimum}.",
                "fr": f"« {token} » apparaît %s fois ; il en faut au moins {minimum}.",
            }
        else:
            return []
        return [
            make_finding(
                rule,
                post.text,
                start,
                end,
                render(rule.message, str(count), defaults),
                render(rule.suggestion, str(count)),
            )
        ]

    return check
