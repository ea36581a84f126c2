"""Every figure of the analytics dashboard, counted in SQL: one function per chart
(the two charts of findings share one), each one query (the replies two), whatever the
number of posts.

Each function takes a ``Scope`` (the brands, the period and the filters) and returns
plain rows. Percentiles are PostgreSQL's ``percentile_cont``; SQLite (tests, the
embedded ``make run``) has none, so there the durations of each group are read and
the same interpolation is done in Python (``percentile``): the same numbers either way.

Where each figure comes from (the most direct rows the workflow keeps):

- turnaround: a decision (not advisory, not carried over) minus the start of its review
  round (the version entering review, right after its automatic check), per step name;
- first-pass approval: the post's first review round (carried-over rounds aside), by
  how it ended: approved, or changes requested / rejected;
- findings: the findings of the checks run in the period; overridden when waived, or
  when the version they were found on was approved anyway;
- reasons: the reasons picked on the rejections and requests for changes;
- content mix: the posts the content strategy counts (``socialgov.posts.content_mix``:
  in review, approved or published, not archived), at their planned time or first
  publication, by objective of their current version;
- replies: the customer replies whose deadline fell in the period (and has passed),
  answered on time when marked published by the deadline; overdue now as the replies
  page counts them;
- crises: the crisis periods overlapping the period and the posts each one paused
  (the PAUSE events of the brand while it lasted).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    CharField,
    Count,
    Exists,
    F,
    FilteredRelation,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, TruncWeek
from django.utils import timezone

from socialgov.audit.models import Action, AuditEvent
from socialgov.brands.models import CrisisPeriod, DecisionKind
from socialgov.posts import content_mix as strategy_mix
from socialgov.posts.models import (
    CustomerReply,
    Decision,
    Finding,
    Post,
    Publication,
    ReviewRound,
    RoundOutcome,
)

PERCENTILES = (0.5, 0.9)
# The rule keys of the checks built into the pipeline (length, watch words, resemblance…).
BUILT_IN_PREFIX = "builtin:"


@dataclass(frozen=True)
class Scope:
    """What a dashboard shows: ``brand_ids`` (None: every brand), the instants
    ``since`` (included) and ``until`` (excluded), and the filters ("" / None: all)."""

    brand_ids: tuple[int, ...] | None
    since: datetime.datetime
    until: datetime.datetime
    network: str = ""
    objective: str = ""
    author_id: int | None = None

    def narrow(self, rows, *, post="post", version="version", network=True):
        """``rows`` of the brands in scope, and of the posts the filters ask for:
        ``post`` and ``version`` are the paths from a row to its post ("" for a
        post itself) and version."""
        post = f"{post}__" if post else ""
        if self.brand_ids is not None:
            rows = rows.filter(**{f"{post}brand_id__in": self.brand_ids})
        if self.author_id is not None:
            rows = rows.filter(**{f"{post}author_id": self.author_id})
        if self.objective:
            rows = rows.filter(**{f"{version}__objective": self.objective})
        if self.network and network:
            # The networks are a JSON list; its text holds each one in quotes.
            # Portable: SQLite has no JSON containment lookup.
            rows = rows.annotate(networks_text=Cast(f"{version}__networks", TextField())
                                 ).filter(networks_text__contains=f'"{self.network}"')
        return rows


def postgres():
    return connection.vendor == "postgresql"


class Percentile(Aggregate):
    """PostgreSQL's continuous percentile of a number, ``fraction`` between 0 and 1."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


class Seconds(Func):
    """A PostgreSQL interval in seconds."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)"
    output_field = FloatField()


def percentile(values, fraction):
    """``percentile_cont`` of sorted ``values``: linear interpolation between the
    two values around the position ``fraction * (n - 1)``; None for no values."""
    if not values:
        return None
    position = fraction * (len(values) - 1)
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def week_of(value):
    """The Monday a truncated week starts on, as a date, whatever the database gave."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


# -- review turnaround -----------------------------------------------------------------


def _decisions(scope):
    # The decision's review round, joined (not a subquery per row): a version's round
    # of the decision's number.
    in_round = FilteredRelation("version__review_rounds", condition=Q(
        version__review_rounds__number=F("round_number")))
    return scope.narrow(Decision.objects.annotate(decided_round=in_round).filter(
        created_at__gte=scope.since, created_at__lt=scope.until, advisory=False,
        carried_from__isnull=True,
    ).exclude(kind=DecisionKind.COMMENT)).annotate(
        week=TruncWeek("created_at"), waited=F("created_at") - F("decided_round__started_at"))


