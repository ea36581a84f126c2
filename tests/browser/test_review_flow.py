"""The product's main path in a real browser: an intern submits, a manager approves."""

import pytest
from playwright.sync_api import expect

from socialgov.posts.models import Decision, Post, State
from tests.browser.conftest import decide, log_in

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
    expect(intern_page.locator("#counts-text")).to_contain_text(f"X {len(TEXT)}/280")
    intern_page.get_by_role("button", name="Submit for review").click()
    expect(intern_page.locator(".page-head .badge").first).to_have_text("In review")

    post = Post.objects.get()
    assert post.state == State.IN_REVIEW
    assert post.current_version.text == TEXT

    manager_page = new_page()
    log_in(manager_page, "manager")
    manager_page.get_by_role("link", name="Review queue").click()
    manager_page.get_by_role("link", name=TEXT[:40]).click()
    decide(manager_page, "Approve")
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
    # The check sent it back, and says so: nobody requested anything yet.
    expect(page.locator(".page-head .badge").first).to_have_text("Renvoyée par la vérification")
    mark = page.locator("mark.finding-mark")
    expect(mark).to_have_text("idiot")
    expect(page.locator("#findings")).to_contain_text("«\u00a0idiot\u00a0» insulte le lecteur.")


@pytest.mark.parametrize("locale, words", [
    ("en-CA", {"login": ("Username", "Password", "Log in"), "new": "New post",
               "text": "Text", "submit": "Submit for review",
               "badge": "Sent back by the check",
               "message": "The check found 1 error: the post is back with you. Fix it, or ask "
                          "for a waiver.",
               "card": "The check sent this post back: 1 error",
               "edit": "Edit", "waiver": "Ask for a waiver",
               "history": "The automatic check found 1 error and sent the post back to its "
                          "author: fix it, or ask for a waiver"}),
    ("fr-CA", {"login": ("Nom d’utilisateur", "Mot de passe", "Connexion"),
               "new": "Nouvelle publication", "text": "Texte",
               "submit": "Soumettre pour révision",
               "badge": "Renvoyée par la vérification",
               "message": "La vérification a relevé 1 erreur\u00a0: la publication vous revient. "
                          "Corrigez-la ou demandez une dérogation.",
               "card": "La vérification a renvoyé cette publication\u00a0: 1 erreur",
               "edit": "Modifier", "waiver": "Demander une dérogation",
               "history": "La vérification automatique a relevé 1 erreur et renvoyé la "
                          "publication à la personne qui l’a rédigée"}),
])
def test_the_checks_send_back_tells_the_author_the_truth(new_page, intern, banned_rule, locale,
                                                        words):
    """It said "Changes requested" (nobody had requested anything) under a green
    "Sent to the check, then to the reviewers." message: the badge, the message
    and the history now say that the check sent it back, which errors, and the
    two ways on."""
    page = new_page(locale=locale)
    log_in(page, "intern", labels=words["login"])
    page.get_by_role("link", name=words["new"]).click()
    page.get_by_role("checkbox", name="X").check()
    page.get_by_label(words["text"]).fill("A dumb idea, said kindly.")
    page.get_by_role("button", name=words["submit"]).click()

    expect(page.locator(".page-head .badge").first).to_have_text(words["badge"])
    message = page.locator(".messages .message")
    expect(message).to_have_text(words["message"])
    expect(message).to_have_class("message warning")
    card = page.locator(".sent-back")
    expect(card.get_by_role("heading")).to_have_text(words["card"])
    expect(card).to_contain_text("dumb")
    expect(page.get_by_role("link", name=words["edit"], exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=words["waiver"])).to_be_visible()
    expect(page.locator("#history")).to_contain_text(words["history"])
