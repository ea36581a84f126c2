"""A brand's content strategy as plain values: the largest share of each objective
among its planned and published posts over any ``mix_window_days`` days
(``Brand.mix_targets``, objective → percent), and the most posts a day on each network
(``Brand.rhythm_per_day``, network → posts). An objective or network left out has no
target.

Read here, whatever the stored JSON holds: a value that is not a whole number in range,
or a key that is no objective or network, is no target (the page only saves good ones,
but the admin and old rows could hold anything). Counting the posts against the
targets is the posts' side (socialgov/posts/content_mix.py): brands import nothing
from posts, so the posts app gives its objectives' names here when it starts
(``know_objectives``, from ``PostsConfig.ready``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from socialgov.checks.networks import DISPLAY_NAMES

PERCENT_MAX = 100
RHYTHM_MAX = 100  # posts a day on one network: far more than any brand plans

# Objective value → its name (lazy, in the reader's language), in the posts' order.
_OBJECTIVES: dict[str, object] = {}


def know_objectives(choices) -> None:
    """Remember the objectives (``Objective.choices``) the targets are set for."""
    _OBJECTIVES.clear()
    _OBJECTIVES.update(choices)


def objectives() -> list[tuple[str, object]]:
    """``(value, name)`` of each objective, in the posts' order."""
    return list(_OBJECTIVES.items())


def networks() -> list[tuple[str, str]]:
    """``(value, name)`` of each network."""
    return list(DISPLAY_NAMES.items())


def _whole(value, least: int, most: int) -> int | None:
    # JSON numbers: a bool is no number, a float only when whole (20.0 is 20).
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and least <= value <= most:
        return value
    return None


def mix_targets(raw) -> dict[str, int]:
    """Objective → largest share in percent (0 to 100), of the known objectives."""
    if not isinstance(raw, dict):
        return {}
    found = {key: _whole(raw.get(key), 0, PERCENT_MAX) for key in _OBJECTIVES}
    return {key: value for key, value in found.items() if value is not None}


def rhythm(raw) -> dict[str, int]:
    """Network → most posts a day (1 or more), of the known networks."""
    if not isinstance(raw, dict):
        return {}
    found = {key: _whole(raw.get(key), 1, RHYTHM_MAX) for key in DISPLAY_NAMES}
    return {key: value for key, value in found.items() if value is not None}


def mix_in_words(raw) -> str:
    """"Sell: at most 20 %, Recruit: at most 10 %", or "—" (no target)."""
    targets = mix_targets(raw)
    names = dict(_OBJECTIVES)
    return ", ".join(
        _("%(objective)s: at most %(percent)s %%") % {
            "objective": names[key], "percent": value}
        for key, value in targets.items()) or "—"


def rhythm_in_words(raw) -> str:
    """"X: at most 2 a day", or "—" (no rhythm)."""
    return ", ".join(
        _("%(network)s: at most %(count)s a day") % {
            "network": DISPLAY_NAMES[key], "count": value}
        for key, value in rhythm(raw).items()) or "—"
