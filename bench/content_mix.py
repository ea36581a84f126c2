"""The content strategy's check (socialgov/posts/content_mix.py): time per check and
per calendar month's weekly mix, with a brand of many posts on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/socialgov .venv/bin/python \
        bench/content_mix.py [--posts 20000] [--keep-db]

Uses a database of its own (``socialgov_content_mix`` on DATABASE_URL's server, made
afresh and dropped at the end unless --keep-db). The brand gets ``--posts`` posts over
three years (two past, one to come), two thirds published, the rest in review,
approved, drafts or rejected, with a target for every objective and a rhythm on every
network; another brand gets as many, so that the query must pick its brand's. Prints
the median and 95th percentile of 300 checks at random planned times, of 50 calendar
months, and PostgreSQL's plan of the check's query.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]
sys.path.insert(0, str(REPO))
from bench.queue import drop_database, fail, manage, recreate_database, with_database  # noqa: E402

NAME = "socialgov_content_mix"
STATES = ["published"] * 6 + ["in_review", "approved", "draft", "rejected"]
OBJECTIVES = ["inform", "engage", "sell", "customer_service", "recruit"]
NETWORKS = ["x", "linkedin", "facebook", "instagram"]


def build(brand, author, posts, rng):
    from django.utils import timezone

    from socialgov.posts.models import Post, PostVersion, content_hash

    now = timezone.now()
    made = Post.objects.bulk_create(
        (Post(brand=brand, author=author, state=rng.choice(STATES)) for _ in range(posts)),
        batch_size=5000)
    versions = []
    for post in made:
        fields = {"text": "Fresh bread every morning.", "language": "en",
                  "networks": rng.sample(NETWORKS, rng.randint(1, 3)),
                  "objective": rng.choice(OBJECTIVES),
                  "planned_at": now + timedelta(minutes=rng.randint(-2 * 525600, 525600))}
        versions.append(PostVersion(post=post, number=1, author=author,
                                    content_hash=content_hash(fields), **fields))
    versions = PostVersion.objects.bulk_create(versions, batch_size=5000)
    for post, version in zip(made, versions, strict=True):
        post.current_version = version
    Post.objects.bulk_update(made, ["current_version"], batch_size=5000)


def percentiles(samples):
    samples = sorted(samples)
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=20000)
    parser.add_argument("--keep-db", action="store_true")
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        fail("set DATABASE_URL to a PostgreSQL server (a role that may create databases)")
    recreate_database(url, NAME)
    env = {**os.environ, "DATABASE_URL": with_database(url, NAME)}
    try:
        manage("migrate", "-v", "0", env=env)
        os.environ["DATABASE_URL"] = env["DATABASE_URL"]
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialgov.settings")
        import django

        django.setup()
        return measure(options)
    finally:
        from django.db import connections

        connections.close_all()
        if not options.keep_db:
            drop_database(url, NAME)


def measure(options) -> int:
    import datetime

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from socialgov.brands.models import Brand
    from socialgov.posts import content_mix

    rng = random.Random(16)
    author = get_user_model().objects.create_user("bench-author", password="bench-only")
    brand = Brand.objects.create(
        name="Bench", slug="bench", languages=["en"], default_language="en",
        mix_targets={value: 30 for value in OBJECTIVES}, mix_window_days=7,
        rhythm_per_day={network: 3 for network in NETWORKS})
    other = Brand.objects.create(name="Other", slug="other", languages=["en"],
                                 default_language="en")
    started = time.perf_counter()
    build(brand, author, options.posts, rng)
    build(other, author, options.posts, rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"{2 * options.posts} posts built in {time.perf_counter() - started:.0f} s")

    now = timezone.now()
    checks = []
    for _ in range(300):
        planned = now + timedelta(minutes=rng.randint(-525600, 525600))
        began = time.perf_counter()
        content_mix.findings(brand, None, rng.choice(OBJECTIVES), rng.sample(NETWORKS, 2),
                             planned)
        checks.append((time.perf_counter() - began) * 1000)
    median, p95 = percentiles(checks)
    print(f"check (mix and rhythm): median {median:.1f} ms, p95 {p95:.1f} ms")

    months = []
    for _ in range(50):
        first = (now + timedelta(days=rng.randint(-365, 300))).date()
        first -= timedelta(days=first.weekday())
        weeks = [(first + timedelta(weeks=n), first + timedelta(weeks=n, days=6))
                 for n in range(6)]
        began = time.perf_counter()
        content_mix.weekly(brand, weeks)
        months.append((time.perf_counter() - began) * 1000)
    median, p95 = percentiles(months)
    print(f"calendar month's weekly mix: median {median:.1f} ms, p95 {p95:.1f} ms")

    day = now.date()
    query = content_mix.counted_query(brand, day - datetime.timedelta(days=6),
                                      day + datetime.timedelta(days=6), leaving_out=None)
    print("plan of the check's query:")
    print(query.explain(analyze=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
