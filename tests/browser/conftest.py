import os
from pathlib import Path

import pytest

from tests.conftest import need

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Playwright's sync API runs an event loop in the test's thread; Django's ORM
# refuses to run there unless told it is safe (the test does one thing at a time).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    need(Path(CHROMIUM).exists(), f"Chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """A fresh browser context per person, so two people can be logged in at once."""
    contexts = []

    def make(locale="en-CA"):
        context = browser.new_context(locale=locale, viewport={"width": 1200, "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.base_url = live_server.url
        return page

    yield make
    for context in contexts:
        context.close()


def log_in(page, username, password="pw", labels=("Username", "Password", "Log in")):
    page.goto(page.base_url + "/login/")
    page.get_by_label(labels[0]).fill(username)
    page.get_by_label(labels[1]).fill(password)
    page.get_by_role("button", name=labels[2]).click()
