"""``banned_terms``: words and phrases the brand never uses.

params:

* ``terms``: the words and phrases;
* ``exceptions`` (optional): a match that lies inside an exception ("Cheap Monday" for
  the term "cheap") is ignored;
* ``idioms`` / ``unless`` / ``default_idioms`` (optional): phrases in which a term is
  harmless ("[killer] deal"); see ``socialgov.checks.terms.Idioms``. The shipped
  marketing idioms apply unless ``default_idioms`` is false;
* ``not_with`` (optional): terms that, anywhere in the post, make the rule stand down
  ("victims" in a relief fundraiser: "all proceeds", "au profit des");
* ``readings`` (optional, default true): also report terms that only an alternative
  split of a run-together hashtag reveals ("#susanalbumparty" -> "susan anal bum party")
  as ``hashtag_reading`` warnings.

Matching is case-, accent-, leetspeak- and look-alike-insensitive on word boundaries (see
``socialgov.checks.terms``). Message and suggestion ``%s``: the matched original text.

One-click fix (``Finding.replacement``): when the rule's suggestion in the post's
language is a single term ("affordable", « abordable »), not a sentence, that term, in
the matched text's case (see ``socialgov.checks.fixes``).
"""

from __future__ import annotations

from socialgov.checks import fixes, params
from socialgov.checks.base import Finding, PostInput, RuleSpec, make_finding, render
from socialgov.checks.normalize import Normalized
from socialgov.checks.registry import register
from socialgov.checks.terms import TermMatcher, hashtag_reading_finding, requires

DEFAULT_MESSAGE = {"en": "Avoid “%s”.", "fr": "Évitez « %s »."}


@register("banned_terms")
def compile_banned_terms(rule: RuleSpec):
    matcher = TermMatcher(params.str_list(rule, "terms"))
    exceptions_list = params.str_list(rule, "exceptions", required=False)
    exceptions = TermMatcher(exceptions_list) if exceptions_list else None
    idioms = params.idioms(rule)
    readings = params.boolean(rule, "readings", True)
    not_with_list = params.str_list(rule, "not_with", required=False)
    not_with = TermMatcher(not_with_list) if not_with_list else None

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        findings = []
        for match in matcher.find(normalized, exceptions, idioms=idioms, readings=readings):
            if match.reading is not None:
                findings.append(hashtag_reading_finding(rule, post.text, match))
                continue
            matched = post.text[match.start : match.end]
            findings.append(
                make_finding(
                    rule,
                    post.text,
                    match.start,
                    match.end,
                    render(rule.message, matched, DEFAULT_MESSAGE),
                    render(rule.suggestion, matched),
                    fixes.term_replacement(rule, post.language, post.text, match.start,
                                           match.end),
                )
            )
        if findings and not_with is not None and not_with.find(normalized):
            return []
        return findings

    return requires(check, matcher)
