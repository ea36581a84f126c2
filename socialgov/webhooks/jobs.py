"""Delivering webhooks: after the event commits, never in the request.

``on_committed`` hears every event (socialgov/audit: ``signals.committed``);
a post's event that a receiver may want (``event_type``) goes to ``fan_out``,
run as notify's jobs are (``run``: an RQ job on WEBHOOKS_QUEUE with REDIS_URL,
else in-process right after the commit, as when Redis is away; it only writes
rows).
``fan_out`` writes one pending delivery per active endpoint of the brand that
wants the event and hands each to the worker (``dispatch``).

``attempt`` makes one HTTP attempt of a delivery and logs it on its row (why it
failed as a code and its values, problems.py, made a sentence when read). A
name not resolved, a connection error, a time-out, 429 or 5xx is tried again
after the next of WEBHOOKS_RETRY_INTERVALS (a new row, attempt n + 1, sent by
RQ's scheduler through ``enqueue_in``: the workers run ``--with-scheduler``);
any other answer is final, and so is a target refused as private (targets.py).

Without Redis (or when it is away), nothing is sent from the request: the
scheduler (``manage.py run_scheduler``, SCHEDULED_TASKS) sends what is due
each pass (``send_due``), and takes up, with Redis, what is overdue by
WEBHOOKS_SWEEP_GRACE seconds (a job lost with Redis). An attempt takes its row
before it sends (``started_at``), so two runs of the same attempt never both
send; one cut short (its worker died) is freed by the scheduler and made again,
which is why receivers dedupe on the delivery's id.

"submitted" means the post entered the review queue (the check passed, or the
author asked for a waiver): SUBMIT itself only starts the check, and a post
the check sends back never reaches the approvers.
"""

import hashlib
import logging
import uuid
from datetime import timedelta

import redis
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from rq import Queue, Retry

from socialgov.audit.models import Action, AuditEvent
from socialgov.posts import pipeline
from socialgov.posts.models import State
from socialgov.webhooks import payloads, problems, sending, signing, targets
from socialgov.webhooks.models import Delivery, DeliveryState, Endpoint, Event

logger = logging.getLogger(__name__)

EVENT_OF_ACTION = {
    Action.APPROVE: Event.APPROVED,
    Action.REJECT: Event.REJECTED,
    Action.PAUSE: Event.PAUSED,
    Action.PUBLISH: Event.PUBLISHED,
}
DELIVERY_NAMESPACE = uuid.UUID("5b0f3f7e-3c57-4f6e-9d5e-2f0c8f1f4a11")
RETRIED_STATUSES = frozenset({408, 425, 429})


def event_type(event):
    """The webhook event ``event`` (an AuditEvent) is, or None."""
    if event.post_id is None or event.brand_id is None:
        return None
    if event.to_state == State.IN_REVIEW and event.from_state != State.IN_REVIEW:
        return Event.SUBMITTED
    return EVENT_OF_ACTION.get(event.action)


def on_committed(sender, event, **kwargs):
    # One indexed look-up spares a job for each event of the many brands without webhooks.
    if event_type(event) is not None and Endpoint.objects.filter(
            brand_id=event.brand_id, active=True).exists():
        run(fan_out, event.pk)


def run(job, *args):
    """Run ``job`` in the worker when there is one, else here and now; never raise."""
    if settings.REDIS_URL:
        try:
            _queue().enqueue(job, *args, job_timeout=120, result_ttl=3600,
                             failure_ttl=7 * 24 * 3600, retry=Retry(max=2, interval=[10, 60]))
            return
        except redis.exceptions.RedisError:
            # Redis is away: write the deliveries from here; the scheduler sends them.
            logger.warning("could not enqueue %s%s; running it in-process", job.__name__, args,
                           exc_info=True)
    try:
        job(*args)
    except Exception:
        logger.exception("webhook job %s%s failed", job.__name__, args)


def _queue():
    return Queue(settings.WEBHOOKS_QUEUE, connection=pipeline.redis_connection(),
                 is_async=settings.CHECKS_ASYNC)


