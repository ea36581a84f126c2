"""``consistency`` (Vale): two spellings of one thing must not both appear.

params: ``either`` (``{"advisor": "adviser", "courriel": "e-mail"}``: each pair is two
regular expressions), ``ignorecase``, ``nonword``. When both spellings of a pair occur,
every occurrence of the one that appears second is reported. Message and suggestion
``%s``: the matched text.
"""

from __future__ import annotations

from socialgov.checks import params
from socialgov.checks.base import Finding, PostInput, RuleSpec, make_finding, render
from socialgov.checks.normalize import Normalized, cleaned, to_original_span
from socialgov.checks.patterns import WORD_TEMPLATE, Budget, compile_pattern
from socialgov.checks.registry import register


@register("consistency")
def compile_consistency(rule: RuleSpec):
    either = params.str_dict(rule, "either")
    ignorecase = params.boolean(rule, "ignorecase", False)
    template = "(?:%s)" if params.boolean(rule, "nonword", False) else WORD_TEMPLATE
    pairs = [
        tuple(
            compile_pattern(rule, template.replace("%s", side), ignorecase=ignorecase)
            for side in pair
        )
        for pair in either.items()
    ]

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        budget = Budget()
        view = cleaned(normalized)
        findings = []
        for first, second in pairs:
            a = [m for m in budget.finditer(first, view.text) if m.end() > m.start()]
            b = [m for m in budget.finditer(second, view.text) if m.end() > m.start()]
            if not a or not b:
                continue
            if a[0].start() <= b[0].start():
                minority, other = b, a[0].group()
            else:
                minority, other = a, b[0].group()
            for m in minority:
                start, end = to_original_span(view, m.start(), m.end())
                matched = post.text[start:end]
                defaults = {
                    "en": f"Inconsistent spelling: “%s” here, “{other}” elsewhere.",
                    "fr": f"Graphie incohérente : « %s » ici, « {other} » ailleurs.",
                }
                findings.append(
                    make_finding(
                        rule,
                        post.text,
                        start,
                        end,
                        render(rule.message, matched, defaults),
                        render(rule.suggestion, matched),
                    )
                )
        return findings

    return check
