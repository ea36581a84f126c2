"""The dashboard's charts: the rows of ``queries`` made into series of points, and
the points into SVG shapes, a table and a CSV file.

A chart's points are the one source of its drawing, its table and its CSV: each value
is rounded once, here, so the file holds exactly the numbers drawn. The SVG is drawn
on the server: each series has its own line pattern and marker shape (or bar fill),
and every point carries its value as text, so nothing is said by colour alone.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import textwrap
from dataclasses import dataclass, field

from django.utils.formats import date_format, number_format
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from socialgov.analytics import queries
from socialgov.brands.models import RuleKind
from socialgov.brands.shipped import KIND_LABELS
from socialgov.posts import content_mix, resemblance
from socialgov.posts.approval import step_name
from socialgov.posts.models import Objective

HOURS, PERCENT, COUNT = "hours", "percent", "count"
# Lines with more series than this are unreadable: the busiest are drawn, the
# filters reach the others.
MOST_SERIES = 6
# Each series: a colour, a line pattern and a marker shape, so that none is told
# from another by its colour alone.
STYLES = [
    ("#1f5fbf", "", "circle"),
    ("#a15c00", "6 4", "square"),
    ("#147538", "2 3", "triangle"),
    ("#6b2fa3", "10 3 2 3", "diamond"),
    ("#b42318", "1 5", "cross"),
    ("#0f6e6e", "14 4", "circle-open"),
]
BAR_FILLS = ["solid", "hatched", "dotted"]

WIDTH = 640
LINE_HEIGHT = 240
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 12, 40
LABEL_WIDTH = 220  # bars: the categories' names
# A category's name in LABEL_WIDTH at the drawing's 11 px: at most this many
# characters a line, on at most LABEL_LINES lines (the whole name in its tooltip).
LABEL_CHARACTERS, LABEL_LINES, LABEL_LINE_HEIGHT = 34, 2, 13
BAR, BAR_GAP, GROUP_GAP = 14, 3, 12


def number(value, decimals=1):
    return number_format(value, decimal_pos=decimals, use_l10n=True)


def shown(value, unit):
    """A value as a reader of the page's language writes it: 12.5% / 12,5 %; a
    duration under an hour in minutes (45 min), longer in hours (3.5 h)."""
    if value is None:
        return "–"
    if unit == PERCENT:
        space = "\u00a0" if get_language() == "fr" else ""
        return f"{number(value)}{space}%"
    if unit == HOURS:
        if value < 1:
            return f"{number(value * 60, 0)}\u00a0min"  # "min", as "h", in both languages
        return f"{number(value)}\u00a0h"
    return number(value, 0)


def rounded(value, unit):
    """``value`` rounded once, as drawn, shown and written to the CSV: hours to the
    minute (four decimals, so that the minutes shown come back from the hours)."""
    if value is None:
        return None
    if unit == COUNT:
        return int(value)
    if unit == HOURS:
        return round(round(float(value) * 60) / 60, 4)
    return round(float(value), 1)


def point_title(series, where, value):
    """What a point's tooltip says: its series, its place and its value; the colon as
    the page's language writes it (French: a no-break space before it)."""
    return _("%(where)s: %(value)s") % {"where": f"{series}, {where}", "value": value}


def wrapped(label):
    """``label`` on at most LABEL_LINES lines, the last one cut with "…" if need be."""
    lines = textwrap.wrap(label, LABEL_CHARACTERS, break_long_words=True) or [""]
    if len(lines) > LABEL_LINES:
        rest = " ".join(lines[LABEL_LINES - 1:])
        lines = [*lines[:LABEL_LINES - 1], rest[:LABEL_CHARACTERS - 1] + "…"]
    return lines


def share(part, whole):
    return 100 * part / whole if whole else None


