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
* Costly brands' checks wait in the slow queue (socialgov/posts/pipeline.py),
  listed after the checks queue, and at most all the workers but one run slow
  jobs at once: a worker that finds every slow slot taken puts the job back at
  the front of its queue and listens to the checks queue alone for a moment.
  One brand's costly rules never hold up another brand's checks.
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
# How long a worker that found the slow slots taken listens to the fast queue
# alone; and how long an idle worker waits on its queues before looking again.
SLOW_BACKOFF = 1.0
DEQUEUE_TIMEOUT = 2
SLOW_BUSY_KEY = "socialgov:slow-busy:{}"  # a hash: worker name → start time
SLOW_STALE = 3600  # a slot held longer than this is a dead worker's

class CheckWorker(SimpleWorker):
    death_penalty_class = CheckDeathPenalty
    _last_job_ended = 0.0
    _last_job_failed = False
    _fast_only_until = 0.0

    def unsubscribe(self):
        """RQ's, in an order that cannot hang. RQ 3.0 unsubscribes the command listener,
        then stops it; redis-py 8.2's stop() waits for the listener to end, and a
        listener that read the unsubscribe reply before the stop went back to a
        60-second wait. Here the stop is asked for first (without waiting), so the
        reply wakes a listener that then ends, and the wait is bounded either way."""
        thread = self.pubsub_thread
        if not thread:
            return
        self.log.info("Worker %s: unsubscribing from channel %s", self.name,
                      self.pubsub_channel_name)
        thread.stop(timeout=0)
        self.pubsub.unsubscribe()
        thread.join(timeout=1)
        self.pubsub.close()

    @property
    def dequeue_timeout(self):
        # Short, so an idle worker soon looks again at whether a slow slot is free.
        return DEQUEUE_TIMEOUT

    def _slow_queues(self):
        return [q for q in self.queues if q.name.endswith("-slow")]

    def heartbeat(self, timeout=None, pipeline=None):
        super().heartbeat(timeout, pipeline)
        # Called before each wait on the queues: listen to the slow queue again
        # once the back-off is over.
        if pipeline is None and time.monotonic() >= self._fast_only_until:
            self._ordered_queues = list(self.queues)

    def _slots(self, queue):
        """How many workers may run slow jobs at once: all of those reading the
        slow queue but one (one, when it is alone)."""
        readers = [w for w in type(self).all(connection=self.connection)
                   if queue.name in w.queue_names()]
        return max(1, len(readers) - 1)

    def _take_slow_slot(self, queue):
        key = SLOW_BUSY_KEY.format(queue.name)
        now = time.time()
        busy = {name: float(at) for name, at in
                ((n.decode(), a) for n, a in self.connection.hgetall(key).items())
                if now - float(at) < SLOW_STALE and name != self.name}
        if len(busy) >= self._slots(queue):
            return False
        self.connection.hset(key, self.name, now)
        return True

    def _give_back(self, job, queue):
        """Every slow slot is taken: the job goes back to the front of its queue,
        and this worker reads the checks queue alone for a moment."""
        queue.intermediate_queue.remove(job.id)  # when it was moved there, not popped
        queue.push_job_id(job.id, at_front=True)
        self._fast_only_until = time.monotonic() + SLOW_BACKOFF
        self._ordered_queues = [q for q in self.queues if q not in self._slow_queues()]

    def execute_job(self, job, queue):
        if queue in self._slow_queues():
            if not self._take_slow_slot(queue):
                self._give_back(job, queue)
                return None
            try:
                return self._execute(job, queue)
            finally:
                self.connection.hdel(SLOW_BUSY_KEY.format(queue.name), self.name)
        return self._execute(job, queue)

    def _execute(self, job, queue):
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
