"""Every main page fits a phone's screen: nothing wider than the viewport, no
button broken inside a word; the keyboard's first stop skips to the content."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from socialgov.posts import actions
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_main_pages_fit_a_phone_screen(browser, live_server, brand, intern, brand_admin,
                                       warning_rule, fields):
    long_word = "Supercalifragilisticexpialidocious" * 4
    post = actions.create(intern, brand, fields(text=f"We utilize {long_word} today."))
    actions.submit(intern, post)  # live server: the check runs at commit
    context = browser.new_context(viewport=PHONE, locale="fr-CA")
    page = context.new_page()
    page.base_url = live_server.url
    log_in(page, "brandadmin", labels=("Nom d’utilisateur", "Mot de passe", "Connexion"))
    pages = ["/posts/", "/posts/new/", "/review/", f"/posts/{post.pk}/",
             f"/brands/{brand.slug}/rules/", f"/brands/{brand.slug}/members/",
             f"/brands/{brand.slug}/rules/{warning_rule.pk}/edit/", "/status/"]
    too_wide = {}
    for path in pages:
        page.goto(live_server.url + path)
        if overflow(page) > 0:
            too_wide[path] = overflow(page)
    context.close()
    assert not too_wide, f"pages wider than a phone (px too wide): {too_wide}"


def test_the_skip_link_is_the_first_stop_and_leads_to_the_main_content(new_page, intern):
    page = new_page()
    log_in(page, "intern")
    page.goto(page.base_url + "/posts/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Skip to main content")
    shown = skip.bounding_box()
    assert shown["y"] >= 0 and shown["height"] > 0  # on screen once focused, not off it
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")  # the next stop is inside the main content, past the header
    assert page.evaluate("document.activeElement.closest('main') !== null")


# Each word of a button's label on one line: a word whose range spans two
# rectangles was broken inside it.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const button of document.querySelectorAll("button, a.button")) {
    if (!button.offsetParent) { continue; }
    const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const re = /\\S+/g;
      let match;
      while ((match = re.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
        if (lines.size > 1) { broken.push(button.textContent.trim()); }
      }
    }
  }
  return broken;
}"""


def test_buttons_never_break_inside_a_word_on_a_narrow_screen(new_page, brand, intern, manager,
                                                              brand_admin, make_post):
    from django.test import Client

    post = make_post("in_review")
    pages = {"manager": [post.get_absolute_url(), "/review/", "/away/"],
             "brandadmin": [f"/brands/{brand.slug}/members/", f"/brands/{brand.slug}/rules/",
                            f"/brands/{brand.slug}/approval-path/", "/posts/new/"]}
    broken = {}
    for username, paths in pages.items():
        # French: the longer words, on the narrowest phone.
        page = new_page(locale="fr-CA", viewport={"width": 320, "height": 640})
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        page.context.add_cookies([
            {"name": settings.SESSION_COOKIE_NAME, "url": page.base_url,
             "value": client.cookies[settings.SESSION_COOKIE_NAME].value},
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": "fr", "url": page.base_url}])
        for path in paths:
            page.goto(page.base_url + path)
            words = page.evaluate(BROKEN_WORDS)
            if words:
                broken[path] = words
        styles = page.evaluate("""() => Array.from(document.querySelectorAll("button"))
            .map((b) => getComputedStyle(b))
            .filter((s) => s.wordBreak === "break-all" || s.hyphens === "auto"
                           || s.overflowWrap === "anywhere").length""")
        assert styles == 0, "buttons styled to break inside words"
    assert not broken, f"buttons whose label breaks inside a word: {broken}"
