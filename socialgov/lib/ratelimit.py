"""A rate limit in the cache: at most ``rate`` calls a ``seconds`` window per key.

A fixed window is enough where the limit only keeps one person from running
the engine in a loop; with Redis configured the cache is shared by every web
process, otherwise each process counts its own.
"""

import logging
import time

import redis
from django.core.cache import cache

logger = logging.getLogger(__name__)


def _now():
    return time.time()


def seconds_left(seconds):
    """How long until the current window of ``seconds`` ends (a Retry-After)."""
    return max(1, int(seconds - _now() % seconds + 0.999))


def allow(key, rate, seconds):
    """Count one call under ``key``; False once the window has had ``rate``.

    While the cache is away (Redis restarting), calls are let through
    uncounted: the limit only keeps one person from looping, and a page must
    not fail because of it."""
    window = int(_now() // seconds)
    name = f"ratelimit:{key}:{window}"
    try:
        cache.add(name, 0, timeout=seconds + 1)
        try:
            return cache.incr(name) <= rate
        except ValueError:  # expired between add and incr: a new window
            cache.add(name, 1, timeout=seconds + 1)
            return True
    except (redis.exceptions.RedisError, OSError):
        logger.warning("rate limit %s not counted: the cache is away", key, exc_info=True)
        return True
