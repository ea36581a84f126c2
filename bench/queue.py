"""Throughput and latency of the check queue, with real RQ workers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/socialgov \\
    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/queue.py

Uses a database of its own (`socialgov_bench` on DATABASE_URL's server,
dropped and migrated afresh; --keep-db leaves it afterwards), the demo brand
with the sample rules, and a private queue on REDIS_URL. Prints:

1. no-op jobs/s: one `rqworker --burst` draining 1,000 jobs that do nothing
   (what RQ itself costs per job: dequeue, fork, bookkeeping);
2. check jobs/s: the same worker draining the checks of 1,000 submitted
   posts, and its ratio to (1) (target >= 80 %);
3. submit -> in_review latency with one idle worker, one post at a time
   (target p95 <= 1 s).

Rates are over the jobs' own span (first start to last end, from RQ's job
timestamps); the worker's start-up is shown apart.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
# `python bench/queue.py` puts bench/ first on sys.path, where this file
# would shadow the standard library's `queue` module.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]
sys.path.insert(0, str(REPO))

TEXTS = [
    "Our new fall collection is designed in Montréal with local materials. #mode #québec",
    "Découvrez notre nouvelle collection d’automne, conçue à Montréal. Inscrivez-vous!",
    "We utilize local flour in every loaf. Come and say hello this week-end!",
    "Cheap prices, guaranteed! Free shipping on everything. #deal #sale #promo",
    "Visit https://example.com/automne or www.exemple.ca for details about the event.",
    "Nos boulangers vous attendent samedi matin au marché Jean-Talon.",
]


def fail(message):
    sys.exit(f"bench/queue.py: {message}")


def with_database(url, name):
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def recreate_database(url, name):
    import psycopg

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url, name):
    import psycopg

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args, env, check=True, **kwargs):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env,
                          check=check, **kwargs)


DEPLOYED_WORKER = "socialgov.posts.worker.CheckWorker"  # what compose and make run start


def start_worker(queue_name, env, burst, worker_class=None):
    args = [sys.executable, "manage.py", "rqworker", queue_name]
    if worker_class:
        args += ["--worker-class", worker_class]
    if burst:
        args.append("--burst")
    # A long-running worker logs to a file: an unread pipe would fill and stall it.
    stderr = subprocess.PIPE if burst else tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(args, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                               stderr=stderr, text=True)
    if not burst:
        process.log = stderr
    return process


def drain(queue_name, env, job_ids, connection, worker_class=None):
    """Run one burst worker over the queue; returns (wall seconds, job span seconds)."""
    from rq.job import Job, JobStatus

    started = time.perf_counter()
    worker = start_worker(queue_name, env, burst=True, worker_class=worker_class)
    _out, err = worker.communicate(timeout=600)
    wall = time.perf_counter() - started
    if worker.returncode != 0:
        fail(f"worker exited {worker.returncode}:\n{err[-4000:]}")
    jobs = [job for job in Job.fetch_many(job_ids, connection=connection) if job is not None]
    failed = [job.id for job in jobs if job.get_status() != JobStatus.FINISHED]
    if len(jobs) != len(job_ids) or failed:
        fail(f"{len(job_ids) - len(jobs)} jobs missing, {len(failed)} not finished:\n"
             f"{err[-4000:]}")
    span = (max(j.ended_at for j in jobs) - min(j.started_at for j in jobs)).total_seconds()
    return wall, span


def empty(queue):
    from rq.registry import FailedJobRegistry, FinishedJobRegistry, StartedJobRegistry

    queue.empty()
    for registry in (FinishedJobRegistry, FailedJobRegistry, StartedJobRegistry):
        reg = registry(queue.name, connection=queue.connection)
        for job_id in reg.get_job_ids():
            reg.remove(job_id, delete_job=True)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def set_up_bench_database(database, queue_prefix):
    """Recreate and migrate the bench's own database (demo data seeded), pick a
    private queue, and set Django up on them in this process. Returns
    ``(server DATABASE_URL, queue name, environment for worker processes)``."""
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if urlsplit(database_url).scheme not in ("postgres", "postgresql"):
        fail("DATABASE_URL must point at a PostgreSQL server")
    if not redis_url:
        fail("REDIS_URL must be set")

    bench_url = with_database(database_url, database)
    queue_name = f"{queue_prefix}-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ, DATABASE_URL=bench_url, REDIS_URL=redis_url, CHECKS_QUEUE=queue_name,
               CHECKS_ASYNC="1", LOG_LEVEL="WARNING", DJANGO_SETTINGS_MODULE="socialgov.settings")

    print(f"database {database}: recreating and migrating…", flush=True)
    recreate_database(database_url, database)
    manage("migrate", "--noinput", env=env, stdout=subprocess.DEVNULL)
    manage("seed_demo", env=dict(env, DEMO_PASSWORD="bench-only"), stdout=subprocess.DEVNULL)

    os.environ.update(env)
    import django

    django.setup()
    return database_url, queue_name, env


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=1000, help="no-op jobs (default 1000)")
    parser.add_argument("--posts", type=int, default=1000, help="posts to check (default 1000)")
    parser.add_argument("--latency-posts", type=int, default=50,
                        help="posts submitted one at a time for latency (default 50)")
    parser.add_argument("--database", default="socialgov_bench")
    parser.add_argument("--keep-db", action="store_true", help="leave the bench database")
    parser.add_argument("--worker-class", default=DEPLOYED_WORKER,
                        help=f"the worker class for check jobs (default {DEPLOYED_WORKER})")
    options = parser.parse_args()

    database_url, queue_name, env = set_up_bench_database(options.database, "bench")
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone
    from rq import Queue, Worker

    from bench.jobs import noop
    from socialgov.brands.models import Brand
    from socialgov.posts import actions, pipeline
    from socialgov.posts.models import CheckJob, Post, State

    redis = pipeline.redis_connection()
    queue = Queue(queue_name, connection=redis)
    intern = get_user_model().objects.get(username="intern")
    brand = Brand.objects.get(slug="demo")
    rows = []
    try:
        # 1. no-op jobs: RQ's own rate (its default worker), and on the check worker
        noop_rates = {}
        for label, worker_class in (("RQ default worker", None),
                                    ("check worker", options.worker_class)):
            print(f"enqueuing {options.jobs} no-op jobs ({label})…", flush=True)
            jobs = queue.enqueue_many(
                [Queue.prepare_data(noop, result_ttl=600) for _ in range(options.jobs)]
            )
            wall, span = drain(queue_name, env, [job.id for job in jobs], redis, worker_class)
            noop_rates[label] = options.jobs / span
            rows.append((f"no-op jobs, {label}", options.jobs, wall, span, noop_rates[label],
                         ""))
            empty(queue)
        noop_rate = noop_rates["RQ default worker"]

        # 2. check jobs
        print(f"submitting {options.posts} posts (jobs wait on the queue)…", flush=True)
        planned = timezone.now() + timedelta(days=3)

        def new_post(n):
            return actions.create(intern, brand, {
                "text": f"{TEXTS[n % len(TEXTS)]} ({n})",
                "networks": ["x", "linkedin", "bluesky"],
                "objective": "inform",
                "planned_at": planned,
                "language": "fr" if n % 2 else "en",
            })

        for n in range(options.posts):
            actions.submit(intern, new_post(n))
        job_ids = list(CheckJob.objects.values_list("job_id", flat=True))
        if queue.count != options.posts:
            fail(f"{queue.count} jobs on the queue, expected {options.posts}")
        wall, span = drain(queue_name, env, job_ids, redis, options.worker_class)
        left = Post.objects.filter(state=State.CHECKING).count()
        if left:
            fail(f"{left} posts still checking after the drain")
        check_rate = options.posts / span
        ratio = check_rate / noop_rate
        same_worker = check_rate / noop_rates["check worker"]
        rows.append(("check jobs, check worker", options.posts, wall, span, check_rate,
                     f"{ratio:.0%} of RQ's no-op rate (target >= 80%); "
                     f"{same_worker:.0%} of a no-op on the same worker"))
        empty(queue)

        # 3. latency, one post at a time, one idle worker
        print(f"latency: {options.latency_posts} posts one at a time…", flush=True)
        worker = start_worker(queue_name, env, burst=False, worker_class=options.worker_class)
        try:
            deadline = time.monotonic() + 30
            while not Worker.all(queue=queue):
                if worker.poll() is not None or time.monotonic() > deadline:
                    worker.log.seek(0)
                    fail(f"the worker did not start:\n{worker.log.read()[-4000:]}")
                time.sleep(0.05)
            latencies = []
            for n in range(options.latency_posts + 1):  # the first one warms up
                post = new_post(100_000 + n)
                started = time.perf_counter()
                actions.submit(intern, post)
                deadline = started + 30
                while Post.objects.filter(pk=post.pk, state=State.CHECKING).exists():
                    if time.perf_counter() > deadline:
                        fail(f"post {post.pk} still checking after 30 s")
                    time.sleep(0.002)
                if n:
                    latencies.append(time.perf_counter() - started)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
        connection.close()
    finally:
        empty(queue)
        queue.delete(delete_jobs=True)

    print()
    print(f"check worker: {options.worker_class}; RQ default: forks a work horse per job")
    print(f"{'':30} {'jobs':>6} {'wall s':>8} {'span s':>8} {'jobs/s':>8}")
    for label, count, wall, span, rate, note in rows:
        print(f"{label:32} {count:6d} {wall:8.2f} {span:8.2f} {rate:8.0f}  {note}")
    p50 = statistics.median(latencies) * 1000
    p95 = percentile(latencies, 0.95) * 1000
    print(f"{'submit -> in_review, idle worker':30} {len(latencies):6d} posts: "
          f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {max(latencies) * 1000:.0f} ms "
          f"(target p95 <= 1000 ms)")
    print("(wall: the worker process from start to exit; span: first job start to last job end)")

    if not options.keep_db:
        drop_database(database_url, options.database)


if __name__ == "__main__":
    main()
