"""``language``: the post is in one of the brand's languages.

params: ``{"allowed": ["fr", "en"]}`` (default both). The post's language is
``PostInput.language``, or, when that is ``None``, the one detected from the text by
``socialgov.checks.language.detect_language``; a post whose language cannot be told
(too short, emoji only) is not reported. The finding is about the whole post
(``start == end == 0``). Message and suggestion ``%s``: the language's name in the
message's language.
"""

from __future__ import annotations

from socialgov.checks import params
from socialgov.checks.base import Finding, PostInput, RuleError, RuleSpec, make_finding
from socialgov.checks.language import post_language
from socialgov.checks.messages import render_each
from socialgov.checks.normalize import Normalized
from socialgov.checks.registry import register

NAMES = {
    "en": {"en": "English", "fr": "anglais"},
    "fr": {"en": "French", "fr": "français"},
}
DEFAULT_MESSAGE = {
    "en": "This post is in %s, which is not one of the brand's languages.",
    "fr": "Cette publication est en %s, qui n’est pas une langue de la marque.",
}
DEFAULT_SUGGESTION = {
    "en": "Write the post in one of the brand's languages.",
    "fr": "Rédigez la publication dans une langue de la marque.",
}


@register("language")
def compile_language(rule: RuleSpec):
    allowed = params.str_list(rule, "allowed", required=False) or ["fr", "en"]
    allowed = [a.strip().lower() for a in allowed]
    if any(len(a) < 2 for a in allowed):
        raise RuleError(rule.id, "param 'allowed' must list language codes such as \"fr\"")

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        language = post_language(post)
        if language is None or language.lower() in allowed:
            return []
        names = NAMES.get(language.lower(), {"en": language, "fr": language})
        return [
            make_finding(
                rule,
                post.text,
                0,
                0,
                render_each(rule.message, names, DEFAULT_MESSAGE),
                render_each(rule.suggestion, names, DEFAULT_SUGGESTION),
            )
        ]

    return check
