"""``max_count``: at most N occurrences of a pattern (hashtags, exclamation marks...).

params: ``{"pattern": "<python regex>", "max": 2, "ignorecase": false}``. The pattern (the
``regex`` module's syntax, a superset of ``re``) runs on the original text with a time
budget (``socialgov.checks.patterns``); each match beyond the max is one finding on that
match. Empty matches are not counted. Message and suggestion ``%s``: the matched text.
"""

from __future__ import annotations

from socialgov.checks import params
from socialgov.checks.base import Finding, PostInput, RuleError, RuleSpec, make_finding, render
from socialgov.checks.normalize import Normalized
from socialgov.checks.patterns import Budget, can_match_more_than, compile_pattern
from socialgov.checks.registry import register


@register("max_count")
def compile_max_count(rule: RuleSpec):
    pattern = rule.params.get("pattern")
    if not isinstance(pattern, str) or not pattern:
        raise RuleError(rule.id, "param 'pattern' must be a non-empty regular expression",
                        "non_empty_regex", param="pattern")
    limit = params.non_negative_int(rule, "max")
    regex = compile_pattern(rule, pattern, ignorecase=params.boolean(rule, "ignorecase", False))

    message_defaults = {
        "en": f"Too many: “%s” goes over the limit of {limit}.",
        "fr": f"Trop d’occurrences : « %s » dépasse la limite de {limit}.",
    }
    if limit == 0:
        suggestion_defaults = {"en": "Remove “%s”.", "fr": "Retirez « %s »."}
    else:
        suggestion_defaults = {"en": f"Keep at most {limit}.", "fr": f"Gardez-en au plus {limit}."}

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        if not can_match_more_than(regex, post.text, limit):
            return []  # too few of the literals every match needs to go over the limit
        matches = [m for m in Budget().finditer(regex, post.text) if m.end() > m.start()]
        findings = []
        for m in matches[limit:]:
            matched = m.group()
            findings.append(
                make_finding(
                    rule,
                    post.text,
                    m.start(),
                    m.end(),
                    render(rule.message, matched, message_defaults),
                    render(rule.suggestion, matched, suggestion_defaults),
                )
            )
        return findings

    return check
