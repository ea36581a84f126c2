"""What the status pages read: a post's check, the workers and the queue.

Nothing here changes anything. Redis being away is an answer, not an error:
the pages say so instead of failing.
"""

import logging
from datetime import datetime

import redis
from django.db.models import Exists, F, OuterRef, Sum
from django.utils.translation import gettext_lazy as _
from rq import Worker

from socialgov.posts import pipeline
from socialgov.posts.models import CheckJob, CheckJobStatus, State

logger = logging.getLogger(__name__)

# RQ's worker states, as people read them.
WORKER_STATES = {
    "idle": _("idle"),
    "busy": _("busy"),
    "started": _("starting"),
    "suspended": _("suspended"),
}


def post_check(post):
    """The check of a post in `checking`, as its status region shows it.

    ``failures`` counts the executions of this version's check that raised so
    far (RQ's retries and "Retry check" included); ``attempt`` is the number of
    the execution now pending; ``error`` is the last error met.
    """
    job = post.check_job
    jobs = CheckJob.objects.filter(version_id=post.current_version_id)
    failures = jobs.aggregate(total=Sum("failures"))["total"] or 0
    last_error = (
        jobs.exclude(error="").order_by("-updated_at", "-pk").values_list("error", flat=True)
        .first()
    )
    failed = job is not None and job.status == CheckJobStatus.FAILED
    return {
        "job": job,
        "failed": failed,
        "failures": failures,
        "attempt": failures + 1,
        "error": (job.error if failed and job.error else last_error) or "",
        "embedded": not pipeline.worker_enabled(),
    }


def failed_checks(brands):
    """The latest check of each post still in `checking` that gave up, for
    these brands: each waits for a person's "Retry check"."""
    newer = CheckJob.objects.filter(version=OuterRef("version"), attempt__gt=OuterRef("attempt"))
    return (
        CheckJob.objects.filter(
            status=CheckJobStatus.FAILED,
            post__state=State.CHECKING,
            post__brand__in=brands,
            version_id=F("post__current_version_id"),
        )
        .exclude(Exists(newer))
        .select_related("post", "post__brand", "version")
        .order_by("-updated_at", "-pk")
    )


def service():
    """Workers, queue and reconciler, read from Redis.

    Returns a dict with ``embedded`` (no worker configured: nothing to read),
    ``reachable`` and, when Redis answered, ``workers``, ``queue`` and
    ``reconciler``.
    """
    if not pipeline.worker_enabled():
        return {"embedded": True, "reachable": False}
    try:
        connection = pipeline.redis_connection()
        queue = pipeline.checks_queue()
        workers = [
            {
                "name": worker.name,
                "state": _worker_state(worker),
                "queues": worker.queue_names(),
                "last_heartbeat": worker.last_heartbeat,
            }
            for worker in Worker.all(connection=connection)
        ]
        depth = {
            "name": queue.name,
            "queued": queue.count,
            "scheduled": queue.scheduled_job_registry.count,
            "failed": queue.failed_job_registry.count,
        }
    except (redis.exceptions.RedisError, OSError) as error:
        logger.warning("the status page could not read Redis: %s", error)
        return {"embedded": False, "reachable": False}
    return {
        "embedded": False,
        "reachable": True,
        "workers": sorted(workers, key=lambda w: w["name"]),
        "queue": depth,
        "reconciler": _reconciler_run(),
    }


def _worker_state(worker):
    state = worker.get_state()
    state = getattr(state, "value", state)  # a WorkerStatus, or its text
    return WORKER_STATES.get(state, state)


def _reconciler_run():
    run = pipeline.last_run()
    if run is None:
        return None
    at = run.get("at")
    try:
        run["at"] = datetime.fromisoformat(at) if at else None
    except ValueError:
        run["at"] = None
    return run
