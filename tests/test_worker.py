"""The worker pipeline end to end: real PostgreSQL, real Redis, real RQ workers.

Each test starts `manage.py rqworker` (and, for the outage, `run_scheduler`)
as subprocesses on this test run's private queue, pointed at the test
database. Rows are committed (transaction=True) so the subprocesses see them.
Without PostgreSQL and Redis these tests skip; under CI=true they fail.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.db import connection, transaction
from rq import Queue
from rq.job import Job
from rq.registry import (
    FailedJobRegistry,
    FinishedJobRegistry,
    ScheduledJobRegistry,
    StartedJobRegistry,
)

from socialgov.audit.models import AuditEvent
from socialgov.posts import actions, pipeline
from socialgov.posts.models import CheckJob, CheckJobStatus, CheckRun, Finding, State
from socialgov.posts.pipeline import LAST_RUN_KEY, reconcile
from tests.conftest import need

REPO = Path(__file__).resolve().parent.parent
WORKER_TIMEOUT = 30

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


# -- services ------------------------------------------------------------------


def _redis_answers(url):
    try:
        return bool(url) and redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError:
        return False


@pytest.fixture
def services(settings):
    need(settings.USING_POSTGRES, "DATABASE_URL does not point at PostgreSQL")
    url = os.environ.get("REDIS_URL", "")
    need(_redis_answers(url), f"Redis does not answer at REDIS_URL={url!r}")
    settings.REDIS_URL = url
    settings.CHECKS_ASYNC = True
    settings.CHECKS_RETRY_INTERVALS = [0, 0]
    return url


@pytest.fixture
def queue(services, settings):
    """This run's private checks queue, empty before and after the test."""
    q = Queue(settings.CHECKS_QUEUE, connection=pipeline.redis_connection())
    _empty(q)
    yield q
    _empty(q)
    q.delete(delete_jobs=True)  # and off RQ's list of queues


def _empty(q):
    q.empty()
    for registry in (FinishedJobRegistry, FailedJobRegistry, ScheduledJobRegistry):
        reg = registry(q.name, connection=q.connection)
        for job_id in reg.get_job_ids():
            reg.remove(job_id, delete_job=True)
    # Jobs left "started" (a worker killed mid-job): RQ's registry of executions
    # has no remove; the jobs and the registry go as they are.
    started = StartedJobRegistry(q.name, connection=q.connection)
    for job_id in started.get_job_ids(cleanup=False):
        q.connection.delete(Job.key_for(job_id))
    q.connection.delete(started.key)