def inert(text):
    """A label a spreadsheet will not run as a formula (a rule or a reason is named by
    people: "=HYPERLINK(…)" stays text), as OWASP advises for CSV files."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def week_label(week):
    return week.isoformat()


def instant(value):
    return date_format(localtime(value), "SHORT_DATETIME_FORMAT")


@dataclass
class Series:
    label: str
    values: list  # one value (or None) per x label, rounded


@dataclass
class Chart:
    key: str
    title: str
    description: str
    unit: str
    kind: str  # "lines" (x is time) or "bars" (x are categories)
    x_title: str
    x_labels: list = field(default_factory=list)
    series: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    missing: str = ""  # said in place of a missing value, when it means something

    @property
    def empty(self):
        return not any(v is not None for s in self.series for v in s.values)

    @property
    def unit_label(self):
        return {HOURS: _("hours"), PERCENT: _("percent"), COUNT: _("count")}[self.unit]

    @property
    def rows(self):
        """The table: each x label with its values as shown."""
        return [(x, [shown(s.values[i], self.unit) if s.values[i] is not None
                     else (self.missing or "–") for s in self.series])
                for i, x in enumerate(self.x_labels)]

    def csv(self):
        """The chart's points as CSV: one row per x label, one column per series,
        numbers as drawn (a dot before the decimals, for spreadsheets in any language)."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([self.x_title, *(inert(f"{s.label} ({self.unit_label})")
                                         for s in self.series)])
        for i, x in enumerate(self.x_labels):
            writer.writerow([inert(x), *("" if s.values[i] is None else s.values[i]
                                         for s in self.series)])
        return out.getvalue()

    @property
    def svg(self):
        return (lines if self.kind == "lines" else bars)(self)


# -- drawing ----------------------------------------------------------------------------


def _axis(value, unit, ticks=4):
    """A round top for the axis, at or above ``value``, and the step between its
    ``ticks`` lines: 1, 2 or 5 times a power of ten (percentages: 0 to 100 by 25)."""
    if unit == PERCENT:
        return 100, 25
    if value <= 0:
        return ticks, 1
    rough = value / ticks
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next(m * magnitude for m in (1, 2, 5, 10) if rough <= m * magnitude)
    if unit == COUNT:
        step = max(1, round(step))
    return step * math.ceil(value / step), step


def _marker(shape, x, y, size=4.5):
    """An SVG path for a marker shape centred on (x, y)."""
    s = size
    if shape == "square":
        # Larger than the circle: a median dot drawn over an equal 90th percentile
        # leaves the square's corners in sight.
        s = size + 1.5
        return f"M{x - s:.1f},{y - s:.1f}h{2 * s:.1f}v{2 * s:.1f}h{-2 * s:.1f}z"
    if shape == "triangle":
        return f"M{x:.1f},{y - s - 1:.1f}L{x + s + 1:.1f},{y + s:.1f}L{x - s - 1:.1f},{y + s:.1f}z"
    if shape == "diamond":
        return (f"M{x:.1f},{y - s - 1:.1f}L{x + s + 1:.1f},{y:.1f}"
                f"L{x:.1f},{y + s + 1:.1f}L{x - s - 1:.1f},{y:.1f}z")
    if shape == "cross":
        return (f"M{x - s:.1f},{y - s:.1f}L{x + s:.1f},{y + s:.1f}"
                f"M{x - s:.1f},{y + s:.1f}L{x + s:.1f},{y - s:.1f}")
    # circle (open or filled: the style says)
    return (f"M{x - s:.1f},{y:.1f}a{s:.1f},{s:.1f} 0 1,0 {2 * s:.1f},0"
            f"a{s:.1f},{s:.1f} 0 1,0 {-2 * s:.1f},0z")


def _style(index):
    colour, dash, shape = STYLES[index % len(STYLES)]
    return {"colour": colour, "dash": dash, "shape": shape,
            "filled": shape not in ("cross", "circle-open"),
            "sample": _marker("circle" if shape == "circle-open" else shape, 16, 8, 4)}


