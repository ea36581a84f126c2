"""Webhooks through a real RQ worker on PostgreSQL and Redis, as production runs
them: the event's job fans out, each delivery is its own job, and a retry is
scheduled with ``enqueue_in`` and run by the worker's scheduler
(``rqworker --with-scheduler``, as bin/run-all and docker-compose start it).
Without PostgreSQL and Redis these tests skip; under CI=true they fail."""

import json
from datetime import timedelta

import pytest
from rq import Queue

from socialgov.posts import actions, pipeline
from socialgov.webhooks import services as webhooks
from socialgov.webhooks.models import Delivery, DeliveryState, Kind
from tests.test_webhooks import Receiver
from tests.test_worker import _empty, procs, services, wait_until, worker_env  # noqa: F401

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def webhook_queue(services, settings):  # noqa: F811
    queue = Queue(settings.WEBHOOKS_QUEUE, connection=pipeline.redis_connection())
    _empty(queue)
    yield queue
    _empty(queue)
    queue.delete(delete_jobs=True)


@pytest.fixture
def receiver(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    found = Receiver()
    found.thread.start()
    yield found
    found.server.shutdown()
    found.server.server_close()


def start_worker(start, settings, **env):
    return start("worker", "rqworker", settings.WEBHOOKS_QUEUE, "--with-scheduler",
                 "--worker-class", settings.CHECKS_WORKER_CLASS,
                 env=worker_env(settings, WEBHOOKS_ALLOW_PRIVATE_TARGETS="1", **env))


def test_an_approval_is_delivered_by_the_worker(
        settings, webhook_queue, receiver, procs, make_post, brand, brand_admin,  # noqa: F811
        second_manager):
    settings.CHECKS_ASYNC = False  # the check in this process, as make_post expects
    post = make_post("in_review")
    webhook = webhooks.add(brand_admin, brand, url=receiver.url, kind=Kind.JSON,
                           events=["approved"])
    settings.CHECKS_ASYNC = True
    actions.approve(second_manager, post, post.current_version_id)
    assert not Delivery.objects.exists()  # nothing sent from the request
    worker = start_worker(procs, settings)
    wait_until(lambda: Delivery.objects.filter(endpoint=webhook,
                                               state=DeliveryState.SUCCEEDED).exists(),
               30, "delivered by the worker", worker)
    [got] = receiver.requests
    assert json.loads(got["body"])["post"]["id"] == post.pk
    assert got["headers"]["X-SocialGov-Event"] == "approved"


def test_a_retry_is_scheduled_and_run_by_the_workers_scheduler(
        settings, webhook_queue, receiver, procs, brand, brand_admin):  # noqa: F811
    settings.WEBHOOKS_RETRY_INTERVALS = [2]
    webhook = webhooks.add(brand_admin, brand, url=receiver.url, kind=Kind.JSON,
                           events=["approved"])
    receiver.answer(500)
    worker = start_worker(procs, settings, WEBHOOKS_RETRY_INTERVALS="2")
    first = webhooks.send_test(brand_admin, webhook)
    wait_until(lambda: Delivery.objects.filter(uid=first.uid, attempt=2,
                                               state=DeliveryState.SUCCEEDED).exists(),
               30, "retried after two seconds", worker)
    rows = list(Delivery.objects.filter(uid=first.uid).order_by("attempt"))
    assert [(row.attempt, row.state, row.status_code) for row in rows] == [
        (1, "failed", 500), (2, "succeeded", 200)]
    # Not at once: when it was due (RQ's scheduler counts whole seconds).
    assert rows[1].delivered_at - rows[0].delivered_at >= timedelta(seconds=1)
    assert rows[1].delivered_at >= rows[0].next_retry_at - timedelta(seconds=1)
