"""The crisis reflex in a real browser, by its labels, in English and in French:
watch words pull back an approved post, crisis mode pauses what was approved and
lets only a crisis response through (two people), publishing and expiry."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from socialgov.brands.models import CrisisPeriod
from socialgov.posts import actions, system
from socialgov.posts.models import Post, State
from tests.browser.conftest import decide, log_in
from tests.conftest import live_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FRENCH_LOGIN = ("Nom d’utilisateur", "Mot de passe", "Connexion")


@pytest.fixture
def approved_post(make_post, manager):
    def make(text, **extra):
        return make_post("approved", text=text, reviewer=manager, **extra)

    return make


def badge(page):
    return page.locator(".page-head .badge").first


def test_watch_words_and_crisis_mode_walked_in_english(
    new_page, brand, intern, manager, brand_admin, approved_post
):
    flooded = approved_post("Our riverside café opens Monday, flood or not!")
    bakery = approved_post("Fresh bread every morning at our bakery.")

    page = new_page()
    log_in(page, "manager")
    page.get_by_role("link", name="Review queue").click()
    page.get_by_role("link", name="Watch words").first.click()
    page.get_by_label("Watch word").fill("flood")
    page.get_by_role("button", name="Add watch word").click()
    expect(page.locator("table.data")).to_contain_text("flood")
    # The approved post using the word went back to its author with the finding.
    page.goto(page.base_url + flooded.get_absolute_url())
    expect(badge(page)).to_have_text("Sent back by the check")
    expect(page.locator("#findings")).to_contain_text("flood")

    page.get_by_role("link", name="Review queue").click()
    page.get_by_role("link", name="Crisis mode").first.click()
    page.get_by_role("button", name="Start crisis mode").click()  # no reason: refused
    assert not CrisisPeriod.objects.exists()
    page.get_by_label("Reason").fill("Flooding downtown.")
    page.get_by_role("button", name="Start crisis mode").click()
    banner = page.locator(".crisis-banner")
    expect(banner).to_contain_text("Crisis mode")
    expect(banner).to_contain_text("Flooding downtown.")
    page.goto(page.base_url + bakery.get_absolute_url())
    expect(badge(page)).to_have_text("Paused")
    expect(page.locator(".crisis-banner")).to_contain_text("Crisis mode")

    # A crisis response: the intern writes it, an approver then a brand admin approve.
    writer = new_page()
    log_in(writer, "intern")
    writer.get_by_role("link", name="New post").click()
    writer.get_by_role("checkbox", name="X").check()
    writer.get_by_label("Language").select_option("en")
    writer.get_by_label("Text").fill("Our riverside café is closed today. Stay safe.")
    writer.get_by_role("checkbox", name="Crisis response").check()
    writer.get_by_role("button", name="Submit for review").click()
    expect(badge(writer)).to_have_text("In review")
    response = Post.objects.get(crisis_response=True)

    page.goto(page.base_url + response.get_absolute_url())
    decide(page, "Approve")
    expect(page.locator(".page-head")).to_contain_text("Waiting for a brand admin")
    admin = new_page()
    log_in(admin, "brandadmin")
    admin.goto(admin.base_url + response.get_absolute_url())
    decide(admin, "Approve")
    expect(badge(admin)).to_have_text("Approved")

    admin.goto(admin.base_url + f"/brands/{brand.slug}/crises/")
    admin.get_by_label("Reason").fill("The water has gone down.")
    admin.get_by_role("button", name="End crisis mode").click()
    expect(admin.locator(".crisis-banner")).to_have_count(0)
    expect(admin.locator("table.data")).to_contain_text("The water has gone down.")
    admin.goto(admin.base_url + bakery.get_absolute_url())
    expect(badge(admin)).to_have_text("In review")

    page.goto(page.base_url + response.get_absolute_url())
    mark_published(page, "1", "It went out before its planned time")
    page.get_by_role("button", name="Mark as published").click()
    expect(badge(page)).to_have_text("Published")


def mark_published(page, number, early_label):
    """Fill the live address on each of the post's networks, and confirm it
    went out early when its planned time is still to come."""
    fields = page.locator(".publish-form input[type=url]")
    expect(fields.first).to_be_visible()
    for index in range(fields.count()):
        network = fields.nth(index).get_attribute("name").removeprefix("url-")
        fields.nth(index).fill(live_url(network, f"{number}{index}"))
    early = page.get_by_label(early_label)
    if early.count():
        early.check()


def test_expired_and_published_badges_in_french(
    new_page, brand, intern, manager, approved_post, fields, submit
):
    late = submit(intern, actions.create(
        intern, brand, fields(text="Nos croissants sont de retour.",
                              planned_at=timezone.now() + timedelta(minutes=1))))
    assert late.state == State.IN_REVIEW
    assert system.expire_overdue(now=timezone.now() + timedelta(minutes=2)) == 1
    live = approved_post("Nos pains sont au four dès 6 h.")

    page = new_page(locale="fr-CA")
    log_in(page, "intern", labels=FRENCH_LOGIN)
    page.get_by_role("link", name="Mes publications").click()
    page.get_by_role("link", name="Publications expirées").click()
    expect(page.locator("body")).to_contain_text("Expirée")
    page.goto(page.base_url + late.get_absolute_url())
    expect(badge(page)).to_have_text("Expirée")

    manager_page = new_page(locale="fr-CA")
    log_in(manager_page, "manager", labels=FRENCH_LOGIN)
    manager_page.goto(manager_page.base_url + live.get_absolute_url())
    mark_published(manager_page, "2", "Elle a été publiée avant l’heure prévue")
    manager_page.get_by_role("button", name="Marquer comme publiée").click()
    expect(badge(manager_page)).to_have_text("Publiée")


def test_crisis_mode_walked_in_french(new_page, brand, intern, manager, approved_post):
    bakery = approved_post("Du pain frais tous les matins à notre boulangerie.")

    page = new_page(locale="fr-CA")
    log_in(page, "manager", labels=FRENCH_LOGIN)
    page.get_by_role("link", name="File de révision").click()
    page.get_by_role("link", name="Mots à surveiller").first.click()
    expect(page.locator("h1")).to_contain_text("Mots à surveiller")
    page.get_by_role("link", name="Mode crise").first.click()
    page.get_by_label("Motif").fill("Inondation au centre-ville.")
    page.get_by_role("button", name="Déclencher le mode crise").click()
    expect(page.locator(".crisis-banner")).to_contain_text("Mode crise")
    page.goto(page.base_url + bakery.get_absolute_url())
    expect(badge(page)).to_have_text("En pause")

    writer = new_page(locale="fr-CA")
    log_in(writer, "intern", labels=FRENCH_LOGIN)
    writer.get_by_role("link", name="Nouvelle publication").click()
    expect(writer.get_by_role("checkbox", name="Réponse de crise")).to_be_visible()

    page.get_by_role("link", name="File de révision").click()
    page.get_by_role("link", name="Mode crise").first.click()
    page.get_by_label("Motif").fill("L’eau a baissé.")
    page.get_by_role("button", name="Terminer le mode crise").click()
    expect(page.locator(".crisis-banner")).to_have_count(0)
