"""The pages people live in, measured from outside against a floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/socialgov .venv/bin/python bench/pages.py

Uses a database of its own (`socialgov_pages` on DATABASE_URL's server, made
afresh; --keep-db leaves it, --reuse-db measures an existing one again). It
builds a brand of 10,000 posts (2,000 in review, about 16,000 versions, 26,000
findings, 63,000 audit events: bench/dataset.py), serves SocialGov with
gunicorn (2 sync workers, DEBUG off) and drives each page with wrk, logged in:

* the floor: a bare Django page behind the same middleware and login,
  rendering a 50-row template (bench/pages_urls.py), run before and after;
* the review queue of an approver (every post in review waits on them);
* "My posts" of an author, and "Author: Anyone";
* the post page of a post in review with 3 versions, findings and comments.

Prints requests/s, latency (p50, p99) and each page's ratio to the floor
(target: at least 0.5, p99 under 300 ms).
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]
sys.path.insert(0, str(REPO))

from bench.queue import fail, manage, recreate_database, with_database  # noqa: E402

SETTINGS = "bench.pages_settings"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_world(options):
    from django.contrib.auth import get_user_model

    from bench.dataset import build
    from socialgov.accounts.models import Membership, Role
    from socialgov.brands.models import Brand

    User = get_user_model()
    brand = Brand.objects.get(slug="demo")
    authors = [User.objects.get(username="intern")]
    for n in range(4):
        user = User.objects.create_user(f"writer{n}", password="bench-only")
        Membership.objects.create(user=user, brand=brand, role=Role.DRAFTER)
        authors.append(user)
    for n in range(3):
        user = User.objects.create_user(f"reviewer{n}", password="bench-only")
        Membership.objects.create(user=user, brand=brand, role=Role.APPROVER)
    started = time.perf_counter()
    single = options.posts * 7 // 10
    build(brand, authors, posts=single, in_review=options.in_review * 7 // 10, versions=1,
          findings=2, events=6, seed=1)
    build(brand, authors, posts=options.posts - single,
          in_review=options.in_review - options.in_review * 7 // 10, versions=3, findings=4,
          events=7, seed=2)
    [featured] = build(brand, authors, posts=1, in_review=1, versions=3, findings=8,
                       comments=6, events=12, seed=3)
    print(f"dataset built in {time.perf_counter() - started:.0f} s", flush=True)
    return featured


def counts():
    from socialgov.audit.models import AuditEvent
    from socialgov.posts.models import Finding, Post, PostVersion, Turn

    return {
        "posts": Post.objects.count(),
        "in review": Post.objects.filter(state="in_review").count(),
        "versions": PostVersion.objects.count(),
        "findings": Finding.objects.count(),
        "audit events": AuditEvent.objects.count(),
        "turns": Turn.objects.count(),
    }


def session_cookie(username):
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def start_gunicorn(env, port):
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "socialgov.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process
        except OSError:
            if process.poll() is not None:
                fail(f"gunicorn exited:\n{process.stderr.read()}")
            time.sleep(0.2)
    process.kill()
    fail("gunicorn did not answer /healthz within 30 s")


def fetch(url, cookie):
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=60) as response:
        body = response.read()
        if response.status != 200 or b'name="password"' in body:
            fail(f"{url} answered {response.status} (logged in? {b'password' not in body})")
    return len(body)


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url, cookie, seconds, connections):
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "30s",
         "-H", f"Cookie: {cookie}", url], capture_output=True, text=True, check=True)
    out = result.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latencies = {p: to_ms(v, u) for p, v, u in
                 re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        fail(f"{url}: {errors.group(1)} answers were not 2xx/3xx:\n{out}")
    return rate, latencies.get("50", 0.0), latencies.get("99", 0.0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--in-review", type=int, default=2_000)
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--database", default="socialgov_pages")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--reuse-db", action="store_true",
                        help="measure the existing bench database again (implies --keep-db)")
    options = parser.parse_args()
    if not re.match(r"postgres(ql)?://", os.environ.get("DATABASE_URL", "")):
        fail("DATABASE_URL must point at a PostgreSQL server")
    if not subprocess.run(["which", "wrk"], capture_output=True).returncode == 0:
        fail("wrk is not installed (Debian: apt-get install wrk)")
    server_url = os.environ["DATABASE_URL"]
    env = dict(os.environ, DATABASE_URL=with_database(server_url, options.database),
               DJANGO_SETTINGS_MODULE=SETTINGS, DEBUG="0", REDIS_URL="", LOG_LEVEL="WARNING")
    os.environ.update(env)
    if not options.reuse_db:
        print(f"database {options.database}: recreating and migrating…", flush=True)
        recreate_database(server_url, options.database)
        manage("migrate", "--noinput", env=env, stdout=subprocess.DEVNULL)
        manage("seed_demo", env=dict(env, DEMO_PASSWORD="bench-only"), stdout=subprocess.DEVNULL)
    import django

    django.setup()
    from django.db import connection

    from socialgov.posts.models import Post

    if options.reuse_db:
        featured = Post.objects.filter(state="in_review", comments__isnull=False).first().pk
    else:
        featured = build_world(options)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    for name, value in counts().items():
        print(f"  {name:>13}: {value:,}")
    cookies = {name: session_cookie(name) for name in ("manager", "intern")}
    connection.close()

    port = free_port()
    server = start_gunicorn(env, port)
    base = f"http://127.0.0.1:{port}"
    pages = [
        ("floor (50-row template)", "/bench/floor/", "manager"),
        ("review queue", "/review/", "manager"),
        ("My posts", "/posts/", "intern"),
        ("Author: Anyone", "/posts/?author=any", "intern"),
        ("post page (3 versions)", f"/posts/{featured}/", "manager"),
        ("floor, again", "/bench/floor/", "manager"),
    ]
    rows = []
    try:
        for label, path, who in pages:
            for _ in range(5):  # warm both workers' caches and connections
                fetch(base + path, cookies[who])
            rate, p50, p99 = wrk(base + path, cookies[who], options.seconds, options.connections)
            rows.append((label, rate, p50, p99))
            print(f"  {label}: {rate:.1f} req/s", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    floor = (rows[0][1] + rows[-1][1]) / 2
    print(f"\n{'page':<26} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'÷ floor':>8}")
    for label, rate, p50, p99 in rows:
        print(f"{label:<26} {rate:>8.1f} {p50:>8.1f} {p99:>8.1f} {rate / floor:>8.2f}")
    print(f"\nfloor: {floor:.1f} req/s (mean of the two runs); target: each page >= 0.50 "
          f"of it, p99 < 300 ms")
    if not (options.keep_db or options.reuse_db):
        from bench.queue import drop_database

        drop_database(server_url, options.database)


if __name__ == "__main__":
    main()
