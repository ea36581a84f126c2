"""``pii``: personal information in a public post.

params: ``{"types": ["email", "phone", "credit_card", "sin"]}`` (optional, default all).

* ``email``: addresses such as ``marie.tremblay@exemple.ca``.
* ``phone``: North American numbers (``514-555-0123``, ``(514) 555-0123``,
  ``+1 (514) 555-0123``, ``514.555.0123``, ``1 800 555 0199``) and international numbers
  written with ``+`` and a country code (``+33 1 23 45 67 89``), 8 to 15 digits. Years,
  prices, dates and other short numbers do not match.
* ``credit_card``: 13 to 19 digits, optionally grouped with spaces or dashes, that pass
  the Luhn check.
* ``sin``: Canadian social insurance numbers, 9 digits (``046 454 286``, ``046-454-286``)
  that pass the Luhn check.

Message ``%s``: the matched text, masked for card and insurance numbers (last digits
only), so findings never store the whole number in their message. Suggestion ``%s``:
the same.
"""

from __future__ import annotations

import functools
import re

from socialgov.checks.base import Finding, PostInput, RuleError, RuleSpec, make_finding, render
from socialgov.checks.normalize import Normalized
from socialgov.checks.registry import register

TYPES = ("email", "phone", "credit_card", "sin")

_LABELS = {
    "email": ("e-mail address", "adresse courriel"),
    "phone": ("phone number", "numéro de téléphone"),
    "credit_card": ("credit card number", "numéro de carte de crédit"),
    "sin": ("social insurance number", "numéro d’assurance sociale"),
}

# An e-mail address is found from its "@": the local part is read backwards from it, the
# domain forwards (labels of letters/digits/hyphens, a final label of 2+ letters).
_EMAIL_LOCAL = re.compile(r"[\w+\-]+(?:\.[\w+\-]+)*\Z")
_EMAIL_LOCAL_END = re.compile(r"[\w+\-]")  # what _EMAIL_LOCAL ends with
_EMAIL_DOMAIN = re.compile(
    r"[^\W_](?:[\w\-]*[^\W_])?(?:\.[^\W_](?:[\w\-]*[^\W_])?)*\.[^\W\d_]{2,}(?![\w\-]|\.\w)"
)
_NA_PHONE = re.compile(
    r"(?<![\w+$€£.,/\-])"
    r"(?:\+?1[ .\-]?)?"
    r"(?:\([2-9]\d\d\)[ .\-]?|[2-9]\d\d[ .\-]?)"
    r"[2-9]\d\d[ .\-]?\d{4}"
    r"(?![\w$€£/]|[.,\-]\d)"
)
_INTL_PHONE = re.compile(r"(?<![\w+])\+[2-9]\d{0,2}(?:[ .\-]?\(?\d{1,4}\)?){2,6}(?![\w/]|[.,\-]\d)")
_CARD = re.compile(r"(?<![\w.,/\-])\d(?:[ \-]?\d){12,18}(?![\w/]|[.,\-]\d)")
_SIN = re.compile(r"(?<![\w.,/\-])\d{3}([ \-]?)\d{3}\1\d{3}(?![\w/]|[.,\-]\d)")


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = ord(char) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


def _mask(digits: str) -> str:
    return "•" * (len(digits) - 4) + digits[-4:]


# Cheap pre-scan (a plain character class first, so the scan runs in C): stretches of
# at least 8 digits and separators, or an "@". The precise patterns run only there.
_NUMBERISH = re.compile(r"[+(\d][\d \-.()]{6,}\d")


# The same stretches in a text whose digits are all ASCII (most texts): a class of plain
# characters is scanned several times faster than one that holds \d (a lookup of each
# character's category).
_ASCII_NUMBERISH = re.compile(r"[+(0-9][0-9 \-.()]{6,}[0-9]")
_NON_ASCII_DIGIT = re.compile(r"[^\x00-\x7f](?<=\d)")


