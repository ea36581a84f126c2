"""Reminders and warnings the scheduler sends before anything is late.

Nothing here changes a post: each reminder is an event (``review_reminder``,
``expiry_warning``) recorded once, which the notifications read to tell the
people concerned. An event is the only memory of what was sent, so two
schedulers, or one that was down for a while, send each reminder once:

- the approvers of a post in review are reminded at each of the brand's
  ``reminder_hours`` after the round opened (the submission), until the post is
  decided; after an outage only the latest reminder due is sent, not a burst;
- when a post that can still expire (``moves.MOVES["expire"].sources``) is
  within the brand's ``escalation_margin_hours`` of its planned time, its
  author, the approvers who can decide it and the brand admins are warned,
  once per planned time. Expiry records the warning first if it was never
  sent (a post planned within one scheduler interval), so nothing expires
  without its people having been told.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from socialgov.audit.events import record
from socialgov.audit.models import Action, AuditEvent
from socialgov.brands.models import Brand
from socialgov.posts.models import Post, ReviewRound, State, Turn
from socialgov.posts.moves import MOVES


def _locked(post_id):
    return (Post.objects.select_for_update(of=("self",))
            .select_related("brand", "current_version").get(pk=post_id))


def due_reminder(hours, opened_at, now, already):
    """The reminder (in hours after ``opened_at``) to send now, or None.

    ``hours`` is the brand's list, ``already`` the largest one sent so far for
    this round (0 if none): only the latest threshold passed is sent.
    """
    elapsed = now - opened_at
    passed = [h for h in sorted(set(hours)) if timedelta(hours=h) <= elapsed]
    if not passed or passed[-1] <= already:
        return None
    return passed[-1]


def remind_approvers(now=None):
    """Record the review reminders due now. Returns how many were recorded."""
    now = now or timezone.now()
    rounds = list(
        ReviewRound.objects.filter(
            closed_at__isnull=True, post__state=State.IN_REVIEW, post__archived_at__isnull=True,
            started_at__lte=now - timedelta(hours=1),
        ).values_list("pk", "post_id", "started_at", "post__brand__reminder_hours")
    )
    if not rounds:
        return 0
    sent = _largest_sent(Action.REVIEW_REMINDER, "round", "hours", [pk for pk, *_ in rounds])
    count = 0
    for round_id, post_id, started_at, hours in rounds:
        if due_reminder(hours or (), started_at, now, sent.get(round_id, 0)) is None:
            continue
        with transaction.atomic():
            post = _locked(post_id)
            review_round = ReviewRound.objects.filter(pk=round_id, closed_at__isnull=True).first()
            if post.state != State.IN_REVIEW or review_round is None:
                continue  # decided meanwhile
            already = _largest_sent(Action.REVIEW_REMINDER, "round", "hours", [round_id],
                                    post_id=post_id).get(round_id, 0)
            reminder = due_reminder(post.brand.reminder_hours or (), started_at, now, already)
            if reminder is None:
                continue
            record(Action.REVIEW_REMINDER, post=post, from_state=post.state,
                   to_state=post.state, round=round_id, hours=reminder,
                   step=review_round.current_step_id)
            count += 1
    return count


def _largest_sent(action, key, value, ids, post_id=None):
    """{id: largest value} over the events of ``action`` whose data[key] is in ids."""
    events = AuditEvent.objects.filter(action=action)
    if post_id is not None:
        events = events.filter(post_id=post_id)
    largest = {}
    for data in events.filter(**{f"data__{key}__in": ids}).values_list("data", flat=True):
        largest[data[key]] = max(largest.get(data[key], 0), data.get(value, 0))
    return largest


def _expiring(now, horizon):
    return Post.objects.current().filter(
        state__in=MOVES["expire"].sources,
        current_version__planned_at__isnull=False,
        current_version__planned_at__lte=horizon,
    )


def _warned(post_ids):
    """{post id: the planned times (ISO) already warned about}."""
    warned = {}
    for post_id, data in (AuditEvent.objects.filter(action=Action.EXPIRY_WARNING,
                                                    post_id__in=post_ids)
                          .values_list("post_id", "data")):
        warned.setdefault(post_id, set()).add(data.get("expires_at"))
    return warned


def warn_before_expiry(post, now):
    """Record the warning that ``post`` (locked) will expire at its planned time,
    unless it was given for that time already. Returns True when recorded."""
    planned = post.current_version.planned_at
    expires_at = planned.isoformat()
    if expires_at in _warned([post.pk]).get(post.pk, set()):
        return False
    # Named now: when the warning comes with the expiry, the turns are gone by
    # the time the notifications read the event.
    deciders = sorted(set(Turn.objects.filter(post=post).values_list("user_id", flat=True)))
    record(Action.EXPIRY_WARNING, post=post, from_state=post.state, to_state=post.state,
           expires_at=expires_at, hours=post.brand.escalation_margin_hours, deciders=deciders)
    return True


def warn_expiring(now=None):
    """Record the expiry warnings due now. Returns how many were recorded."""
    now = now or timezone.now()
    widest = Brand.objects.aggregate(widest=Max("escalation_margin_hours"))["widest"] or 0
    candidates = list(
        _expiring(now, now + timedelta(hours=widest))
        .filter(current_version__planned_at__gt=now)
        .values_list("pk", "current_version__planned_at", "brand__escalation_margin_hours")
    )
    warned = _warned([pk for pk, *_ in candidates])
    count = 0
    for post_id, planned, margin in candidates:
        if planned - timedelta(hours=margin) > now:
            continue
        if planned.isoformat() in warned.get(post_id, set()):
            continue
        with transaction.atomic():
            post = _locked(post_id)
            version = post.current_version
            if (post.state not in MOVES["expire"].sources or post.archived_at is not None
                    or version.planned_at is None or version.planned_at <= now):
                continue
            if warn_before_expiry(post, now):
                count += 1
    return count