def dispatch(delivery_pk, delay=0):
    """Have the worker attempt the delivery (after ``delay`` seconds). Without a
    worker to hand it to, the scheduler's pass sends it (``send_due``)."""
    if not settings.REDIS_URL:
        return
    options = {"job_timeout": settings.WEBHOOKS_TIMEOUT * 4 + 30, "result_ttl": 3600,
               "failure_ttl": 7 * 24 * 3600}
    try:
        queue = _queue()
        if not delay:
            queue.enqueue(attempt, delivery_pk, **options)
        elif queue.is_async:
            queue.enqueue_in(timedelta(seconds=delay), attempt, delivery_pk, **options)
        # RQ's synchronous mode cannot wait: the scheduler's pass sends it when due.
    except redis.exceptions.RedisError:
        logger.warning("could not enqueue webhook delivery %s; the scheduler will send it",
                       delivery_pk, exc_info=True)


def new_delivery(endpoint, event_type, text, *, event=None, uid=None):
    return Delivery(endpoint=endpoint, event=event, event_type=event_type,
                    uid=uid or uuid.uuid4(), body=text, body_sha256=digest(text),
                    next_retry_at=timezone.now())


def digest(text):
    """A delivery body's SHA-256, as ``Delivery.body_sha256`` keeps it."""
    return hashlib.sha256(text.encode()).hexdigest()


def fan_out(event_id):
    """One pending delivery per endpoint that wants ``event``; safe to run twice
    (a delivery's uid is made of the event's and the endpoint's). Returns how many."""
    event = (AuditEvent.objects.select_related("brand", "post__current_version", "version")
             .filter(pk=event_id).first())
    if event is None or event.brand is None:
        return 0
    kind_of_event = event_type(event)
    endpoints = [endpoint for endpoint in event.brand.webhooks.filter(active=True)
                 if endpoint.wants(kind_of_event)]
    if kind_of_event is None or not endpoints:
        return 0
    body = payloads.event_body(event, kind_of_event)
    texts = {}
    deliveries = []
    for endpoint in endpoints:
        if endpoint.kind not in texts:
            texts[endpoint.kind] = payloads.for_endpoint(endpoint.kind, body, event.brand)
        deliveries.append(new_delivery(
            endpoint, kind_of_event, texts[endpoint.kind], event=event,
            uid=uuid.uuid5(DELIVERY_NAMESPACE, f"{event.pk}:{endpoint.pk}")))
    Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    waiting = Delivery.objects.filter(uid__in=[d.uid for d in deliveries], attempt=1,
                                      started_at__isnull=True).values_list("pk", flat=True)
    for pk in waiting:
        dispatch(pk)
    return len(deliveries)


def _retryable(outcome):
    if outcome.status_code is None:
        return outcome.error_code in problems.RETRIED
    return outcome.status_code >= 500 or outcome.status_code in RETRIED_STATUSES


def _headers(delivery, body):
    return {
        "Content-Type": "application/json",
        "User-Agent": "SocialGov-Webhooks/1",
        "X-SocialGov-Event": delivery.event_type,
        "X-SocialGov-Delivery": str(delivery.uid),
        "X-SocialGov-Attempt": str(delivery.attempt),
        signing.HEADER: signing.header(delivery.endpoint.secret, body),
    }


def _send(delivery):
    """The outcome of one HTTP attempt of ``delivery`` (never raises for the
    network), or the Problem that kept it from being made."""
    target = targets.parse(delivery.endpoint.url)
    refused = targets.url_refused(delivery.endpoint.url)
    if refused is not None:
        raise refused
    address = targets.resolve(target)
    body = delivery.body.encode()
    return sending.post(target, address, body, _headers(delivery, body),
                        settings.WEBHOOKS_TIMEOUT)


