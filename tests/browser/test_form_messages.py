"""What is wrong with a form is said by the page, in the page's language: the forms do
not let the browser stop them with its own tooltips (novalidate), which speak the
browser's language and name no rule of ours."""

import pytest
from playwright.sync_api import expect

from socialgov.brands.models import WatchWord
from tests.browser.conftest import FRENCH_LOGIN, assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_required_field_left_empty_is_said_by_the_page_in_french(new_page, brand,
                                                                    brand_admin):
    page = new_page(locale="fr-CA")
    log_in(page, "brandadmin", labels=FRENCH_LOGIN)
    page.goto(f"{page.base_url}/brands/{brand.slug}/watch-words/")
    page.get_by_role("button", name="Ajouter le mot").click()
    expect(page.get_by_text("Ce champ est obligatoire.")).to_be_visible()
    assert not WatchWord.objects.exists()
    assert_accessible(page, "a form with its error, in French")
