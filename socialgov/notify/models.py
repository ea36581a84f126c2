"""Notices: what a person is told of an event, and how they want to be told.

A Notice is written by the notification job (socialgov/notify/jobs.py) once
the event's transaction has committed, one per event and person at most. It
holds no sentence: the page and the e-mails tell the event when they are read
or sent, in the reader's language.
"""

import zoneinfo

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from socialgov.brands.models import validate_time_zone
from socialgov.notify.kinds import DEFAULT_CHANNELS, Channel, Kind

# The site's languages, named in the reader's language.
LANGUAGES = settings.LANGUAGES
DEFAULT_DIGEST_HOUR = 8


class Notice(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="notices")
    event = models.ForeignKey("audit.AuditEvent", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    brand = models.ForeignKey("brands.Brand", on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+")
    # The channel chosen when the notice was written: in-app only, at once, or the digest.
    delivery = models.CharField(max_length=10, choices=Channel.choices, default=Channel.IN_APP)
    # The page the notice opens (a path on this site), worked out for the recipient.
    url = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # When its e-mail (at once, or in a digest) was handed to the mail backend.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            # A job run twice (a retry, two workers) never tells anyone twice.
            models.UniqueConstraint(fields=["event", "recipient"], name="one_notice_per_event"),
        ]
        indexes = [
            # The list, newest first.
            models.Index(fields=["recipient", "-created_at", "-id"], name="notice_recent"),
            # The header's unread count: only the unread rows are in it.
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True),
                         name="notice_unread"),
            # The digests still to send.
            models.Index(fields=["recipient", "created_at"],
                         condition=models.Q(delivery="digest", emailed_at__isnull=True),
                         name="notice_digest_pending"),
        ]

    def __str__(self):
        return f"{self.kind} for {self.recipient_id} (event {self.event_id})"

    @property
    def unread(self):
        return self.read_at is None


class NoticeSettings(models.Model):
    """A person's language for e-mails, and when their daily digest goes."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                primary_key=True, related_name="notice_settings")
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES, default="en")
    digest_hour = models.PositiveSmallIntegerField(
        _("daily digest at"), default=DEFAULT_DIGEST_HOUR, validators=[MaxValueValidator(23)])
    time_zone = models.CharField(_("time zone"), max_length=64, default=settings.TIME_ZONE,
                                 validators=[validate_time_zone])

    class Meta:
        verbose_name = _("notice settings")
        verbose_name_plural = _("notice settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(digest_hour__lte=23),
                                   name="digest_hour_of_the_day"),
        ]

    def __str__(self):
        return f"{self.user_id}: {self.language}, digest at {self.digest_hour} {self.time_zone}"

    @property
    def tz(self):
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)


class KindPreference(models.Model):
    """The channel a person chose for one kind of notice (none: DEFAULT_CHANNELS)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_channel_per_kind"),
        ]

    def __str__(self):
        return f"{self.user_id}: {self.kind} by {self.channel}"


def channels_of(user_ids, kinds):
    """{(user id, kind): channel} for the given people and kinds, defaults
    filled in. One query whatever their number."""
    chosen = {
        (user_id, kind): channel
        for user_id, kind, channel in KindPreference.objects.filter(
            user_id__in=user_ids, kind__in=kinds).values_list("user_id", "kind", "channel")
    }
    return {(user_id, kind): chosen.get((user_id, kind), DEFAULT_CHANNELS[kind])
            for user_id in user_ids for kind in kinds}


class Digest(models.Model):
    """A person's daily digest, claimed for a day (in their time zone) before it
    is sent: the unique row is what keeps two scheduler ticks, or two
    schedulers, from sending a second one that day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    day = models.DateField()
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_digest_a_day"),
        ]

    def __str__(self):
        return f"digest of {self.user_id} for {self.day}"
