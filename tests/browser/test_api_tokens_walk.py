"""A brand admin makes an API token with the keyboard, a program uses it, and
revoking it stops the program at once; the page is axe-clean with its secret shown."""

import json
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _call(base_url, secret):
    request = urllib.request.Request(base_url + "/api/posts",
                                     headers={"Authorization": f"Bearer {secret}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_a_brand_admin_makes_a_token_a_program_uses_then_revokes_it(new_page, brand,
                                                                    brand_admin):
    page = new_page()
    log_in(page, "brandadmin")
    page.goto(page.base_url + f"/brands/{brand.slug}/rules/")
    page.get_by_role("link", name="API tokens").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="API tokens · Acme")).to_be_visible()

    page.get_by_label("Name").fill("Publishing robot")
    page.get_by_label("Role").select_option("approver")
    page.get_by_label("Expires after (days)").fill("30")
    page.get_by_role("button", name="Make token").focus()
    page.keyboard.press("Enter")
    secret = page.get_by_label("Secret").input_value()
    assert secret.startswith("sgv_")
    expect(page.get_by_role("row", name="Publishing robot")).to_contain_text("Token active")
    assert_accessible(page, "the API tokens, a secret shown")

    status, body = _call(page.base_url, secret)
    assert (status, body["count"]) == (200, 0)

    page.get_by_role("button", name="Revoke").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("row", name="Publishing robot")).to_contain_text("Token revoked")
    assert page.dialogs == ["Revoke “Publishing robot”? Programs using it are refused at once."]
    assert secret not in page.content()
    assert _call(page.base_url, secret)[0] == 401
