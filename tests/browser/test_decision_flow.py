"""The reviewer reads the post, then decides: one form after the text and its
findings, with the fields the chosen decision needs, that asks before a
rejection and works without JavaScript."""

import pytest
from playwright.sync_api import expect

from socialgov.posts.models import Decision, State
from tests.browser.conftest import decide
from tests.conftest import reload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def open_as(new_page, username, post, **options):
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    page = new_page(**options)
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": page.base_url}])
    page.goto(page.base_url + post.get_absolute_url())
    return page


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_on_a_phone_the_post_comes_before_the_decision(new_page, make_post, manager,
                                                        warning_rule):
    post = make_post("in_review", text="We utilize our new oven from Monday at eight.")
    page = open_as(new_page, "manager", post, viewport=PHONE)
    text, findings = box(page, ".detail-layout .post-text"), box(page, "#findings")
    form = box(page, "form.decision-form")
    assert text["y"] + text["height"] <= findings["y"] <= form["y"]
    # Every control of the decision lies below the text and its findings.
    controls = page.locator("form.decision-form input:not([type=hidden]), "
                            "form.decision-form textarea, form.decision-form button")
    tops = [control.bounding_box()["y"] for control in controls.all()
            if control.is_visible()]
    assert tops and min(tops) >= findings["y"] + findings["height"]
    # The text is on the first screen, not below a wall of controls.
    assert text["y"] < PHONE["height"]


def test_the_form_shows_the_fields_each_decision_needs(new_page, make_post, manager):
    post = make_post("in_review")
    page = open_as(new_page, "manager", post)
    form = page.locator("form.decision-form")
    note, reasons = form.locator("textarea[name=note]"), form.locator(".reason-choices")
    expect(note).to_be_hidden()
    expect(reasons).to_be_hidden()
    form.get_by_label("Request changes", exact=True).check()
    expect(note).to_be_visible()
    expect(reasons).to_be_visible()
    expect(form.locator("#id_decision_needs")).to_contain_text("a reason from the list or a note")
    note.fill("Give the opening hours.")
    form.get_by_label("Approve", exact=True).check()
    expect(note).to_be_hidden()
    expect(note).to_be_disabled()  # what was typed for another choice is not sent
    form.get_by_role("button", name="Record decision").click()
    expect(page.locator(".page-head .badge").first).to_have_text("Approved")
    assert Decision.objects.get().kind == "approve"


def test_a_rejection_asks_first_and_nothing_happens_on_no(new_page, make_post, manager):
    post = make_post("in_review")
    page = open_as(new_page, "manager", post)
    page.accept_dialogs = False
    decide(page, "Reject", reasons=["Legal risk"])
    assert page.dialogs == ["Reject this post? It will not be published."]
    expect(page.locator("form.decision-form")).to_be_visible()
    assert reload(post).state == State.IN_REVIEW
    # Asked again, the reviewer says yes: the choice and the reason were kept.
    page.accept_dialogs = True
    page.locator("form.decision-form").get_by_role("button", name="Record decision").click()
    expect(page.locator(".page-head .badge").first).to_have_text("Rejected")
    assert page.dialogs == ["Reject this post? It will not be published."] * 2
    assert [r.label_en for r in Decision.objects.get().reasons.all()] == ["Legal risk"]


def test_without_javascript_the_server_says_what_is_missing_and_keeps_what_was_typed(
        new_page, make_post, manager):
    post = make_post("in_review")
    page = open_as(new_page, "manager", post, javascript=False)
    form = page.locator("form.decision-form")
    # Everything shows: nothing hides the fields.
    expect(form.locator("textarea[name=note]")).to_be_visible()
    expect(form.locator(".reason-choices")).to_be_visible()
    form.get_by_label("Request changes", exact=True).check()
    form.locator("textarea[name=note]").fill("   ")
    form.get_by_role("button", name="Record decision").click()
    form = page.locator("form.decision-form")
    expect(form.locator(".errors")).to_contain_text("Say what should change.")
    expect(form.get_by_label("Request changes", exact=True)).to_be_checked()
    assert reload(post).state == State.IN_REVIEW
    form.locator("textarea[name=note]").fill("Give the opening hours.")
    form.get_by_label("Legal risk", exact=True).check()
    form.get_by_role("button", name="Record decision").click()
    expect(page.locator(".page-head .badge").first).to_have_text("Changes requested")
    decision = Decision.objects.get()
    assert (decision.kind, decision.reason) == ("request_changes", "Give the opening hours.")


def test_an_error_brings_the_reviewer_back_to_the_form(new_page, make_post, manager):
    post = make_post("in_review")
    page = open_as(new_page, "manager", post)
    decide(page, "Reject")  # no reason, no note: shown again with the error
    note = page.locator("form.decision-form textarea[name=note]")
    expect(note).to_be_focused()
    expect(note).to_have_attribute("aria-invalid", "true")
    expect(page.locator("form.decision-form .errors")).to_contain_text(
        "Give a reason for rejecting.")
