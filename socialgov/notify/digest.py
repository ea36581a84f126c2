"""Daily digests: the scheduler asks on each tick who is due one.

A person is due their digest once it is their chosen hour (or later) of the
day in their time zone, and a notice waits for the digest that came before
today's hour (a later one waits for tomorrow's). Each person due is claimed
for that day by a unique row (``Digest``) before their job is handed to the
worker (in-process in the embedded mode): two ticks, or two schedulers at
once, never send anyone a second digest the same day.
"""

import zoneinfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils import timezone

from socialgov.notify.jobs import run, send_digest
from socialgov.notify.kinds import Channel
from socialgov.notify.models import DEFAULT_DIGEST_HOUR, Digest, Notice


def _zone(name):
    try:
        return zoneinfo.ZoneInfo(name or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def due(now):
    """[(user id, day)] of the people whose digest is due at ``now``, not yet claimed."""
    waiting = (Notice.objects.filter(delivery=Channel.DIGEST, emailed_at__isnull=True)
               .values("recipient_id", "recipient__notice_settings__digest_hour",
                       "recipient__notice_settings__time_zone")
               .annotate(oldest=Min("created_at")))
    people = []
    for row in waiting:
        hour = row["recipient__notice_settings__digest_hour"]
        hour = DEFAULT_DIGEST_HOUR if hour is None else hour
        local = now.astimezone(_zone(row["recipient__notice_settings__time_zone"]))
        if local.hour < hour:
            continue
        todays = local.replace(hour=hour, minute=0, second=0, microsecond=0)
        if row["oldest"] >= todays:
            continue  # came after today's digest: tomorrow's
        people.append((row["recipient_id"], local.date()))
    return people


def claim(user_id, day):
    """Take ``day``'s digest of this person; False when someone already has."""
    try:
        with transaction.atomic():
            Digest.objects.create(user_id=user_id, day=day)
    except IntegrityError:
        return False
    return True


def send_due(now=None):
    """Hand the digests due at ``now`` to the worker (in-process when embedded).
    Returns how many were claimed."""
    now = now or timezone.now()
    count = 0
    for user_id, day in due(now):
        if claim(user_id, day):
            run(send_digest, user_id, day)
            count += 1
    return count