def turnaround_query(scope):
    """PostgreSQL's: the percentiles of each week and step."""
    return (_decisions(scope).values("week", "step", "step_name")
            .annotate(decided=Count("pk"),
                      **{f"p{int(f * 100)}": Percentile(Seconds("waited"), f)
                         for f in PERCENTILES})
            .order_by("week", "step", "step_name"))


def turnaround(scope):
    """Rows ``(week, step key, step name, decisions, median seconds, 90th percentile
    seconds)``, by week of the decision, then step."""
    if postgres():
        return [(week_of(r["week"]), r["step"], r["step_name"], r["decided"], r["p50"],
                 r["p90"]) for r in turnaround_query(scope)]
    groups = {}
    for week, key, name, waited in _decisions(scope).values_list("week", "step", "step_name",
                                                                 "waited"):
        if waited is not None:
            groups.setdefault((week_of(week), key, name), []).append(waited.total_seconds())
    out = []
    for (week, key, name), values in sorted(groups.items()):
        values.sort()
        out.append((week, key, name, len(values),
                    *(percentile(values, f) for f in PERCENTILES)))
    return out


# -- first-pass approval ---------------------------------------------------------------


def first_pass_query(scope):
    earlier = ReviewRound.objects.filter(post=OuterRef("post"), pk__lt=OuterRef("pk"))
    rounds = scope.narrow(ReviewRound.objects.filter(
        closed_at__gte=scope.since, closed_at__lt=scope.until, carried_from__isnull=True,
        outcome__in=(RoundOutcome.APPROVED, RoundOutcome.CHANGES_REQUESTED,
                     RoundOutcome.REJECTED),
    )).filter(~Exists(earlier))
    return (rounds.annotate(week=TruncWeek("closed_at"))
            .values("week", "post__author_id", "post__author__username")
            .annotate(decided=Count("pk"),
                      approved=Count("pk", filter=Q(outcome=RoundOutcome.APPROVED)))
            .order_by("week", "post__author__username"))


def first_pass(scope):
    """Rows ``(week, author id, author's username, first rounds decided, approved)``:
    the posts whose first review round ended in the period by a decision."""
    return [(week_of(r["week"]), r["post__author_id"], r["post__author__username"],
             r["decided"], r["approved"]) for r in first_pass_query(scope)]


# -- findings --------------------------------------------------------------------------


def _findings(scope):
    return scope.narrow(Finding.objects.filter(
        check_run__created_at__gte=scope.since, check_run__created_at__lt=scope.until),
        post="version__post")


def findings_query(scope):
    approved_anyway = ReviewRound.objects.filter(version=OuterRef("version"),
                                                 outcome=RoundOutcome.APPROVED)
    # The built-in checks are counted by kind: their keys name what each finding is
    # about ("builtin:resembles:<post>", one per sent-back post), not a rule of their own.
    built_in = Q(rule_key__startswith=BUILT_IN_PREFIX)
    by_kind = Concat(Value(BUILT_IN_PREFIX), F("kind"))
    return (_findings(scope)
            .annotate(approved_anyway=Exists(approved_anyway),
                      counted_rule=Case(When(built_in, then=by_kind),
                                default=F("rule_key"), output_field=CharField()),
                      counted_name=Case(When(built_in, then=Value("")), default=F("rule_name"),
                                output_field=CharField()))
            .values("counted_rule", "counted_name", "kind")
            .annotate(found=Count("pk"),
                      overridden=Count("pk", filter=Q(waiver__isnull=False)
                                       | Q(approved_anyway=True)))
            .order_by("-found", "counted_name", "counted_rule", "kind"))


def findings(scope):
    """Rows ``(rule key, rule name, category, findings, overridden)`` of every rule
    that found something, most first; overridden: waived, or on a version approved
    anyway; the built-in checks' rule key is ``builtin:<kind>``. One query serves both
    findings charts: the rows are as many as the rules
    of the brands in scope, whatever the number of posts."""
    return [(r["counted_rule"], r["counted_name"], r["kind"], r["found"], r["overridden"])
            for r in findings_query(scope)]


# -- reasons ---------------------------------------------------------------------------


