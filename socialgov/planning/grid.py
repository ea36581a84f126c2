"""Presenter: the planning calendar's month or week, its days and their posts.

A post sits on the day of its current version's planned time on its brand's
clock (``Brand.tz``), whatever the reader's zone: a post planned at 23:30 in
Toronto is on that Toronto day. Archived posts and posts without a planned time
are not on the calendar. Weeks start on Monday in both languages, as ISO 8601
does (the dates the pages show are ISO too).

The page reads the posts in one query whatever their number, at most
``MAX_POSTS`` of them; the sensitive days in one more; when it shows one brand, the
content mix of each week shown in one more (socialgov/posts/content_mix.py). Who may move a post is
the table of moves' answer for "edit" (``moves.refusal``), asked here so the
page shows the form or the reason and never decides it itself.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

from socialgov.accounts.models import Membership
from socialgov.accounts.permissions import remember_roles
from socialgov.brands import strategy
from socialgov.brands.models import Brand, SensitiveDate
from socialgov.checks.rules.sensitive_dates import day_keys, names_on
from socialgov.posts import content_mix
from socialgov.posts.models import Post, State
from socialgov.posts.moves import Situation, refusal

MONTH, WEEK = "month", "week"
# The dates the calendar goes to: outside them a date is refused with a message.
FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2099, 12, 31)
MAX_POSTS = 500  # one page's worth: past it the page says to narrow it down
MONTH_CELL_ENTRIES = 6  # then "N more", to the day's week
EXCERPT_CHARS = 80
# A zone is at most 14 hours from UTC: the posts' query reads that much around
# the days shown, and each post is then placed on its own brand's day.
WIDEST_OFFSET = datetime.timedelta(hours=14)

# Each state's shape, beside its name and colour: never colour alone.
STATE_ICONS = {
    State.DRAFT: "✎",
    State.CHECKING: "…",
    State.IN_REVIEW: "◔",
    State.APPROVED: "✓",
    State.CHANGES_REQUESTED: "↺",
    State.SENT_BACK: "!",
    State.REJECTED: "✕",
    State.PAUSED: "‖",
    State.EXPIRED: "⊘",
    State.PUBLISHED: "●",
}


@dataclass
class Entry:
    """A post on its day."""

    post: Post
    local: datetime.datetime  # its planned time on its brand's clock
    refusal: str | None  # why the reader may not move it, or None

    @property
    def movable(self):
        return self.refusal is None

    @property
    def excerpt(self):
        return Truncator(" ".join(self.post.current_version.text.split())).chars(EXCERPT_CHARS)

    @property
    def icon(self):
        return STATE_ICONS.get(self.post.state, "")

    @property
    def first_day(self):
        """The earliest day the date field offers: today on the brand's clock."""
        return self.post.brand.today()


@dataclass
class Mark:
    """A sensitive day, named in the reader's language, and the brands it is
    sensitive for when it is not for every brand shown."""

    name: str
    brands: list = field(default_factory=list)


@dataclass
class Day:
    date: datetime.date
    in_period: bool
    is_today: bool
    is_past: bool
    entries: list = field(default_factory=list)
    marks: list = field(default_factory=list)
    hidden: int = 0  # entries left out of a month's cell
    shows_month: bool = False  # a month's first day, or the grid's: its number says the month
    more_query: str = ""  # the week of this day, where all its entries are


@dataclass
class Period:
    view: str
    anchor: datetime.date
    today: datetime.date
    weeks: list  # of 7 Days each
    brand: Brand | None
    truncated: bool = False
    # The content mix of each week (content_mix.WeekMix), of the one brand shown.
    mix: list = field(default_factory=list)
    mix_brand: Brand | None = None

    @property
    def mix_has_targets(self):
        return bool(self.mix_brand and strategy.mix_targets(self.mix_brand.mix_targets))

    @property
    def days(self):
        return [day for week in self.weeks for day in week]

    @property
    def is_month(self):
        return self.view == MONTH

    @property
    def title(self):
        if self.view == MONTH:
            return capfirst(formats.date_format(self.anchor, "YEAR_MONTH_FORMAT"))
        first, last = self.weeks[0][0].date, self.weeks[0][-1].date
        return _("Week from %(first)s to %(last)s") % {
            "first": formats.date_format(first, "SHORT_DATE_FORMAT"),
            "last": formats.date_format(last, "SHORT_DATE_FORMAT")}

    @property
    def weekday_names(self):
        return [capfirst(formats.date_format(day.date, "l")) for day in self.weeks[0]]

    def query(self, *, view=None, day=None):
        """The query string of this calendar at another ``view`` or ``day``."""
        params = {"view": view or self.view}
        if day is not None:
            params["date"] = day.isoformat()
        if self.brand is not None:
            params["brand"] = self.brand.slug
        return urlencode(params)

    @property
    def previous_day(self):
        day = _shift(self.view, self.anchor, -1)
        return day if day >= FIRST_DAY else None

    @property
    def next_day(self):
        day = _shift(self.view, self.anchor, 1)
        return day if day <= LAST_DAY else None

    @property
    def previous_query(self):
        return self.query(day=self.previous_day) if self.previous_day else ""

    @property
    def next_query(self):
        return self.query(day=self.next_day) if self.next_day else ""

    @property
    def today_query(self):
        return self.query()

    @property
    def month_query(self):
        return self.query(view=MONTH, day=self.anchor)

    @property
    def week_query(self):
        return self.query(view=WEEK, day=self.anchor)

    @property
    def states(self):
        """The legend: each state's name, shape and colour class."""
        return [{"value": value, "label": label, "icon": STATE_ICONS[value]}
                for value, label in State.choices]


