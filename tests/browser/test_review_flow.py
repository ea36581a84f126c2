"""The product's main path in a real browser: an intern submits, a manager approves."""

import pytest
from playwright.sync_api import expect

from socialgov.posts.models import Decision, Post, State
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "Our new bakery opens on Monday: come and taste the bread!"


def test_intern_submits_and_manager_approves_in_the_browser(new_page, intern, manager, banned_rule):
    intern_page = new_page()
    log_in(intern_page, "intern")
    intern_page.get_by_role("link", name="New post").click()
    intern_page.get_by_role("checkbox", name="X").check()
    intern_page.get_by_role("checkbox", name="LinkedIn").check()
    intern_page.get_by_label("Language").select_option("en")
    intern_page.get_by_label("Text").fill(TEXT)
    # The live count follows the text for each chosen network.
    expect(intern_page.locator("#char-counts")).to_contain_text(f"X {len(TEXT)}/280")
    intern_page.get_by_role("button", name="Submit for review").click()
    expect(intern_page.locator(".page-head .badge").first).to_have_text("In review")

    post = Post.objects.get()
    assert post.state == State.IN_REVIEW
    assert post.current_version.text == TEXT

    manager_page = new_page()
    log_in(manager_page, "manager")
    manager_page.get_by_role("link", name="Review queue").click()
    manager_page.get_by_role("link", name=TEXT[:40]).click()
    manager_page.get_by_role("button", name="Approve").click()
    expect(manager_page.locator(".page-head .badge").first).to_have_text("Approved")

    post.refresh_from_db()
    assert post.state == State.APPROVED
    assert Decision.objects.get().decided_by == manager

    intern_page.get_by_role("link", name="My posts").click()
    # (In the list: the filter form offers "Approved" too.)
    expect(intern_page.locator(".post-list").get_by_text("Approved", exact=True)).to_be_visible()


def test_a_flagged_post_shows_the_finding_in_the_text_in_french(new_page, intern, banned_rule):
    page = new_page(locale="fr-CA")
    log_in(page, "intern", labels=("Nom d’utilisateur", "Mot de passe", "Connexion"))
    page.get_by_role("link", name="Nouvelle publication").click()
    page.get_by_role("checkbox", name="X").check()
    page.get_by_label("Texte").fill("Quelle idée idiote, vraiment idiot.")
    page.get_by_role("button", name="Soumettre pour révision").click()
    expect(page.locator(".page-head .badge").first).to_have_text("Modifications demandées")
    mark = page.locator("mark.finding-mark")
    expect(mark).to_have_text("idiot")
    expect(page.locator(".findings")).to_contain_text("« idiot » insulte le lecteur.")
