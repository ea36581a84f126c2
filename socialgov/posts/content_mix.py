"""The brand's content strategy against its posts (the targets: socialgov/brands/strategy.py).

Counted: the brand's posts in review, approved or published (``COUNTED``), not
archived, each once, at its current version's planned time, or, published without a
planned time, at its first publication. Not counted: drafts, posts being checked, sent
back, with changes requested, rejected, paused (they go out only if someone resumes
them), expired or archived, nor any post without a time. Days are the brand's
(``Brand.tz``).

The check (``findings``) adds the post being checked, at its planned time, to the
others (itself left out of them, whatever its state), and warns:

- mix: when its objective has a target and, in some window of ``mix_window_days``
  days in a row holding its day, the posts of that objective would be more than the
  target's share of all the posts; the worst window is said, with its figures. The
  window ending on the post's day is always weighed; a later one only when the brand
  already planned posts up to its last day or beyond: days nobody has planned yet
  are not a plan in which the post is alone (else the latest post of an objective
  with a target would nearly always be "1 of 1");
- rhythm: for each of its networks with a most-posts-a-day, when it would be one post
  too many on that network that day.

A post without a planned time gets neither. The findings are warnings the worker adds
itself, like resemblance's (socialgov/posts/resemblance.py), with rule ids
``builtin:mix:<objective>`` and ``builtin:rhythm:<network>``; the editor's live check
shows them too. Each reads the others in one query (``counted``), bounded by the
window: the posts of at most 2 × ``mix_window_days`` − 1 days, and, for the mix, whether
the brand planned any post after them, in a second query when those days do not say.

The calendar's weekly mix (``weekly``) counts the same posts, in one query for every
week shown.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import F, OuterRef, Q, Subquery
from django.utils import formats, translation

from socialgov.brands import strategy
from socialgov.brands.models import MIX_WINDOW_MAX_DAYS
from socialgov.checks import engine
from socialgov.checks.networks import display_name
from socialgov.posts.models import Objective, Post, Publication, State

COUNTED = (State.IN_REVIEW, State.APPROVED, State.PUBLISHED)
MIX_PREFIX = "builtin:mix:"
RHYTHM_PREFIX = "builtin:rhythm:"
MIX_KIND = "content_mix"
RHYTHM_KIND = "posting_rhythm"
NBSP = "\u00a0"


@dataclass(frozen=True)
class Counted:
    day: datetime.date  # on the brand's clock
    objective: str
    networks: tuple


def _midnight(day: datetime.date, tz) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)


def counted(brand, first: datetime.date, last: datetime.date, *,
            leaving_out: int | None = None) -> list[Counted]:
    """The brand's counted posts (module docstring) on the days ``first`` to ``last``
    of its clock, but ``leaving_out``'s: one query."""
    tz = brand.tz
    return [Counted(when.astimezone(tz).date(), objective or "", tuple(networks or ()))
            for when, objective, networks in counted_query(brand, first, last,
                                                           leaving_out=leaving_out)]


def counted_query(brand, first, last, *, leaving_out=None):
    """``counted``'s query: (time counted, objective, networks) of each post. Two halves
    of one query, so that each reads an index of its own: posts planned in the days
    (``PostVersion.planned_at``), and posts published without a planned time whose
    first publication is in them (``Publication.published_at``)."""
    start, end = _midnight(first, brand.tz), _midnight(last + datetime.timedelta(days=1),
                                                       brand.tz)
    first_published = Subquery(Publication.objects.filter(post=OuterRef("pk"))
                               .order_by("published_at").values("published_at")[:1])
    posts = Post.objects.filter(brand_id=brand.pk, archived_at__isnull=True).order_by()
    if leaving_out is not None:
        posts = posts.exclude(pk=leaving_out)
    columns = {"counted_objective": F("current_version__objective"),
               "counted_networks": F("current_version__networks")}
    planned = (posts.filter(state__in=COUNTED, current_version__planned_at__gte=start,
                            current_version__planned_at__lt=end)
               .annotate(counted_at=F("current_version__planned_at"), **columns))
    published = (posts.filter(state=State.PUBLISHED, current_version__planned_at__isnull=True,
                              pk__in=Publication.objects.filter(
                                  published_at__gte=start, published_at__lt=end)
                              .values("post_id"))
                 .annotate(counted_at=first_published, **columns)
                 .filter(counted_at__gte=start))
    names = ("counted_at", "counted_objective", "counted_networks")
    return planned.values_list(*names).union(published.values_list(*names), all=True)


def counted_in(posts, start, end):
    """Of ``posts`` (a queryset of posts), the counted ones (module docstring) whose
    time counted is in [``start``, ``end``): the same posts as ``counted_query``, in one
    filter for any brands (the analytics dashboard's mix counts them by objective)."""
    planned = Q(state__in=COUNTED, current_version__planned_at__gte=start,
                current_version__planned_at__lt=end)
    # First published in the days: published in them and never before. Two lists
    # read once each, not a first publication looked up per post (whose cost made
    # PostgreSQL compile the query: 300 ms on 100,000 posts).
    published = (Q(state=State.PUBLISHED, current_version__planned_at__isnull=True,
                   pk__in=Publication.objects.filter(published_at__gte=start,
                                                     published_at__lt=end).values("post_id"))
                 & ~Q(pk__in=Publication.objects.filter(published_at__lt=start)
                      .values("post_id")))
    return posts.filter(archived_at__isnull=True).filter(planned | published)


