"""``watch``: crisis watch words.

During a crisis the brand's team sets watch words (``PostInput.watch``); a post that
uses one must not go out without a second look. params: ``{"terms": [...]}`` (optional),
watch words of the rule itself, checked together with the post's. Matching is like
``banned_terms`` (case- and accent-insensitive, whole words). Every match is an
``error`` finding, whatever the rule's severity. Message and suggestion ``%s``: the
watch word as written in the post.

The engine adds this kind as the built-in rule ``builtin:watch`` to every rule set that
has no ``watch`` rule, so ``PostInput.watch`` always works.
"""

from __future__ import annotations

import dataclasses
import functools

from socialgov.checks import params, terms
from socialgov.checks.base import Finding, PostInput, RuleSpec, make_finding, render
from socialgov.checks.normalize import Normalized
from socialgov.checks.registry import register
from socialgov.checks.terms import TermMatcher

DEFAULT_MESSAGE = {
    "en": "Crisis watch word “%s”: this post needs the crisis team's approval.",
    "fr": "Mot sous surveillance de crise « %s » : cette publication doit être approuvée "
    "par la cellule de crise.",
}
DEFAULT_SUGGESTION = {
    "en": "Hold the post, or rewrite it without “%s”.",
    "fr": "Retenez la publication, ou reformulez-la sans « %s ».",
}


@functools.lru_cache(maxsize=128)
def _matcher(words: tuple[str, ...]) -> TermMatcher | None:
    words = tuple(w for w in words if isinstance(w, str) and w.strip())
    return TermMatcher(words) if words else None


@register("watch")
def compile_watch(rule: RuleSpec):
    own = _matcher(tuple(params.str_list(rule, "terms", required=False)))
    if own is not None:
        terms.use(own)  # cached: built for an earlier checker, shared with this one
    rule = dataclasses.replace(rule, severity="error")

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        matchers = [m for m in (own, _matcher(tuple(post.watch or ()))) if m is not None]
        seen: set[tuple[int, int]] = set()
        findings = []
        for matcher in matchers:
            for match in matcher.find(normalized):
                span = (match.start, match.end)
                if span in seen:
                    continue
                seen.add(span)
                matched = post.text[match.start : match.end]
                findings.append(
                    make_finding(
                        rule,
                        post.text,
                        match.start,
                        match.end,
                        render(rule.message, matched, DEFAULT_MESSAGE),
                        render(rule.suggestion, matched, DEFAULT_SUGGESTION),
                    )
                )
        findings.sort(key=lambda f: (f.start, f.end))
        return findings

    return check
