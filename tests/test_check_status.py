"""The check's status as people see it: the post page's live region, the
endpoint it polls, "Retry check", and the service status page."""

import contextlib

import pytest
from django.urls import reverse

from socialgov.accounts.models import Membership, Role
from socialgov.posts import actions, status
from socialgov.posts.models import CheckJob, CheckJobStatus, State
from tests.conftest import need

EXPLODING = "tests.support.exploding_engine"


@pytest.fixture
def pending(django_capture_on_commit_callbacks):
    """Submit and leave the check on the queue: nothing runs it."""

    def run(user, post):
        with django_capture_on_commit_callbacks(execute=False):
            actions.submit(user, post)
        post.refresh_from_db()
        assert post.state == State.CHECKING
        assert post.check_job.status == CheckJobStatus.QUEUED
        return post

    return run


@pytest.fixture
def failing(settings, django_capture_on_commit_callbacks):
    """Submit with an engine that raises and no retry left: the check fails.

    Embedded, the failure reaches the caller; through RQ's synchronous mode
    RQ keeps it. Either way the CheckJob records it.
    """

    def run(user, post):
        engine, intervals = settings.CHECKS_ENGINE, settings.CHECKS_RETRY_INTERVALS
        settings.CHECKS_ENGINE = EXPLODING
        settings.CHECKS_RETRY_INTERVALS = []
        try:
            with contextlib.suppress(RuntimeError):
                with django_capture_on_commit_callbacks(execute=True):
                    actions.submit(user, post)
        finally:
            settings.CHECKS_ENGINE, settings.CHECKS_RETRY_INTERVALS = engine, intervals
        post.refresh_from_db()
        assert post.state == State.CHECKING
        assert post.check_failed, post.check_job.status
        return post

    return run


@pytest.fixture
def drafter2(make_user, brand):
    user = make_user("drafter2")
    Membership.objects.create(user=user, brand=brand, role=Role.DRAFTER)
    return user


@pytest.fixture
def other_drafter(make_user, other_brand):
    user = make_user("otherdrafter")
    Membership.objects.create(user=user, brand=other_brand, role=Role.DRAFTER)
    return user


def status_url(post):
    return reverse("posts:check_status", args=[post.pk])


def post_url(post):
    return reverse("posts:detail", args=[post.pk])


# -- the post page and the endpoint it polls ------------------------------------------


def test_a_pending_check_shows_on_the_post_page_and_polls_every_two_seconds(
        client, brand, intern, fields, pending):
    post = pending(intern, actions.create(intern, brand, fields()))
    client.force_login(intern)
    page = client.get(post_url(post)).content.decode()
    assert "Check pending" in page
    assert f'hx-get="{status_url(post)}"' in page
    assert 'hx-trigger="every 2s"' in page and 'hx-swap="outerHTML"' in page
    assert "Retry check" not in page


def test_the_status_endpoint_returns_the_partial_while_the_check_is_pending(
        client, brand, intern, fields, pending):
    post = pending(intern, actions.create(intern, brand, fields()))
    client.force_login(intern)
    response = client.get(status_url(post))
    assert response.status_code == 200
    assert "HX-Refresh" not in response.headers
    body = response.content.decode()
    assert body.count('id="check-status"') == 1 and "<html" not in body
    assert "Check pending" in body and 'hx-trigger="every 2s"' in body
    assert "no-store" in response.headers["Cache-Control"]


def test_the_status_endpoint_asks_for_a_reload_once_the_check_is_done(
        client, brand, intern, fields, pending):
    from socialgov.posts import pipeline

    post = pending(intern, actions.create(intern, brand, fields()))
    pipeline.check_version(post.pk, post.current_version_id, post.check_job.pk)
    post.refresh_from_db()
    assert post.state == State.IN_REVIEW
    client.force_login(intern)
    response = client.get(status_url(post))
    assert response.status_code == 200
    assert response.headers["HX-Refresh"] == "true"
    assert response.content == b""
    # The reloaded page shows the new state, without the status region.
    page = client.get(post_url(post)).content.decode()
    assert "In review" in page and 'id="check-status"' not in page


def test_the_status_endpoint_is_scoped_like_the_post_page(
        client, brand, other_brand, intern, other_admin, fields, pending):
    post = pending(intern, actions.create(intern, brand, fields()))
    client.force_login(other_admin)
    assert client.get(status_url(post)).status_code == 404
    client.logout()
    assert client.get(status_url(post)).status_code == 302


