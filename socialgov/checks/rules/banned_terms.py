"""``banned_terms``: words and phrases the brand never uses.

params: ``{"terms": [...], "exceptions": [...]}`` (exceptions optional). Matching is
case- and accent-insensitive on word boundaries (see ``socialgov.checks.terms``); a match
that lies inside an exception ("Cheap Monday" for the term "cheap") is ignored.
Message and suggestion ``%s``: the matched original text.
"""

from __future__ import annotations

from socialgov.checks import params
from socialgov.checks.base import Finding, PostInput, RuleSpec, make_finding, render
from socialgov.checks.normalize import Normalized
from socialgov.checks.registry import register
from socialgov.checks.terms import TermMatcher

DEFAULT_MESSAGE = {"en": "Avoid “%s”.", "fr": "Évitez « %s »."}


@register("banned_terms")
def compile_banned_terms(rule: RuleSpec):
    matcher = TermMatcher(params.str_list(rule, "terms"))
    exceptions_list = params.str_list(rule, "exceptions", required=False)
    exceptions = TermMatcher(exceptions_list) if exceptions_list else None

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        findings = []
        for match in matcher.find(normalized, exceptions):
            matched = post.text[match.start : match.end]
            findings.append(
                make_finding(
                    rule,
                    post.text,
                    match.start,
                    match.end,
                    render(rule.message, matched, DEFAULT_MESSAGE),
                    render(rule.suggestion, matched),
                )
            )
        return findings

    return check
