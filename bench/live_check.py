"""The editor's live check with several authors typing at once, measured from outside.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/socialgov .venv/bin/python bench/live_check.py

Uses a database of its own (``socialgov_live`` on DATABASE_URL's server, made
afresh and dropped after; --keep-db leaves it). It seeds the demo brand (its
rules and the shipped packs), adds --authors drafters, and serves SocialGov
with gunicorn (--workers sync workers, DEBUG off), as production does.

Each author types the posts of the development set (``../shared/evals-dev/``,
read at run time, gaffes and ordinary posts in turn) as a person does: a burst
of keystrokes, then the pause after which the editor asks for a check (the
page waits 400 ms after the last keystroke), so one request per pause, with the
text typed so far, two networks and a planned time. The authors start at once
and do not wait for one another.

Prints how many checks ran, their latency (p50, p95, p99, max) and the rate;
target: p95 at most 300 ms with 10 authors.
"""

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# bench/queue.py would hide the standard library's queue module.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]
sys.path.insert(0, str(REPO))

import requests  # noqa: E402
import yaml  # noqa: E402

from bench.pages import free_port, session_cookie  # noqa: E402
from bench.queue import drop_database, fail, manage, recreate_database, with_database  # noqa: E402

DEV = REPO.parent / "shared" / "evals-dev"
DEBOUNCE = 0.4  # the editor's hx-trigger delay


def texts():
    """The development set's texts, gaffes and ordinary posts in turn."""
    found = []
    for name in ("gaffes.yaml", "ordinary.yaml"):
        path = DEV / name
        if not path.exists():
            fail(f"{path} is missing: the benchmark types its posts")
        items = yaml.safe_load(path.read_text())
        found.append([item["text"] for item in items if item.get("text")])
    mixed = [t for pair in zip(*found, strict=False) for t in pair]
    return mixed + found[0][len(mixed) // 2:] + found[1][len(mixed) // 2:]


def start_gunicorn(env, port, workers):
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "socialgov.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "warning"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process
        except requests.RequestException:
            if process.poll() is not None:
                fail(f"gunicorn exited:\n{process.stderr.read()}")
            time.sleep(0.2)
    process.kill()
    fail("gunicorn did not answer /healthz within 30 s")


class Author(threading.Thread):
    def __init__(self, base, cookie, brand_id, posts, seconds, seed):
        super().__init__(daemon=True)
        self.base, self.posts, self.seconds = base, posts, seconds
        self.brand_id = brand_id
        self.random = random.Random(seed)
        self.session = requests.Session()
        name, value = cookie.split("=", 1)
        self.session.cookies.set(name, value)
        self.latencies, self.failures = [], []

    def run(self):
        page = self.session.get(f"{self.base}/posts/new/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        deadline = time.monotonic() + self.seconds
        post = self.random.randrange(len(self.posts))
        while time.monotonic() < deadline:
            text = self.posts[post % len(self.posts)]
            post += 1
            typed = 0
            while typed < len(text) and time.monotonic() < deadline:
                typed = min(len(text), typed + self.random.randint(4, 25))
                # The burst of keystrokes, then the pause that sends the check.
                time.sleep(typed and self.random.uniform(0.2, 1.2) + DEBOUNCE)
                self.check(token, text[:typed])

    def check(self, token, text):
        data = {
            "csrfmiddlewaretoken": token, "brand": self.brand_id, "networks": ["x", "linkedin"],
            "objective": "engage", "planned_at": "2031-06-04T10:00", "language": "en",
            "text": text, "other_text": "", "network_texts-TOTAL_FORMS": "0",
            "network_texts-INITIAL_FORMS": "0",
        }
        started = time.perf_counter()
        try:
            response = self.session.post(f"{self.base}/posts/live-check/", data=data,
                                         headers={"HX-Request": "true"}, timeout=30)
        except requests.RequestException as error:
            self.failures.append(str(error))
            return
        elapsed = time.perf_counter() - started
        if response.status_code != 200 or "finding-cards" not in response.text and \
                "The check finds nothing" not in response.text:
            self.failures.append(f"{response.status_code}: {response.text[:200]}")
            return
        self.latencies.append(elapsed)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--authors", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--database", default="socialgov_live")
    parser.add_argument("--keep-db", action="store_true")
    options = parser.parse_args()
    if not re.match(r"postgres(ql)?://", os.environ.get("DATABASE_URL", "")):
        fail("DATABASE_URL must point at a PostgreSQL server")
    server_url = os.environ["DATABASE_URL"]
    env = dict(os.environ, DATABASE_URL=with_database(server_url, options.database),
               DEBUG="0", REDIS_URL="", LOG_LEVEL="WARNING",
               LIVE_CHECK_RATE="1000")  # the rate limit is not what is measured
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialgov.settings")
    print(f"database {options.database}: recreating and migrating…", flush=True)
    recreate_database(server_url, options.database)
    manage("migrate", "--noinput", env=env, stdout=subprocess.DEVNULL)
    manage("seed_demo", env=dict(env, DEMO_PASSWORD="bench-only"), stdout=subprocess.DEVNULL)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from socialgov.accounts.models import Membership, Role
    from socialgov.brands.models import Brand

    brand = Brand.objects.get(slug="demo")
    cookies = []
    for n in range(options.authors):
        user = get_user_model().objects.create_user(f"typist{n}", password="bench-only")
        Membership.objects.create(user=user, brand=brand, role=Role.DRAFTER)
        cookies.append(session_cookie(user.username))
    connection.close()
    posts = texts()
    port = free_port()
    server = start_gunicorn(env, port, options.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        Author(base, cookies[0], brand.pk, posts, 3, seed=-1).run()  # warm the workers
        authors = [Author(base, cookie, brand.pk, posts, options.seconds, seed=n)
                   for n, cookie in enumerate(cookies)]
        started = time.perf_counter()
        for author in authors:
            author.start()
        for author in authors:
            author.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies = [value * 1000 for author in authors for value in author.latencies]
    failures = [failure for author in authors for failure in author.failures]
    if not latencies:
        fail(f"no check answered: {failures[:3]}")
    print(f"\n{options.authors} authors typing for {options.seconds} s, gunicorn "
          f"{options.workers} workers, {len(posts)} development-set posts")
    print(f"  checks: {len(latencies)} ({len(latencies) / elapsed:.1f}/s), "
          f"failures: {len(failures)}")
    print(f"  latency ms: p50 {statistics.median(latencies):.0f}, "
          f"p95 {percentile(latencies, .95):.0f}, p99 {percentile(latencies, .99):.0f}, "
          f"max {max(latencies):.0f}")
    print("  target: p95 <= 300 ms")
    for failure in failures[:3]:
        print(f"  failure: {failure}")
    if not options.keep_db:
        drop_database(server_url, options.database)


if __name__ == "__main__":
    main()