def reasons_query(scope):
    through = Decision.reasons.through
    picked = scope.narrow(through.objects.filter(
        decision__created_at__gte=scope.since, decision__created_at__lt=scope.until,
        decision__advisory=False), post="decision__post", version="decision__version")
    return (picked.values("reviewreason_id", "reviewreason__label_en",
                          "reviewreason__label_fr")
            .annotate(rejected=Count("pk", filter=Q(decision__kind=DecisionKind.REJECT)),
                      changes=Count("pk", filter=Q(decision__kind=DecisionKind.REQUEST_CHANGES)),
                      used=Count("pk"))
            .order_by("-used", "reviewreason__label_en", "reviewreason_id"))


def reasons(scope):
    """Rows ``(reason id, English label, French label, rejections, requests for
    changes)`` of the reasons picked in the period, most used first."""
    return [(r["reviewreason_id"], r["reviewreason__label_en"], r["reviewreason__label_fr"],
             r["rejected"], r["changes"]) for r in reasons_query(scope)]


# -- content mix -----------------------------------------------------------------------


def content_mix_query(scope):
    # The posts the content strategy counts (its warnings, the calendar's weekly mix),
    # so that the chart and its targets speak of the same posts.
    posts = scope.narrow(strategy_mix.counted_in(Post.objects.all(), scope.since, scope.until),
                         post="", version="current_version")
    return (posts.values("current_version__objective").annotate(posts=Count("pk"))
            .order_by("current_version__objective"))


def content_mix(scope):
    """Rows ``(objective, posts)`` of the posts the content strategy counts in the
    period (``socialgov.posts.content_mix``)."""
    return [(r["current_version__objective"], r["posts"]) for r in content_mix_query(scope)]


# -- customer replies ------------------------------------------------------------------


def _replies(scope):
    replies = scope.narrow(CustomerReply.objects.all(), version="post__current_version",
                           network=False)
    if scope.network:
        replies = replies.filter(network=scope.network)
    return replies


def replies_on_time_query(scope, now=None):
    now = now or timezone.now()
    on_time = Publication.objects.filter(post=OuterRef("post"),
                                         published_at__lte=OuterRef("respond_by"))
    return (_replies(scope)
            .filter(respond_by__gte=scope.since, respond_by__lt=min(scope.until, now))
            .annotate(week=TruncWeek("respond_by"), on_time=Exists(on_time))
            .values("week")
            .annotate(due=Count("pk"), answered=Count("pk", filter=Q(on_time=True)))
            .order_by("week"))


def replies_on_time(scope, now=None):
    """Rows ``(week, replies due, answered on time)`` by week of their deadline, for
    the deadlines of the period that have passed."""
    return [(week_of(r["week"]), r["due"], r["answered"])
            for r in replies_on_time_query(scope, now)]


def replies_overdue_query(scope, now=None):
    now = now or timezone.now()
    return (_replies(scope)
            .filter(respond_by__lte=now, post__archived_at__isnull=True)
            .exclude(post__state__in=CustomerReply.SETTLED))


def replies_overdue(scope, now=None):
    """How many replies are overdue now: awaited (as ``CustomerReply.awaited`` says)
    and past their deadline."""
    return replies_overdue_query(scope, now).count()


# -- crises ----------------------------------------------------------------------------


def crises_query(scope, now=None):
    now = now or timezone.now()
    paused = scope.narrow(AuditEvent.objects.filter(
        brand=OuterRef("brand"), action=Action.PAUSE,
        created_at__gte=OuterRef("started_at"),
        created_at__lte=Coalesce(OuterRef("ended_at"), Value(now))))
    count = paused.order_by().values("brand").annotate(n=Count("pk")).values("n")[:1]
    periods = CrisisPeriod.objects.filter(started_at__lt=scope.until).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=scope.since))
    if scope.brand_ids is not None:
        periods = periods.filter(brand_id__in=scope.brand_ids)
    return (periods.annotate(paused=Coalesce(Subquery(count, output_field=IntegerField()), 0))
            .values_list("pk", "brand__name", "started_at", "ended_at", "paused")
            .order_by("started_at", "pk"))


def crises(scope, now=None):
    """Rows ``(period id, brand name, started at, ended at or None, posts paused)`` of
    the crisis periods overlapping the period, in order."""
    return list(crises_query(scope, now))


# Each chart's main query (for EXPLAIN ANALYZE in bench/analytics.py).
MAIN_QUERIES = {
    "turnaround": turnaround_query,
    "first_pass": first_pass_query,
    "findings": findings_query,
    "reasons": reasons_query,
    "mix": content_mix_query,
    "replies": replies_on_time_query,
    "replies (overdue now)": replies_overdue_query,
    "crises": crises_query,
}
