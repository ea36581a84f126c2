"""Webhooks: what one event costs the worker, and one delivery end to end.

    .venv/bin/python bench/webhooks.py [--endpoints 50] [--repeat 20]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/socialgov .venv/bin/python bench/webhooks.py

Uses a database of its own, made from the models and dropped afterwards (a temporary
SQLite file by default; ``test_socialgov_bench_webhooks`` on DATABASE_URL's server when
it points at PostgreSQL), no Redis (jobs run in-process: the figures are the jobs' own),
and a receiving HTTP server on 127.0.0.1 (WEBHOOKS_ALLOW_PRIVATE_TARGETS on).

Prints the queries and time of one fan-out (``jobs.fan_out``: the event, the brand's
webhooks, one delivery row each) for brands of 1, 10 and ``--endpoints`` webhooks (the
queries must not grow with them), then one attempt (``jobs.attempt``: resolve and
check the address, sign, POST, log) against the local server, and the scheduler's pass
sending ``--endpoints`` due deliveries.
"""

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]
sys.path.insert(0, str(REPO))

DATABASE = "socialgov_bench_webhooks"


class Quiet(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def set_up_django(root):
    database_url = os.environ.get("DATABASE_URL", "")
    postgres = urlsplit(database_url).scheme in ("postgres", "postgresql")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="socialgov.settings",
        DATABASE_URL=database_url if postgres else f"sqlite:///{root / 'db.sqlite3'}",
        WEBHOOKS_ALLOW_PRIVATE_TARGETS="1", LOG_LEVEL="WARNING",
    )
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.db import connection

    connection.settings_dict["TEST"].update(
        NAME=str(root / "bench.sqlite3") if not postgres else f"test_{DATABASE}", MIGRATE=False)
    old_name = connection.settings_dict["NAME"]
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    print(f"database: {connection.vendor} ({name}), schema from the models")
    return old_name


def approval_event(size, url):
    """A brand with ``size`` webhooks wanting approvals, and an approval event of it."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from socialgov.accounts.models import Membership, Role
    from socialgov.audit.events import record
    from socialgov.brands.models import Brand
    from socialgov.posts.models import Post, PostVersion
    from socialgov.webhooks.models import Endpoint

    brand = Brand.objects.create(name=f"Bench {size}", slug=f"bench-{size}",
                                 languages=["en"], default_language="en")
    author = get_user_model().objects.create(username=f"author{size}")
    Membership.objects.create(user=author, brand=brand, role=Role.DRAFTER)
    Endpoint.objects.bulk_create(Endpoint(brand=brand, url=url, events=["approved"])
                                 for _ in range(size))
    with transaction.atomic():
        post = Post.objects.create(brand=brand, author=author, state="approved")
        post.current_version = PostVersion.objects.create(
            post=post, number=1, author=author, text="Our bakery opens on Monday.",
            networks=["x"], objective="inform", language="en")
        post.save()
        return record("approve", actor=author, post=post, from_state="in_review",
                      to_state="approved")


def show(label, seconds, extra=""):
    print(f"  {label:<30} median {statistics.median(seconds) * 1000:7.2f} ms"
          f"   (min {min(seconds) * 1000:.2f}, max {max(seconds) * 1000:.2f}, "
          f"n={len(seconds)}){extra}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoints", type=int, default=50, help="the largest brand (50)")
    parser.add_argument("--repeat", type=int, default=20, help="runs per figure (default 20)")
    options = parser.parse_args()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    root = Path(tempfile.mkdtemp(prefix="bench-webhooks-"))
    try:
        old_name = set_up_django(root)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        from socialgov.audit import signals
        from socialgov.webhooks import jobs
        from socialgov.webhooks.models import Delivery

        signals.committed.disconnect(dispatch_uid="webhooks.on_committed")
        try:
            print("one fan-out (an approval: a delivery row per webhook):")
            for size in sorted({1, 10, options.endpoints}):
                event = approval_event(size, url)
                seconds, queries = [], set()
                for _ in range(options.repeat):
                    Delivery.objects.all().delete()
                    with CaptureQueriesContext(connection) as captured:
                        started = time.perf_counter()
                        assert jobs.fan_out(event.pk) == size
                        seconds.append(time.perf_counter() - started)
                    queries.add(len(captured))
                show(f"{size} webhooks", seconds,
                     f"   {'/'.join(map(str, sorted(queries)))} queries")
            print("\none attempt against a server on 127.0.0.1 (resolve, sign, POST, log):")
            pending = list(Delivery.objects.values_list("pk", flat=True))
            seconds = []
            for pk in pending[:options.repeat]:
                started = time.perf_counter()
                assert jobs.attempt(pk) == "succeeded"
                seconds.append(time.perf_counter() - started)
            show("one attempt", seconds)
            Delivery.objects.all().delete()
            jobs.fan_out(event.pk)
            started = time.perf_counter()
            sent = 0
            while (count := jobs.send_due(timezone.now())):
                sent += count
            took = time.perf_counter() - started
            print(f"\nthe scheduler's pass: {sent} due deliveries sent in {took * 1000:.0f} ms "
                  f"({took / max(sent, 1) * 1000:.1f} ms each)")
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    finally:
        server.shutdown()
        for path in sorted(root.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        root.rmdir()


if __name__ == "__main__":
    main()
