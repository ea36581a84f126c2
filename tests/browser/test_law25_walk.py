"""Québec's Law 25 in a real browser: a person downloads their data from the page that
says what it holds, and a brand admin sets the retention period, a wrong value first;
both pages axe-clean."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_downloads_their_data_with_the_keyboard(new_page, manager):
    page = new_page()
    log_in(page, "manager")
    page.goto(page.base_url + "/notifications/settings/")
    page.get_by_role("link", name="Download my data").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Download my data")).to_be_visible()
    assert_accessible(page, "the page of one's data")

    button = page.get_by_role("button", name="Download my data")
    button.focus()
    with page.expect_download() as waiting:
        page.keyboard.press("Enter")
    download = waiting.value

    assert re.fullmatch(r"socialgov-data-manager-\d{4}-\d{2}-\d{2}\.json",
                        download.suggested_filename)
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["account"]["username"] == "manager"


def test_a_brand_admin_sets_the_retention_period(new_page, brand, brand_admin):
    page = new_page()
    log_in(page, "brandadmin")
    page.goto(page.base_url + f"/brands/{brand.slug}/settings/")
    field = page.get_by_label("Delete rejected, expired and archived posts after (days)")
    field.fill("3")
    # The browser's own check would stop the form before the server says why.
    field.evaluate("input => { input.removeAttribute('min'); }")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Give a whole number of days between 7 and 3650, or leave it "
                            "empty to keep the posts.")).to_be_visible()
    assert_accessible(page, "the settings with a wrong retention period")

    page.get_by_label("Delete rejected, expired and archived posts after (days)").fill("30")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    brand.refresh_from_db()
    assert brand.retention_days == 30
