"""``emoji``: no emoji, or at most N.

params: ``{"max": 0}`` or ``{"max": "none"}`` (no emoji), ``{"max": 3}`` (at most 3);
default 0. An emoji is counted as what a reader sees as one: a ZWJ sequence (👨‍👩‍👧),
a flag (🇨🇦), a keycap (1️⃣), a skin-tone variant (👍🏽) or a single pictograph (❤, ❤️, 🎉).
Text symbols such as ©, ® or ™ without the emoji variation selector are not emoji.
Each emoji beyond the maximum is one finding. Message and suggestion ``%s``: the emoji.
"""

from __future__ import annotations

import re

import regex

from socialgov.checks.base import Finding, PostInput, RuleError, RuleSpec, make_finding, render
from socialgov.checks.normalize import Normalized
from socialgov.checks.registry import register

# A base (emoji-presentation pictograph, any pictograph + VS16, a dingbat/misc symbol
# pictograph, a flag, a keycap) plus modifiers, tags and ZWJ-joined pictographs.
_PICTO = r"(?:\p{Emoji_Presentation}|\p{ExtPict}\ufe0f|[\u2600-\u27bf](?<=\p{ExtPict}))"
_EXTRA = r"(?:\ufe0f|\p{Emoji_Modifier}|[\U000e0020-\U000e007f])"
EMOJI = regex.compile(
    r"\p{RI}\p{RI}"
    r"|[#*0-9]\ufe0f?\u20e3"
    rf"|{_PICTO}{_EXTRA}*(?:\u200d(?:\p{{ExtPict}}|\p{{Emoji}}){_EXTRA}*)*"
)
# Where an emoji can start: a superset of the pictographs (plain ranges, so the scan is
# fast), regional indicators, and the keycap mark (the emoji starts 1 or 2 before it).
_CANDIDATE = re.compile(
    "[\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa\u231a-\u23ff\u24c2"
    "\u25aa-\u27bf\u2934\u2935\u2b05-\u2b55\u3030\u303d\u3297\u3299\u20e3"
    "\U0001f000-\U0001faff]"
)


def emoji_spans(text: str) -> list[tuple[int, int]]:
    """Emoji of ``text`` as ``(start, end)`` spans, one per emoji as a reader sees it."""
    if text.isascii():
        return []
    spans: list[tuple[int, int]] = []
    done = 0
    for c in _CANDIDATE.finditer(text):
        i = c.start()
        if i < done:
            continue
        if text[i] == "\u20e3":
            i -= 2 if i >= 2 and text[i - 1] == "\ufe0f" else 1
            if i < done or i < 0:
                continue
        m = EMOJI.match(text, i)
        if m is not None:
            spans.append(m.span())
            done = m.end()
    return spans


def _max(rule: RuleSpec) -> int:
    value = rule.params.get("max", 0)
    if value in ("none", "aucun"):
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RuleError(rule.id, "param 'max' must be \"none\" or a non-negative integer")
    return value


@register("emoji")
def compile_emoji(rule: RuleSpec):
    limit = _max(rule)
    if limit == 0:
        message_defaults = {"en": "No emoji in our posts: “%s”.", "fr": "Pas d’émoji : « %s »."}
        suggestion_defaults = {"en": "Remove “%s”.", "fr": "Retirez « %s »."}
    else:
        message_defaults = {
            "en": f"More than {limit} emoji: “%s” is one too many.",
            "fr": f"Plus de {limit} émojis : « %s » est de trop.",
        }
        suggestion_defaults = {
            "en": f"Keep at most {limit} emoji.",
            "fr": f"Gardez au plus {limit} émoji{'s' if limit > 1 else ''}.",
        }

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        spans = emoji_spans(post.text)
        findings = []
        for start, end in spans[limit:]:
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
