"""The RQ worker class that runs checks.

RQ's default worker forks a child per job, and each child opens a database
connection of its own: about 30 ms of a check job went to connecting. This
worker runs jobs in its own process and keeps its connection between jobs
(CONN_MAX_AGE), checking it as Django does around a request, but only before a
job that follows an idle spell or a failed job. A job that crashes the process
(not one that raises: RQ records those) takes the worker down; compose restarts
it and the reconciler puts the lost check back on the queue.

Two things RQ's plain SimpleWorker does not do, and the reconciler and the
job timeout rely on:

* While a job runs, the worker gives a heartbeat every few seconds: the
  reconciler counts a started job as lost once its worker's heartbeat is older
  than RECONCILE_GRACE (a worker killed mid-job gives none).
* The job timeout raises ``JobTimeout``, a BaseException: the rule engine
  catches a failing rule's Exception to report it, and RQ's own
  JobTimeoutException is one, so a check that ran out of time went on to the
  next rule instead of ending.
"""

import threading
import time

from django.conf import settings
from django.db import close_old_connections
from rq.job import JobStatus
from rq.timeouts import UnixSignalDeathPenalty
from rq.worker import SimpleWorker


class JobTimeout(BaseException):  # noqa: N818  (named like RQ's JobTimeoutException)
    """The job ran past its timeout; nothing inside the job may swallow it."""


class CheckDeathPenalty(UnixSignalDeathPenalty):
    def handle_death_penalty(self, signum, frame):
        raise JobTimeout(f"Task exceeded maximum timeout value ({self._timeout} seconds)")


def heartbeat_interval():
    """Seconds between heartbeats during a job: well within the grace period."""
    return max(1.0, settings.RECONCILE_GRACE / 3)


# Between jobs that follow each other closely the connection was fine a moment
# ago: it is checked (a query of its own) only after an idle spell or a failure.
CHECK_CONNECTION_AFTER = 5.0


class CheckWorker(SimpleWorker):
    death_penalty_class = CheckDeathPenalty
    _last_job_ended = 0.0
    _last_job_failed = False

    def execute_job(self, job, queue):
        if (self._last_job_failed
                or time.monotonic() - self._last_job_ended > CHECK_CONNECTION_AFTER):
            close_old_connections()
        done = threading.Event()
        beating = threading.Thread(target=self._beat_until, args=(done,), daemon=True,
                                   name=f"heartbeat-{job.id}")
        beating.start()
        try:
            return super().execute_job(job, queue)
        finally:
            done.set()
            beating.join()
            self._last_job_failed = job.get_status(refresh=False) != JobStatus.FINISHED
            self._last_job_ended = time.monotonic()

    def _beat_until(self, done):
        interval = heartbeat_interval()
        while not done.wait(interval):
            try:
                self.heartbeat()
            except Exception:  # Redis away for a moment: the next beat tries again
                self.log.warning("worker %s: heartbeat failed", self.name, exc_info=True)
