"""Re-checking a brand's live posts after its rules or watch words changed.

The posts in `checking`, `in_review`, `approved` and `paused` are split into
chunks, each an RQ job on the checks queue (in-process at commit without
REDIS_URL). A RecheckBatch counts them for the progress bar of the person who
made the change.
"""

import logging
from datetime import timedelta

import redis
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from socialgov.brands.models import RecheckBatch
from socialgov.posts import checking
from socialgov.posts.models import Post
from socialgov.posts.workflow import RECHECK_STATES

logger = logging.getLogger(__name__)

CHUNK = 50


def start(brand, user, reason=""):
    """Record a re-check of the brand's live posts and start it once the
    surrounding transaction commits. Returns the batch."""
    ids = list(
        Post.objects.filter(brand=brand, state__in=RECHECK_STATES)
        .order_by("pk").values_list("pk", flat=True)
    )
    batch = RecheckBatch.objects.create(
        brand=brand, requested_by=user, reason=reason[:300], total=len(ids),
        finished_at=None if ids else timezone.now(),
    )
    if ids:
        transaction.on_commit(lambda: enqueue(batch.pk, ids))
    return batch


def chunks(ids, size=CHUNK):
    return [ids[i:i + size] for i in range(0, len(ids), size)]


def enqueue(batch_id, ids):
    from socialgov.posts import jobs

    if not checking.worker_enabled():
        for chunk in chunks(ids):
            try:
                jobs.recheck_posts(batch_id, chunk)
            except Exception:
                logger.exception("in-process re-check of batch %s failed", batch_id)
        return
    queue = checking.checks_queue()
    try:
        for chunk in chunks(ids):
            queue.enqueue(jobs.recheck_posts, batch_id, chunk,
                          job_timeout=max(settings.CHECKS_JOB_TIMEOUT, 300),
                          result_ttl=3600, failure_ttl=7 * 24 * 3600)
    except redis.exceptions.RedisError:
        logger.warning("could not enqueue the re-check of batch %s", batch_id, exc_info=True)


def latest_for(brand, user):
    """The last re-check this person started for the brand, shown while it
    runs and for a while after."""
    since = timezone.now() - timedelta(hours=1)
    return RecheckBatch.objects.filter(brand=brand, requested_by=user,
                                       created_at__gte=since).first()
