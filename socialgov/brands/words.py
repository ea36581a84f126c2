"""Small pieces of text said the reader's way, wherever a brand's voice is shown: a word
quoted («  » in French, “ ” in English) and a day of the sensitive-dates calendar named
without ambiguity ("November 11" / "11 novembre", "April 14, 2026" / "14 avril 2026")."""

from __future__ import annotations

import datetime

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from socialgov.lib.typography import NO_BREAK


def language() -> str:
    return (get_language() or "en")[:2]


def quoted(text) -> str:
    """``text`` between the reader's quotation marks."""
    if language() == "fr":
        return f"«{NO_BREAK}{text}{NO_BREAK}»"
    return f"“{text}”"


def quoted_list(items, limit: int | None = None) -> str:
    """``items``, each quoted, separated by commas; past ``limit``, an ellipsis."""
    items = list(items)
    shown = ", ".join(quoted(item) for item in items[:limit])
    return shown + ("…" if limit is not None and len(items) > limit else "")


def day_in_words(month: int, day: int, year: int | None = None) -> str:
    """The day as the reader writes it: "November 11" (every year) or "April 14, 2026";
    in French "11 novembre", "1er mai", "14 avril 2026"."""
    try:
        named = date_format(datetime.date(2000, month, day), "MONTH_DAY_FORMAT")
    except (TypeError, ValueError):
        return f"{year or '????'}-{month:02d}-{day:02d}"
    if language() == "fr" and day == 1:
        named = "1er" + named[1:]  # OQLF: le premier jour du mois, « 1er »
    if year:
        # Translators: a day of the year then the year: "April 14, 2026", "14 avril 2026".
        return _("%(day)s, %(year)s") % {"day": named, "year": year}
    return named


def day_and_recurrence(month: int, day: int, year: int | None = None) -> str:
    """``day_in_words``, said to recur when it has no year: "November 11, every year"."""
    if year:
        return day_in_words(month, day, year)
    return _("%(day)s, every year") % {"day": day_in_words(month, day)}
