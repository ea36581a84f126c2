"""User-written regular expressions, run with a time budget.

Patterns compile with the ``regex`` module (lookarounds, possessive quantifiers, Unicode
word boundaries where an accented letter is a letter) and every search gets a timeout:
a catastrophic pattern such as ``(a|aa)+$`` raises ``RuleTimeout`` after
``RULE_TIMEOUT`` seconds instead of stalling the check. The engine turns that into a
visible ``rule_error`` finding (see ``rule_error``).
"""

from __future__ import annotations

import time

import regex

from socialgov.checks.base import Finding, RuleError, RuleSpec

RULE_TIMEOUT = 0.05  # seconds of regular-expression work per rule per post


class RuleTimeout(TimeoutError):
    """A rule's patterns used up their time budget on one post."""


def compile_pattern(rule: RuleSpec, pattern: str, *, ignorecase: bool = False) -> regex.Pattern:
    """Compile a user-written pattern (``regex`` V0 syntax, like ``re``); ``RuleError`` if
    it is invalid."""
    flags = regex.IGNORECASE if ignorecase else 0
    try:
        return regex.compile(pattern, flags)
    except (regex.error, ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise RuleError(rule.id, f"invalid regular expression {pattern!r}: {exc}") from exc


class Budget:
    """The time one rule may spend in regular expressions on one post."""

    def __init__(self, seconds: float | None = None):
        self.deadline = time.monotonic() + (RULE_TIMEOUT if seconds is None else seconds)

    def remaining(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise RuleTimeout("time budget used up")
        return left

    def finditer(self, pattern: regex.Pattern, text: str, pos: int = 0, endpos: int | None = None):
        """All matches of ``pattern`` in ``text`` (a list), within the budget."""
        end = len(text) if endpos is None else endpos
        try:
            return list(pattern.finditer(text, pos, end, timeout=self.remaining()))
        except TimeoutError as exc:
            raise RuleTimeout(str(exc)) from exc

    def search(self, pattern: regex.Pattern, text: str):
        try:
            return pattern.search(text, timeout=self.remaining())
        except TimeoutError as exc:
            raise RuleTimeout(str(exc)) from exc

    def fullmatch(self, pattern: regex.Pattern, text: str):
        try:
            return pattern.fullmatch(text, timeout=self.remaining())
        except TimeoutError as exc:
            raise RuleTimeout(str(exc)) from exc


def rule_name(rule: RuleSpec) -> str:
    return rule.guideline or rule.id


def rule_error(rule: RuleSpec, timed_out: bool) -> Finding:
    """The finding that stands for a rule that could not finish on this post."""
    name = rule_name(rule)
    if timed_out:
        message = {
            "en": f"Rule “{name}” took too long on this post and was skipped: "
            "its pattern is probably too complex.",
            "fr": f"La règle « {name} » a pris trop de temps sur cette publication et a été "
            "ignorée : son motif est sans doute trop complexe.",
        }
    else:
        message = {
            "en": f"Rule “{name}” failed on this post and was skipped.",
            "fr": f"La règle « {name} » a échoué sur cette publication et a été ignorée.",
        }
    suggestion = {
        "en": "Ask an administrator to simplify or fix this rule.",
        "fr": "Demandez à un administrateur de simplifier ou de corriger cette règle.",
    }
    return Finding(
        rule_id=rule.id,
        kind="rule_error",
        severity="warning",
        start=0,
        end=0,
        matched="",
        message=message,
        suggestion=suggestion,
        guideline=rule.guideline,
    )


# --- Vale conventions ------------------------------------------------------------------

WORD_TEMPLATE = r"(?m)\b(?:%s)\b"  # Vale's default word template
_PLAIN_TOKEN = regex.compile(r"[^\W_][\w' \-]*")


def is_plain(token: str) -> bool:
    """A token that is just words (no regular-expression syntax)."""
    return bool(_PLAIN_TOKEN.fullmatch(token)) and not token.endswith(" ")


def vale_regex(
    tokens: list[str],
    raw: list[str] = (),
    *,
    ignorecase: bool = False,
    nonword: bool = False,
    append: bool = False,
) -> str:
    """The regular expression Vale builds for ``tokens`` and ``raw`` (Vale's makeRegexp):
    tokens are alternatives inside the word template unless ``nonword``; ``raw`` pieces
    are concatenated before them (after them with ``append``)."""
    template = WORD_TEMPLATE if (not nonword and tokens) else "(?:%s)"
    body = template.replace("%s", "|".join(tokens))
    raw_text = "".join(raw)
    pattern = body + raw_text if append else raw_text + body
    return ("(?i)" + pattern) if ignorecase else pattern


def fill_positional(template: str, *values: str) -> str:
    """Fill ``%s`` in order with ``values`` (Vale's messages: "Use '%s' instead of '%s'");
    extra ``%s`` get the last value."""
    if not values:
        return template
    parts = template.split("%s")
    out = [parts[0]]
    for i, part in enumerate(parts[1:]):
        out.append(values[min(i, len(values) - 1)])
        out.append(part)
    return "".join(out)


def render_positional(templates: dict, defaults: dict, *values: str) -> dict:
    """Like ``base.render`` with positional ``%s`` values."""
    custom = {k: v for k, v in (templates or {}).items() if isinstance(v, str) and v.strip()}
    langs = list(dict.fromkeys(["en", "fr", *custom]))
    out = {}
    for lang in langs:
        template = custom.get(lang) or defaults.get(lang) or next(iter(custom.values()), "")
        out[lang] = fill_positional(template, *values)
    return out


class Exceptions:
    """Vale ``exceptions``: a match that is (fully) one of these regexes is not reported."""

    def __init__(self, rule: RuleSpec, items: list[str], ignorecase: bool):
        self.pattern = (
            compile_pattern(rule, "(?:" + "|".join(items) + ")", ignorecase=ignorecase)
            if items
            else None
        )

    def excludes(self, text: str, budget: Budget) -> bool:
        return self.pattern is not None and budget.fullmatch(self.pattern, text.strip()) is not None
