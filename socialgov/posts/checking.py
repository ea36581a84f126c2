"""How a submitted version reaches the engine.

With ``REDIS_URL`` each check is an RQ job on the ``checks`` queue, retried
with backoff; without it (the embedded default) the same job function runs
in-process. Either way it starts only once the submitting transaction has
committed, so the job always finds the rows it is given, and a Redis outage
at that moment loses nothing: the post stays in ``checking`` with a queued
CheckJob, and the reconciler enqueues it again once Redis is back.
"""

import logging
from functools import lru_cache

import redis
from django.conf import settings
from django.db import transaction
from rq import Queue, Retry
from rq.exceptions import DuplicateJobError, NoSuchJobError
from rq.job import Job, JobStatus

from socialgov.brands.models import rule_inputs
from socialgov.checks.engine import ENGINE_VERSION
from socialgov.posts.models import CheckJob

logger = logging.getLogger(__name__)

LIVE_STATUSES = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED}


def worker_enabled():
    """True when checks go to RQ workers: retries, reconciler and schedules work."""
    return bool(settings.REDIS_URL)


@lru_cache(maxsize=8)
def _connection(url):
    # Short timeouts: a submission must not hang because Redis is away.
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)


def redis_connection():
    return _connection(settings.REDIS_URL)


def checks_queue():
    return Queue(settings.CHECKS_QUEUE, connection=redis_connection(),
                 is_async=settings.CHECKS_ASYNC)


def check_key(version, rules_fingerprint):
    """Everything a check reads (the version, whose content hash covers its
    variants; the brand's rules, packs and clock; the engine), in a form RQ
    accepts inside a job id (no colons)."""
    return f"v{version.pk}-{version.content_hash[:16]}-{rules_fingerprint}-e{ENGINE_VERSION}"


def request_check(post):
    """Record a new attempt at checking the post's current version and enqueue
    it once the surrounding transaction commits."""
    version = post.current_version
    attempt = CheckJob.objects.filter(version=version).count() + 1
    fingerprint = rule_inputs(post.brand).fingerprint
    job = CheckJob.objects.create(
        post=post,
        version=version,
        attempt=attempt,
        job_id=f"{settings.CHECKS_QUEUE}-{check_key(version, fingerprint)}-a{attempt}",
    )
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


def enqueue(check_job_id):
    from socialgov.posts import jobs

    check_job = CheckJob.objects.get(pk=check_job_id)
    args = (check_job.post_id, check_job.version_id, check_job.pk)
    if not worker_enabled():
        try:
            jobs.check_version(*args)
        except Exception:
            # Recorded on the CheckJob: the post shows "Check failed" and a
            # retry button; the request that submitted it still succeeds.
            logger.exception("in-process check %s failed", check_job.job_id)
        return
    intervals = settings.CHECKS_RETRY_INTERVALS
    try:
        checks_queue().enqueue(
            jobs.check_version,
            *args,
            job_id=check_job.job_id,
            retry=Retry(max=len(intervals), interval=intervals) if intervals else None,
            job_timeout=settings.CHECKS_JOB_TIMEOUT,
            result_ttl=3600,
            failure_ttl=7 * 24 * 3600,
            unique=settings.CHECKS_ASYNC,
        )
    except DuplicateJobError:
        pass  # this very attempt is already on the queue
    except redis.exceptions.RedisError:
        # The submission stands; the reconciler enqueues it when Redis is back.
        logger.warning("could not enqueue %s; the reconciler will", check_job.job_id,
                       exc_info=True)


def job_is_live(job_id):
    try:
        status = Job.fetch(job_id, connection=redis_connection()).get_status()
    except NoSuchJobError:
        return False
    return status in LIVE_STATUSES
