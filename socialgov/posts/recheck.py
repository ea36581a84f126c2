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


def job_ids(batch):
    """The RQ job ids of a batch's chunks: the reconciler looks them up."""
    count = -(-batch.total // CHUNK)
    return [f"{settings.CHECKS_QUEUE}-recheck-b{batch.pk}-c{n}" for n in range(count)]


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
        for n, chunk in enumerate(chunks(ids)):
            queue.enqueue(jobs.recheck_posts, batch_id, chunk,
                          job_id=f"{settings.CHECKS_QUEUE}-recheck-b{batch_id}-c{n}",
                          job_timeout=max(settings.CHECKS_JOB_TIMEOUT, 300),
                          result_ttl=3600, failure_ttl=7 * 24 * 3600)
    except redis.exceptions.RedisError:
        logger.warning("could not enqueue the re-check of batch %s", batch_id, exc_info=True)


def resume_stalled(grace):
    """Start again every unfinished batch that has no live chunk job left (Redis
    was down when it was queued, or lost it). Re-checking a post twice is
    harmless: results are stored under their check key. Returns how many."""
    resumed = 0
    stalled = RecheckBatch.objects.filter(finished_at__isnull=True,
                                          created_at__lt=timezone.now() - grace)
    for batch in stalled.select_related("brand"):
        if any(checking.job_is_live(job_id) for job_id in job_ids(batch)):
            continue
        ids = list(
            Post.objects.filter(brand=batch.brand, state__in=RECHECK_STATES)
            .order_by("pk").values_list("pk", flat=True)
        )
        RecheckBatch.objects.filter(pk=batch.pk).update(
            total=len(ids), done=0, finished_at=None if ids else timezone.now()
        )
        if ids:
            enqueue(batch.pk, ids)
        resumed += 1
    return resumed


def latest_for(brand, user):
    """The last re-check this person started for the brand, shown while it
    runs and for a while after."""
    since = timezone.now() - timedelta(hours=1)
    return RecheckBatch.objects.filter(brand=brand, requested_by=user,
                                       created_at__gte=since).first()
