"""Every main page fits a phone's screen: nothing wider than the viewport."""

import pytest

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
