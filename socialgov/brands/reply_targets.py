"""By when a brand answers a customer: its reply targets, business hours and
holidays, and the one function that turns them into a deadline.

Pure: no database here. ``socialgov.brands.replies.targets_of`` reads a
brand's settings into a ``ReplyTargets``; ``respond_by`` does the rest.
"""

import datetime
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEEKDAYS = 7  # Monday first, as datetime.weekday() counts
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def default_business_hours():
    """Monday to Friday, 09:00 to 17:00; closed at the weekend."""
    return [["09:00", "17:00"]] * 5 + [None, None]


def _clock(value):
    match = _CLOCK.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    return datetime.time(int(match.group(1)), int(match.group(2)))


def validate_business_hours(value):
    """Seven days, Monday first: each ``null`` (closed) or ``["HH:MM", "HH:MM"]``,
    opening before closing on the same day."""
    if not isinstance(value, list) or len(value) != WEEKDAYS:
        raise ValidationError(_("Give the hours of each of the seven days of the week."))
    for day in value:
        if day is None:
            continue
        if not isinstance(day, list) or len(day) != 2:
            raise ValidationError(_("Each day is closed, or open from one time to another."))
        opens, closes = (_clock(v) for v in day)
        if opens is None or closes is None:
            raise ValidationError(_("Write times as HH:MM, e.g. 09:00."))
        if opens >= closes:
            raise ValidationError(_("A day closes after it opens."))


def parse_business_hours(value):
    """The stored hours as seven ``(opens, closes)`` pairs of times, or None for
    a closed day."""
    return tuple(None if day is None else (_clock(day[0]), _clock(day[1])) for day in value)


@dataclass(frozen=True)
class ReplyTargets:
    """What a brand promises the customers who write to it.

    ``within_hours`` and ``outside_hours`` are the time to answer a message
    that arrives during business hours and outside them; ``hours`` holds seven
    ``(opens, closes)`` pairs, Monday first (None: closed all day);
    ``holidays`` are closed all day. Hours and holidays are on the brand's
    clock, ``time_zone``.
    """

    time_zone: str
    within_hours: datetime.timedelta = datetime.timedelta(hours=1)
    outside_hours: datetime.timedelta = datetime.timedelta(hours=4)
    hours: tuple = field(default_factory=lambda: parse_business_hours(default_business_hours()))
    holidays: frozenset = frozenset()

    def in_business_hours(self, moment):
        """Is ``moment`` (an aware datetime) within business hours on the brand's
        clock? Opening time included, closing time not."""
        local = moment.astimezone(ZoneInfo(self.time_zone))
        if local.date() in self.holidays:
            return False
        day = self.hours[local.weekday()]
        return day is not None and day[0] <= local.time() < day[1]


def respond_by(received_at, targets):
    """The deadline to answer a customer's message received at ``received_at``.

    The moment the message arrives chooses the target, and nothing else does:

    * received during business hours (on the brand's clock, on an open weekday
      that is not a holiday, from opening time included to closing time
      excluded): ``received_at + targets.within_hours``;
    * received at any other time (before opening, after closing, a closed day,
      a holiday): ``received_at + targets.outside_hours``.

    The target is elapsed (real) time. Business hours only say which target
    applies; they never stop the clock: a message received at 16:30 on a
    Friday that closes at 17:00 is due at 17:30 that Friday with a one-hour
    target, and one received at 03:00 is due at 07:00 with a four-hour
    target, even if the team opens at 09:00. Across a change to or from
    daylight saving time, four hours are four real hours (the deadline's
    wall-clock time moves by the hour that changed). ``received_at`` must be
    aware; the deadline is an instant in UTC (show it on the brand's clock).
    """
    if received_at.tzinfo is None:
        raise ValueError("received_at must be an aware datetime")
    target = targets.within_hours if targets.in_business_hours(received_at) \
        else targets.outside_hours
    # In UTC: Python adds to an aware time on its own zone's wall clock.
    return received_at.astimezone(datetime.UTC) + target