def test_a_pending_check_after_failed_runs_shows_the_attempt_and_the_last_error(
        client, brand, intern, fields, pending):
    post = pending(intern, actions.create(intern, brand, fields()))
    # What a worker records when a run raised and RQ will retry it.
    CheckJob.objects.filter(pk=post.check_job.pk).update(failures=2, error="Timeout: db busy")
    client.force_login(intern)
    body = client.get(status_url(post)).content.decode()
    assert "Check pending" in body
    assert "Attempt 3: the previous one failed." in body
    assert "Timeout: db busy" in body
    assert 'hx-trigger="every 2s"' in body


@pytest.mark.parametrize("who", ["intern", "manager"], ids=["author", "approver"])
def test_check_failed_shows_the_error_and_a_retry_button_to_the_author_and_an_approver(
        request, client, brand, intern, manager, fields, failing, who):
    post = failing(intern, actions.create(intern, brand, fields()))
    client.force_login(request.getfixturevalue(who))
    for body in (client.get(post_url(post)).content.decode(),
                 client.get(status_url(post)).content.decode()):
        assert "Check failed" in body
        assert "RuntimeError: engine exploded" in body
        assert "Retry check" in body
        assert reverse("posts:do", args=[post.pk, "retry_check"]) in body


def test_check_failed_shows_no_retry_button_to_another_drafter(
        client, brand, intern, drafter2, fields, failing):
    post = failing(intern, actions.create(intern, brand, fields()))
    client.force_login(drafter2)
    body = client.get(post_url(post)).content.decode()
    assert "Check failed" in body
    assert "Retry check" not in body
    assert reverse("posts:do", args=[post.pk, "retry_check"]) not in body
    assert client.post(reverse("posts:do", args=[post.pk, "retry_check"])).status_code == 403


def test_a_failed_check_stops_the_polling(client, brand, intern, fields, failing):
    post = failing(intern, actions.create(intern, brand, fields()))
    client.force_login(intern)
    page = client.get(post_url(post)).content.decode()
    assert "Check failed" in page
    assert status_url(post) not in page  # the header's own polls are not the check's
    region = client.get(status_url(post)).content.decode()
    assert "Check failed" in region
    assert "hx-trigger" not in region and "hx-get" not in region


def test_retrying_a_failed_check_queues_a_new_attempt_that_brings_the_post_to_review(
        client, brand, intern, fields, failing, django_capture_on_commit_callbacks):
    post = failing(intern, actions.create(intern, brand, fields()))
    failed_job = post.check_job
    client.force_login(intern)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("posts:do", args=[post.pk, "retry_check"]), follow=True)
    # The new attempt was put on the queue at commit.
    assert [c for c in callbacks if c.__qualname__.startswith("request_check")]
    post.refresh_from_db()
    assert post.state == State.IN_REVIEW
    retry = post.check_job
    assert retry.pk != failed_job.pk and retry.attempt == failed_job.attempt + 1
    assert retry.status == CheckJobStatus.DONE
    assert post.audit_events.filter(action="retry_check", actor=intern).exists()
    assert response.redirect_chain[-1][0] == post_url(post)
    assert "The check runs again." in response.content.decode()


def test_retrying_a_check_that_has_not_failed_is_refused(client, brand, intern, fields, pending):
    post = pending(intern, actions.create(intern, brand, fields()))
    client.force_login(intern)
    response = client.post(reverse("posts:do", args=[post.pk, "retry_check"]), follow=True)
    assert "The check has not failed: it is still pending." in response.content.decode()
    assert post.check_jobs.count() == 1


def test_the_post_page_says_checks_run_in_process_when_no_worker_is_configured(
        client, settings, brand, intern, fields, pending):
    post = pending(intern, actions.create(intern, brand, fields()))
    client.force_login(intern)
    settings.REDIS_URL = ""
    assert "Checks run in-process" in client.get(post_url(post)).content.decode()
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    assert "Checks run in-process" not in client.get(post_url(post)).content.decode()


def test_the_check_status_is_in_french_for_a_french_reader(
        client, brand, intern, manager, fields, pending, failing):
    waiting = pending(intern, actions.create(intern, brand, fields()))
    broken = failing(intern, actions.create(intern, brand, fields(text="Another one.")))
    client.force_login(manager)
    client.cookies["django_language"] = "fr"
    assert "Vérification en attente" in client.get(post_url(waiting)).content.decode()
    body = client.get(post_url(broken)).content.decode()
    assert "Échec de la vérification" in body and "Relancer la vérification" in body


