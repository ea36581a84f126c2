"""Loaded before Django reads its settings (``-p tests.worker_env``, which ``make test``
passes): in a parallel run (pytest-xdist), each worker process gets a Redis database
of its own, its number one more than the worker's (gw0 → 1, gw1 → 2...), so the jobs
one worker's tests put on the RQ queues are never taken by another worker's tests.
PostgreSQL needs nothing here: pytest-django gives each worker its own test database."""

import os
from urllib.parse import urlsplit, urlunsplit

_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
_redis_url = os.environ.get("REDIS_URL", "")
if _worker.startswith("gw") and _redis_url:
    _parts = urlsplit(_redis_url)
    os.environ["REDIS_URL"] = urlunsplit(
        _parts._replace(path=f"/{int(_worker.removeprefix('gw')) + 1}"))
