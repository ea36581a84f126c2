"""Telling a whole brand: one ``crisis_started`` event for a brand of 200
members becomes 200 notices and 200 e-mails (Django's locmem mail backend).

    .venv/bin/python bench/notify.py [--members 200] [--repeat 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/socialgov .venv/bin/python bench/notify.py

Uses a database of its own, made from the models and dropped afterwards (a
temporary SQLite file by default; ``test_socialgov_bench_notify`` on
DATABASE_URL's server when it points at PostgreSQL). Runs the job in-process
(no REDIS_URL): the figures are the job's own, not the queue's.

Prints, for brands of 10, 50 and ``--members`` members (half of them reading
French, every one with an e-mail address), the queries of one notification
job (``notify.jobs.deliver``: the event, its recipients, their channels and
settings, the notices written at once, the e-mails claimed) and its time:
the median and range of ``--repeat`` runs, each on a new event. The queries
must not grow with the number of recipients. Then the whole of it as a person
sees it: "Start crisis mode" for the largest brand, from the click to the
last e-mail handed to the backend (the crisis start, its commit, the job).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]
sys.path.insert(0, str(REPO))

DATABASE = "socialgov_bench_notify"


def set_up_django(root):
    database_url = os.environ.get("DATABASE_URL", "")
    postgres = urlsplit(database_url).scheme in ("postgres", "postgresql")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="socialgov.settings",
        DATABASE_URL=database_url if postgres else f"sqlite:///{root / 'db.sqlite3'}",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
    )
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()  # mail.outbox, and the locmem backend
    connection.settings_dict["TEST"].update(
        NAME=str(root / "bench.sqlite3") if not postgres else f"test_{DATABASE}", MIGRATE=False)
    old_name = connection.settings_dict["NAME"]
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    print(f"database: {connection.vendor} ({name}), schema from the models")
    return old_name


def brand_of(size, tag):
    """A brand of ``size`` drafters with addresses, half reading French, and its admin."""
    from django.contrib.auth import get_user_model

    from socialgov.accounts.models import Membership, Role
    from socialgov.brands.models import Brand
    from socialgov.notify.models import NoticeSettings

    users = get_user_model()
    brand = Brand.objects.create(name=f"Bench {tag}", slug=f"bench-{tag}", languages=["fr", "en"],
                                 default_language="en")
    people = users.objects.bulk_create(
        users(username=f"m{tag}-{n}", email=f"m{tag}-{n}@example.com", password="!")
        for n in range(size))
    Membership.objects.bulk_create(
        Membership(user=user, brand=brand, role=Role.DRAFTER) for user in people)
    NoticeSettings.objects.bulk_create(
        NoticeSettings(user=user, language="fr") for user in people[::2])
    admin = users.objects.create(username=f"admin{tag}", email=f"admin{tag}@example.com")
    Membership.objects.create(user=admin, brand=brand, role=Role.BRAND_ADMIN)
    return brand, admin


def crisis_event(brand, admin):
    """Start crisis mode (without telling anyone yet) and end it again, so the
    next run can start it anew; returns the start's event."""
    from django.db import transaction

    from socialgov.audit.models import Action, AuditEvent
    from socialgov.brands import crisis

    with transaction.atomic():
        crisis.start(admin, brand, "A storm over the city.")
    with transaction.atomic():
        crisis.end(admin, brand, "The storm is over.")
    return AuditEvent.objects.filter(brand=brand, action=Action.CRISIS_STARTED).latest("pk")


def job_figures(size, repeat, tag):
    from django.core import mail
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from socialgov.notify import jobs

    brand, admin = brand_of(size, tag)
    seconds, queries = [], set()
    for _ in range(repeat):
        event = crisis_event(brand, admin)
        mail.outbox.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            told = jobs.deliver(event.pk)
            seconds.append(time.perf_counter() - started)
        assert told == size and len(mail.outbox) == size, (told, len(mail.outbox))
        queries.add(len(captured))
    return seconds, queries


def end_to_end(size, repeat):
    """"Start crisis mode" as the page does it: the job runs at the commit."""
    from django.core import mail

    from socialgov.brands import crisis

    brand, admin = brand_of(size, "e2e")
    seconds = []
    for _ in range(repeat):
        mail.outbox.clear()
        started = time.perf_counter()
        crisis.start(admin, brand, "A storm over the city.")  # commits: the job runs then
        seconds.append(time.perf_counter() - started)
        assert len(mail.outbox) == size, len(mail.outbox)
        crisis.end(admin, brand, "The storm is over.")
    return seconds


def show(label, seconds, extra=""):
    print(f"  {label:<34} median {statistics.median(seconds) * 1000:7.1f} ms"
          f"   (min {min(seconds) * 1000:.1f}, max {max(seconds) * 1000:.1f}, "
          f"n={len(seconds)}){extra}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=200, help="the largest brand (200)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (default 5)")
    options = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="bench-notify-"))
    try:
        old_name = set_up_django(root)
        from django.db import connection

        from socialgov.audit import signals
        from socialgov.notify import jobs

        try:
            # The job is timed on its own first: the events tell nobody at their commit.
            signals.committed.disconnect(dispatch_uid="notify.on_committed")
            print("one notification job (crisis_started: a notice and an e-mail per member):")
            for size in sorted({10, 50, options.members}):
                seconds, queries = job_figures(size, options.repeat, str(size))
                show(f"{size} members", seconds,
                     f"   {'/'.join(map(str, sorted(queries)))} queries"
                     f"   {statistics.median(seconds) / size * 1000:.2f} ms per member")
            signals.committed.connect(jobs.on_committed, dispatch_uid="notify.on_committed")
            print('\n"Start crisis mode", from the click to the last e-mail (embedded mode):')
            show(f"{options.members} members", end_to_end(options.members, options.repeat))
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    finally:
        for path in sorted(root.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        root.rmdir()


if __name__ == "__main__":
    main()
