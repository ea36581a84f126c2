"""A bilingual post in a real browser: the intern writes French, English and
an X text, submits; the manager sees each text's findings and approves once."""

import pytest
from playwright.sync_api import expect

from socialgov.posts.models import Decision, Post, State
from tests.browser.conftest import decide, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FR = "Notre four est maudit chaud : venez goûter le pain lundi !"
EN = "Our oven is damn hot: come and taste the bread on Monday!"
X_TEXT = "Fresh bread Monday!"


def test_a_bilingual_post_with_an_x_text_is_reviewed_and_approved_as_a_whole(
        new_page, intern, manager):
    page = new_page()
    log_in(page, "intern")
    page.get_by_role("link", name="New post").click()
    page.get_by_role("checkbox", name="X").check()
    page.get_by_role("checkbox", name="LinkedIn").check()
    page.get_by_label("Language").select_option("fr")
    page.get_by_label("Text").fill(FR)
    page.get_by_label("English version").fill(EN)
    # One network text is there to fill; the button adds another.
    page.get_by_role("button", name="Add a network-specific text").click()
    network_texts = page.locator("fieldset.network-text")
    expect(network_texts).to_have_count(2)
    x_text = network_texts.first
    x_text.get_by_label("Applies to").select_option("x")
    x_text.get_by_label("Written in").select_option("en")
    x_text.get_by_label("Version for this network").fill(X_TEXT)
    # Each text is counted for the networks it goes to: the English text
    # no longer goes to X, the X text does.
    expect(page.locator("#counts-text")).to_contain_text(f"X {len(FR)}/280")
    others = page.locator("#counts-other_text")
    expect(others).to_contain_text(f"LinkedIn {len(EN)}/3000")
    expect(others).not_to_contain_text("X ")
    expect(x_text.locator(".char-counts")).to_have_text(f"X {len(X_TEXT)}/280")
    # The post's language decides the other text's label.
    page.get_by_label("Language").select_option("en")
    expect(page.locator("#other-text-label")).to_have_text("French version")
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".page-head .badge").first).to_have_text("In review")

    post = Post.objects.get()
    assert [(v.language, v.network) for v in post.current_version.variants.all()] == [
        ("en", ""), ("en", "x")]

    reviewer = new_page()
    log_in(reviewer, "manager")
    reviewer.get_by_role("link", name="Review queue").click()
    reviewer.get_by_role("link", name=FR[:40]).click()
    french = reviewer.locator("section.variant-language[lang=fr]")
    english = reviewer.locator("section.variant-language[lang=en]")
    expect(french.get_by_role("heading", name="Français")).to_be_visible()
    expect(english.get_by_role("heading", name="English")).to_be_visible()
    expect(french.locator("mark.finding-mark")).to_have_text("maudit")
    expect(english.locator("mark.finding-mark")).to_have_text("damn")
    expect(english).to_contain_text("Network-specific text · Applies to: X")
    expect(reviewer.locator(".finding-cards .place .meta")).to_have_text(["Français", "English"])
    decide(reviewer, "Approve")
    expect(reviewer.locator(".page-head .badge").first).to_have_text("Approved")

    post.refresh_from_db()
    assert post.state == State.APPROVED
    assert Decision.objects.get().version == post.current_version


def test_the_variants_section_speaks_french(new_page, intern):
    page = new_page(locale="fr-CA")
    log_in(page, "intern", labels=("Nom d’utilisateur", "Mot de passe", "Connexion"))
    page.get_by_role("link", name="Nouvelle publication").click()
    expect(page.locator("fieldset.variants > legend")).to_have_text("Variantes")
    page.get_by_label("Langue").select_option("fr")
    page.get_by_label("Version anglaise").fill("Open on Monday!")
    page.get_by_role("button", name="Ajouter un texte propre à un réseau").click()
    second = page.locator("fieldset.network-text").nth(1)
    expect(second.get_by_label("S’applique à")).to_be_visible()
    expect(second.get_by_label("Rédigé en")).to_be_visible()
    expect(second.get_by_label("Version pour ce réseau")).to_be_visible()
    page.get_by_label("Langue").select_option("en")
    expect(page.locator("#other-text-label")).to_have_text("Version française")
