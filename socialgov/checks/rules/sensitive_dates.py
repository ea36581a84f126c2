"""``calendar``: a promotional post planned on a day of remembrance or mourning.

params (all optional):

* ``dates``: ``[{"date": "MM-DD" or "YYYY-MM-DD", "name_en": ..., "name_fr": ...}]``;
  default: ``socialgov/checks/data/sensitive_dates.yaml`` (Québec, Canada and
  international remembrance days).
* ``promo_terms``: wording that makes a post promotional whatever its objective
  (default: English and French sales wording: sale, promo, rabais, achetez...).

A post is promotional when its objective is ``sell`` or it contains a promo term. The
planned time is read on the brand's clock (``PostInput.time_zone``; a naive datetime is
taken as already on that clock). Posts without ``planned_at`` are not checked. The
finding is about the whole post (``start == end == 0``). Message and suggestion ``%s``:
the name of the day in the message's language.

The promo terms are matched only for posts planned on one of the dates (a few percent of
posts), so their matcher stays out of the checker's shared term scan (``terms``): common
words such as "coffee" or "party" would otherwise cost every post a candidate.
"""

from __future__ import annotations

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


@functools.lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(_FALLBACK_ZONE)


def day_keys(day: date) -> tuple[str, str]:
    """The keys a day of the calendar answers to in ``dates``: ``"YYYY-MM-DD"`` (a
    one-off day) and ``"MM-DD"`` (every year)."""
    return f"{day:%Y-%m-%d}", f"{day:%m-%d}"


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

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        when = post.planned_at
        if when is None or not dates:
            return []
        names = names_on(dates, _local_day(when, when.fold, post.time_zone or _FALLBACK_ZONE))
        if names is None:
            return []
        if post.objective != "sell" and not _promo_matcher(promo_words).spans(normalized):
            return []
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