# -- the check ---------------------------------------------------------------------------


def findings(brand, post_id: int | None, objective: str, networks, planned_at
             ) -> list[engine.Finding]:
    """The warnings for a post of ``brand`` (``post_id``: None while it is not saved)
    planned at ``planned_at`` with ``objective`` on ``networks``."""
    if planned_at is None:
        return []
    targets = strategy.mix_targets(brand.mix_targets)
    rhythm = strategy.rhythm(brand.rhythm_per_day)
    target = targets.get(objective)
    limits = {network: rhythm[network] for network in networks or () if network in rhythm}
    if target is None and not limits:
        return []  # no query for a brand without a strategy for this post
    day = planned_at.astimezone(brand.tz).date()
    days = min(max(brand.mix_window_days or 1, 1), MIX_WINDOW_MAX_DAYS)
    span = datetime.timedelta(days=days - 1 if target is not None else 0)
    others = counted(brand, day - span, day + span, leaving_out=post_id)
    found = []
    if target is not None:
        last = day + span
        planned_until = max((post.day for post in others), default=day)
        if planned_until < last and _planned_after(brand, last, post_id):
            planned_until = last
        found += _mix_finding(others, day, days, objective, target, planned_until)
    for network, most in limits.items():
        number = 1 + sum(1 for post in others if post.day == day and network in post.networks)
        if number > most:
            found.append(_rhythm_finding(network, number, day, most))
    return found


def _planned_after(brand, day: datetime.date, post_id: int | None) -> bool:
    """Has the brand a counted post (but ``post_id``) after ``day``? One query."""
    rows = (Post.objects.filter(brand_id=brand.pk, state__in=COUNTED, archived_at__isnull=True,
                                current_version__planned_at__gte=_midnight(
                                    day + datetime.timedelta(days=1), brand.tz)))
    if post_id is not None:
        rows = rows.exclude(pk=post_id)
    return rows.exists()


@dataclass(frozen=True)
class Window:
    first: datetime.date
    last: datetime.date
    mine: int  # posts of the objective, the post included
    total: int  # every post, the post included

    @property
    def share(self) -> Fraction:
        return Fraction(self.mine, self.total)


def worst_window(others: list[Counted], day: datetime.date, days: int, objective: str,
                 planned_until: datetime.date) -> Window:
    """Of the windows of ``days`` days holding ``day`` (the one ending on it, and those
    ending by ``planned_until``), the one where the post makes the largest share of
    ``objective`` (the most posts of it, then the earliest, on a tie)."""
    totals = Counter(post.day for post in others)
    mine = Counter(post.day for post in others if post.objective == objective)
    windows = []
    for back in range(days - 1, -1, -1):
        first = day - datetime.timedelta(days=back)
        in_it = [first + datetime.timedelta(days=n) for n in range(days)]
        if in_it[-1] > max(day, planned_until):
            continue
        windows.append(Window(first, in_it[-1], 1 + sum(mine[d] for d in in_it),
                              1 + sum(totals[d] for d in in_it)))
    return max(windows, key=lambda window: (window.share, window.mine, -window.first.toordinal()))


def _mix_finding(others, day, days, objective, target, planned_until
                 ) -> list[engine.Finding]:
    window = worst_window(others, day, days, objective, planned_until)
    if window.share * 100 <= target:
        return []
    message = {}
    for language in ("en", "fr"):
        with translation.override(language):
            name = str(Objective(objective).label) if objective in Objective.values else objective
            figures = {"name": name, "mine": window.mine, "total": window.total,
                       "percent": _percent(window.share, target, language),
                       "days": _days(window.first, window.last, language),
                       "target": f"{target}{NBSP}%"}
        message[language] = (
            "Posts with the objective “{name}” would be {mine} of {total} ({percent}) "
            "{days}, above the brand's target of at most {target}." if language == "en" else
            "Les publications ayant l’objectif « {name} » seraient {mine} sur {total} "
            "({percent}) {days}, au-delà de la cible de la marque : au plus {target}."
        ).format(**figures)
    suggestion = {
        "en": "Plan it on another day, or plan posts with other objectives around it.",
        "fr": "Planifiez-la un autre jour, ou planifiez autour d’elle des publications "
              "ayant d’autres objectifs.",
    }
    return [engine.Finding(rule_id=f"{MIX_PREFIX}{objective}", kind=MIX_KIND,
                           severity="warning", start=0, end=0, matched="", message=message,
                           suggestion=suggestion, guideline=None)]


