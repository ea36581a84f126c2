"""How a submitted version reaches the engine.

With ``REDIS_URL`` the check is a django-rq job on the ``checks`` queue;
without it (the embedded default) the same job function runs in-process.
Either way it starts only once the submitting transaction has committed, so
the job always finds the rows it is given.
"""

import logging

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)


def request_check(post):
    post_id, version_id = post.pk, post.current_version_id
    transaction.on_commit(lambda: enqueue_check(post_id, version_id))


def enqueue_check(post_id, version_id):
    from socialgov.posts import jobs

    if not settings.REDIS_URL:
        try:
            jobs.check_version(post_id, version_id)
        except Exception:
            # The post stays in `checking`; its author sees it and can withdraw.
            logger.exception("in-process check of post %s failed", post_id)
        return
    import django_rq

    queue = django_rq.get_queue(settings.CHECKS_QUEUE)
    queue.enqueue(jobs.check_version, post_id, version_id)
