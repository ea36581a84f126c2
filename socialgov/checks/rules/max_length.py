"""``max_length``: the post fits each targeted network.

params: ``{"limits": {"x": 280, ...}}`` (optional). Given limits override the defaults of
``socialgov.checks.networks.LIMITS``; ``null`` switches a network off. Only networks the
post targets are checked, each counted the way that network counts. The finding spans the
overflow: from the first character past the limit to the end of the text.
Message and suggestion ``%s``: the network's display name.

``{"hashtag_limits": {"instagram": 30}}`` (optional, same override rules): a post with
more hashtags than a targeted network accepts gets a separate finding spanning the
hashtags beyond the cap (first extra one to the end of the last one).

On X (when checked), a text holding one of twitter-text's invalid characters (U+FFFE,
U+FEFF, U+FFFF) is refused whatever its length: an ``error`` finding, whatever the rule's
severity, on the first of them (built-in message and suggestion).

The engine adds this kind as the built-in rule ``builtin:length`` (severity error) to
every rule set that has no ``max_length`` rule of its own.
"""

from __future__ import annotations

import dataclasses

from socialgov.checks import networks
from socialgov.checks.base import (
    NETWORKS,
    Finding,
    PostInput,
    RuleError,
    RuleSpec,
    make_finding,
    render,
)
from socialgov.checks.normalize import Normalized
from socialgov.checks.registry import register


def _limits(rule: RuleSpec, key: str = "limits", defaults=networks.LIMITS) -> dict[str, int]:
    given = rule.params.get(key) or {}
    if not isinstance(given, dict):
        raise RuleError(rule.id, f"param {key!r} must map networks to numbers",
                        "network_numbers", param=key)
    limits: dict[str, int | None] = dict(defaults)
    for network, limit in given.items():
        if network not in NETWORKS:
            raise RuleError(rule.id, f"unknown network {network!r} in param {key!r}",
                            "unknown_network", param=key, network=network)
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int)):
            raise RuleError(rule.id, f"limit for {network!r} must be an integer or null",
                            "limit_integer", network=network)
        if limit is not None and limit <= 0:
            raise RuleError(rule.id, f"limit for {network!r} must be positive", "limit_positive",
                            network=network)
        limits[network] = limit
    return {network: limit for network, limit in limits.items() if limit is not None}


def _invalid_x_text(rule: RuleSpec, text: str, invalid: tuple[int, ...]) -> Finding:
    """The error finding for an X text holding invalid characters (at ``invalid``)."""
    codes = ", ".join(sorted({f"U+{ord(text[i]):04X}" for i in invalid}))
    many = len(invalid) > 1
    message = {
        "en": f"X refuses this text: it contains {len(invalid) if many else 'a'} "
        f"character{'s' if many else ''} X does not accept ({codes}).",
        "fr": f"X refuse ce texte\u00a0: il contient {len(invalid) if many else 'un'} "
        f"caractère{'s' if many else ''} que X n’accepte pas ({codes}).",
    }
    suggestion = {
        "en": f"Remove the invisible character{'s' if many else ''} {codes}, often pasted "
        "along with copied text.",
        "fr": f"Supprimez le{'s' if many else ''} caractère{'s' if many else ''} "
        f"invisible{'s' if many else ''} {codes}, souvent collé{'s' if many else ''} avec un "
        "texte copié.",
    }
    start = invalid[0]
    return make_finding(rule, text, start, start + 1, message, suggestion)


@register("max_length")
def compile_max_length(rule: RuleSpec):
    limits = _limits(rule)
    hashtag_limits = _limits(rule, "hashtag_limits", networks.HASHTAG_LIMITS)
    refusal = dataclasses.replace(rule, severity="error")

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        findings = []
        targeted = {network.lower() for network in post.networks}
        if "x" in targeted and "x" in limits:
            invalid = networks.x_invalid(post.text)
            if invalid:
                findings.append(_invalid_x_text(refusal, post.text, invalid))
        for network in NETWORKS:
            if network not in targeted or network not in limits:
                continue
            limit = limits[network]
            if networks.surely_fits(network, post.text, limit):
                continue
            count, overflow = networks.measure(network, post.text, limit)
            if overflow is None:
                continue
            name = networks.display_name(network)
            excess = count - limit
            message_defaults = {
                "en": f"Too long for {name}: {count}/{limit} characters",
                "fr": f"Trop long pour {name} : {count}/{limit} caractères",
            }
            suggestion_defaults = {
                "en": f"Remove at least {excess} character{'s' if excess > 1 else ''}.",
                "fr": f"Retirez au moins {excess} caractère{'s' if excess > 1 else ''}.",
            }
            findings.append(
                make_finding(
                    rule,
                    post.text,
                    overflow,
                    len(post.text),
                    render(rule.message, name, message_defaults),
                    render(rule.suggestion, name, suggestion_defaults),
                )
            )
        tags = None
        for network in NETWORKS:
            if network not in targeted or network not in hashtag_limits:
                continue
            cap = hashtag_limits[network]
            if tags is None:
                tags = networks.hashtag_spans(post.text)
            if len(tags) <= cap:
                continue
            name = networks.display_name(network)
            message_defaults = {
                "en": f"Too many hashtags for {name}: {len(tags)}/{cap}",
                "fr": f"Trop de mots-clics pour {name} : {len(tags)}/{cap}",
            }
            suggestion_defaults = {
                "en": f"Keep at most {cap} hashtags.",
                "fr": f"Gardez au plus {cap} mots-clics.",
            }
            findings.append(
                make_finding(
                    rule,
                    post.text,
                    tags[cap][0],
                    tags[-1][1],
                    render({}, name, message_defaults),
                    render({}, name, suggestion_defaults),
                )
            )
        return findings

    return check