@functools.lru_cache(maxsize=64)
def _numberish(text: str) -> tuple[tuple[int, int], ...]:
    """The ``_NUMBERISH`` stretches of ``text`` (cached: each kind of each pii rule of a
    check looks in the same ones)."""
    if text.isascii() or _NON_ASCII_DIGIT.search(text) is None:
        return tuple(m.span() for m in _ASCII_NUMBERISH.finditer(text))
    return tuple(m.span() for m in _NUMBERISH.finditer(text))


def _windows(text: str, pattern: re.Pattern):
    """Matches of ``pattern`` inside the ``_NUMBERISH`` stretches (with 2 characters of
    context after each, for the look-ahead); each match once."""
    last_end = -1
    for start, end in _numberish(text):
        for m in pattern.finditer(text, start, min(len(text), end + 2)):
            if m.start() >= last_end:
                last_end = m.end()
                yield m


def _emails(text: str):
    at = text.find("@")
    while at != -1:
        # A local part ends with the character before the "@": most "@" open a handle,
        # after a space, and need no search back from them.
        if not at or not _EMAIL_LOCAL_END.match(text, at - 1):
            at = text.find("@", at + 1)
            continue
        local = _EMAIL_LOCAL.search(text, max(0, at - 64), at)
        domain = _EMAIL_DOMAIN.match(text, at + 1) if local else None
        if local and domain and not (local.start() and text[local.start() - 1] == "@"):
            yield local.start(), domain.end()
            at = text.find("@", domain.end())
        else:
            at = text.find("@", at + 1)


def _find(kind: str, text: str) -> list[tuple[int, int, str]]:
    """``(start, end, shown)`` for every match of ``kind``."""
    out = []
    if kind == "email":
        out = [(a, b, text[a:b]) for a, b in _emails(text)]
    elif kind == "credit_card":
        for m in _windows(text, _CARD):
            digits = _digits(m.group())
            if 13 <= len(digits) <= 19 and luhn_ok(digits):
                out.append((m.start(), m.end(), _mask(digits)))
    elif kind == "sin":
        for m in _windows(text, _SIN):
            digits = _digits(m.group())
            if luhn_ok(digits):
                out.append((m.start(), m.end(), _mask(digits)))
    elif kind == "phone":
        out = [(m.start(), m.end(), m.group()) for m in _windows(text, _NA_PHONE)]
        if "+" in text:
            for m in _windows(text, _INTL_PHONE):
                if 8 <= len(_digits(m.group())) <= 15:
                    out.append((m.start(), m.end(), m.group()))
    return out


@register("pii")
def compile_pii(rule: RuleSpec):
    types = rule.params.get("types", list(TYPES))
    if (
        isinstance(types, str)
        or not isinstance(types, list | tuple)
        or not types
        or any(t not in TYPES for t in types)
    ):
        raise RuleError(rule.id, f"param 'types' must be a non-empty list of {', '.join(TYPES)}")
    # Most specific first: a card number is not also reported as a phone number.
    order = [t for t in ("email", "credit_card", "sin", "phone") if t in types]

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        text = post.text
        if "@" not in text and not _numberish(text):
            return []
        taken: list[tuple[int, int]] = []
        findings = []
        for kind in order:
            label_en, label_fr = _LABELS[kind]
            defaults = {
                "en": f"Personal information ({label_en}) in a public post: “%s”.",
                "fr": f"Renseignement personnel ({label_fr}) dans une publication publique : "
                "« %s ».",
            }
            suggestions = {
                "en": "Remove it, or continue the conversation in a private message.",
                "fr": "Retirez-le, ou poursuivez la conversation en message privé.",
            }
            for start, end, shown in _find(kind, text):
                if any(s < end and start < e for s, e in taken):
                    continue
                taken.append((start, end))
                findings.append(
                    make_finding(
                        rule,
                        text,
                        start,
                        end,
                        render(rule.message, shown, defaults),
                        render(rule.suggestion, shown, suggestions),
                    )
                )
        return findings

    return check
