"""``cooccurrence``: a sensitive-event term next to a commercial call to action.

The classic newsjacking gaffe: "Hurricane season? Shop now, free shipping!".

params (all optional): ``first``: event terms, ``second``: call-to-action terms (both
default to the English and French lists below), ``window``: maximum distance in words
between the two (default: anywhere in the post), ``exceptions``: phrases to ignore
(e.g. "brainstorm"-like names the brand uses). Terms match like ``banned_terms``
(case- and accent-insensitive, whole words); like there, an event term inside a marketing
idiom ("[shooting] our new campaign", "[explosion] de saveurs") is not an event
(``idioms`` / ``unless`` / ``default_idioms``, see ``socialgov.checks.params.idioms``).
``not_with`` (optional): terms that, anywhere in the post, make the rule stand down (a
relief fundraiser: "all proceeds", "au profit des").

One finding per event term that has a call to action in range; it spans the event term.
Message and suggestion ``%s``: the event term as written; ``{cta}``: the nearest call to
action as written.
"""

from __future__ import annotations

import bisect
import re

from socialgov.checks import params
from socialgov.checks.base import Finding, PostInput, RuleSpec, make_finding, render
from socialgov.checks.normalize import Normalized
from socialgov.checks.registry import register
from socialgov.checks.terms import TermMatcher, requires

EVENT_TERMS = (
    # English
    "storm", "hurricane", "tornado", "flood", "flooding", "wildfire", "wildfires",
    "earthquake", "tsunami", "shooting", "mass shooting", "attack", "terror attack",
    "bombing", "tragedy", "disaster", "victims", "death toll", "killed", "war",
    "pandemic", "outbreak", "crash", "explosion", "evacuation", "state of emergency",
    "mourning", "memorial", "condolences",
    # Français
    "tempête", "ouragan", "tornade", "inondation", "inondations", "feu de forêt",
    "feux de forêt", "incendie", "séisme", "tremblement de terre", "fusillade",
    "attentat", "attaque", "tragédie", "drame", "catastrophe", "victimes",
    "guerre", "pandémie", "écrasement", "explosion", "évacuation", "état d'urgence",
    "deuil", "commémoration", "condoléances", "verglas", "déluge",
)  # fmt: skip
CTA_TERMS = (
    # English
    "sale", "on sale", "shop now", "buy now", "order now", "free shipping", "promo",
    "promo code", "discount", "deals", "% off", "limited time", "clearance", "save big",
    "save up to", "coupon", "flash sale", "stock up", "doorbuster", "shop", "for just",
    "for only", "worth of", "deal", "get yours",
    # Français
    "rabais", "achetez", "achetez maintenant", "magasinez", "commandez", "promo",
    "code promo", "solde", "soldes", "en solde", "livraison gratuite", "aubaine",
    "aubaines", "liquidation", "offre spéciale", "économisez", "profitez",
    "escompte", "coupon", "pour seulement", "à seulement",
)  # fmt: skip

DEFAULT_MESSAGE = {
    "en": "“%s” next to a sales pitch (“{cta}”): promoting around a tragedy reads as newsjacking.",
    "fr": "« %s » à côté d’un appel commercial (« {cta} ») : vendre autour d’un drame passe "
    "pour de l’opportunisme.",
}
DEFAULT_SUGGESTION = {
    "en": "Separate the two messages, or hold the promotion while the event is in the news.",
    "fr": "Séparez les deux messages, ou retenez la promotion tant que l’événement fait "
    "l’actualité.",
}
_WORD = re.compile(r"\w+")


@register("cooccurrence")
def compile_cooccurrence(rule: RuleSpec):
    first = TermMatcher(params.str_list(rule, "first", required=False) or EVENT_TERMS)
    second = TermMatcher(params.str_list(rule, "second", required=False) or CTA_TERMS)
    exceptions_list = params.str_list(rule, "exceptions", required=False)
    exceptions = TermMatcher(exceptions_list) if exceptions_list else None
    idioms = params.idioms(rule)
    not_with_list = params.str_list(rule, "not_with", required=False)
    not_with = TermMatcher(not_with_list) if not_with_list else None
    window = rule.params.get("window")
    if window is not None:
        window = params.non_negative_int(rule, "window")

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        events = first.find(normalized, exceptions, idioms=idioms)
        if not events:
            return []
        ctas = second.find(normalized, exceptions)
        # An event term that is also a CTA term ("promo" in both lists) is not a pair.
        ctas = [c for c in ctas if not any(e.start < c.end and c.start < e.end for e in events)]
        if not ctas or (not_with is not None and not_with.find(normalized)):
            return []
        ctas.sort(key=lambda c: c.start)
        cta_starts = [c.start for c in ctas]
        if window is not None:
            words = [m.start() for m in _WORD.finditer(post.text)]
            # Word index of the first and last character of each CTA.
            cta_words = [
                (bisect.bisect_right(words, c.start), bisect.bisect_right(words, c.end - 1))
                for c in ctas
            ]

        findings = []
        for event in events:
            # The nearest CTA is the last one before the event or the first one after it.
            i = bisect.bisect_left(cta_starts, event.start)
            near = [j for j in (i - 1, i) if 0 <= j < len(ctas)]
            if window is None:
                cta = min((ctas[j] for j in near), key=lambda c: abs(c.start - event.start))
            else:
                ei = bisect.bisect_right(words, event.start)
                ej = bisect.bisect_right(words, event.end - 1)
                distances = [(max(cta_words[j][0] - ej, ei - cta_words[j][1], 0), j) for j in near]
                distance, j = min(distances)
                if distance > window:
                    continue
                cta = ctas[j]
            matched = post.text[event.start : event.end]
            cta_text = post.text[cta.start : cta.end]
            message = render(rule.message, matched, DEFAULT_MESSAGE)
            suggestion = render(rule.suggestion, matched, DEFAULT_SUGGESTION)
            findings.append(
                make_finding(
                    rule,
                    post.text,
                    event.start,
                    event.end,
                    {k: v.replace("{cta}", cta_text) for k, v in message.items()},
                    {k: v.replace("{cta}", cta_text) for k, v in suggestion.items()},
                )
            )
        return findings

    return requires(check, first, second)
