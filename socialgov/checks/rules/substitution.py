"""``substitution``: preferred wording, Vale-style ``swap`` map.

params: ``{"swap": {"utilize": "use", "e-mail": "courriel"}}`` — keys are terms matched
exactly like ``banned_terms``; values are the replacements. A match already written
exactly as its replacement is not reported, so ``{"linkedin": "LinkedIn"}`` enforces the
capitalisation. Message ``%s``: the matched text; suggestion ``%s``: the replacement
(default suggestion: Use “…” / Utilisez « … »).
"""

from __future__ import annotations

from socialgov.checks import params
from socialgov.checks.base import Finding, PostInput, RuleError, RuleSpec, make_finding, render
from socialgov.checks.normalize import Normalized
from socialgov.checks.registry import register
from socialgov.checks.terms import TermMatcher, term_key

DEFAULT_SUGGESTION = {"en": "Use “%s”", "fr": "Utilisez « %s »"}


@register("substitution")
def compile_substitution(rule: RuleSpec):
    swap = params.str_dict(rule, "swap")
    replacements: dict[str, str] = {}
    for term, replacement in swap.items():
        key = term_key(term)
        if not key:
            raise RuleError(rule.id, "param 'swap' has an empty term")
        if key in replacements and replacements[key] != replacement:
            raise RuleError(rule.id, f"param 'swap' lists {term!r} twice")
        replacements[key] = replacement
    matcher = TermMatcher(replacements)

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        findings = []
        for match in matcher.find(normalized):
            matched = post.text[match.start : match.end]
            replacement = replacements[match.key]
            if matched == replacement:
                continue
            message_defaults = {
                "en": f"Prefer “{replacement}” to “%s”.",
                "fr": f"Préférez « {replacement} » à « %s ».",
            }
            findings.append(
                make_finding(
                    rule,
                    post.text,
                    match.start,
                    match.end,
                    render(rule.message, matched, message_defaults),
                    render(rule.suggestion, replacement, DEFAULT_SUGGESTION),
                )
            )
        return findings

    return check
