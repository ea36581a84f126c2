"""``substitution``: preferred wording, Vale-style ``swap`` map.

params: ``{"swap": {"utilize": "use", "e-mail": "courriel"}}`` — keys are terms matched
exactly like ``banned_terms``; values are the replacements. A match already written
exactly as its replacement is not reported, so ``{"linkedin": "LinkedIn"}`` enforces the
capitalisation. Message ``%s``: the matched text; suggestion ``%s``: the replacement
(default suggestion: Use “…” / Utilisez « … »).

Vale's ``substitution`` is the same kind with ``"vale": true`` (set by
``socialgov.checks.vale``): keys are regular expressions (plain-word keys of a
case-insensitive rule still use the term matcher), ``ignorecase`` (default false) and
``nonword`` apply, a replacement ``"a|b"`` offers both, and the message's ``%s`` are
positional like Vale's: the replacement first, then the matched text.

One-click fix (``Finding.replacement``): the swap's target, in the matched text's case
when the rule ignores case ("Utilize" -> "Use"; a target with capitals of its own keeps
them: "covid" -> "COVID-19"); none for a Vale swap that offers several options
(``"a|b"``) nor inside a hashtag, @mention or URL (see ``socialgov.checks.fixes``).
"""

from __future__ import annotations

from socialgov.checks import fixes, params
from socialgov.checks.base import Finding, PostInput, RuleError, RuleSpec, make_finding, render
from socialgov.checks.normalize import Normalized, cleaned, to_original_span
from socialgov.checks.patterns import (
    WORD_TEMPLATE,
    Budget,
    Exceptions,
    compile_pattern,
    is_plain,
    render_positional,
)
from socialgov.checks.registry import register
from socialgov.checks.terms import TermMatcher, term_key

DEFAULT_SUGGESTION = {"en": "Use “%s”", "fr": "Utilisez « %s »"}


@register("substitution")
def compile_substitution(rule: RuleSpec):
    swap = params.str_dict(rule, "swap")
    if params.boolean(rule, "vale", False):
        return _compile_vale(rule, swap)
    replacements: dict[str, str] = {}
    for term, replacement in swap.items():
        key = term_key(term)
        if not key:
            raise RuleError(rule.id, "param 'swap' has an empty term", "empty_term", param="swap")
        if key in replacements and replacements[key] != replacement:
            raise RuleError(rule.id, f"param 'swap' lists {term!r} twice", "listed_twice",
                            param="swap", term=term)
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
                    fixes.swap_replacement(
                        post.text, match.start, match.end, replacement, ignorecase=True
                    ),
                )
            )
        return findings

    return check


def _options(replacement: str) -> list[str]:
    return [option.strip() for option in replacement.split("|") if option.strip()]


def _compile_vale(rule: RuleSpec, swap: dict[str, str]):
    ignorecase = params.boolean(rule, "ignorecase", False)
    nonword = params.boolean(rule, "nonword", False)
    excepted = Exceptions(rule, params.str_list(rule, "exceptions", required=False), ignorecase)
    plain: dict[str, str] = {}  # term key -> replacement
    patterns = []  # (compiled regex, replacement)
    for key, replacement in swap.items():
        if ignorecase and not nonword and is_plain(key) and term_key(key):
            plain.setdefault(term_key(key), replacement)
        else:
            template = "(?:%s)" if nonword else WORD_TEMPLATE
            pattern = template.replace("%s", key)
            patterns.append((compile_pattern(rule, pattern, ignorecase=ignorecase), replacement))
    matcher = TermMatcher(plain) if plain else None

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        budget = Budget()
        found = []  # (start, end, replacement)
        if matcher is not None:
            found += [(m.start, m.end, plain[m.key]) for m in matcher.find(normalized)]
        if patterns:
            view = cleaned(normalized)
            for pattern, replacement in patterns:
                for m in budget.finditer(pattern, view.text):
                    if m.end() > m.start():
                        found.append((*to_original_span(view, m.start(), m.end()), replacement))
        findings = []
        last_end = -1
        for start, end, replacement in sorted(found, key=lambda f: (f[0], -f[1])):
            if start < last_end:
                continue
            last_end = end
            matched = post.text[start:end]
            options = _options(replacement)
            same = (lambda a, b: a.casefold() == b.casefold()) if ignorecase else str.__eq__
            if any(same(matched, option) for option in options):
                continue
            if excepted.excludes(matched, budget):
                continue
            expected = " / ".join(options)
            message_defaults = {
                "en": "Prefer “%s” to “%s”.",
                "fr": "Préférez « %s » à « %s ».",
            }
            fix = None
            if len(options) == 1:
                fix = fixes.swap_replacement(
                    post.text, start, end, options[0], ignorecase=ignorecase
                )
            findings.append(
                make_finding(
                    rule,
                    post.text,
                    start,
                    end,
                    render_positional(rule.message, message_defaults, expected, matched),
                    render_positional(rule.suggestion, DEFAULT_SUGGESTION, expected),
                    fix,
                )
            )
        return findings

    return check
