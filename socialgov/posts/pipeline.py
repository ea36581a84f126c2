"""The check pipeline: asking for a check, the RQ jobs that run it, re-checks
after a rule change, and the reconciler that finds lost jobs.

With ``REDIS_URL`` each check is an RQ job on the ``checks`` queue, retried
with backoff; without it (the embedded default) the same job function runs
in-process. Either way it starts only once the submitting transaction has
committed, so the job always finds the rows it is given, and a Redis outage
at that moment loses nothing: the post stays in ``checking`` with a queued
CheckJob, and the reconciler enqueues it again once Redis is back.

A job reloads its rows from ids, runs the engine outside any transaction,
then stores the result and hands it to the system's moves
(socialgov/posts/system.py) in one transaction. Safe to run twice, even at
once: results are stored under their check key, and the moves ignore a post
that has moved on.
"""

import logging
import time
import traceback
from datetime import timedelta
from functools import lru_cache

import redis
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from rq import Queue, Retry, get_current_job
from rq.exceptions import DuplicateJobError, NoSuchJobError
from rq.job import Job, JobStatus
from rq.worker import Worker

from socialgov.audit.events import record
from socialgov.brands.models import RecheckBatch, Rule, rule_inputs
from socialgov.checks import checkers, engine
from socialgov.posts import attachments, content_mix, resemblance, system, variants
from socialgov.posts.models import (
    CheckJob,
    CheckJobStatus,
    CheckRun,
    Finding,
    Post,
    State,
)
from socialgov.posts.moves import INCOMPLETE, RECHECK_STATES
from socialgov.posts.worker import JobTimeout

logger = logging.getLogger(__name__)

WAITING_STATUSES = {JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED}
LAST_RUN_KEY = "socialgov:reconciler:last-run"
# Lost jobs re-enqueued this many times without a result count as failed:
# something is wrong with the post itself, and a person should look.
MAX_ATTEMPTS = 6
RECHECK_CHUNK = 50


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


# -- costly brands wait in a queue of their own ------------------------------------------
#
# A brand whose rules take long (many user-written patterns, say) must not
# starve the others: its checks go to the slow queue, which workers read only
# once the checks queue is empty, and which at most all workers but one read at
# once (socialgov/posts/worker.py). A brand is costly for CHECKS_COSTLY_TTL
# seconds after one of its checks took over CHECKS_COSTLY_SECONDS of engine
# time, or ran out of time on a first pass.

COSTLY_KEY = "socialgov:costly-brand:{queue}:{brand}"


def _costly_key(brand_id):
    # Per queue: two sites (or a test run) sharing one Redis judge their own brands.
    return COSTLY_KEY.format(queue=settings.CHECKS_QUEUE, brand=brand_id)


def slow_queue_name(name=None):
    return f"{name or settings.CHECKS_QUEUE}-slow"


def slow_queue():
    return Queue(slow_queue_name(), connection=redis_connection(),
                 is_async=settings.CHECKS_ASYNC)


def is_costly(brand_id):
    try:
        return bool(redis_connection().exists(_costly_key(brand_id)))
    except redis.exceptions.RedisError:
        return False


def forget_costly(brand_id):
    redis_connection().delete(_costly_key(brand_id))


def mark_costly(brand_id):
    try:
        redis_connection().set(_costly_key(brand_id), "1", ex=settings.CHECKS_COSTLY_TTL)
    except redis.exceptions.RedisError:
        logger.warning("could not mark brand %s as costly", brand_id, exc_info=True)


def check_key(version, rules_fingerprint):
    """Everything a check reads (the version, whose content hash covers its
    variants; the brand's rules, packs and clock; the engine), in a form RQ
    accepts inside a job id (no colons)."""
    return f"v{version.pk}-{version.content_hash[:16]}-{rules_fingerprint}-e{engine.ENGINE_VERSION}"


# -- asking for a check ------------------------------------------------------------------


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


