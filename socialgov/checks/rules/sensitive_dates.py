"""``calendar``: a post planned on a day of remembrance or mourning, weighed by its content.

params (all optional):

* ``dates``: ``[{"date": "MM-DD" or "YYYY-MM-DD", "name_en": ..., "name_fr": ...}]``;
  default: ``socialgov/checks/data/sensitive_dates.yaml`` (Québec, Canada and
  international remembrance days).
* ``promo_terms``: wording that makes a post promotional whatever its objective
  (default: English and French sales wording: sale, promo, rabais, achetez...).
* ``by_content`` (default true): weigh every post planned on the day, whatever its
  objective, by what it says (below). False: only promotional posts are reported, at
  the rule's severity (a rule whose promo terms are not about remembrance, such as food
  on a fast day).

Every post planned on one of the dates gets one finding, its level set by the content:

* humour (a joke, "lol", "mdr", "to die for", a laughing emoji): an ``error``, on the
  first of them, with its own message (a joke on a day of mourning is the gaffe people
  remember);
* promotion (objective ``sell`` or a promo term) or a festive emoji (any emoji but the
  sober ones: flags, candles, flowers, doves, hearts, folded hands): the rule's
  severity and message, about the whole post (``start == end == 0``);
* anything else (a respectful post): ``info``, a reminder of the day.

The planned time is read on the brand's clock (``PostInput.time_zone``; a naive datetime
is taken as already on that clock). Posts without ``planned_at`` are not checked.
Message and suggestion ``%s``: the name of the day in the message's language.

The promo terms are matched only for posts planned on one of the dates (a few percent of
posts), so their matcher stays out of the checker's shared term scan (``terms``): common
words such as "coffee" or "party" would otherwise cost every post a candidate.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from socialgov.checks import params, yamlfile
from socialgov.checks.base import Finding, PostInput, RuleError, RuleSpec, make_finding
from socialgov.checks.messages import render_each
from socialgov.checks.normalize import Normalized
from socialgov.checks.registry import register
from socialgov.checks.rules.emoji_count import emoji_spans
from socialgov.checks.terms import TermMatcher

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "sensitive_dates.yaml"

PROMO_TERMS = (
    "sale", "on sale", "shop now", "buy now", "order now", "free shipping", "promo",
    "promo code", "discount", "deals", "% off", "limited time", "clearance", "coupon",
    "flash sale", "black friday", "cyber monday",
    "rabais", "achetez", "magasinez", "commandez", "code promo", "solde", "soldes",
    "en solde", "livraison gratuite", "aubaine", "aubaines", "liquidation",
    "offre spéciale", "économisez", "vente éclair", "escompte",
)  # fmt: skip

DEFAULT_MESSAGE = {
    "en": "Promotional post planned on a day of remembrance: %s.",
    "fr": "Publication promotionnelle prévue un jour de commémoration : %s.",
}
DEFAULT_SUGGESTION = {
    "en": "Move the promotion to another day, or replace it with a respectful message (%s).",
    "fr": "Déplacez la promotion à un autre jour, ou remplacez-la par un message de "
    "circonstance (%s).",
}
HUMOUR_TERMS = (
    "lol", "lmao", "rofl", "haha", "hahaha", "hehe", "jk", "just kidding", "joke", "jokes",
    "joking", "pun intended", "to die for", "dying to", "dead funny", "funny", "hilarious",
    "lolz", "lool", "kidding",
    "mdr", "ptdr", "mort de rire", "morte de rire", "blague", "blagues", "je blague",
    "rigoler", "rigolo", "rigolote", "drôle", "hihi", "crampant", "crampé", "on capote",
    "c'est pour rire", "à mourir de rire", "à s'en mourir",
)  # fmt: skip
# Laughing, winking and clowning faces (and the skull read as "dying of laughter").
LAUGHING_EMOJI = frozenset("😂🤣😆😹😜😝🤪😛😅😁😄😃🙃😉🤡💀😹")
# Emoji that suit a day of remembrance: they neither celebrate nor sell.
SOBER_EMOJI = frozenset("🕯🙏🕊🌺🥀🌹💐🌷🖤🤍💙❤💔🎗⚜🍁🌸🏳🪖🫡")
HUMOUR_MESSAGE = {
    "en": "A joke or laughter planned on a day of remembrance: %s.",
    "fr": "Humour ou rire prévus un jour de commémoration : %s.",
}
HUMOUR_SUGGESTION = {
    "en": "Remove the joke and the laughing emoji, or move the post to another day (%s).",
    "fr": "Retirez la blague et les émojis rieurs, ou déplacez la publication à un autre "
    "jour (%s).",
}
RESPECTFUL_MESSAGE = {
    "en": "Planned on a day of remembrance: %s. Check that the post reads as respectful.",
    "fr": "Publication prévue un jour de commémoration : %s. Vérifiez qu’elle reste "
    "respectueuse.",
}
RESPECTFUL_SUGGESTION = {
    "en": "Keep a sober tone on this day (%s): no promotion, joke or festive emoji.",
    "fr": "Gardez un ton sobre ce jour-là (%s) : ni promotion, ni blague, ni émoji festif.",
}
_DATE = re.compile(r"(?:(\d{4})-)?(\d{2})-(\d{2})")
_FALLBACK_ZONE = "America/Toronto"


@functools.lru_cache(maxsize=1)
def default_dates() -> tuple[dict, ...]:
    with DATA_FILE.open(encoding="utf-8") as f:
        return tuple(yamlfile.safe_load(f)["dates"])


@functools.lru_cache(maxsize=64)
def _promo_matcher(words: tuple[str, ...]) -> TermMatcher:
    """Built on first use, at check time: outside ``terms.collecting``, so it scans the
    text itself instead of joining the shared scan."""
    return TermMatcher(words)


@functools.lru_cache(maxsize=1)
def _humour_matcher() -> TermMatcher:
    """Built on first use, like ``_promo_matcher``."""
    return TermMatcher(HUMOUR_TERMS)


def _emoji_kinds(text: str) -> tuple[tuple[int, int] | None, bool]:
    """``(first laughing emoji's span or None, any festive emoji?)``."""
    laughing, festive = None, False
    for start, end in emoji_spans(text):
        base = text[start]
        if base in LAUGHING_EMOJI:
            laughing = laughing or (start, end)
        elif base not in SOBER_EMOJI and not 0x1F1E6 <= ord(base) <= 0x1F1FF:
            festive = True
    return laughing, festive


def _humour_span(text: str, normalized: Normalized) -> tuple[int, int] | None:
    spans = [(m.start, m.end) for m in _humour_matcher().find(normalized)]
    laughing, _ = _emoji_kinds(text)
    if laughing is not None:
        spans.append(laughing)
    return min(spans) if spans else None


@functools.lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(_FALLBACK_ZONE)


def day_keys(day: date) -> tuple[str, str]:
    """The keys a day of the calendar answers to in ``dates``: ``"YYYY-MM-DD"`` (a
    one-off day) and ``"MM-DD"`` (every year)."""
    # Formatted by hand: strftime is the slowest step of a check's calendar rules.
    month_day = f"{day.month:02d}-{day.day:02d}"
    return f"{day.year:04d}-{month_day}", month_day


def names_on(dates: dict[str, dict[str, str]], keys: tuple[str, str]) -> dict[str, str] | None:
    """The names (``{"en": ..., "fr": ...}``) of the sensitive day with these
    ``day_keys``, a one-off day before a yearly one; None on an ordinary day.
    The planning calendar marks its days with this same answer."""
    day, month_day = keys
    return dates.get(day) or dates.get(month_day)


@functools.lru_cache(maxsize=64)
def _local_day(when: datetime, fold: int, zone_name: str) -> tuple[str, str]:
    """``day_keys`` of ``when`` on the brand's clock (cached: every calendar rule
    of a check asks for the same post's). ``fold`` is part of the key: times that
    differ only by it compare equal, yet are an hour apart."""
    local = when.astimezone(_zone(zone_name)) if when.tzinfo is not None else when
    return day_keys(local)


def _parse_dates(rule: RuleSpec, raw) -> dict[str, dict[str, str]]:
    """``{"MM-DD" or "YYYY-MM-DD": {"en": name, "fr": name}}``."""
    if isinstance(raw, str) or not isinstance(raw, list | tuple):
        raise RuleError(rule.id, "param 'dates' must be a list of {date, name_en, name_fr}")
    out: dict[str, dict[str, str]] = {}
    for item in raw:
        if not isinstance(item, dict):
            raise RuleError(rule.id, "param 'dates' must be a list of {date, name_en, name_fr}")
        when = str(item.get("date", "")).strip()
        m = _DATE.fullmatch(when)
        if m is None:
            raise RuleError(rule.id, f"param 'dates': {when!r} is not MM-DD or YYYY-MM-DD")
        year, month, day = int(m.group(1) or 2000), int(m.group(2)), int(m.group(3))
        try:
            datetime(year, month, day)
        except ValueError as exc:
            raise RuleError(rule.id, f"param 'dates': {when!r} is not a date") from exc
        name_en = str(item.get("name_en") or item.get("name") or item.get("name_fr") or when)
        name_fr = str(item.get("name_fr") or item.get("name") or name_en)
        out[when] = {"en": name_en, "fr": name_fr}
    return out


@register("calendar")
def compile_calendar(rule: RuleSpec):
    raw = rule.params.get("dates")
    dates = _parse_dates(rule, list(default_dates()) if raw is None else raw)
    promo_words = tuple(params.str_list(rule, "promo_terms", required=False) or PROMO_TERMS)
    by_content = rule.params.get("by_content", True)
    if not isinstance(by_content, bool):
        raise RuleError(rule.id, "param 'by_content' must be true or false")
    humour_rule = dataclasses.replace(rule, severity="error")
    respectful_rule = dataclasses.replace(rule, severity="info")

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        when = post.planned_at
        if when is None or not dates:
            return []
        names = names_on(dates, _local_day(when, when.fold, post.time_zone or _FALLBACK_ZONE))
        if names is None:
            return []
        text = post.text
        if by_content:
            joke = _humour_span(text, normalized)
            if joke is not None:
                return [
                    make_finding(
                        humour_rule,
                        text,
                        *joke,
                        render_each({}, names, HUMOUR_MESSAGE),
                        render_each({}, names, HUMOUR_SUGGESTION),
                    )
                ]
        promotional = post.objective == "sell" or bool(
            _promo_matcher(promo_words).spans(normalized)
        )
        if not promotional and by_content:
            promotional = _emoji_kinds(text)[1]
        if promotional:
            return [
                make_finding(
                    rule,
                    text,
                    0,
                    0,
                    render_each(rule.message, names, DEFAULT_MESSAGE),
                    render_each(rule.suggestion, names, DEFAULT_SUGGESTION),
                )
            ]
        if not by_content:
            return []
        return [
            make_finding(
                respectful_rule,
                text,
                0,
                0,
                render_each({}, names, RESPECTFUL_MESSAGE),
                render_each({}, names, RESPECTFUL_SUGGESTION),
            )
        ]

    return check
