"""Notifications in real browsers: two people logged in at once, the manager's
open page hearing of the intern's submission without a reload; the
notifications and their settings axe-clean in English and French."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from socialgov.posts.models import Post
from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "Fresh bread on Monday: come and taste it!"
LOGIN_LABELS = {
    "en-CA": ("Username", "Password", "Log in"),
    "fr-CA": ("Nom d’utilisateur", "Mot de passe", "Connexion"),
}


@pytest.fixture(autouse=True)
def quick_polls(settings):
    settings.NOTIFY_POLL_SECONDS = 1


def test_the_managers_open_page_hears_of_the_interns_submission(new_page, intern, manager):
    manager.email = "manager@example.com"
    manager.save()
    reviewer = new_page()
    log_in(reviewer, "manager")
    reviewer.goto(reviewer.base_url + "/posts/")
    expect(reviewer.locator("#unread-count")).to_have_text("")
    # A mark in the page's own state: a reload would lose it.
    reviewer.evaluate("() => { window.notReloaded = true; }")

    author = new_page()
    log_in(author, "intern")
    author.goto(author.base_url + "/posts/new/")
    author.get_by_role("checkbox", name="X").check()
    author.get_by_label("Language").select_option("en")
    author.get_by_label("Text").fill(TEXT)
    author.get_by_role("button", name="Submit for review").click()
    expect(author.locator(".page-head .badge").first).to_have_text("In review")
    post = Post.objects.get()

    # The manager's header counts change by themselves, the count said in words too.
    expect(reviewer.get_by_role("link", name="Notifications 1 unread")).to_be_visible()
    expect(reviewer.get_by_role("link", name="Review queue 1 waiting on you")).to_be_visible()
    assert reviewer.evaluate("() => window.notReloaded === true")
    [message] = mail.outbox
    assert message.to == ["manager@example.com"]
    assert f"Post #{post.pk} waits on a step you can decide" in message.subject

    reviewer.get_by_role("link", name=re.compile("^Notifications")).click()
    notice = reviewer.locator(".notice-row").first
    expect(notice).to_contain_text("Unread")
    expect(notice).to_contain_text("The automatic check found")
    notice.get_by_role("link", name=f"Post #{post.pk} waits on a step you can decide").click()
    expect(reviewer).to_have_url(re.compile(rf"/posts/{post.pk}/$"))
    expect(reviewer.locator("#unread-count")).to_have_text("")


@pytest.mark.parametrize("locale", ["en-CA", "fr-CA"])
def test_the_notifications_and_their_settings_are_accessible(locale, new_page, make_post,
                                                             manager):
    make_post("in_review")
    make_post("sent_back", author=manager, text="A dumb idea, said kindly.")
    page = new_page(locale=locale)
    log_in(page, "manager", labels=LOGIN_LABELS[locale])
    page.goto(page.base_url + "/notifications/")
    expect(page.locator(".notice-row.unread").first).to_be_visible()
    assert_accessible(page, f"notifications ({locale})")
    page.goto(page.base_url + "/notifications/settings/")
    assert_accessible(page, f"notification settings ({locale})")
    # Bad input comes back with its errors, still accessible, nothing lost.
    page.evaluate("""() => {
        const input = document.querySelector('input[name=kind_comment][value=digest]');
        input.value = 'carrier-pigeon'; input.checked = true;
    }""")
    page.locator("form button.primary").click()
    expect(page.locator("[role=alert]").first).to_be_visible()
    assert_accessible(page, f"notification settings with an error ({locale})")
    # The radios are a keyboard's: the first is reached by Tab, the others by arrows.
    first = page.locator("input[name=kind_submitted]:checked")
    first.focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("input[name=kind_submitted][value=digest]")).to_be_checked()
