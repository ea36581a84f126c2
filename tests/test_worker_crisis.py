"""Crisis reflex through real RQ workers on PostgreSQL and Redis (the pattern
of test_worker.py): a watch word pulls an approved post back; crisis mode
pauses, lets a crisis response through with two people, and its end sends
paused posts through a real check back to review."""

import pytest
from django.urls import reverse

from socialgov.audit.models import AuditEvent
from socialgov.brands import crisis
from socialgov.brands.models import RecheckBatch
from socialgov.posts import actions
from socialgov.posts.errors import TransitionError
from socialgov.posts.models import Decision, Finding, Post, State
from tests.test_worker import procs, queue, run_burst_worker, services  # noqa: F401

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

FLOODED = "Our bakery by the river opens on Monday, flood or not!"
CLEAN = "Our new bakery opens on Monday. Come and say hello!"


def reload(post):
    return Post.objects.get(pk=post.pk)


def reviewed(procs, settings, author, brand, fields, text, **extra):  # noqa: F811
    post = actions.create(author, brand, fields(text=text), **extra)
    actions.submit(author, post)
    assert reload(post).state == State.CHECKING
    run_burst_worker(procs, settings)
    post = reload(post)
    assert post.state == State.IN_REVIEW, post.state
    return post


def test_a_new_watch_word_pulls_an_already_approved_post_back_to_its_author_through_a_worker(
    queue, procs, settings, client, brand, intern, manager, fields  # noqa: F811
):
    flooded = reviewed(procs, settings, intern, brand, fields, FLOODED)
    clean = reviewed(procs, settings, intern, brand, fields, CLEAN)
    for post in (flooded, clean):
        actions.approve(manager, post, post.current_version_id)

    client.force_login(manager)
    response = client.post(reverse("brands:watch_words", args=[brand.slug]), {"term": "flood"})
    assert response.status_code == 302
    batch = RecheckBatch.objects.get(brand=brand)
    assert (batch.total, batch.done, batch.finished) == (2, 0, False)
    assert queue.count == 1  # one chunk, on the checks queue

    run_burst_worker(procs, settings)

    assert reload(flooded).state == State.SENT_BACK
    assert reload(clean).state == State.APPROVED
    event = AuditEvent.objects.get(post=flooded, action="recheck")
    assert event.actor is None
    assert [f.matched for f in Finding.objects.filter(pk__in=event.data["errors"])] == ["flood"]
    batch.refresh_from_db()
    assert (batch.done, batch.sent_back, batch.finished) == (2, 1, True)
    status = client.get(reverse("brands:recheck_status", args=[brand.slug, batch.pk]))
    assert "Re-check finished" in status.content.decode()


def test_crisis_mode_pauses_approved_posts_lets_a_crisis_response_through_and_its_end_rechecks(
    queue, procs, settings, brand, intern, manager, brand_admin, fields  # noqa: F811
):
    live = reviewed(procs, settings, intern, brand, fields, CLEAN)
    actions.approve(manager, live, live.current_version_id)
    ordinary = reviewed(procs, settings, intern, brand, fields, "Fresh bread every morning.")
    response = reviewed(procs, settings, intern, brand, fields, "We are safe and open.",
                        crisis_response=True)

    crisis.start(manager, brand, "A flood downtown.")

    assert reload(live).state == State.PAUSED
    with pytest.raises(TransitionError, match="Crisis mode is on"):
        actions.approve(manager, ordinary, ordinary.current_version_id)
    actions.approve(manager, response, response.current_version_id)
    assert reload(response).state == State.IN_REVIEW  # waits for the brand admin
    actions.approve(brand_admin, reload(response), response.current_version_id)
    assert reload(response).state == State.APPROVED
    assert Decision.objects.filter(post=response).count() == 2

    crisis.end(brand_admin, brand, "The water went down.")
    assert reload(live).state == State.CHECKING
    run_burst_worker(procs, settings)

    assert reload(live).state == State.IN_REVIEW
    assert reload(response).state == State.APPROVED
    assert reload(ordinary).state == State.IN_REVIEW