def lines(chart):
    """The geometry of a line chart: axes, ticks, one polyline per series (broken where
    a value is missing) and a marker per point."""
    values = [v for s in chart.series for v in s.values if v is not None]
    top, step = _axis(max(values, default=0), chart.unit)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, LINE_HEIGHT - TOP - BOTTOM
    count = len(chart.x_labels)

    def x_at(i):
        return LEFT + (plot_w * (i + 0.5) / count if count else 0)

    def y_at(v):
        return TOP + plot_h * (1 - v / top)

    # An axis reaching an hour or more reads in hours from its zero up.
    in_hours = chart.unit == HOURS and top >= 1
    ticks = [{"y": round(y_at(step * n), 1),
              "label": f"{number(step * n)}\u00a0h" if in_hours else shown(step * n, chart.unit)}
             for n in range(round(top / step) + 1)]
    every = max(1, math.ceil(count / 6))
    # Counted from the last week, so that the latest one always has its label.
    x_ticks = [{"x": round(x_at(i), 1), "label": label}
               for i, label in enumerate(chart.x_labels) if (count - 1 - i) % every == 0]
    series = []
    for n, s in enumerate(chart.series):
        style = _style(n)
        segments, current, points = [], [], []
        for i, v in enumerate(s.values):
            if v is None:
                if current:
                    segments.append(current)
                current = []
                continue
            x, y = x_at(i), y_at(v)
            current.append(f"{x:.1f},{y:.1f}")
            points.append({"x": chart.x_labels[i], "value": v,
                           "title": point_title(s.label, chart.x_labels[i],
                                                shown(v, chart.unit)),
                           "marker": _marker(style["shape"], x, y)})
        if current:
            segments.append(current)
        series.append({"label": s.label, "style": style, "points": points,
                       "segments": [" ".join(seg) for seg in segments if len(seg) > 1]})
    return {"width": WIDTH, "height": LINE_HEIGHT, "left": LEFT, "right": WIDTH - RIGHT,
            "bottom": TOP + plot_h, "top": TOP, "ticks": ticks, "x_ticks": x_ticks,
            "x_label_y": TOP + plot_h + 18, "series": series,
            # The markers over every line, the first series' last: a median equal to
            # its 90th percentile stays in sight, its dot on the square.
            "markers": [{"style": one["style"], "label": one["label"], "points": one["points"]}
                        for one in reversed(series)]}


def bars(chart):
    """The geometry of a horizontal bar chart: per category a group of bars, one per
    series, each with its fill pattern and its value written after it."""
    values = [v for s in chart.series for v in s.values if v is not None]
    top = _axis(max(values, default=0), chart.unit)[0]
    per_group = len(chart.series) * (BAR + BAR_GAP) - BAR_GAP
    plot_left, plot_w = LABEL_WIDTH, WIDTH - LABEL_WIDTH - 90
    groups, y = [], TOP
    for i, label in enumerate(chart.x_labels):
        lines_of_label = wrapped(label)
        label_height = len(lines_of_label) * LABEL_LINE_HEIGHT
        height = max(per_group, label_height)
        shapes = []
        for n, s in enumerate(chart.series):
            v = s.values[i]
            bar_y = y + (height - per_group) / 2 + n * (BAR + BAR_GAP)
            length = 0 if v is None else max(plot_w * v / top, 1 if v else 0)
            text = shown(v, chart.unit) if v is not None else (chart.missing or "–")
            shapes.append({"series": s.label, "value": v, "y": bar_y, "width": round(length, 1),
                           "fill": BAR_FILLS[n % len(BAR_FILLS)],
                           "text_x": round(plot_left + length + 4, 1), "text_y": bar_y + BAR - 3,
                           "shown": text, "title": point_title(s.label, label, text)})
        # The label's lines centred on its bars (the first line's baseline).
        first_y = y + height / 2 - label_height / 2 + LABEL_LINE_HEIGHT - 3
        groups.append({"label": label, "lines": lines_of_label, "label_y": round(first_y, 1),
                       "bars": shapes})
        y += height + GROUP_GAP
    return {"width": WIDTH, "height": y - GROUP_GAP + TOP, "left": plot_left,
            "label_x": plot_left - 6, "groups": groups,
            "legend": [{"label": s.label, "fill": BAR_FILLS[n % len(BAR_FILLS)]}
                       for n, s in enumerate(chart.series)]}


# -- the charts ---------------------------------------------------------------------------


def _weeks(scope):
    """Every week of the period (its Monday), so that a quiet week shows as a gap."""
    first = localtime(scope.since).date()
    first -= datetime.timedelta(days=first.weekday())
    last = localtime(scope.until).date()
    weeks = []
    while first < last:
        weeks.append(first)
        first += datetime.timedelta(days=7)
    return weeks


def _by_week(weeks, found):
    """``found`` ({week: value}) as one value (or None) per week of ``weeks``."""
    return [found.get(week) for week in weeks]


