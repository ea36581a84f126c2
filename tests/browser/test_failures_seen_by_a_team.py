"""Failures seen when SocialGov was tried as a new team would (issue 10), in the
browser: the post page's presence poll. (The check's send-back, as its author
reads it, is in test_review_flow.py.)"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_4_presence_polls_once_per_interval_and_claim_keeps_the_focus(
        settings, new_page, make_post, manager):
    """An open post page sent about nine presence requests a second (92 in 10 s
    from one tab): the polling form re-fired "load" after each swap of itself.
    And the keyboard focus on "Claim" was lost within 150 ms."""
    settings.PRESENCE_POLL_SECONDS = 1
    post = make_post("in_review")
    page = new_page()
    log_in(page, "manager")
    polls = []
    page.on("request", lambda request: polls.append(request.url)
            if request.url.endswith("/presence/") else None)

    page.goto(page.base_url + post.get_absolute_url())
    claim = page.get_by_role("button", name="Claim")
    claim.focus()
    page.wait_for_timeout(4_500)

    # One on load, then one a second: about five, never dozens.
    assert 3 <= len(polls) <= 7, polls
    assert page.evaluate("document.activeElement.textContent.trim()") == "Claim"
    expect(page.locator("#also-viewing")).to_have_text("Also viewing: nobody else")
    page.keyboard.press("Enter")
    expect(page.locator(".claim")).to_contain_text("Claimed by manager")
