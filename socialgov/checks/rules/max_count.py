"""``max_count``: at most N occurrences of a pattern (hashtags, exclamation marks...).

params: ``{"pattern": "<python regex>", "max": 2, "ignorecase": false}``. The pattern runs
on the original text; each match beyond the max is one finding on that match. Empty
matches are not counted. Message and suggestion ``%s``: the matched text.
"""

from __future__ import annotations

import re

from socialgov.checks import params
from socialgov.checks.base import Finding, PostInput, RuleError, RuleSpec, make_finding, render
from socialgov.checks.normalize import Normalized
from socialgov.checks.registry import register


@register("max_count")
def compile_max_count(rule: RuleSpec):
    pattern = rule.params.get("pattern")
    if not isinstance(pattern, str) or not pattern:
        raise RuleError(rule.id, "param 'pattern' must be a non-empty regular expression")
    limit = params.non_negative_int(rule, "max")
    flags = re.IGNORECASE if params.boolean(rule, "ignorecase", False) else 0
    try:
        regex = re.compile(pattern, flags)
    except re.error as exc:
        raise RuleError(rule.id, f"invalid regular expression {pattern!r}: {exc}") from exc

    message_defaults = {
        "en": f"Too many: “%s” goes over the limit of {limit}.",
        "fr": f"Trop d’occurrences : « %s » dépasse la limite de {limit}.",
    }
    if limit == 0:
        suggestion_defaults = {"en": "Remove “%s”.", "fr": "Retirez « %s »."}
    else:
        suggestion_defaults = {"en": f"Keep at most {limit}.", "fr": f"Gardez-en au plus {limit}."}

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        matches = [m for m in regex.finditer(post.text) if m.end() > m.start()]
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