def turnaround_chart(scope, rows=None):
    rows = queries.turnaround(scope) if rows is None else rows
    weeks = _weeks(scope)
    decided, medians, nineties, names = {}, {}, {}, {}
    for week, key, name, count, p50, p90 in rows:
        names.setdefault(key, step_name(key, name))
        decided[key] = decided.get(key, 0) + count
        medians[(key, week)] = rounded(p50 / 3600, HOURS)
        nineties[(key, week)] = rounded(p90 / 3600, HOURS)
    steps = sorted(decided, key=lambda k: (-decided[k], names[k]))[:MOST_SERIES // 2]
    series = []
    for key in steps:
        series.append(Series(_("%(step)s: median") % {"step": names[key]},
                             [medians.get((key, w)) for w in weeks]))
        series.append(Series(_("%(step)s: 90th percentile") % {"step": names[key]},
                             [nineties.get((key, w)) for w in weeks]))
    chart = Chart("turnaround", _("Review turnaround"),
                  _("Hours from a post entering review to each step's decision, by week of "
                    "the decision: the median and the 90th percentile (nine decisions in "
                    "ten came faster)."),
                  HOURS, "lines", _("Week of"), [week_label(w) for w in weeks], series)
    if len(decided) > len(steps):
        chart.notes.append(_("The %(count)s steps with the most decisions are shown.")
                           % {"count": len(steps)})
    return chart


def first_pass_chart(scope, rows=None):
    rows = queries.first_pass(scope) if rows is None else rows
    weeks = _weeks(scope)
    totals, names, counts = {}, {}, {}
    for week, author_id, username, decided, approved in rows:
        names[author_id] = username
        totals[author_id] = totals.get(author_id, 0) + decided
        counts[(author_id, week)] = (decided, approved)
    authors = sorted(totals, key=lambda a: (-totals[a], names[a]))[:MOST_SERIES]
    def rate(author, week):
        if (author, week) not in counts:
            return None
        decided, approved = counts[(author, week)]
        return rounded(share(approved, decided), PERCENT)

    series = [Series(names[a], [rate(a, w) for w in weeks]) for a in authors]
    chart = Chart("first_pass", _("First-pass approval rate"),
                  _("Share of each author's posts approved at their first review, without "
                    "changes requested, by week of the decision."),
                  PERCENT, "lines", _("Week of"), [week_label(w) for w in weeks], series)
    if len(totals) > len(authors):
        chart.notes.append(_("The %(count)s authors with the most reviews are shown: choose an "
                             "author to see another.") % {"count": len(authors)})
    return chart


def _kind_label(kind):
    """A category's name: a kind of the brand's rules, of the shipped packs, or of the
    checks built into the pipeline."""
    labels = {**dict(RuleKind.choices), **KIND_LABELS}
    labels.update({"watch": _("Watch words"), "check_incomplete": _("Check incomplete"),
                   resemblance.KIND: _("Resemblance to another post"),
                   content_mix.MIX_KIND: _("Content mix"),
                   content_mix.RHYTHM_KIND: _("Posting rhythm")})
    return str(labels.get(kind, kind))


TOP_RULES = 10


def rule_label(key, name, kind):
    """A rule as the findings chart names it: its name and category, or a built-in
    check's category alone (its key says no more)."""
    if key.startswith(queries.BUILT_IN_PREFIX) and not name:
        return _kind_label(kind)
    return f"{name or key} ({_kind_label(kind)})"


def findings_chart(scope, rows=None):
    rows = (queries.findings(scope) if rows is None else rows)[:TOP_RULES]
    labels = [rule_label(key, name, kind) for key, name, kind, _found, _over in rows]
    return Chart("findings", _("Findings: the 10 rules that found most"),
                 _("Findings of the checks run in the period, by rule (and its category), "
                   "and how many reviewers overrode: waived, or approved the post anyway."),
                 COUNT, "bars", _("Rule"), labels,
                 [Series(_("Findings"), [r[3] for r in rows]),
                  Series(_("Overridden"), [r[4] for r in rows])])


def categories_chart(scope, rows=None):
    """``rows``: ``queries.findings``'s, summed here by category."""
    rows = queries.findings(scope) if rows is None else rows
    found = {}
    for _key, _name, kind, count, _overridden in rows:
        found[kind] = found.get(kind, 0) + count
    kinds = sorted(found, key=lambda kind: (-found[kind], kind))
    return Chart("categories", _("Findings by category"),
                 _("Findings of the checks run in the period, by category of rule."),
                 COUNT, "bars", _("Category"), [_kind_label(kind) for kind in kinds],
                 [Series(_("Findings"), [found[kind] for kind in kinds])])


def reasons_chart(scope, rows=None):
    rows = queries.reasons(scope) if rows is None else rows
    french = get_language() == "fr"
    labels = [(fr or en) if french else (en or fr) for _pk, en, fr, _r, _c in rows]
    return Chart("reasons", _("Rejection and change-request reasons"),
                 _("The reasons reviewers picked when rejecting a post or requesting "
                   "changes, most used first."),
                 COUNT, "bars", _("Reason"), labels,
                 [Series(_("Rejections"), [r[3] for r in rows]),
                  Series(_("Changes requested"), [r[4] for r in rows])])


def target(targets, objective):
    """The brand's largest share for ``objective``, or None (no target, or not a number)."""
    try:
        return rounded(float(targets[objective]), PERCENT)
    except (KeyError, TypeError, ValueError):
        return None


def mix_chart(scope, targets=None, window_days=None, rows=None):
    """``targets``: the brand's largest share per objective ({} or None: none); the
    dashboard across brands has none."""
    rows = queries.content_mix(scope) if rows is None else rows
    counts = dict(rows)
    total = sum(counts.values())
    objectives = [value for value, _label in Objective.choices]
    shares = [rounded(share(counts.get(o, 0), total), PERCENT) for o in objectives]
    targets = targets or {}
    # The targets are written even in a period without posts: the chart and its CSV
    # say what the brand aims at, the shares say "–".
    chart = Chart("mix", _("Content mix by objective"),
                  _("Share of the posts planned in the period by objective, next to the "
                    "largest share the brand set for each."),
                  PERCENT, "bars", _("Objective"), [str(label) for _v, label in Objective.choices],
                  [Series(_("Share of posts"), shares if total else [None] * len(objectives)),
                   Series(_("Largest share allowed"), [target(targets, o) for o in objectives])],
                  missing=_("no target"))
    if window_days and targets:
        chart.notes.append(_("The brand's targets apply over any %(days)s days.")
                           % {"days": window_days})
    if not total and not chart.empty:
        chart.notes.append(_("No post counted in this period: only the targets are shown."))
    return chart


def replies_chart(scope, now=None, rows=None, overdue=None):
    rows = queries.replies_on_time(scope, now) if rows is None else rows
    overdue = queries.replies_overdue(scope, now) if overdue is None else overdue
    weeks = _weeks(scope)
    found = {week: rounded(share(answered, due), PERCENT) for week, due, answered in rows}
    due = sum(r[1] for r in rows)
    chart = Chart("replies", _("Customer replies answered on time"),
                  _("Share of the replies due each week that were published before their "
                    "deadline, by week of the deadline."),
                  PERCENT, "lines", _("Week of"), [week_label(w) for w in weeks],
                  [Series(_("Answered on time"), _by_week(weeks, found))])
    chart.notes.append(_("Replies due in the period: %(due)s. Overdue now: %(overdue)s.")
                       % {"due": number(due, 0), "overdue": number(overdue, 0)})
    return chart


def crises_chart(scope, now=None, rows=None, across=False):
    rows = queries.crises(scope, now) if rows is None else rows
    labels = []
    for _pk, brand_name, started, ended, _paused in rows:
        label = (_("%(start)s to %(end)s") % {"start": instant(started), "end": instant(ended)}
                 if ended else _("since %(start)s") % {"start": instant(started)})
        labels.append(_("%(where)s: %(value)s") % {"where": brand_name, "value": label}
                      if across else label)
    return Chart("crises", _("Crisis periods and the posts they paused"),
                 _("Each crisis period overlapping the period, and how many approved posts "
                   "it paused."),
                 COUNT, "bars", _("Crisis period"), labels,
                 [Series(_("Posts paused"), [r[4] for r in rows])])


CHARTS = {
    "turnaround": turnaround_chart,
    "first_pass": first_pass_chart,
    "findings": findings_chart,
    "categories": categories_chart,
    "reasons": reasons_chart,
    "mix": mix_chart,
    "replies": replies_chart,
    "crises": crises_chart,
}


def chart(key, scope, brand=None, now=None):
    """The chart ``key`` (a key of CHARTS) of ``scope``; ``brand`` when it is one
    brand's (its targets), None across brands."""
    if key == "mix":
        return mix_chart(scope, brand.mix_targets if brand else None,
                         brand.mix_window_days if brand else None)
    if key == "replies":
        return replies_chart(scope, now)
    if key == "crises":
        return crises_chart(scope, now, across=brand is None)
    return CHARTS[key](scope)


def dashboard(scope, brand=None, now=None):
    """Every chart of ``scope``, in order; the two of findings from one query."""
    found = queries.findings(scope)
    shared = {"findings": lambda: findings_chart(scope, found),
              "categories": lambda: categories_chart(scope, found)}
    return [shared[key]() if key in shared else chart(key, scope, brand, now)
            for key in CHARTS]
