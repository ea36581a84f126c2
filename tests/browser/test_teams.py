"""Teams in a real browser: an admin invites by e-mail, the invitee joins,
then archives a draft and finds it again under the Archived filter."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from socialgov.accounts.models import Invitation, Membership, Role
from socialgov.posts.models import Post
from tests.browser.conftest import log_in
from tests.conftest import post_fields

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Bakery-Oven-1987!"


def test_invited_by_email_the_newcomer_joins_then_archives_a_draft(new_page, brand,
                                                                   brand_admin):
    admin_page = new_page()
    log_in(admin_page, "brandadmin")
    admin_page.goto(admin_page.base_url + f"/brands/{brand.slug}/members/")
    invite_form = admin_page.locator("#invite-form")
    invite_form.get_by_label("E-mail").fill("newcomer@example.com")
    invite_form.get_by_label("Role").select_option("drafter")
    invite_form.get_by_role("button", name="Invite").click()
    expect(admin_page.locator(".messages")).to_contain_text(
        "Invitation sent to newcomer@example.com")
    expect(admin_page.locator("#invitations")).to_contain_text("newcomer@example.com")

    [message] = mail.outbox
    link = re.search(r"http://\S+/invitations/\S+/", message.body).group(0)

    # The invitee opens the link in a browser of their own.
    newcomer = new_page()
    newcomer.goto(link)
    expect(newcomer.get_by_role("heading", name="Join Acme")).to_be_visible()
    newcomer.get_by_label("Username").fill("newcomer")
    newcomer.locator("#id_password1").fill(PASSWORD)  # its label is in "Password confirmation" too
    newcomer.get_by_label("Password confirmation").fill(PASSWORD)
    newcomer.get_by_role("button", name="Create my account and join").click()
    expect(newcomer.locator(".messages")).to_contain_text("Welcome to Acme")
    expect(newcomer.get_by_role("link", name="New post")).to_be_visible()
    assert Membership.objects.get(user__username="newcomer", brand=brand).role == Role.DRAFTER
    assert Invitation.objects.get().accepted_at is not None

    # The link worked once.
    newcomer.goto(link)
    expect(newcomer.get_by_role("alert")).to_contain_text("already been used")

    # The newcomer drafts a post in the browser, archives it, and finds it again.
    newcomer.goto(newcomer.base_url + "/posts/new/")
    newcomer.get_by_role("checkbox", name="X").check()
    newcomer.get_by_label("Language").select_option("en")
    newcomer.get_by_label("Text").fill(post_fields()["text"])
    newcomer.get_by_role("button", name="Save draft").click()
    post = Post.objects.get(author__username="newcomer")
    newcomer.get_by_role("button", name="Archive").click()
    expect(newcomer.locator(".messages")).to_contain_text("Archived")
    expect(newcomer.locator(".page-head .badge.archived")).to_be_visible()

    newcomer.get_by_role("link", name="My posts").click()
    expect(newcomer.locator(".post-list")).to_have_count(0)
    newcomer.locator(".state-filter").get_by_role("link", name="Archived").click()
    expect(newcomer.locator(".post-list a.excerpt")).to_have_count(1)
    newcomer.locator(".post-list a.excerpt").click()
    newcomer.get_by_role("button", name="Restore").click()
    expect(newcomer.locator(".messages")).to_contain_text("Restored")
    post.refresh_from_db()
    assert post.archived_at is None
