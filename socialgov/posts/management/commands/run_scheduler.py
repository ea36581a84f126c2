import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from socialgov.posts import approval
from socialgov.posts.pipeline import reconcile
from socialgov.posts.system import expire_overdue


class Command(BaseCommand):
    help = (
        "Run SocialGov's periodic work (the check reconciler, the expiry of posts not "
        "approved by their planned time, who can decide each review on a new day) in one "
        "process. "
        "Run exactly one: the workers do not do this themselves."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=None,
                            help="seconds between runs (default: RECONCILE_INTERVAL)")
        parser.add_argument("--grace", type=float, default=None,
                            help="leave jobs younger than this alone (default: RECONCILE_GRACE)")
        parser.add_argument("--once", action="store_true", help="run once and exit")

    def handle(self, *args, interval=None, grace=None, once=False, **options):
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
            try:
                expired = expire_overdue()
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

    def reconcile(self, grace):
        try:
            summary = reconcile(grace_seconds=grace)
        except Exception as error:  # keep going: Redis or the database may come back
            self.stderr.write(f"scheduler: reconcile failed: {error}")
        else:
            if summary["requeued"] or summary["failed"]:
                self.stdout.write(f"scheduler: {summary}")