def _rhythm_finding(network, number, day, most) -> engine.Finding:
    name = display_name(network)
    message = {
        "en": f"This would be the {_ordinal(number, 'en')} post on {name} "
              f"{_days(day, day, 'en')}, above the brand's rhythm of at most {most} a day.",
        "fr": f"Ce serait la {_ordinal(number, 'fr')} publication sur {name} "
              f"{_days(day, day, 'fr')}, au-delà du rythme de la marque : au plus {most} "
              f"par jour.",
    }
    suggestion = {"en": "Plan it on another day.", "fr": "Planifiez-la un autre jour."}
    return engine.Finding(rule_id=f"{RHYTHM_PREFIX}{network}", kind=RHYTHM_KIND,
                          severity="warning", start=0, end=0, matched="", message=message,
                          suggestion=suggestion, guideline=None)


def _percent(share: Fraction, target: int | None, language: str) -> str:
    """A share as a percentage, rounded, or to a tenth when rounding would make it look
    no larger than the target it is over."""
    percent = share * 100
    shown = str(round(percent))
    if target is not None and percent > target and round(percent) <= target:
        shown = f"{float(percent):.1f}"
        if language == "fr":
            shown = shown.replace(".", ",")
    return f"{shown}{NBSP}%"


def _ordinal(number: int, language: str) -> str:
    if language == "fr":
        return "1re" if number == 1 else f"{number}e"
    suffixes = {1: "st", 2: "nd", 3: "rd"}
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{suffixes.get(number % 10, 'th')}"


def _day_of_month(day: datetime.date, language: str) -> str:
    return "1er" if language == "fr" and day.day == 1 else str(day.day)


def _days(first: datetime.date, last: datetime.date, language: str) -> str:
    """"on Thursday 10 December 2026", "from 4 to 10 December 2026", in ``language``;
    months by name, so that no reader takes one date for another."""
    with translation.override(language):
        def month(day):
            return formats.date_format(day, "F")

        if first == last:
            weekday = formats.date_format(first, "l")
            if language == "fr":
                return (f"le {weekday.lower()} {_day_of_month(first, 'fr')} "
                        f"{month(first).lower()} {first.year}")
            return f"on {weekday} {first.day} {month(first)} {first.year}"
        if language == "fr":
            start = f"{_day_of_month(first, 'fr')}"
            if (first.year, first.month) != (last.year, last.month):
                start += f" {month(first).lower()}"
            if first.year != last.year:
                start += f" {first.year}"
            return (f"du {start} au {_day_of_month(last, 'fr')} {month(last).lower()} "
                    f"{last.year}")
        start = str(first.day)
        if (first.year, first.month) != (last.year, last.month):
            start += f" {month(first)}"
        if first.year != last.year:
            start += f" {first.year}"
        return f"from {start} to {last.day} {month(last)} {last.year}"


# -- the calendar's weekly mix -------------------------------------------------------------


@dataclass
class Share:
    """One objective in one week: how many posts, their share, and its target."""

    objective: str
    name: str
    count: int
    total: int
    target: int | None

    @property
    def percent(self) -> str:
        return _percent(Fraction(self.count, self.total), self.target,
                        (translation.get_language() or "en")[:2]) if self.total else "—"

    @property
    def over(self) -> bool:
        return (self.target is not None and self.total > 0
                and self.count * 100 > self.target * self.total)


@dataclass(order=True)
class RhythmOverrun:
    """A day on which the brand's counted posts on a network pass its rhythm."""

    day: datetime.date
    network: str
    count: int
    most: int

    def __str__(self) -> str:
        language = (translation.get_language() or "en")[:2]
        name = display_name(self.network)
        if language == "fr":
            return (f"{name}{NBSP}: {self.count} publications "
                    f"{_days(self.day, self.day, 'fr')} (au plus {self.most} par jour)")
        return (f"{name}: {self.count} posts {_days(self.day, self.day, 'en')} "
                f"(at most {self.most} a day)")


@dataclass
class WeekMix:
    first: datetime.date
    last: datetime.date
    total: int
    shares: list = field(default_factory=list)
    rhythm_overruns: list = field(default_factory=list)

    @property
    def over(self) -> list:
        return [share for share in self.shares if share.over]


def weekly(brand, weeks: list[tuple[datetime.date, datetime.date]]) -> list[WeekMix]:
    """The mix of each week (first day, last day) of ``brand``'s counted posts, by
    objective, against its targets: one query for every week."""
    if not weeks:
        return []
    targets = strategy.mix_targets(brand.mix_targets)
    rhythm = strategy.rhythm(brand.rhythm_per_day)
    posts = counted(brand, weeks[0][0], weeks[-1][1])
    per_day = Counter((post.day, network) for post in posts for network in post.networks
                      if network in rhythm)
    out = []
    for first, last in weeks:
        in_week = Counter(post.objective for post in posts if first <= post.day <= last)
        total = sum(in_week.values())
        overruns = sorted(
            RhythmOverrun(day, network, count, rhythm[network])
            for (day, network), count in per_day.items()
            if first <= day <= last and count > rhythm[network])
        out.append(WeekMix(first, last, total, [
            Share(value, str(name), in_week[value], total, targets.get(value))
            for value, name in Objective.choices], overruns))
    return out
