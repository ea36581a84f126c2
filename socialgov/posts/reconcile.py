"""The reconciler: no post stays in `checking` because its job was lost.

A job can be lost when Redis was down at submission, when Redis restarted
and forgot its queue, or when a worker died mid-job. One scheduler process
(`manage.py run_scheduler`) runs this every RECONCILE_INTERVAL seconds.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from socialgov.posts import checking, recheck, workflow
from socialgov.posts.models import CheckJobStatus, Post, State

logger = logging.getLogger(__name__)

LAST_RUN_KEY = "socialgov:reconciler:last-run"
# Lost jobs re-enqueued this many times without a result count as failed:
# something is wrong with the post itself, and a person should look.
MAX_ATTEMPTS = 6


def reconcile(grace_seconds=None):
    """Re-enqueue every post in `checking` that has no live job. Returns a summary."""
    grace = timedelta(seconds=settings.RECONCILE_GRACE if grace_seconds is None
                      else grace_seconds)
    now = timezone.now()
    summary = {"checked": 0, "requeued": 0, "failed": 0}
    posts = Post.objects.filter(state=State.CHECKING).select_related("brand", "current_version")
    for post in posts:
        summary["checked"] += 1
        job = post.check_job
        if job is not None and job.status == CheckJobStatus.FAILED:
            continue  # waits for a person's "Retry check"
        if job is not None and job.status == CheckJobStatus.QUEUED:
            if now - job.updated_at < grace or checking.job_is_live(job.job_id):
                continue
            if job.attempt >= MAX_ATTEMPTS:
                job.status = CheckJobStatus.FAILED
                job.error = job.error or "the job was lost too many times"
                job.save()
                workflow.check_failed(post, job)
                summary["failed"] += 1
                continue
        reason = "no job" if job is None else f"{job.job_id} is {job.status} but not running"
        if workflow.requeue_check(post, reason) is not None:
            summary["requeued"] += 1
    summary["rechecks_resumed"] = recheck.resume_stalled(grace)
    _record_run(now, summary)
    return summary


def _record_run(when, summary):
    try:
        checking.redis_connection().hset(
            LAST_RUN_KEY, mapping={"at": when.isoformat(), **summary}
        )
    except Exception:
        logger.warning("could not record the reconciler's run", exc_info=True)


def last_run():
    """When the reconciler last ran and what it did, or None."""
    try:
        raw = checking.redis_connection().hgetall(LAST_RUN_KEY)
    except Exception:
        return None
    if not raw:
        return None
    data = {key.decode(): value.decode() for key, value in raw.items()}
    return {"at": data.get("at"), **{k: int(v) for k, v in data.items() if k != "at"}}
