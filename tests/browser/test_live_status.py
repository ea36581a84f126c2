"""The post page follows its check live: no reload by hand, no CSP breach."""

import os

import pytest
from playwright.sync_api import expect
from rq import Queue

from socialgov.posts import actions, pipeline
from socialgov.posts.models import CheckJobStatus, State
from tests.browser.conftest import log_in
from tests.conftest import need

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def queued_checks(settings):
    """Checks go to this run's private Redis queue, where no worker takes them."""
    url = os.environ.get("REDIS_URL", "")
    need(url, "REDIS_URL is not set")
    settings.REDIS_URL = url
    settings.CHECKS_ASYNC = True
    queue = Queue(settings.CHECKS_QUEUE, connection=pipeline.redis_connection())
    queue.empty()
    yield queue
    queue.empty()


def test_the_post_page_shows_the_new_state_by_itself_once_the_check_is_done(
        new_page, brand, intern, warning_rule, fields, queued_checks):
    post = actions.create(intern, brand, fields(text="We utilize fresh flour."))
    actions.submit(intern, post)  # committed: the job waits on the queue
    post.refresh_from_db()
    job = post.check_job
    assert post.state == State.CHECKING and job.status == CheckJobStatus.QUEUED
    assert job.job_id in queued_checks.job_ids

    page = new_page()
    console_errors = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    log_in(page, "intern")
    page.goto(f"{page.base_url}/posts/{post.pk}/")
    badge = page.locator(".page-head .badge").first
    expect(badge).to_have_text("Checking")
    expect(page.locator("#check-status")).to_contain_text("Check pending")
    expect(page.locator(".finding")).to_have_count(0)
    loads = []
    page.on("load", lambda: loads.append(page.url))

    # A worker would do this; the page is not touched by the test from here.
    pipeline.check_version(post.pk, post.current_version_id, job.pk)

    expect(badge).to_have_text("In review", timeout=10_000)
    expect(page.locator("#check-status")).to_have_count(0)
    expect(page.locator("#findings")).to_contain_text("Prefer plain words to “utilize”.")
    assert loads, "htmx reloaded the page once the check was done"
    csp = [text for text in console_errors if "Content Security Policy" in text]
    assert not csp, csp
    assert not console_errors, console_errors
