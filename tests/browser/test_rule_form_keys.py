"""The brand voice pages at the keyboard: Enter in a field does what the form is for
(the rule form saves; on the shipped rules, each reason does its own button's action),
and a field left empty is said by the page, in its language, not by a browser tooltip."""

import pytest
from playwright.sync_api import expect

from socialgov.brands.models import PackRuleOverride, Rule
from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_enter_in_a_field_of_the_rule_form_saves_the_rule(new_page, brand, brand_admin):
    admin = new_page()
    log_in(admin, "brandadmin")
    admin.goto(f"{admin.base_url}/brands/{brand.slug}/rules/new/")
    admin.locator("#id_kind").select_option("banned_terms")
    admin.get_by_label("Words and phrases").fill("croissant")
    admin.get_by_label("Message (English)").fill("“{match}” is off the menu.")
    admin.get_by_label("Message (French)").fill("« {match} » n’est plus au menu.")
    admin.get_by_label("Sample text").fill("A croissant.")
    # Without a name: the page says so (no browser tooltip stops the form).
    admin.get_by_label("Message (English)").press("Enter")
    expect(admin.locator("#field-id_name .errors")).to_contain_text("This field is required.")
    assert not Rule.objects.exists()
    admin.locator("#id_name").fill("Off the menu")
    admin.locator("#id_name").press("Enter")
    expect(admin.locator(".messages")).to_contain_text("Rule “Off the menu” created.")
    assert Rule.objects.filter(name="Off the menu").exists()


def test_the_rule_form_in_french_marks_what_is_required(new_page, brand, brand_admin):
    admin = new_page(locale="fr-CA")
    log_in(admin, "brandadmin", labels=("Nom d’utilisateur", "Mot de passe", "Connexion"))
    admin.goto(f"{admin.base_url}/brands/{brand.slug}/rules/new/")
    expect(admin.locator("#field-id_name .required-mark")).to_have_text("obligatoire")
    admin.locator("#id_name").press("Enter")
    expect(admin.locator("#field-id_name .errors")).to_contain_text("Ce champ est obligatoire.")


def test_enter_in_a_reason_does_the_action_beside_it(new_page, brand, brand_admin):
    admin = new_page()
    log_in(admin, "brandadmin")
    admin.goto(f"{admin.base_url}/brands/{brand.slug}/shipped-rules/?text=profanity")
    row = admin.locator("#rule-core-en--profanity")
    row.get_by_text("Another severity").click()
    row.get_by_label("Severity", exact=True).select_option("info")
    row.get_by_label("Reason for the new severity").fill("Mild here.")
    row.get_by_label("Reason for the new severity").press("Enter")
    expect(admin.locator(".messages")).to_contain_text("changed for this brand")
    override = PackRuleOverride.objects.get(brand=brand, rule_id="core-en/profanity")
    assert (override.enabled, override.severity) == (True, "info")
    admin.locator("#rule-core-en--profanity").get_by_label("Reason", exact=True).fill("Lyrics.")
    admin.locator("#rule-core-en--profanity").get_by_label("Reason", exact=True).press("Enter")
    expect(admin.locator(".messages")).to_contain_text("changed for this brand")
    override.refresh_from_db()
    assert override.enabled is False
    assert_accessible(admin, "the shipped rules, filtered")
