"""The login page in a browser (issue 15): its "Forgot your password?" link to a
reset that works by e-mail, the message when logging in is paused, and the one a
deactivated member reads, in English and in French, axe-clean."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from socialgov.accounts import teams
from socialgov.accounts.models import Membership
from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXTS = {
    "en-CA": {
        "labels": ("Username", "Password", "Log in"),
        "forgot": "Forgot your password?",
        "email": "Email",
        "send": "Send the link",
        "sent": "Check your e-mail",
        "paused": "Too many failed attempts: logging in is paused for 15 minutes.",
        "deactivated": "Your access was deactivated.",
        "new": ("New password", "New password confirmation", "Save the new password"),
        "changed": "Your password was changed",
    },
    "fr-CA": {
        "labels": ("Nom d’utilisateur", "Mot de passe", "Connexion"),
        "forgot": "Mot de passe oublié\u00a0?",
        "email": "Courriel",
        "send": "Envoyer le lien",
        "sent": "Consultez vos courriels",
        "paused": "Trop de tentatives échouées\u00a0: la connexion est suspendue pendant "
                  "15 minutes.",
        "deactivated": "Votre accès a été désactivé.",
        "new": ("Nouveau mot de passe", "Confirmation du nouveau mot de passe",
                "Enregistrer le nouveau mot de passe"),
        "changed": "Votre mot de passe a été changé",
    },
}


@pytest.mark.parametrize("locale", TEXTS)
def test_a_forgotten_password_is_reset_through_the_link_on_the_login_page(
        new_page, locale, intern, settings, live_server):
    settings.SITE_URL = live_server.url
    intern.email = "intern@example.com"
    intern.save()
    text = TEXTS[locale]
    page = new_page(locale=locale)
    page.goto(page.base_url + "/login/")
    link = page.get_by_role("link", name=text["forgot"])
    expect(link).to_be_visible()
    assert_accessible(page, f"login page, {locale}")
    link.click()
    page.get_by_label(text["email"]).fill("intern@example.com")
    assert_accessible(page, f"password reset form, {locale}")
    page.get_by_role("button", name=text["send"]).click()
    expect(page.get_by_role("heading", name=text["sent"])).to_be_visible()
    assert_accessible(page, f"reset link sent, {locale}")
    [message] = mail.outbox
    page.goto(re.search(r"https?://\S+", message.body).group(0))
    new_password, confirmation, save = text["new"]
    # Django's labels end with a colon; the confirmation's starts with the same words.
    page.get_by_label(re.compile("^" + re.escape(new_password) + r"\s*:?$")).fill(
        "a-long-new-Passw0rd-42")
    page.get_by_label(confirmation).fill("a-long-new-Passw0rd-42")
    assert_accessible(page, f"choosing a new password, {locale}")
    page.get_by_role("button", name=save).click()
    expect(page.get_by_role("heading", name=text["changed"])).to_be_visible()
    assert_accessible(page, f"password reset complete, {locale}")
    log_in(page, "intern", "a-long-new-Passw0rd-42", labels=text["labels"])
    expect(page.locator(".logout")).to_be_visible()


@pytest.mark.parametrize("locale", TEXTS)
def test_too_many_failures_pause_logging_in_and_the_page_says_so(new_page, locale, intern,
                                                                 settings):
    settings.AXES_FAILURE_LIMIT = 3
    text = TEXTS[locale]
    page = new_page(locale=locale)
    for _ in range(3):
        log_in(page, "intern", "wrong", labels=text["labels"])
    expect(page.get_by_role("alert")).to_have_text(text["paused"])
    assert_accessible(page, f"logging in paused, {locale}")
    log_in(page, "intern", "pw", labels=text["labels"])  # the right one, refused
    expect(page.get_by_role("alert")).to_have_text(text["paused"])
    expect(page.locator(".logout")).to_have_count(0)


@pytest.mark.parametrize("locale", TEXTS)
def test_a_deactivated_member_reads_it_on_the_login_page(new_page, locale, brand, intern,
                                                         brand_admin):
    teams.deactivate(brand_admin, Membership.objects.get(user=intern, brand=brand))
    text = TEXTS[locale]
    page = new_page(locale=locale)
    log_in(page, "intern", "pw", labels=text["labels"])
    expect(page.get_by_role("alert")).to_contain_text(text["deactivated"])
    assert_accessible(page, f"deactivated member, {locale}")
