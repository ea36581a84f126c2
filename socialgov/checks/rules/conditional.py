"""``conditional`` (Vale): using ``first`` requires ``second`` to have appeared.

params: ``first`` and ``second`` (regular expressions), ``ignorecase``, ``exceptions``.
Vale's semantics: the capture groups of every match of ``second`` are *defined*
("World Health Organization (WHO)" defines "WHO"); a match of ``first`` whose text is not
defined in its paragraph or an earlier one, nor an exception, is reported. The classic
use is acronyms: first ``\\b([A-Z]{3,5})\\b``, second ``(?:\\b[A-Z][a-z]+ )+\\(([A-Z]{3,5})\\)``.
Message and suggestion ``%s``: the match of ``first``.
"""

from __future__ import annotations

import re

from socialgov.checks import params
from socialgov.checks.base import Finding, PostInput, RuleError, RuleSpec, make_finding, render
from socialgov.checks.normalize import Normalized, cleaned, to_original_span
from socialgov.checks.patterns import Budget, Exceptions, compile_pattern
from socialgov.checks.registry import register

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
DEFAULT_MESSAGE = {
    "en": "“%s” is used before it is defined.",
    "fr": "« %s » est employé avant d’être défini.",
}


def _pattern(rule: RuleSpec, key: str, ignorecase: bool):
    value = rule.params.get(key)
    if not isinstance(value, str) or not value:
        raise RuleError(rule.id, f"param {key!r} must be a non-empty regular expression",
                        "non_empty_regex", param=key)
    return compile_pattern(rule, value, ignorecase=ignorecase)


@register("conditional")
def compile_conditional(rule: RuleSpec):
    ignorecase = params.boolean(rule, "ignorecase", False)
    first = _pattern(rule, "first", ignorecase)
    second = _pattern(rule, "second", ignorecase)
    excepted = Exceptions(rule, params.str_list(rule, "exceptions", required=False), ignorecase)

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        budget = Budget()
        view = cleaned(normalized)
        text = view.text
        defined: set[str] = set()
        findings = []
        blocks = []
        position = 0
        for m in _PARAGRAPH_BREAK.finditer(text):
            blocks.append((position, m.start()))
            position = m.end()
        blocks.append((position, len(text)))
        for block_start, block_end in blocks:
            for m in budget.finditer(second, text, block_start, block_end):
                defined.update(g for g in m.groups() if g)
            for m in budget.finditer(first, text, block_start, block_end):
                used = m.group()
                if not used or used in defined or excepted.excludes(used, budget):
                    continue
                start, end = to_original_span(view, m.start(), m.end())
                matched = post.text[start:end]
                findings.append(
                    make_finding(
                        rule,
                        post.text,
                        start,
                        end,
                        render(rule.message, matched, DEFAULT_MESSAGE),
                        render(rule.suggestion, matched),
                    )
                )
        return findings

    return check
