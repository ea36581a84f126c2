"""The JSON API's lists on a large brand, measured in process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/socialgov .venv/bin/python bench/api.py

Uses a database of its own (``socialgov_api`` on DATABASE_URL's server, made
afresh and dropped after; --keep-db leaves it). It builds a brand of --posts
posts (a fifth in review, the others over the other states: bench/dataset.py)
with their versions and findings, makes an approver's token, and calls each
list --calls times through Django's test client (the whole middleware stack,
no HTTP server), a full page of 100 posts each time.

Prints, per call: SQL queries, and latency (p50, p95) in ms; target: the same
number of queries whatever the number of posts (tests/test_query_counts.py
holds it), p95 under 300 ms for a page of 100.
"""

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# bench/queue.py would hide the standard library's queue module.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]
sys.path.insert(0, str(REPO))

from bench.queue import (  # noqa: E402
    drop_database,
    fail,
    manage,
    percentile,
    recreate_database,
    with_database,
)

NAME = "socialgov_api"
ENDPOINTS = ("/api/posts?limit=100", "/api/posts?state=in_review&limit=100",
             "/api/posts/due?limit=100&within_minutes=10080", "/api/posts/{id}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--keep-db", action="store_true")
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        fail("set DATABASE_URL to a PostgreSQL server (a role that may create databases)")
    database = with_database(url, NAME)
    recreate_database(url, NAME)
    env = {**os.environ, "DATABASE_URL": database, "REDIS_URL": "",
           "API_REQUESTS_PER_MINUTE": "1000000"}
    try:
        manage("migrate", "-v", "0", env=env)
        os.environ.update(env)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialgov.settings")
        import django

        django.setup()
        measure(options)
    finally:
        if not options.keep_db:
            from django.db import connections

            connections.close_all()
            drop_database(url, NAME)


def measure(options):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.dataset import build
    from socialgov.accounts.models import Membership, Role
    from socialgov.api import tokens
    from socialgov.brands.models import Brand

    User = get_user_model()
    brand = Brand.objects.create(name="Bench", slug="bench", languages=["fr", "en"],
                                 default_language="fr")
    author = User.objects.create_user("author", password="bench-only")
    approver = User.objects.create_user("approver", password="bench-only")
    Membership.objects.create(user=author, brand=brand, role=Role.DRAFTER)
    Membership.objects.create(user=approver, brand=brand, role=Role.APPROVER)
    started = time.perf_counter()
    ids = build(brand, [author], posts=options.posts, in_review=options.posts // 5)
    print(f"built {options.posts} posts in {time.perf_counter() - started:.0f} s")
    _token, secret = tokens.make(approver, brand, name="Bench", role=Role.APPROVER)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    client.get("/api/posts")  # the token's last use is written once a minute
    print(f"{'call':<48} {'queries':>7} {'p50 ms':>7} {'p95 ms':>7} {'items':>5}")
    for endpoint in ENDPOINTS:
        path = endpoint.format(id=ids[0])
        times, queries = [], set()
        for _ in range(options.calls):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                fail(f"{path}: {response.status_code} {response.content[:200]!r}")
            queries.add(len(captured))
        body = response.json()
        items = len(body["items"]) if "items" in body else 1
        print(f"GET {endpoint:<44} {'/'.join(map(str, sorted(queries))):>7} "
              f"{percentile(times, 0.5):>7.1f} {percentile(times, 0.95):>7.1f} {items:>5}")


if __name__ == "__main__":
    main()
