"""A brand's outgoing webhooks: the endpoints its admins name, and every attempt
to deliver an event to one of them (the delivery log).

A delivery is one event sent to one endpoint; it has one ``uid`` (the
``X-SocialGov-Delivery`` header, on which receivers dedupe) and one row per
attempt. An attempt's state:

- pending: waiting for its turn (the worker, or ``next_retry_at``);
- succeeded: the receiver answered 2xx;
- failed: not delivered; when ``next_retry_at`` is set another attempt follows
  (a name not resolved, connection errors, time-outs, 429 and 5xx), else it will
  not be retried (any other answer, or a target refused as private);
- gave_up: not delivered at the last attempt allowed.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

SECRET_PREFIX = "whsec_"


def new_secret():
    return SECRET_PREFIX + secrets.token_urlsafe(32)


class Kind(models.TextChoices):
    JSON = "json", _("Signed JSON webhook")
    SLACK = "slack", _("Slack-compatible incoming webhook")


class Event(models.TextChoices):
    # "submitted": the post entered the review queue (see jobs.event_type).
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    PAUSED = "paused", _("Paused")
    PUBLISHED = "published", _("Published")


TEST_EVENT = "test"


class Endpoint(models.Model):
    brand = models.ForeignKey("brands.Brand", on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(_("address"), max_length=500)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.JSON)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(max_length=80, default=new_secret)
    active = models.BooleanField(_("sends events"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self):
        return self.url

    def wants(self, event_type):
        return self.active and event_type in self.events

    @property
    def event_labels(self):
        return [Event(value).label for value in Event.values if value in self.events]


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    GAVE_UP = "gave_up", _("Gave up")


class Delivery(models.Model):
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    uid = models.UUIDField(default=uuid.uuid4, db_index=True)
    event = models.ForeignKey("audit.AuditEvent", on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+")
    event_type = models.CharField(max_length=20)
    attempt = models.PositiveSmallIntegerField(default=1)
    body = models.TextField()
    body_sha256 = models.CharField(max_length=64)
    state = models.CharField(max_length=10, choices=DeliveryState.choices,
                             default=DeliveryState.PENDING)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_excerpt = models.CharField(max_length=500, blank=True)
    # Why no answer came, as data (problems.py makes the sentence when the log is
    # read, in the reader's language); ``error`` keeps the technical text behind it.
    error_code = models.CharField(max_length=30, blank=True)
    error_params = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when an attempt takes the row (once: a job run twice sends once).
    started_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # When this attempt is due (a retry), or when the next one is (a failed attempt).
    next_retry_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            models.Index(fields=["endpoint", "-created_at"], name="webhook_log"),
            models.Index(fields=["state", "next_retry_at"], name="webhook_due"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["uid", "attempt"], name="webhook_attempt_once"),
        ]

    def __str__(self):
        return f"{self.event_type} #{self.attempt} → {self.endpoint_id}: {self.state}"
