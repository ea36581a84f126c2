"""One brand's costly rules must not starve the others: submit → review latency of
an ordinary brand while a costly brand floods the queue, on two real workers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/socialgov \\
    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/fairness.py

Uses a database of its own (`socialgov_fairness`, made afresh) and a private
queue. The "costly" brand runs the default packs plus 60 rules of its own whose
regular expressions take about 15 ms each on an ordinary post; the "demo" brand
runs the default packs. Two workers are started as deployed
(`rqworker <checks> <checks>-slow --worker-class socialgov.posts.worker.CheckWorker`).
At once the costly brand submits --burst posts; meanwhile the demo brand submits
one post every --every seconds for --seconds seconds. Prints the latency from
submission to the end of the check (the post in review) for each brand, p50,
p95 and max (target: the demo brand's p95 under 2 s).

--one-queue runs the same with the costly brand's checks kept on the checks
queue (CHECKS_COSTLY_SECONDS and the first pass's time so large that nothing
is ever moved), to show what the slow queue prevents.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]
sys.path.insert(0, str(REPO))

from bench.queue import drop_database, empty, percentile, set_up_bench_database  # noqa: E402

COSTLY_PATTERN = r"(?:\w+\W*){2,6}\d{%d,}"
TEXTS = [
    "Our new fall collection is designed in Montréal with local materials. Come and see "
    "the bread, the pastries and the coffee at the market this weekend.",
    "Nos boulangers vous attendent samedi matin au marché Jean-Talon avec du pain frais, "
    "des croissants et du café pour toute la famille.",
    "We utilize local flour in every loaf. Come and say hello this week-end at the shop "
    "on Saint-Denis street, we open at seven.",
]


def start_worker(env, queue, name):
    log = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "rqworker", queue, f"{queue}-slow", "--worker-class",
         "socialgov.posts.worker.CheckWorker", "--name", name],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    process.log = log
    return process


def costly_brand(make_user):
    from socialgov.accounts.models import Membership, Role
    from socialgov.brands.models import Brand, Rule

    brand = Brand.objects.create(name="Costly", slug="costly", languages=["fr", "en"],
                                 default_language="en")
    author = make_user("costly-intern")
    Membership.objects.create(user=author, brand=brand, role=Role.DRAFTER)
    for n in range(60):
        Rule.objects.create(
            rule_set=brand.ruleset, name=f"Costly {n}", kind="existence", severity="warning",
            params={"raw": [COSTLY_PATTERN % (4 + n % 3)], "nonword": True},
            message_en="A long number (%s).", message_fr="Un long nombre (%s).")
    return brand, author


def latencies(posts):
    """Seconds from each post's submission to the end of its check."""
    from socialgov.audit.models import AuditEvent

    out = []
    for post in posts:
        events = dict(AuditEvent.objects.filter(post=post, action__in=["submit", "check_done"])
                      .values_list("action", "created_at"))
        if "check_done" in events:
            out.append((events["check_done"] - events["submit"]).total_seconds())
    return out


def report(label, values, total):
    if not values:
        return f"{label:<8} no check done out of {total}"
    return (f"{label:<8} {len(values):>4}/{total:<4} p50 {statistics.median(values):6.2f} s   "
            f"p95 {percentile(values, 0.95):6.2f} s   max {max(values):6.2f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--burst", type=int, default=40, help="costly posts submitted at once")
    parser.add_argument("--every", type=float, default=0.25, help="seconds between demo posts")
    parser.add_argument("--seconds", type=float, default=15, help="how long demo posts come")
    parser.add_argument("--one-queue", action="store_true",
                        help="keep every check on the checks queue (no slow queue)")
    parser.add_argument("--database", default="socialgov_fairness")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--logs", help="write the workers' logs to LOGS.0.log, LOGS.1.log")
    options = parser.parse_args()

    database_url, queue_name, env = set_up_bench_database(options.database, "fair")
    if options.one_queue:
        env.update(CHECKS_COSTLY_SECONDS="1000000", CHECKS_CHECK_SECONDS="1000")
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from rq import Queue

    from socialgov.brands.models import Brand
    from socialgov.posts import actions, pipeline
    from socialgov.posts.models import Post, State

    if options.one_queue:
        settings.CHECKS_COSTLY_SECONDS = 1_000_000
    User = get_user_model()
    brand, costly_author = costly_brand(lambda name: User.objects.create_user(name, password="x"))
    demo = Brand.objects.get(slug="demo")
    intern = User.objects.get(username="intern")
    redis = pipeline.redis_connection()
    pipeline.forget_costly(brand.pk)
    pipeline.forget_costly(demo.pk)
    workers = [start_worker(env, queue_name, f"fair-{n}-{queue_name}") for n in (1, 2)]
    time.sleep(3)  # both registered and listening

    def fields(n):
        return {"text": f"{TEXTS[n % len(TEXTS)]} ({n})", "networks": ["x", "linkedin"],
                "objective": "inform", "planned_at": None, "language": "en"}

    try:
        costly_posts = [actions.create(costly_author, brand, fields(n))
                        for n in range(options.burst)]
        started = time.monotonic()
        for post in costly_posts:
            actions.submit(costly_author, post)
        demo_posts = []
        n = 0
        while time.monotonic() - started < options.seconds:
            post = actions.create(intern, demo, fields(n))
            actions.submit(intern, post)
            demo_posts.append(post)
            n += 1
            time.sleep(options.every)
        every = costly_posts + demo_posts
        deadline = time.monotonic() + 180
        while (Post.objects.filter(pk__in=[p.pk for p in every], state=State.CHECKING).exists()
               and time.monotonic() < deadline):
            time.sleep(0.5)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
            if options.logs:
                worker.log.seek(0)
                Path(options.logs).with_suffix(f".{workers.index(worker)}.log").write_text(
                    worker.log.read())
        for name in (queue_name, f"{queue_name}-slow"):
            empty(Queue(name, connection=redis))
    mode = "one queue" if options.one_queue else "slow queue for costly brands"
    print(f"\n{mode}; {options.burst} costly posts at once, one demo post every "
          f"{options.every:g} s for {options.seconds:g} s, two workers")
    print(report("demo", latencies(demo_posts), len(demo_posts)))
    print(report("costly", latencies(costly_posts), len(costly_posts)))
    print("target: demo p95 < 2 s")
    if not options.keep_db:
        drop_database(database_url, options.database)


if __name__ == "__main__":
    main()
