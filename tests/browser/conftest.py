import functools
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
    from playwright.sync_api import expect, sync_playwright

    # Assertions wait as long as actions do: on a loaded machine a live check can take
    # more than the 5 s Playwright gives an assertion by default.
    expect.set_options(timeout=10_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """A fresh browser context per person, so two people can be logged in at once.

    A destructive action asks first (window.confirm, static/js/confirm.js): the
    page says yes as a person would, and keeps each question in ``page.dialogs``;
    set ``page.accept_dialogs = False`` to say no instead."""
    contexts = []

    def make(locale="en-CA", viewport=None, javascript=True):
        context = browser.new_context(locale=locale,
                                      viewport=viewport or {"width": 1200, "height": 900},
                                      java_script_enabled=javascript)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.base_url = live_server.url
        page.dialogs = []
        page.accept_dialogs = True

        def answer(dialog):
            page.dialogs.append(dialog.message)
            dialog.accept() if page.accept_dialogs else dialog.dismiss()

        page.on("dialog", answer)
        return page

    yield make
    for context in contexts:
        context.close()


FRENCH_LOGIN = ("Nom d’utilisateur", "Mot de passe", "Connexion")


def log_in(page, username, password="pw", labels=("Username", "Password", "Log in")):
    page.goto(page.base_url + "/login/")
    page.get_by_label(labels[0]).fill(username)
    page.get_by_label(labels[1]).fill(password)
    page.get_by_role("button", name=labels[2]).click()


def decide(page, decision, *, reasons=(), note="", record="Record decision"):
    """Make a decision with the post page's decision form: the choice, the
    reasons from the brand's list, the note, then the form's button."""
    form = page.locator("form.decision-form")
    form.get_by_label(decision, exact=True).check()
    for reason in reasons:
        form.get_by_label(reason, exact=True).check()
    if note:
        form.locator("textarea[name=note]").fill(note)
    form.get_by_role("button", name=record).click()


# --- Accessibility: axe-core in the page -------------------------------------

AXE_SOURCE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    nodes: violation.nodes.map((node) => ({
      target: node.target.map(String).join(" "),
      html: node.html,
      summary: node.failureSummary,
    })),
  }));
}"""


@functools.cache
def _axe_source():
    return AXE_SOURCE.read_text(encoding="utf-8")


def _shorten(text, limit=200):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def axe_report(violations, nodes_shown=3):
    lines = []
    for violation in violations:
        nodes = violation["nodes"]
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}"
                     f" [{len(nodes)} element{'s' if len(nodes) != 1 else ''}]"
                     f" {violation['helpUrl']}")
        for node in nodes[:nodes_shown]:
            lines.append(f"    {node['target']}")
            lines.append(f"      {_shorten(node['html'])}")
            if node["summary"]:
                lines.append(f"      {_shorten(node['summary'], 300)}")
        if len(nodes) > nodes_shown:
            lines.append(f"    … and {len(nodes) - nodes_shown} more")
    return "\n".join(lines)


def assert_accessible(page, context=""):
    """Run axe-core's WCAG 2.0/2.1 A and AA rules on the page as it is now,
    and fail with the list of violations, if any.

    axe is evaluated through Playwright's DevTools channel, which the site's
    Content-Security-Policy (no inline scripts) does not apply to: the policy
    the tests see is the one users get.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    violations = page.evaluate(_AXE_RUN, AXE_TAGS)
    if violations:
        where = f"{context} ({page.url})" if context else page.url
        pytest.fail(f"axe-core found {len(violations)} accessibility violation"
                    f"{'s' if len(violations) != 1 else ''} on {where}:\n"
                    + axe_report(violations), pytrace=False)
