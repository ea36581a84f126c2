"""The header's two numbers for one person: their unread notices, and the
posts waiting on a step they can decide (the review queue's own query). Each
is read when a page first shows it, in one query."""

from functools import cached_property

from django.conf import settings

from socialgov.notify import preferences
from socialgov.posts import lists


class Counts:
    def __init__(self, user):
        self.user = user

    @cached_property
    def unread(self):
        return preferences.unread_count(self.user)

    @cached_property
    def waiting(self):
        return lists.waiting_on(self.user).count()

    @property
    def poll_seconds(self):
        return settings.NOTIFY_POLL_SECONDS

    @property
    def polls(self):
        """How many times a page asks again before it stops (a tab left open for
        days does not poll for days): NOTIFY_POLL_FOR_SECONDS worth, or none."""
        if self.poll_seconds <= 0:
            return 0
        return max(1, settings.NOTIFY_POLL_FOR_SECONDS // self.poll_seconds)
