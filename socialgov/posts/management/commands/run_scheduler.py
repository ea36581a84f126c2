import argparse
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.module_loading import import_string

from socialgov.posts import approval
from socialgov.posts.pipeline import reconcile
from socialgov.posts.system import expire_overdue


def _instant(value):
    moment = parse_datetime(value)
    if moment is None or timezone.is_naive(moment):
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an ISO 8601 time with a zone (2026-12-03T14:30:00-05:00)")
    return moment


class Command(BaseCommand):
    help = (
        "Run SocialGov's periodic work (the check reconciler, the expiry of posts not "
        "approved by their planned time, reminders and expiry warnings, who can decide each "
        "review on a new day, the purge of posts past their brand's retention period) in one "
        "process. "
        "Run exactly one: the workers do not do this themselves."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=None,
                            help="seconds between runs (default: RECONCILE_INTERVAL)")
        parser.add_argument("--grace", type=float, default=None,
                            help="leave jobs younger than this alone (default: RECONCILE_GRACE)")
        parser.add_argument("--once", action="store_true", help="run once and exit")
        parser.add_argument(
            "--now", type=_instant, default=None,
            help="with --once: run as if it were this time (ISO 8601 with a zone), to "
                 "rehearse reminders and expiry")

    def handle(self, *args, interval=None, grace=None, once=False, now=None, **options):
        if now is not None and not once:
            raise CommandError("--now needs --once: a loop keeps the real time.")
        # Without Redis checks run in-process at commit, so there is nothing to
        # reconcile; posts still expire at their planned time.
        reconciling = bool(settings.REDIS_URL)
        interval = settings.RECONCILE_INTERVAL if interval is None else interval
        if interval <= 0 and not once:
            # The loop would run the reconciler back to back, hammering the database.
            raise CommandError("--interval (RECONCILE_INTERVAL) must be more than 0 seconds.")
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
        if reconciling:
            self.stdout.write(f"scheduler: reconciling and expiring every {interval:g}s")
        else:
            self.stdout.write(
                f"scheduler: embedded mode (no REDIS_URL), expiring every {interval:g}s"
            )
        days_seen = {}
        while not stopping:
            close_old_connections()
            if reconciling:
                self.reconcile(grace)
            try:
                approval.refresh_on_new_day(days_seen)
            except Exception as error:
                self.stderr.write(f"scheduler: refreshing the reviews' turns failed: {error}")
            at = now or timezone.now()
            self.run_tasks(at)
            try:
                expired = expire_overdue(at)
            except Exception as error:
                self.stderr.write(f"scheduler: expiry failed: {error}")
            else:
                if expired:
                    self.stdout.write(f"scheduler: {expired} post(s) expired")
            if once:
                break
            deadline = time.monotonic() + interval
            while not stopping and time.monotonic() < deadline:
                time.sleep(min(0.5, interval))
        self.stdout.write("scheduler: stopped")

    def run_tasks(self, now):
        """SCHEDULED_TASKS: each is called with the time and returns how many
        things it did; one failing never stops the others."""
        for name, path in settings.SCHEDULED_TASKS.items():
            try:
                count = import_string(path)(now)
            except Exception as error:
                self.stderr.write(f"scheduler: {name} failed: {error}")
            else:
                if count:
                    self.stdout.write(f"scheduler: {name}: {count}")

    def reconcile(self, grace):
        try:
            summary = reconcile(grace_seconds=grace)
        except Exception as error:  # keep going: Redis or the database may come back
            self.stderr.write(f"scheduler: reconcile failed: {error}")
        else:
            if summary["requeued"] or summary["failed"]:
                self.stdout.write(f"scheduler: {summary}")