def enqueue(check_job_id, slow=None):
    """Put the check on its queue: the slow one for a costly brand (``slow`` None:
    as the brand's recent checks say)."""
    check_job = CheckJob.objects.select_related("post").get(pk=check_job_id)
    args = (check_job.post_id, check_job.version_id, check_job.pk)
    if not worker_enabled():
        try:
            check_version(*args)
        except Exception:
            # Recorded on the CheckJob: the post shows "Check failed" and a
            # retry button; the request that submitted it still succeeds.
            logger.exception("in-process check %s failed", check_job.job_id)
        return
    intervals = settings.CHECKS_RETRY_INTERVALS
    if slow is None:
        slow = is_costly(check_job.post.brand_id)
    try:
        (slow_queue() if slow else checks_queue()).enqueue(
            check_version,
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


def retry(post, actor):
    """A person asked for a failed check to run again (the move is theirs:
    socialgov/posts/actions.py); returns the new job."""
    job = request_check(post)
    record("retry_check", actor=actor, post=post, from_state=post.state, to_state=post.state,
           job=job.job_id)
    return job


# -- the job ---------------------------------------------------------------------------

_checkers = {}


def _compiled(specs_digest, specs):
    # One compile per set of rules and worker process, whichever brands run it (most
    # brands run the packs as shipped). The specs are compared too, so a cached
    # checker is always the one for the rules read.
    key = (settings.CHECKS_ENGINE, specs_digest)
    cached = _checkers.get(key)
    if cached is None or cached[0] != specs:
        if len(_checkers) > 256:
            _checkers.clear()
        compile_rules = import_string(f"{settings.CHECKS_ENGINE}.compile")
        cached = _checkers[key] = (specs, compile_rules(specs))
        # What the engine makes on first use is made now, outside any check's budget.
        checkers.warm_up()
    return cached[1]


def check_version(post_id, version_id, check_job_id=None):
    """Check one version of a post and hand the result to the system's moves."""
    try:
        return _check(post_id, version_id, check_job_id)
    except (Exception, JobTimeout) as error:
        _record_failure(check_job_id, error)
        raise


def _on_the_checks_queue():
    """Is this check an RQ job of the checks queue (not the slow one, nor in-process)?"""
    job = get_current_job()
    return job is not None and job.origin == settings.CHECKS_QUEUE


def _check(post_id, version_id, check_job_id):
    # Reads in autocommit, the engine outside any transaction, then one
    # transaction (one commit) stores the result, moves the post and closes
    # the CheckJob: all of it happens, or none and the retry starts afresh.
    post = Post.objects.select_related("brand", "current_version").get(pk=post_id)
    stored_run = None
    if post.state == State.CHECKING and post.current_version_id == version_id:
        first_pass_only = check_job_id is not None and _on_the_checks_queue()
        if first_pass_only and is_costly(post.brand_id):
            # Queued before the brand was found costly: its place is the slow queue.
            _to_the_slow_queue(check_job_id)
            return None
        inputs = rule_inputs(post.brand)
        # Compiled (once per process and rules) before the clock starts: a fresh
        # worker's compile and warm-up are not what makes a brand's checks costly.
        checker_of(inputs)
        started = time.monotonic()
        stored_run = _prepare(post, inputs, first_pass_only)
        if stored_run is None:
            # A rule ran out of time: the second, longer pass runs on the slow
            # queue, where it holds up no other brand's checks.
            mark_costly(post.brand_id)
            _to_the_slow_queue(check_job_id)
            return None
        if worker_enabled() and time.monotonic() - started > settings.CHECKS_COSTLY_SECONDS:
            mark_costly(post.brand_id)
    # else: withdrawn or edited meanwhile, nothing to check
    run = None
    with transaction.atomic():
        if stored_run is not None:
            run = stored_run()
            system.check_done(post.pk, run)
        if check_job_id is not None:
            CheckJob.objects.filter(pk=check_job_id).update(status=CheckJobStatus.DONE)
    return run.pk if run is not None else None


def _to_the_slow_queue(check_job_id):
    """Hand this attempt over to the slow queue, under a job id of its own that
    the reconciler follows."""
    check_job = CheckJob.objects.get(pk=check_job_id)
    check_job.job_id = slow_queue_name(check_job.job_id)
    check_job.save(update_fields=["job_id", "updated_at"])
    enqueue(check_job.pk, slow=True)


def _prepare(post, inputs, first_pass_only=False):
    """The slow half of a check, done outside any transaction: find the stored
    result for this check key, or run the engine. Returns a function that,
    inside the caller's transaction, gives the stored CheckRun (storing the
    fresh result first when there was none); or None when ``first_pass_only``
    and a rule ran out of time on the first pass."""
    version = post.current_version
    key = check_key(version, inputs.fingerprint)
    run = CheckRun.objects.filter(check_key=key).first()
    if run is not None:
        return lambda: run
    checker = checker_of(inputs)
    # Each text of the version with its own language and networks; one result.
    targets = variants.check_targets(version.text, version.language, version.networks,
                                     version.variants.all())
    images = attachments.engine_images(attachments.rows_of(version))
    result = check_texts(checker, inputs, targets, version.objective, version.planned_at,
                         settings.CHECKS_RULE_SECONDS, settings.CHECKS_CHECK_SECONDS, images,
                         replying_to=version.replying_to)
    if any(f.kind == INCOMPLETE for _variant, f in result.findings):
        if first_pass_only:
            return None
        # A rule ran out of time (a long post, a costly pattern): once more with a
        # larger budget, so that padding a post never makes it pass. What still
        # cannot finish stays a "check incomplete" finding of the rule's own
        # severity, which only a brand admin may waive.
        result = check_texts(checker, inputs, targets, version.objective, version.planned_at,
                             settings.CHECKS_RETRY_RULE_SECONDS,
                             settings.CHECKS_RETRY_CHECK_SECONDS, images,
                             replying_to=version.replying_to)
    # Past decisions are the brand's data, not rules: the worker adds this finding itself.
    resembles = resemblance.finding(post.brand_id, post.pk, version.text)
    if resembles is not None:
        result.findings.append((None, resembles))
    # So is the brand's content mix and rhythm, which count its other posts.
    result.findings.extend((None, finding) for finding in content_mix.findings(
        post.brand, post.pk, version.objective, version.networks, version.planned_at))
    rule_ids = [int(f.rule_id) for _variant, f in result.findings if f.rule_id.isdigit()]
    rules = Rule.objects.select_related("guideline").in_bulk(rule_ids) if rule_ids else {}
    return lambda: _store(version, key, inputs.rule_set_version, result, rules)


def check_texts(checker, inputs, targets, objective, planned_at, rule_seconds, total_seconds,
                images=(), *, replying_to=""):
    """The engine's result for the texts of a post (``variants.check_targets``)
    and its ``images`` (engine.ImageInput): the one way a post is checked, by
    the worker and by the editor's live check alike. ``replying_to``: the
    customer's message a reply answers, which every text is read against.

    The images go with the texts of the post's own language, which share out
    its networks between them, so each network's image limits are checked
    once; a finding about an image is kept once (``variants.combine``)."""
    language = targets[0].language if targets else None
    return variants.combine([
        (target, checker.check(engine.PostInput(
            text=target.text, networks=target.networks, objective=objective,
            planned_at=planned_at, language=target.language, time_zone=inputs.time_zone,
            watch=inputs.watch, replying_to=replying_to,
            images=tuple(images) if target.networks and target.language == language else (),
        ), rule_seconds=rule_seconds, total_seconds=total_seconds))
        for target in targets
    ])


def checker_of(inputs):
    """A brand's compiled rules, made once per process and set of rules."""
    return _compiled(inputs.specs_digest, inputs.specs)


def _record_failure(check_job_id, error):
    """Count the failed execution; after the last retry, the post shows
    "Check failed" and its history says why."""
    if check_job_id is None:
        return
    rq_job = get_current_job()
    final = rq_job is None or not rq_job.retries_left
    message = "".join(traceback.format_exception_only(error)).strip()[:2000]
    with transaction.atomic():
        # Only the job's row: PostgreSQL cannot lock the nullable side of an outer join.
        check_job = CheckJob.objects.select_for_update(of=("self",)).select_related(
            "post", "post__brand", "post__current_version", "version").get(pk=check_job_id)
        check_job.failures += 1
        check_job.error = message
        if final:
            check_job.status = CheckJobStatus.FAILED
        check_job.save()
        if final:
            _gave_up(check_job)


def _gave_up(check_job):
    """The post stays in `checking`, shows "Check failed", and its history says why."""
    post = check_job.post
    record("check_failed", post=post, version=check_job.version, from_state=post.state,
           to_state=post.state, job=check_job.job_id, error=check_job.error)


def _store(version, key, rule_set_version, result, rules):
    try:
        with transaction.atomic():
            run = CheckRun.objects.create(
                version=version,
                check_key=key,
                rule_set_version=rule_set_version,
                risk=result.risk,
                blocking=result.blocking,
            )
            findings = Finding.objects.bulk_create(
                _finding(run, version, variant, f, rules) for variant, f in result.findings
            )
            for finding in findings:
                # Just made: nobody has waived them (saves a query per finding).
                Finding.waiver.related.set_cached_value(finding, None)
            run.stored_findings = findings
    except IntegrityError:
        # Another worker stored this very check first; theirs is as good as ours.
        run = CheckRun.objects.get(check_key=key)
    return run


def _finding(run, version, variant, finding, rules):
    rule = rules.get(int(finding.rule_id)) if finding.rule_id.isdigit() else None
    return Finding(
        check_run=run,
        version=version,
        # A finding about an image is about no text.
        variant=variant if finding.image is None else None,
        image=finding.image,
        rule=rule,
        rule_name=rule.name if rule else "",
        rule_key=finding.rule_id,
        kind=finding.kind,
        severity=finding.severity,
        start=finding.start,
        end=finding.end,
        matched=finding.matched,
        message_en=finding.message.get("en", ""),
        message_fr=finding.message.get("fr", ""),
        suggestion_en=finding.suggestion.get("en", ""),
        suggestion_fr=finding.suggestion.get("fr", ""),
        guideline=rule.guideline if rule else None,
        guideline_title=finding.guideline or "",
    )


# -- re-checks after a rule change ----------------------------------------------------------


def start_recheck(brand, user, reason=""):
    """Record a re-check of the brand's live posts and start it once the
    surrounding transaction commits. Returns the batch."""
    ids = _live_post_ids(brand)
    batch = RecheckBatch.objects.create(
        brand=brand, requested_by=user, reason=reason[:300], total=len(ids),
        finished_at=None if ids else timezone.now(),
    )
    if ids:
        transaction.on_commit(lambda: enqueue_recheck(batch.pk, ids))
    return batch


def _live_post_ids(brand):
    return list(Post.objects.filter(brand=brand, state__in=RECHECK_STATES)
                .order_by("pk").values_list("pk", flat=True))


def chunks(ids, size=RECHECK_CHUNK):
    return [ids[i:i + size] for i in range(0, len(ids), size)]


def recheck_job_ids(batch):
    """The RQ job ids of a batch's chunks: the reconciler looks them up."""
    count = -(-batch.total // RECHECK_CHUNK)
    return [f"{settings.CHECKS_QUEUE}-recheck-b{batch.pk}-c{n}" for n in range(count)]


def enqueue_recheck(batch_id, ids):
    if not worker_enabled():
        for chunk in chunks(ids):
            try:
                recheck_posts(batch_id, chunk)
            except Exception:
                logger.exception("in-process re-check of batch %s failed", batch_id)
        return
    queue = checks_queue()
    try:
        for n, chunk in enumerate(chunks(ids)):
            queue.enqueue(recheck_posts, batch_id, chunk,
                          job_id=f"{settings.CHECKS_QUEUE}-recheck-b{batch_id}-c{n}",
                          job_timeout=max(settings.CHECKS_JOB_TIMEOUT, 300),
                          result_ttl=3600, failure_ttl=7 * 24 * 3600)
    except redis.exceptions.RedisError:
        logger.warning("could not enqueue the re-check of batch %s", batch_id, exc_info=True)


def recheck_posts(batch_id, post_ids):
    """Re-check some posts of a brand after its rules changed, and count them
    on the batch."""
    sent_back = 0
    inputs = None
    posts = (Post.objects.filter(pk__in=post_ids).select_related("brand", "current_version")
             .prefetch_related("current_version__variants"))
    for post in posts:
        if post.state not in RECHECK_STATES:
            continue
        if inputs is None:
            inputs = rule_inputs(post.brand)
        stored_run = _prepare(post, inputs)
        with transaction.atomic():
            sent_back += system.recheck_done(post.pk, stored_run())
    RecheckBatch.objects.filter(pk=batch_id).update(
        done=F("done") + len(post_ids), sent_back=F("sent_back") + sent_back
    )
    RecheckBatch.objects.filter(
        pk=batch_id, finished_at__isnull=True, done__gte=F("total")
    ).update(finished_at=timezone.now())
    return sent_back


def resume_stalled_rechecks(grace):
    """Start again every unfinished batch that has no live chunk job left (Redis
    was down when it was queued, or lost it). Re-checking a post twice is
    harmless: results are stored under their check key. Returns how many."""
    resumed = 0
    stalled = RecheckBatch.objects.filter(finished_at__isnull=True,
                                          created_at__lt=timezone.now() - grace)
    for batch in stalled.select_related("brand"):
        if any(job_is_live(job_id) for job_id in recheck_job_ids(batch)):
            continue
        ids = _live_post_ids(batch.brand)
        RecheckBatch.objects.filter(pk=batch.pk).update(
            total=len(ids), done=0, finished_at=None if ids else timezone.now()
        )
        if ids:
            enqueue_recheck(batch.pk, ids)
        resumed += 1
    return resumed


# -- the reconciler ---------------------------------------------------------------------


def job_is_live(job_id):
    """Is the job waiting on the queue, or running on a worker that is alive?

    A started job counts as live only while its worker's heartbeat is recent:
    a worker killed mid-job (SIGKILL, a lost machine) leaves its job
    "started" for good, and that check must be put back on the queue.
    """
    connection = redis_connection()
    try:
        job = Job.fetch(job_id, connection=connection)
    except NoSuchJobError:
        return False
    status = job.get_status()
    if status in WAITING_STATUSES:
        return True
    if status != JobStatus.STARTED:
        return False
    return worker_is_alive(job.worker_name, connection)


def worker_is_alive(name, connection):
    """Has the named worker given a heartbeat within RECONCILE_GRACE seconds?"""
    if not name:
        return False
    worker = Worker.find_by_key(Worker.redis_worker_namespace_prefix + name,
                                connection=connection)
    if worker is None or worker.last_heartbeat is None:
        return False
    age = timezone.now() - worker.last_heartbeat
    return age <= timedelta(seconds=settings.RECONCILE_GRACE)


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
            if now - job.updated_at < grace or job_is_live(job.job_id):
                continue
            if job.attempt >= MAX_ATTEMPTS:
                with transaction.atomic():
                    job.status = CheckJobStatus.FAILED
                    job.error = job.error or "the job was lost too many times"
                    job.save()
                    _gave_up(job)
                summary["failed"] += 1
                continue
        cause = "no_job" if job is None else "lost"
        if _requeue(post, cause) is not None:
            summary["requeued"] += 1
    summary["rechecks_resumed"] = resume_stalled_rechecks(grace)
    _record_run(now, summary)
    return summary


def _requeue(post, cause):
    """A post in `checking` whose job is lost gets a new one."""
    with transaction.atomic():
        post = system.locked(post.pk)
        if post.state != State.CHECKING:
            return None
        job = request_check(post)
        record("check_requeued", post=post, from_state=post.state, to_state=post.state,
               job=job.job_id, cause=cause)
    return job


def _record_run(when, summary):
    try:
        redis_connection().hset(LAST_RUN_KEY, mapping={"at": when.isoformat(), **summary})
    except Exception:
        logger.warning("could not record the reconciler's run", exc_info=True)


def last_run():
    """When the reconciler last ran and what it did, or None."""
    try:
        raw = redis_connection().hgetall(LAST_RUN_KEY)
    except Exception:
        return None
    if not raw:
        return None
    data = {key.decode(): value.decode() for key, value in raw.items()}
    return {"at": data.get("at"), **{k: int(v) for k, v in data.items() if k != "at"}}
