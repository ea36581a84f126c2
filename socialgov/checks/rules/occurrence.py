"""``occurrence`` (Vale): a pattern must occur at least ``min`` / at most ``max`` times.

params: ``token`` (regular expression), ``min``, ``max`` (at least one of them),
``ignorecase``. Vale's ``scope`` is ignored: the whole post is counted. Too many: one
finding on the first occurrence past ``max``; too few: one finding on the whole post.
Message and suggestion ``%s``: the number of occurrences. The default message names what
is counted as the brand admin chose it: "hashtags", or the word or phrase, not the regular
expression that finds it (``socialgov.checks.counted``).
"""

from __future__ import annotations

from socialgov.checks import counted, params
from socialgov.checks.base import Finding, PostInput, RuleError, RuleSpec, make_finding, render
from socialgov.checks.normalize import Normalized, cleaned, to_original_span
from socialgov.checks.patterns import Budget, can_match_more_than, compile_pattern
from socialgov.checks.registry import register


@register("occurrence")
def compile_occurrence(rule: RuleSpec):
    token = rule.params.get("token")
    if not isinstance(token, str) or not token:
        raise RuleError(rule.id, "param 'token' must be a non-empty regular expression",
                        "non_empty_regex", param="token")
    pattern = compile_pattern(rule, token, ignorecase=params.boolean(rule, "ignorecase", False))
    minimum = params.non_negative_int(rule, "min", 0)
    maximum = params.non_negative_int(rule, "max", 0)
    if not minimum and not maximum:
        raise RuleError(rule.id, "param 'min' or 'max' must be set", "one_of_required",
                        first="min", second="max")

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        view = cleaned(normalized)
        if not minimum and not can_match_more_than(pattern, view.text, maximum):
            return []  # cannot occur more than ``maximum`` times
        matches = [m for m in Budget().finditer(pattern, view.text) if m.end() > m.start()]
        count = len(matches)
        if maximum and count > maximum:
            start, end = to_original_span(view, *matches[maximum].span())
            defaults = _too_many(token, maximum)
        elif minimum and count < minimum:
            start, end = 0, len(post.text)
            defaults = _too_few(token, count, minimum)
        else:
            return []
        return [
            make_finding(
                rule,
                post.text,
                start,
                end,
                render(rule.message, str(count), defaults),
                render(rule.suggestion, str(count)),
            )
        ]

    return check


def _too_many(token: str, maximum: int) -> dict:
    key = counted.counted_of(token)
    if key is not None:
        name = counted.NAMES[key]
        return {"en": f"{name['en']}: %s in this post; keep it to {maximum} at most.",
                "fr": f"{name['fr']}\u00a0: %s dans cette publication\u00a0; {maximum} au plus."}
    what = counted.shown(token)
    return {"en": f"“{what}” occurs %s times; keep it to {maximum} at most.",
            "fr": f"«\u00a0{what}\u00a0» apparaît %s fois\u00a0; pas plus de {maximum}."}


def _too_few(token: str, count: int, minimum: int) -> dict:
    key = counted.counted_of(token)
    if key is not None:
        name = counted.NAMES[key]
        return {"en": f"{name['en']}: %s in this post; at least {minimum} are needed.",
                "fr": f"{name['fr']}\u00a0: %s dans cette publication\u00a0; il en faut au "
                      f"moins {minimum}."}
    what = counted.shown(token)
    times = "time" if minimum == 1 else "times"
    if count == 0:
        return {"en": f"“{what}” does not occur; it should occur at least {minimum} {times}.",
                "fr": f"«\u00a0{what}\u00a0» n’apparaît pas\u00a0; il en faut au moins "
                      f"{minimum}."}
    if count == 1:
        return {"en": f"“{what}” occurs once; it should occur at least {minimum} times.",
                "fr": f"«\u00a0{what}\u00a0» apparaît une fois\u00a0; il en faut au moins "
                      f"{minimum}."}
    return {"en": f"“{what}” occurs %s times; it should occur at least {minimum}.",
            "fr": f"«\u00a0{what}\u00a0» apparaît %s fois\u00a0; il en faut au moins {minimum}."}
