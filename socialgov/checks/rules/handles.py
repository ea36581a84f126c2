"""``mentions`` and ``hashtags``: listed accounts and hashtags (competitors, hijacked or
sensitive hashtags).

params: ``{"handles": [...]}`` for ``mentions``, ``{"hashtags": [...]}`` for ``hashtags``.
An item is a string (``"@concurrent"``, ``"concurrent"``, ``"#MeToo"``) or a mapping
``{"value": "#MeToo", "message": {"en": ..., "fr": ...}, "suggestion": {...}}`` whose
own texts win over the rule's for that item.

Matching is case- and accent-insensitive and exact on the whole token: ``#Quebec``
matches ``#québec`` but not ``#quebecois``; ``@acme`` matches ``@ACME`` but not
``@acme_store``. A handle without a domain also matches the same account on another
server (``@acme@mastodon.social``); a handle with one (``@acme@mastodon.social``,
``@acme.bsky.social``) matches only that. Message and suggestion ``%s``: the token as
written in the post.
"""

from __future__ import annotations

import re

from socialgov.checks.base import Finding, PostInput, RuleError, RuleSpec, make_finding, render
from socialgov.checks.normalize import Normalized, normalize, to_original_span
from socialgov.checks.registry import register

# On normalised text (lower case, no accents).
_MENTION = re.compile(r"(?<![\w@＠])[@＠]([\w.\-]*\w)(?:@(\w[\w\-]*(?:\.[\w\-]+)+))?")
_HASHTAG = re.compile(r"(?<![\w&#＃])[#＃](\w+)")

DEFAULTS = {
    "mentions": (
        {"en": "Mention of a listed account: %s.", "fr": "Mention d’un compte de la liste : %s."},
        {
            "en": "Check that mentioning %s is intended.",
            "fr": "Vérifiez que la mention de %s est voulue.",
        },
    ),
    "hashtags": (
        {"en": "Sensitive or hijacked hashtag: %s.", "fr": "Mot-clic sensible ou détourné : %s."},
        {
            "en": "Check what %s is being used for right now before posting.",
            "fr": "Vérifiez à quoi sert %s en ce moment avant de publier.",
        },
    ),
}


def _key(value: str, sign: str) -> str:
    value = normalize(value.strip()).text.replace("＠", "@").replace("＃", "#")
    return value.removeprefix(sign)


def _items(rule: RuleSpec, key: str, sign: str) -> dict[str, tuple[dict, dict]]:
    raw = rule.params.get(key)
    if isinstance(raw, str) or not isinstance(raw, list | tuple) or not raw:
        raise RuleError(rule.id, f"param {key!r} must be a non-empty list")
    items: dict[str, tuple[dict, dict]] = {}
    for item in raw:
        message: dict = {}
        suggestion: dict = {}
        if isinstance(item, dict):
            value = item.get("value") or item.get("handle") or item.get("hashtag")
            message = item.get("message") or {}
            suggestion = item.get("suggestion") or {}
            if not isinstance(message, dict) or not isinstance(suggestion, dict):
                raise RuleError(rule.id, f"param {key!r}: message/suggestion must be mappings")
        else:
            value = item
        if not isinstance(value, str) or not _key(value, sign).strip(sign + " "):
            raise RuleError(rule.id, f"param {key!r}: {item!r} is not a {key[:-1]}")
        items[_key(value, sign)] = ({**rule.message, **message}, {**rule.suggestion, **suggestion})
    return items


def _compile(rule: RuleSpec, kind: str, key: str, sign: str):
    items = _items(rule, key, sign)
    message_defaults, suggestion_defaults = DEFAULTS[kind]
    regex = _MENTION if kind == "mentions" else _HASHTAG
    signs = (sign, "＠" if sign == "@" else "＃")

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        text = normalized.text
        if not any(s in text for s in signs):
            return []
        findings = []
        for m in regex.finditer(text):
            local = m.group(1).rstrip(".")
            if kind == "mentions" and m.group(2):
                found = items.get(f"{local}@{m.group(2)}") or items.get(local)
            else:
                found = items.get(local)
            if found is None:
                continue
            end = m.start(1) + len(local) if not (kind == "mentions" and m.group(2)) else m.end()
            start, end = to_original_span(normalized, m.start(), end)
            matched = post.text[start:end]
            message, suggestion = found
            findings.append(
                make_finding(
                    rule,
                    post.text,
                    start,
                    end,
                    render(message, matched, message_defaults),
                    render(suggestion, matched, suggestion_defaults),
                )
            )
        return findings

    return check


@register("mentions")
def compile_mentions(rule: RuleSpec):
    return _compile(rule, "mentions", "handles", "@")


@register("hashtags")
def compile_hashtags(rule: RuleSpec):
    return _compile(rule, "hashtags", "hashtags", "#")
