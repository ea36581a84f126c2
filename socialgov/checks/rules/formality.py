"""``formality``: the French register the brand uses ("vous" or "tu").

params: ``{"address": "vous"}`` (default) or ``{"address": "tu"}``.

Only French posts are checked (``PostInput.language``, or the detected language when it
is ``None``). For a "vous" brand, reports tu/toi/te/ta/tes/ton (not "le ton", "un ton"),
the elided ``t’`` (t’as, t’es, va-t’en) and inversions (veux-tu, dépêche-toi); for a
"tu" brand, reports vous/votre/vos/vôtre. Message and suggestion ``%s``: the word.
"""

from __future__ import annotations

import re

from socialgov.checks.base import Finding, PostInput, RuleError, RuleSpec, make_finding, render
from socialgov.checks.language import post_language
from socialgov.checks.normalize import Normalized, to_original_span
from socialgov.checks.registry import register

# On normalised text: lower case, no accents, apostrophes as "'". Each pattern starts
# with a plain letter (fast to scan for), then looks behind it: the same matches as
# (?<![\w'])(?:tu|toi|te|ta|tes|ton|t')(?![\w])|(?<![\w'])t'(?=\w) and
# (?<![\w'])(?:vous|votre|vos|votres)(?![\w]).
_TU = re.compile(r"t(?<![\w']t)(?:(?:u|oi|e|a|es|on|')(?!\w)|'(?=\w))")
_VOUS = re.compile(r"v(?<![\w']v)(?:ous|otre|os|otres)(?!\w)")
# "ton" as a noun (the tone): "le ton", "un ton", "du ton"...
_TON_NOUN = re.compile(r"(?:^|\W)(?:le|un|du|au|ce|meme|bon|mauvais|quel|son|mon|notre)\s+$")

MESSAGES = {
    "vous": (
        {
            "en": "Informal “%s”: our brand addresses people as “vous”.",
            "fr": "« %s » : notre marque vouvoie, elle ne tutoie pas.",
        },
        {
            "en": "Use the “vous” form (vous, votre, vos).",
            "fr": "Vouvoyez : « vous », « votre », « vos ».",
        },
    ),
    "tu": (
        {
            "en": "Formal “%s”: our brand addresses people as “tu”.",
            "fr": "« %s » : notre marque tutoie, elle ne vouvoie pas.",
        },
        {
            "en": "Use the “tu” form (tu, ton, ta, tes).",
            "fr": "Tutoyez : « tu », « ton », « ta », « tes ».",
        },
    ),
}


@register("formality")
def compile_formality(rule: RuleSpec):
    address = rule.params.get("address", "vous")
    if address not in ("vous", "tu"):
        raise RuleError(rule.id, 'param \'address\' must be "vous" or "tu"')
    regex = _TU if address == "vous" else _VOUS
    message_defaults, suggestion_defaults = MESSAGES[address]

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        text = normalized.text
        if ("t" not in text and "v" not in text) or post_language(post) != "fr":
            return []
        findings = []
        for m in regex.finditer(text):
            if m.group() == "ton" and _TON_NOUN.search(text, max(0, m.start() - 12), m.start()):
                continue
            start, end = to_original_span(normalized, m.start(), m.end())
            matched = post.text[start:end]
            findings.append(
                make_finding(
                    rule,
                    post.text,
                    start,
                    end,
                    render(rule.message, matched, message_defaults),
                    render(rule.suggestion, matched, suggestion_defaults),
                )
            )
        return findings

    return check