def _attempted(delivery):
    """(outcome, state, whether to try again) of one attempt of ``delivery``."""
    try:
        if not delivery.endpoint.active:
            raise targets.TargetRefused(problems.TURNED_OFF)
        outcome = _send(delivery)
    except problems.Problem as problem:
        outcome = sending.Outcome.of(problem)
    if outcome.status_code is not None and 200 <= outcome.status_code < 300:
        return outcome, DeliveryState.SUCCEEDED, False
    if not _retryable(outcome):
        return outcome, DeliveryState.FAILED, False
    if delivery.attempt > len(settings.WEBHOOKS_RETRY_INTERVALS):
        return outcome, DeliveryState.GAVE_UP, False
    return outcome, DeliveryState.FAILED, True


def attempt(delivery_pk):
    """Make one attempt of a pending delivery and log it; schedule the next one when
    the failure may pass. Returns the row's state (None: not this run's to make)."""
    taken = Delivery.objects.filter(pk=delivery_pk, state=DeliveryState.PENDING,
                                    started_at__isnull=True).update(started_at=timezone.now())
    if not taken:
        return None
    delivery = Delivery.objects.select_related("endpoint__brand").get(pk=delivery_pk)
    outcome, delivery.state, retry = _attempted(delivery)
    delivery.status_code = outcome.status_code
    delivery.response_excerpt = outcome.excerpt[:500]
    delivery.error_code = outcome.error_code
    delivery.error_params = outcome.error_params
    delivery.error = outcome.error_detail[:300]
    delivery.duration_ms = outcome.duration_ms
    delivery.delivered_at = timezone.now()
    delivery.next_retry_at = None
    next_one = None
    with transaction.atomic():
        if retry:
            delay = settings.WEBHOOKS_RETRY_INTERVALS[delivery.attempt - 1]
            delivery.next_retry_at = delivery.delivered_at + timedelta(seconds=delay)
            next_one = Delivery.objects.create(
                endpoint=delivery.endpoint, event_id=delivery.event_id,
                event_type=delivery.event_type, uid=delivery.uid, attempt=delivery.attempt + 1,
                body=delivery.body, body_sha256=delivery.body_sha256,
                next_retry_at=delivery.next_retry_at)
        delivery.save(update_fields=["state", "status_code", "response_excerpt", "error_code",
                                     "error_params", "error",
                                     "duration_ms", "delivered_at", "next_retry_at"])
    if next_one is not None:
        dispatch(next_one.pk, delay=delay)
    return delivery.state


def _interrupted_after():
    """An attempt taken longer ago than this was cut short (its job was killed
    after its timeout, or its worker died) and may be made again: receivers dedupe."""
    return timedelta(seconds=settings.WEBHOOKS_TIMEOUT * 4 + 60)


def send_due(now):
    """The scheduler's pass: attempt the pending deliveries that are due (with
    Redis, only those overdue by WEBHOOKS_SWEEP_GRACE: the worker has the others),
    after freeing the attempts that were cut short. Returns how many it attempted."""
    Delivery.objects.filter(state=DeliveryState.PENDING,
                            started_at__lt=now - _interrupted_after()).update(started_at=None)
    grace = settings.WEBHOOKS_SWEEP_GRACE if settings.REDIS_URL and settings.CHECKS_ASYNC else 0
    due = (Delivery.objects.filter(state=DeliveryState.PENDING, started_at__isnull=True,
                                   next_retry_at__lte=now - timedelta(seconds=grace))
           .order_by(F("next_retry_at").asc(), "pk")
           .values_list("pk", flat=True)[:settings.WEBHOOKS_SWEEP_BATCH])
    return sum(attempt(pk) is not None for pk in list(due))


def forget_old(now):
    """Delete the log's attempts older than WEBHOOKS_LOG_DAYS (their bodies hold the
    posts' texts). Returns how many."""
    deleted, _by_model = (Delivery.objects
                          .filter(created_at__lt=now - timedelta(days=settings.WEBHOOKS_LOG_DAYS))
                          .exclude(state=DeliveryState.PENDING).delete())
    return deleted
