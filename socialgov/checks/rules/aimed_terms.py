"""``aimed_terms``: words that wound only when they are aimed at someone.

"Mongol", "cave", "déchets" or "tuer" are ordinary words on their own ("l'empire mongol",
"une cave à vin", "le tri des déchets", "tuer le temps"); right after words that aim
them at a person or a group ("t'es un …", "espèce de …", "ils sont tous des …",
"je vais te …") they are an insult, a dehumanising comparison or a threat.

params:

* ``terms``: the words and phrases;
* ``aimed_by``: the phrases that aim them; a term counts only when one of these ends
  right before it (whitespace or a comma between, none after an elision: "espèce
  d'attardé", "ta gueule, bouffon");
* ``vocative`` (optional, default false): a term right after an @mention ("@x mongol")
  or at the very start of the text is aimed too;
* ``exceptions`` (optional): as ``banned_terms``, a match inside an exception is
  ignored.

Matching is ``banned_terms``' (case-, accent-, leetspeak-insensitive, whole words); the
aiming phrase is compared on the normalised text before the term, so it is checked only
on the posts where a term occurs. Message and suggestion ``%s``: the aiming phrase and
the term as written.
"""

from __future__ import annotations

import re

from socialgov.checks import params
from socialgov.checks.base import Finding, PostInput, RuleError, RuleSpec, make_finding, render
from socialgov.checks.normalize import Normalized, normalize
from socialgov.checks.registry import register
from socialgov.checks.terms import TermMatcher, requires, term_key

DEFAULT_MESSAGE = {"en": "Avoid “%s”.", "fr": "Évitez « %s »."}
# How far back an aiming phrase may start, in characters of the original text.
LOOKBACK = 48


def _phrase_pattern(phrase: str) -> str:
    key = term_key(phrase)
    pattern = r"\s+".join(re.escape(word) for word in key.split())
    # A phrase ending in an elision ("espèce d'") joins the term without a space.
    return pattern if key.endswith("'") else pattern + r"[\s,]+"


@register("aimed_terms")
def compile_aimed_terms(rule: RuleSpec):
    matcher = TermMatcher(params.str_list(rule, "terms"))
    aimed_by = params.str_list(rule, "aimed_by", required=False)
    vocative = params.boolean(rule, "vocative", False)
    if not aimed_by and not vocative:
        raise RuleError(rule.id, "param 'aimed_by' is required unless 'vocative' is true")
    exceptions_list = params.str_list(rule, "exceptions", required=False)
    exceptions = TermMatcher(exceptions_list) if exceptions_list else None
    alternatives = sorted({_phrase_pattern(p) for p in aimed_by}, key=len, reverse=True)
    if vocative:
        alternatives.append(r"@\w+[\s,:]+")
    # The phrase starts on a word edge (not inside "laces d'…") and ends the text before
    # the term; a vocative term may also open the text.
    before = re.compile(
        r"(?:^|(?<![\w@']))(?:" + "|".join(alternatives) + r")$" + (r"|^\s*$" if vocative else "")
    )

    def aimer(post: PostInput, start: int) -> int | None:
        """Start of the phrase that aims the term at ``start``, or ``None``."""
        begin = max(0, start - LOOKBACK)
        preceding = normalize(post.text[begin:start])
        found = before.search(preceding.text)
        if found is None:
            return None
        if found.start() >= len(preceding.offsets):
            return start
        return begin + preceding.offsets[found.start()]

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        findings = []
        for match in matcher.find(normalized, exceptions):
            if match.reading is not None:
                continue
            phrase_start = aimer(post, match.start)
            if phrase_start is None:
                continue
            matched = post.text[phrase_start : match.end]
            findings.append(
                make_finding(
                    rule,
                    post.text,
                    phrase_start,
                    match.end,
                    render(rule.message, matched, DEFAULT_MESSAGE),
                    render(rule.suggestion, matched),
                )
            )
        return findings

    return requires(check, matcher)
