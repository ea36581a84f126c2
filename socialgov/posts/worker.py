"""The RQ worker class that runs checks.

RQ's default worker forks a child per job, and each child opens a database
connection of its own: about 30 ms of a check job went to connecting. This
worker runs jobs in its own process and keeps its connection between jobs
(CONN_MAX_AGE), checking it before and after each job as Django does around
a request. A job that crashes the process (not one that raises: RQ records
those) takes the worker down; compose restarts it and the reconciler puts
the lost check back on the queue.
"""

from django.db import close_old_connections
from rq.worker import SimpleWorker


class CheckWorker(SimpleWorker):
    def execute_job(self, job, queue):
        close_old_connections()
        try:
            return super().execute_job(job, queue)
        finally:
            close_old_connections()
