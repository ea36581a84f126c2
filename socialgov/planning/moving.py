"""Moving a post to another day of the calendar: a change of its planned time
alone, made through the editor's own service (``actions.edit``).

So the calendar decides nothing of its own: the table of moves says who may
move a post (whoever may edit it), the edit makes a new version, and an
approved post whose planned time alone changed is checked again at once and
keeps its approval when the check finds nothing new (socialgov/posts/system.py).
"""

import datetime

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from socialgov.lib.errors import Refused
from socialgov.posts import actions
from socialgov.posts.moves import refusal
from socialgov.posts.system import locked


class MoveRefused(Refused):
    """The post cannot go to that day; the message says why."""


def same_time_on(planned_at, day, zone):
    """``planned_at``'s time of day on ``day``, on the clock of ``zone``, in UTC.

    A time the day does not have (clocks go forward over it) is read on the
    clock before the change, so 02:30 becomes 03:30; a time the day has twice
    (clocks go back) is the first of the two.
    """
    wall_clock = planned_at.astimezone(zone).time().replace(tzinfo=None)
    return datetime.datetime.combine(day, wall_clock, tzinfo=zone).astimezone(datetime.UTC)


def move_to_day(user, post, day, now=None):
    """Plan ``post`` on ``day`` at the time of day it has now on its brand's
    clock. Returns (post, changed) as ``actions.edit`` does; raises MoveRefused
    with the reason when ``user`` may not edit the post now, when it has no
    planned time, or when that time on ``day`` has passed."""
    now = now or timezone.now()
    with transaction.atomic():
        # Locked first: the new version copies the current one, not one read earlier.
        post = locked(post.pk)
        reason = refusal(user, post, "edit")
        if reason is not None:
            raise MoveRefused(str(reason))
        version = post.current_version
        if version.planned_at is None:
            raise MoveRefused(_("This post has no planned time: give it one in the editor."))
        zone = post.brand.tz
        planned = same_time_on(version.planned_at, day, zone)
        if planned <= now:
            raise MoveRefused(_("%(when)s has passed: choose a day to come.") % {
                "when": formats.date_format(planned.astimezone(zone),
                                            "SHORT_DATETIME_FORMAT")})
        fields = version.fields()
        fields["planned_at"] = planned
        return actions.edit(user, post, fields)
