"""Re-checking a brand's approved posts after a rule change, with real RQ workers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/socialgov \\
    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/recheck.py

Uses a database of its own (`socialgov_bench_recheck` on DATABASE_URL's
server, dropped and migrated afresh; --keep-db leaves it afterwards), the demo
brand, and a private queue on REDIS_URL. Brings 1,000 posts to `approved`
(checked by a worker, approved by the demo manager), then, once with one
worker and once with two, adds a watch word none of them uses (so every check
key changes and every post is checked for real) and times the re-check: from
the change to the batch's last chunk done. Prints both times.
"""

import argparse
import sys
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]
sys.path.insert(0, str(REPO))

from bench.queue import (  # noqa: E402
    DEPLOYED_WORKER,
    drop_database,
    empty,
    fail,
    set_up_bench_database,
    start_worker,
)

TEXTS = [
    "Our new fall collection is designed in Montréal with local materials.",
    "Nos boulangers vous attendent samedi matin au marché Jean-Talon.",
    "Come and say hello at our bakery this week-end: fresh bread every morning.",
    "Découvrez notre nouvelle collection d’automne, conçue à Montréal.",
]


def drain(queue_name, env, workers, worker_class):
    """Run ``workers`` burst workers at once over the queue; returns wall seconds."""
    started = time.perf_counter()
    procs = [start_worker(queue_name, env, burst=True, worker_class=worker_class)
             for _ in range(workers)]
    for proc in procs:
        _out, err = proc.communicate(timeout=900)
        if proc.returncode != 0:
            fail(f"worker exited {proc.returncode}:\n{err[-4000:]}")
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000, help="approved posts (default 1000)")
    parser.add_argument("--database", default="socialgov_bench_recheck")
    parser.add_argument("--keep-db", action="store_true", help="leave the bench database")
    parser.add_argument("--worker-class", default=DEPLOYED_WORKER)
    options = parser.parse_args()

    database_url, queue_name, env = set_up_bench_database(options.database, "bench-recheck")
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone
    from rq import Queue

    from socialgov.brands.models import Brand, RecheckBatch, WatchWord
    from socialgov.posts import actions, pipeline
    from socialgov.posts.models import Post, State

    redis = pipeline.redis_connection()
    queue = Queue(queue_name, connection=redis)
    users = get_user_model().objects
    intern, manager, admin = (users.get(username=name) for name in ("intern", "manager", "admin"))
    brand = Brand.objects.get(slug="demo")
    results = []
    try:
        print(f"bringing {options.posts} posts to approved…", flush=True)
        planned = timezone.now() + timedelta(days=3)
        for n in range(options.posts):
            post = actions.create(intern, brand, {
                "text": f"{TEXTS[n % len(TEXTS)]} ({n})",
                "networks": ["x", "linkedin"],
                "objective": "inform",
                "planned_at": planned,
                "language": "fr" if n % 2 else "en",
            })
            actions.submit(intern, post)
        drain(queue_name, env, 2, options.worker_class)
        for post in Post.objects.filter(brand=brand, state=State.IN_REVIEW):
            actions.approve(manager, post, post.current_version_id)
        approved = Post.objects.filter(brand=brand, state=State.APPROVED).count()
        if approved != options.posts:
            fail(f"{approved} posts approved, expected {options.posts}")
        empty(queue)

        for workers in (1, 2):
            with transaction.atomic():
                WatchWord.objects.create(brand=brand, term=f"zeppelin{workers}",
                                         created_by=admin)
                batch = pipeline.start_recheck(brand, admin, f"bench, {workers} worker(s)")
            chunks = queue.count
            wall = drain(queue_name, env, workers, options.worker_class)
            batch = RecheckBatch.objects.get(pk=batch.pk)
            if not batch.finished or batch.done != options.posts:
                fail(f"batch not finished: {batch.done}/{batch.total}")
            span = (batch.finished_at - batch.created_at).total_seconds()
            still = Post.objects.filter(brand=brand, state=State.APPROVED).count()
            results.append((workers, chunks, wall, span, still))
            empty(queue)
        connection.close()
    finally:
        empty(queue)
        queue.delete(delete_jobs=True)

    print()
    print(f"re-check of {options.posts} approved posts after a watch word was added "
          f"({options.worker_class}, chunks of {pipeline.RECHECK_CHUNK})")
    print(f"{'workers':>8} {'chunks':>7} {'wall s':>8} {'change->done s':>15} {'posts/s':>8}"
          f" {'still approved':>15}")
    for workers, chunks, wall, span, still in results:
        print(f"{workers:8d} {chunks:7d} {wall:8.2f} {span:15.2f} "
              f"{options.posts / span:8.0f} {still:15d}")
    print("(wall: the workers from start to exit; change->done: the batch's creation to its "
          "last chunk, workers' start-up included)")

    if not options.keep_db:
        drop_database(database_url, options.database)


if __name__ == "__main__":
    main()