def _shift(view, day, step):
    """The day ``step`` weeks (week view) or months (month view) from ``day``;
    a month's day is its first."""
    if view == WEEK:
        return day + datetime.timedelta(weeks=step)
    year, month = divmod(day.year * 12 + day.month - 1 + step, 12)
    return datetime.date(year, month + 1, 1)


def bounds(view, anchor):
    """The first and last day shown, and the first and last of the period itself:
    a week from Monday, or the weeks that hold the month."""
    if view == WEEK:
        first = anchor - datetime.timedelta(days=anchor.weekday())
        last = first + datetime.timedelta(days=6)
        return first, last, first, last
    start = anchor.replace(day=1)
    end = _shift(MONTH, start, 1) - datetime.timedelta(days=1)
    first = start - datetime.timedelta(days=start.weekday())
    last = end + datetime.timedelta(days=6 - end.weekday())
    return first, last, start, end


def brands_of(user):
    """The brands whose posts ``user`` sees, by name (all for a superuser).
    Their roles are remembered for the table of moves' questions."""
    if user.is_superuser:
        return list(Brand.objects.order_by("name", "pk"))
    memberships = list(Membership.objects.active().filter(user=user, user__is_active=True)
                       .select_related("brand").order_by("brand__name", "brand__pk"))
    remember_roles(user, {m.brand_id: m.role for m in memberships})
    return [m.brand for m in memberships]


def _posts(user, brands, first, last):
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=datetime.UTC)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min,
                                    tzinfo=datetime.UTC)
    return list(
        Post.objects.visible_to(user).current()
        .filter(brand__in=[brand.pk for brand in brands],
                current_version__planned_at__gte=start - WIDEST_OFFSET,
                current_version__planned_at__lt=end + WIDEST_OFFSET)
        .select_related("brand", "current_version")
        .order_by("current_version__planned_at", "pk")[:MAX_POSTS + 1]
    )


def _marks(brands, days, language):
    """Each day's sensitive days, for the brands shown."""
    dates = {brand.pk: {} for brand in brands}
    for row in SensitiveDate.objects.filter(brand__in=list(dates)):
        dates[row.brand_id][row.as_text()] = {"en": row.name_en, "fr": row.name_fr}
    names = {brand.pk: brand.name for brand in brands}
    for day in days:
        found = {}
        for brand_id, calendar in dates.items():
            day_names = names_on(calendar, day_keys(day.date))
            if day_names is not None:
                name = day_names.get(language) or day_names["en"]
                found.setdefault(name, []).append(names[brand_id])
        day.marks = [Mark(name, sorted(where) if len(where) < len(brands) else [])
                     for name, where in found.items()]


def build(user, brands, view, anchor, *, today, language, brand=None):
    """The ``view`` (MONTH or WEEK) holding ``anchor`` of the posts of ``brands``
    that ``user`` sees; ``brand`` when the page is filtered on one."""
    first, last, start, end = bounds(view, anchor)
    count = (last - first).days + 1
    days = [first + datetime.timedelta(days=n) for n in range(count)]
    by_date = {
        day: Day(date=day, in_period=start <= day <= end, is_today=day == today,
                 is_past=day < today)
        for day in days
    }
    posts = _posts(user, brands, first, last)
    truncated = len(posts) > MAX_POSTS
    for post in posts[:MAX_POSTS]:
        local = post.current_version.planned_at.astimezone(post.brand.tz)
        day = by_date.get(local.date())
        if day is not None:
            day.entries.append(Entry(post, local, refusal(user, post, "edit",
                                                          Situation(post, user))))
    _marks(brands, by_date.values(), language)
    period = Period(view=view, anchor=anchor, today=today, brand=brand, truncated=truncated,
                    weeks=[[by_date[d] for d in days[n:n + 7]] for n in range(0, count, 7)])
    # A mix is one brand's, against its targets: shown when the page shows one brand.
    period.mix_brand = brand or (brands[0] if len(brands) == 1 else None)
    if period.mix_brand is not None:
        period.mix = content_mix.weekly(period.mix_brand,
                                        [(week[0].date, week[-1].date) for week in period.weeks])
    if view == MONTH:
        for day in by_date.values():
            day.shows_month = day.date.day == 1 or day.date == first
            # Sorted by the instant; on one brand's clock that is the time of day.
            day.hidden = max(0, len(day.entries) - MONTH_CELL_ENTRIES)
            day.entries = day.entries[:MONTH_CELL_ENTRIES]
            day.more_query = period.query(view=WEEK, day=day.date)
    return period


def today_for(brand):
    """Today on the brand's clock, or on the site's across brands."""
    return brand.today() if brand is not None else timezone.localdate()
