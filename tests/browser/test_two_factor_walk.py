"""Two-factor authentication in a real browser: an approver sets it up from the
account page with a code computed as their app would, keeps the recovery codes,
logs in again with one, and logs out everywhere else; axe-core on each page."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def app_code(username):
    device = TOTPDevice.objects.get(user__username=username)
    return str(totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits,
                    drift=device.drift)).zfill(device.digits)


def test_setting_up_two_factor_then_logging_in_with_a_recovery_code(new_page, manager):
    page = new_page()
    log_in(page, "manager")
    page.get_by_role("link", name="manager").click()  # the header's user menu
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    expect(page.locator("tr.current")).to_contain_text("(this session)")
    assert_accessible(page, "the account page")
    page.get_by_role("link", name="Set up two-factor authentication").click()
    expect(page.get_by_role("img", name="QR code to scan with your authenticator app")) \
        .to_be_visible()
    assert_accessible(page, "the setup page")
    page.get_by_label("Code from the app").fill(app_code("manager"))
    page.get_by_role("button", name="Turn on").click()
    expect(page.locator(".messages")).to_contain_text("Two-factor authentication is on.")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page, "the recovery codes")
    page.get_by_role("button", name="I have saved them").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()

    other = new_page()
    log_in(other, "manager")
    expect(other.get_by_role("heading", name="Enter your code")).to_be_visible()
    assert_accessible(other, "the code page")
    other.get_by_label("Code").fill(codes[0])
    other.get_by_role("button", name="Continue").click()
    expect(other.get_by_role("link", name="Review queue")).to_be_visible()

    page.reload()
    expect(page.locator("tbody tr")).to_have_count(2)
    page.get_by_role("button", name="Log out everywhere").click()
    expect(page.locator(".messages")).to_contain_text("1 other session ended")
    other.reload()
    expect(other.get_by_role("button", name="Log in")).to_be_visible()


def test_the_setup_page_in_french_is_accessible(new_page, manager):
    page = new_page(locale="fr-CA")
    log_in(page, "manager", labels=("Nom d’utilisateur", "Mot de passe", "Connexion"))
    page.goto(page.base_url + "/account/two-factor/")
    expect(page.locator("img.qr-code")).to_be_visible()
    assert_accessible(page, "the setup page, in French")