# -- the service status page ------------------------------------------------------------


def test_the_status_page_lists_a_failed_check_of_the_admins_brand_but_not_another_brands(
        client, brand, other_brand, intern, other_drafter, brand_admin, other_admin, superuser,
        fields, failing):
    ours = failing(intern, actions.create(intern, brand, fields(text="Ours.")))
    theirs = failing(other_drafter, actions.create(other_drafter, other_brand,
                                                    fields(text="Theirs.")))

    def listed(user):
        client.force_login(user)
        response = client.get(reverse("posts:status"))
        assert response.status_code == 200
        return {job.post_id for job in response.context["failed_checks"]}, response

    shown, response = listed(brand_admin)
    assert shown == {ours.pk}
    body = response.content.decode()
    assert post_url(ours) in body and post_url(theirs) not in body
    assert reverse("posts:do", args=[ours.pk, "retry_check"]) in body
    assert listed(other_admin)[0] == {theirs.pk}
    assert listed(superuser)[0] == {ours.pk, theirs.pk}


def test_a_failed_check_leaves_the_status_page_once_retried(
        client, brand, intern, brand_admin, fields, failing, pending):
    post = failing(intern, actions.create(intern, brand, fields()))
    assert [job.post_id for job in status.failed_checks([brand])] == [post.pk]
    # A retry that is still on the queue: the failed attempt is history.
    actions.retry_check(intern, post)
    assert list(status.failed_checks([brand])) == []


def test_the_status_page_is_for_superusers_and_brand_admins(
        client, brand, intern, manager, brand_admin, superuser):
    url = reverse("posts:status")
    assert client.get(url).status_code == 302
    for user, code in ((intern, 403), (manager, 403), (brand_admin, 200), (superuser, 200)):
        client.force_login(user)
        assert client.get(url).status_code == code, user


def test_the_status_link_shows_in_the_header_for_brand_admins_only(
        client, brand, intern, manager, brand_admin):
    url = reverse("posts:status")
    for user, shown in ((intern, False), (manager, False), (brand_admin, True)):
        client.force_login(user)
        assert (f'href="{url}"' in client.get(reverse("posts:mine")).content.decode()) is shown
    client.cookies["django_language"] = "fr"
    assert "État du service" in client.get(reverse("posts:mine")).content.decode()


def test_the_status_page_answers_when_redis_is_unreachable(client, settings, brand_admin):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    client.force_login(brand_admin)
    response = client.get(reverse("posts:status"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Redis is unreachable" in body
    assert "Checks run in-process" not in body
    assert "Failed checks" in body


def test_the_status_page_says_checks_run_in_process_without_redis(client, settings, brand_admin):
    settings.REDIS_URL = ""
    client.force_login(brand_admin)
    body = client.get(reverse("posts:status")).content.decode()
    assert "Checks run in-process" in body
    assert "Redis is unreachable" not in body
    assert "Failed checks" in body


def test_the_status_page_shows_workers_queue_and_the_reconcilers_last_run(
        client, settings, monkeypatch, brand_admin):
    import os

    from socialgov.posts import pipeline

    need(os.environ.get("REDIS_URL"), "REDIS_URL is not set")
    settings.REDIS_URL = os.environ["REDIS_URL"]
    settings.TIME_ZONE = "America/Toronto"
    client.force_login(brand_admin)
    monkeypatch.setattr(pipeline, "last_run", lambda: None)
    response = client.get(reverse("posts:status"))
    service = response.context["service"]
    assert service["reachable"] and service["queue"]["name"] == settings.CHECKS_QUEUE
    body = response.content.decode()
    assert "Workers" in body and settings.CHECKS_QUEUE in body
    assert "Last run: never" in body
    monkeypatch.setattr(pipeline, "last_run", lambda: {
        "at": "2026-03-01T10:00:00+00:00", "checked": 4, "requeued": 2, "failed": 1})
    body = client.get(reverse("posts:status")).content.decode()
    assert "4 looked at, 2 queued again, 1 given up" in body
    assert '<time datetime="2026-03-01T05:00:00-05:00">' in body  # shown in TIME_ZONE