def database_url():
    """The test database (test_…) as a URL for the subprocesses."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{quote(db['NAME'], safe='')}"


def worker_env(settings, redis_url=None, **extra):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(),
        REDIS_URL=redis_url or settings.REDIS_URL,
        CHECKS_QUEUE=settings.CHECKS_QUEUE,
        CHECKS_ASYNC="1",
        CHECKS_RETRY_INTERVALS=",".join(str(s) for s in settings.CHECKS_RETRY_INTERVALS),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


class Proc:
    """A manage.py subprocess whose output goes to a file, shown when a test fails."""

    def __init__(self, name, args, env):
        self.name = name
        self.log = tempfile.TemporaryFile(mode="w+")
        self.popen = subprocess.Popen(
            [sys.executable, "manage.py", *args], cwd=REPO, env=env,
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )

    def output(self):
        self.log.seek(0)
        return self.log.read()

    def wait(self, timeout=WORKER_TIMEOUT):
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            pytest.fail(f"{self.name} still running after {timeout}s:\n{self.output()}")

    def stop(self):
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout=10)


@pytest.fixture
def procs(request):
    """Start subprocesses; all are stopped at the end, and their output is
    printed when the test failed."""
    started = []

    def start(name, *args, env):
        proc = Proc(name, args, env)
        started.append(proc)
        return proc

    yield start
    for proc in started:
        proc.stop()
    for proc in started:
        print(f"----- {proc.name} (exit {proc.popen.returncode}) -----\n{proc.output()}")
        proc.log.close()


def burst_worker(procs, settings, name="worker", **env):
    return procs(name, "rqworker", settings.CHECKS_QUEUE, pipeline.slow_queue_name(), "--burst",
                 "--with-scheduler", "--worker-class", settings.CHECKS_WORKER_CLASS,
                 env=worker_env(settings, **env))


def run_burst_worker(procs, settings, **env):
    proc = burst_worker(procs, settings, **env)
    assert proc.wait() == 0, proc.output()
    return proc


def wait_until(predicate, timeout, what, *procs_to_show):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    output = "\n".join(f"----- {p.name} -----\n{p.output()}" for p in procs_to_show)
    pytest.fail(f"not {what} after {timeout}s\n{output}")


# -- data ----------------------------------------------------------------------


@pytest.fixture
def draft(intern, brand, banned_rule, warning_rule, fields):
    """A draft with a warning to find ("utilize") and no error."""
    return actions.create(intern, brand, fields(text="We utilize local flour. Come and see!"))


def submitted(user, post):
    # Autocommit (transaction=True): the check is enqueued when submit's
    # transaction commits, as in production.
    actions.submit(user, post)
    post.refresh_from_db()
    return post


def check_done_events(post):
    return AuditEvent.objects.filter(post=post, action="check_done").count()


# -- scenarios -----------------------------------------------------------------


def test_a_submitted_draft_reaches_review_with_its_findings_through_a_worker(
    queue, procs, settings, intern, draft
):
    post = submitted(intern, draft)
    assert post.state == State.CHECKING
    assert queue.count == 1  # on the queue, not checked in this process

    run_burst_worker(procs, settings)

    post.refresh_from_db()
    assert post.state == State.IN_REVIEW
    assert [f.matched for f in post.findings] == ["utilize"]
    assert post.findings.get().severity == "warning"
    assert post.check_job.status == CheckJobStatus.DONE
    assert check_done_events(post) == 1


def test_two_workers_running_the_same_check_at_once_store_one_result(
    queue, procs, settings, intern, draft
):
    post = submitted(intern, draft)
    with transaction.atomic():  # a second attempt at the same post and version
        pipeline.request_check(post)
    assert queue.count == 2

    workers = [burst_worker(procs, settings, name=f"worker-{n}") for n in (1, 2)]
    for worker in workers:
        assert worker.wait() == 0, worker.output()

    post.refresh_from_db()
    assert post.state == State.IN_REVIEW
    assert CheckRun.objects.filter(version=post.current_version).count() == 1
    assert Finding.objects.filter(version=post.current_version).count() == 1
    assert check_done_events(post) == 1
    assert set(CheckJob.objects.filter(post=post).values_list("status", flat=True)) == {
        CheckJobStatus.DONE
    }


def test_a_check_that_keeps_failing_is_retried_then_shows_check_failed_until_retried(
    queue, procs, settings, client, intern, draft
):
    post = submitted(intern, draft)

    run_burst_worker(procs, settings, CHECKS_ENGINE="tests.support.exploding_engine")

    post.refresh_from_db()
    job = post.check_job
    assert job.failures == 3  # the first execution and two retries
    assert job.status == CheckJobStatus.FAILED
    assert "engine exploded" in job.error
    assert post.state == State.CHECKING
    assert post.check_failed
    assert AuditEvent.objects.filter(post=post, action="check_failed").count() == 1
    client.force_login(intern)
    page = client.get(post.get_absolute_url())
    assert page.status_code == 200
    assert "Check failed" in page.content.decode()

    actions.retry_check(intern, post)
    run_burst_worker(procs, settings)

    post.refresh_from_db()
    assert post.state == State.IN_REVIEW
    assert not post.check_failed
    assert post.check_job.attempt == 2
    assert post.check_job.status == CheckJobStatus.DONE


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    def __init__(self):
        self.binary = shutil.which("redis-server")
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.popen = None

    def start(self):
        self.popen = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while not _redis_answers(self.url):
            assert self.popen.poll() is None, "redis-server exited"
            assert time.monotonic() < deadline, "private redis-server did not answer"
            time.sleep(0.05)

    def stop(self):
        if self.popen is not None and self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout=5)
        self.popen = None


@pytest.fixture
def private_redis(services, settings):
    server = PrivateRedis()
    need(server.binary, "redis-server is not installed")
    server.start()
    settings.REDIS_URL = server.url
    settings.RQ_QUEUES = {**settings.RQ_QUEUES, settings.CHECKS_QUEUE: {"URL": server.url}}
    yield server
    server.stop()


def test_a_post_submitted_while_redis_is_down_is_checked_once_it_is_back_with_nobody_acting(
    private_redis, procs, settings, intern, draft
):
    private_redis.stop()

    post = submitted(intern, draft)  # the submission itself succeeds

    assert post.state == State.CHECKING
    assert post.check_job.status == CheckJobStatus.QUEUED
    assert not post.check_failed

    private_redis.start()
    env = worker_env(settings, redis_url=private_redis.url)
    scheduler = procs("scheduler", "run_scheduler", "--interval", "1", "--grace", "0", env=env)
    worker = procs("worker", "rqworker", settings.CHECKS_QUEUE, "--with-scheduler",
                   "--worker-class", settings.CHECKS_WORKER_CLASS, env=env)

    def reviewed():
        post.refresh_from_db()
        return post.state == State.IN_REVIEW

    wait_until(reviewed, 30, "in review", scheduler, worker)
    assert [f.matched for f in post.findings] == ["utilize"]
    assert AuditEvent.objects.filter(post=post, action="check_requeued").exists()
    assert check_done_events(post) == 1


@pytest.fixture
def reconciler_record(queue):
    """reconcile() records its runs in the shared Redis; put back what was there."""
    saved = queue.connection.hgetall(LAST_RUN_KEY)
    yield
    queue.connection.delete(LAST_RUN_KEY)
    if saved:
        queue.connection.hset(LAST_RUN_KEY, mapping=saved)


def test_the_reconciler_leaves_a_live_job_alone_and_requeues_a_lost_one(
    queue, reconciler_record, settings, intern, draft
):
    post = submitted(intern, draft)
    first = post.check_job
    assert pipeline.job_is_live(first.job_id)

    assert reconcile(grace_seconds=0)["requeued"] == 0
    assert CheckJob.objects.filter(post=post).count() == 1

    Job.fetch(first.job_id, connection=queue.connection).delete()  # Redis forgot it
    assert not pipeline.job_is_live(first.job_id)

    summary = reconcile(grace_seconds=0)

    assert summary["requeued"] == 1
    post.refresh_from_db()
    second = post.check_job
    assert second.attempt == 2
    assert pipeline.job_is_live(second.job_id)
    assert queue.get_job_ids() == [second.job_id]
    assert AuditEvent.objects.filter(post=post, action="check_requeued").count() == 1
    # Within the grace period even a lost job is left to its worker.
    Job.fetch(second.job_id, connection=queue.connection).delete()
    assert reconcile(grace_seconds=3600)["requeued"] == 0


def test_a_recheck_whose_jobs_were_lost_is_started_again_by_the_reconciler(
    queue, reconciler_record, settings, intern, manager, draft
):
    from socialgov.brands.models import RecheckBatch
    from socialgov.posts import actions, pipeline

    post = submitted(intern, draft)
    pipeline.check_version(post.pk, post.current_version_id, post.check_job.pk)
    post.refresh_from_db()
    actions.approve(manager, post, post.current_version_id)
    _empty(queue)
    # Redis lost the re-check's chunk: the batch is stuck half-way.
    batch = RecheckBatch.objects.create(brand=post.brand, requested_by=manager,
                                        reason="rules changed", total=1)
    assert reconcile(grace_seconds=3600)["rechecks_resumed"] == 0  # still young

    assert reconcile(grace_seconds=0)["rechecks_resumed"] == 1

    assert queue.get_job_ids() == pipeline.recheck_job_ids(batch)
    pipeline.recheck_posts(batch.pk, [post.pk])  # what the worker does with that job
    batch.refresh_from_db()
    assert batch.done == 1 and batch.finished_at is not None
    assert reconcile(grace_seconds=0)["rechecks_resumed"] == 0


# -- a worker killed mid-job, and the job timeout (issue 10, failure 8) ---------------------


def test_a_check_whose_worker_was_killed_is_back_on_track_within_a_minute(
    queue, reconciler_record, procs, settings, intern, draft
):
    """The reconciler took RQ's "started" for a live job, so a check whose
    worker was SIGKILLed stayed in `checking` for 11.5 minutes. It now judges
    by the worker's heartbeat, and the check recovers within
    RECONCILE_INTERVAL + RECONCILE_GRACE."""
    settings.RECONCILE_GRACE = 2
    post = submitted(intern, draft)
    first = post.check_job
    slow = procs("slow worker", "rqworker", settings.CHECKS_QUEUE,
                 "--worker-class", settings.CHECKS_WORKER_CLASS,
                 env=worker_env(settings, CHECKS_ENGINE="tests.support.slow_engine",
                                RECONCILE_GRACE="2"))
    started = lambda: Job.fetch(first.job_id, connection=queue.connection).get_status() \
        == "started"  # noqa: E731
    wait_until(started, 30, "started by the slow worker", slow)
    time.sleep(2.5)  # heartbeats keep a busy worker's job alive past the grace period
    assert pipeline.job_is_live(first.job_id)

    os.killpg(slow.popen.pid, signal.SIGKILL)
    slow.popen.wait(timeout=10)
    killed_at = time.monotonic()
    env = worker_env(settings, RECONCILE_GRACE="2", RECONCILE_INTERVAL="1")
    scheduler = procs("scheduler", "run_scheduler", "--interval", "1", "--grace", "2", env=env)
    worker = procs("worker", "rqworker", settings.CHECKS_QUEUE, "--with-scheduler",
                   "--worker-class", settings.CHECKS_WORKER_CLASS, env=env)

    def reviewed():
        post.refresh_from_db()
        return post.state == State.IN_REVIEW

    wait_until(reviewed, 30, "in review", scheduler, worker)
    assert time.monotonic() - killed_at < 1 + 2 + 10  # interval + grace + a worker's start
    assert AuditEvent.objects.filter(post=post, action="check_requeued").count() == 1
    assert check_done_events(post) == 1


def test_the_job_timeout_ends_a_check_that_swallows_exceptions(
    queue, procs, settings, intern, draft
):
    """The engine caught RQ's timeout exception as a rule failure, so a job with
    a 60 s timeout ran 76 s. The timeout now ends the job."""
    settings.CHECKS_JOB_TIMEOUT = 2
    settings.CHECKS_RETRY_INTERVALS = []
    post = submitted(intern, draft)
    job_id = post.check_job.job_id

    run_burst_worker(procs, settings, CHECKS_ENGINE="tests.support.slow_engine",
                     CHECKS_RETRY_INTERVALS="")

    job = Job.fetch(job_id, connection=queue.connection)
    assert job.get_status() == "failed"
    assert (job.ended_at - job.started_at).total_seconds() < 10  # not the engine's 30 s
    post.refresh_from_db()
    assert post.check_failed
    assert "JobTimeout" in post.check_job.error


# -- costly brands wait in a queue of their own ---------------------------------------------


def test_a_costly_brands_checks_go_to_the_slow_queue_and_still_reach_review(
    queue, procs, settings, intern, draft
):
    slow = Queue(pipeline.slow_queue_name(), connection=queue.connection)
    _empty(slow)
    pipeline.mark_costly(draft.brand_id)
    try:
        post = submitted(intern, draft)
        assert (queue.count, slow.count) == (0, 1)

        run_burst_worker(procs, settings)

        post.refresh_from_db()
        assert post.state == State.IN_REVIEW
    finally:
        pipeline.forget_costly(draft.brand_id)
        _empty(slow)
        slow.delete(delete_jobs=True)


def test_a_check_queued_before_its_brand_was_found_costly_moves_to_the_slow_queue(
    queue, settings, intern, draft
):
    slow = Queue(pipeline.slow_queue_name(), connection=queue.connection)
    _empty(slow)
    post = submitted(intern, draft)
    check_job = post.check_job
    assert queue.count == 1
    pipeline.mark_costly(draft.brand_id)
    try:
        job = queue.dequeue_any([queue], None, connection=queue.connection)[0]
        job.perform()  # what the worker does: the check sees the brand is costly

        check_job.refresh_from_db()
        assert check_job.job_id == pipeline.slow_queue_name(job.id)
        assert slow.get_job_ids() == [check_job.job_id]
        post.refresh_from_db()
        assert post.state == State.CHECKING  # not checked here: on the slow queue
    finally:
        pipeline.forget_costly(draft.brand_id)
        _empty(slow)
        slow.delete(delete_jobs=True)


def test_a_worker_whose_listener_already_read_the_unsubscribe_reply_still_stops_at_once(queue):
    """RQ 3.0 stops its command listener after unsubscribing it; with redis-py 8.2, whose
    stop() waits for the listener, a listener that read the reply first went back to a
    60-second wait and the worker hung on its way out (burst workers seen stuck in CI)."""
    import threading

    from socialgov.posts.worker import CheckWorker

    worker = CheckWorker([queue], connection=queue.connection)
    worker.subscribe()
    worker.pubsub.unsubscribe()  # the reply the listener reads before being stopped
    wait_until(lambda: not worker.pubsub.subscribed, 5, "the listener to read the reply")
    stopping = threading.Thread(target=worker.unsubscribe, daemon=True)
    started = time.monotonic()
    stopping.start()
    stopping.join(10)
    assert not stopping.is_alive(), "the worker still waits for its listener after 10 s"
    assert time.monotonic() - started < 5
