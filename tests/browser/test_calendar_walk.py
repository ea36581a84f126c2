"""The planning calendar in a real browser: a post dragged to another day, the
same move from the keyboard, and the month and week views axe-clean in English
and French."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from socialgov.brands.models import SensitiveDate
from socialgov.posts.models import Post
from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TORONTO = ZoneInfo("America/Toronto")
LOGIN_LABELS = {
    "en-CA": ("Username", "Password", "Log in"),
    "fr-CA": ("Nom d’utilisateur", "Mot de passe", "Connexion"),
}


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TORONTO)


def next_monday():
    """A Monday more than a day away: its whole week is still to come."""
    day = timezone.localdate() + datetime.timedelta(days=2)
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


def planned(post):
    return Post.objects.get(pk=post.pk).current_version.planned_at


def test_dragging_a_post_to_another_day_moves_it_there(new_page, make_post, intern):
    monday = next_monday()
    wednesday = monday + datetime.timedelta(days=2)
    post = make_post(planned_at=at(monday, 10, 45))
    page = new_page()
    log_in(page, "intern")
    page.goto(f"{page.base_url}/calendar/?view=week&date={monday.isoformat()}")
    entry = page.locator(f"#entry-{post.pk}")
    expect(page.locator(f"[data-day='{monday.isoformat()}'] #entry-{post.pk}")).to_be_visible()
    expect(entry).to_have_attribute("draggable", "true")

    entry.drag_to(page.locator(f"[data-day='{wednesday.isoformat()}']"))

    expect(page.locator(f"[data-day='{wednesday.isoformat()}'] #entry-{post.pk}")) \
        .to_be_visible()
    expect(page.locator(f"[data-day='{monday.isoformat()}'] #entry-{post.pk}")).to_have_count(0)
    expect(page.locator(".messages")).to_contain_text(
        f"Moved to {wednesday.isoformat()} 10:45.")
    assert planned(post) == at(wednesday, 10, 45)


def test_the_keyboard_moves_a_post_with_move_to(new_page, make_post, intern):
    monday = next_monday()
    friday = monday + datetime.timedelta(days=4)
    post = make_post(planned_at=at(monday, 16, 0))
    page = new_page(locale="fr-CA")
    log_in(page, "intern", labels=LOGIN_LABELS["fr-CA"])
    page.goto(f"{page.base_url}/calendar/?view=week&date={monday.isoformat()}")
    entry = page.locator(f"#entry-{post.pk}")
    summary = entry.locator("summary")
    # From the post's link, Tab reaches the disclosure, Enter opens it.
    entry.locator("a.entry-link").focus()
    page.keyboard.press("Tab")
    expect(summary).to_be_focused()
    page.keyboard.press("Enter")
    field = entry.get_by_label("Déplacer au")
    expect(field).to_be_visible()
    page.keyboard.press("Tab")
    expect(field).to_be_focused()
    field.fill(friday.isoformat())
    expect(entry.get_by_role("button", name="Déplacer")).to_be_visible()
    page.keyboard.press("Enter")  # in the field: submits its form

    expect(page.locator(f"[data-day='{friday.isoformat()}'] #entry-{post.pk}")).to_be_visible()
    expect(page.locator(".messages")).to_contain_text(
        f"Déplacée au {friday.isoformat()}, 16\u00a0h\u00a000.")
    assert planned(post) == at(friday, 16, 0)


def test_a_day_gone_by_refuses_the_drop(new_page, make_post, intern):
    today = timezone.localdate()
    post = make_post(planned_at=at(today + datetime.timedelta(days=1), 23, 0))
    page = new_page()
    log_in(page, "intern")
    page.goto(f"{page.base_url}/calendar/?view=month&date={today.isoformat()}")
    yesterday = today - datetime.timedelta(days=1)
    target = page.locator(f"[data-day='{yesterday.isoformat()}']")
    if target.count() == 0:
        pytest.skip("yesterday is not on this month's grid")
    page.locator(f"#entry-{post.pk}").drag_to(target)
    expect(page.locator(f"[data-day='{yesterday.isoformat()}'] #entry-{post.pk}")) \
        .to_have_count(0)
    assert planned(post) == at(today + datetime.timedelta(days=1), 23, 0)


@pytest.mark.parametrize("locale", ["en-CA", "fr-CA"])
def test_the_calendar_views_are_accessible(new_page, make_post, brand, intern, manager,
                                          locale):
    monday = next_monday()
    SensitiveDate.objects.create(brand=brand, month=monday.month, day=monday.day,
                                 year=monday.year, name_en="A day of mourning",
                                 name_fr="Un jour de deuil")
    for n, state in enumerate(["draft", "in_review", "approved", "changes_requested",
                               "sent_back", "published", "rejected"]):
        make_post(state, planned_at=at(monday + datetime.timedelta(days=n % 7), 9 + n))
    page = new_page(locale=locale)
    log_in(page, "intern", labels=LOGIN_LABELS[locale])
    base = page.base_url
    failures = []

    def check(path, context, ready):
        page.goto(base + path)
        expect(page.locator(ready).first).to_be_visible()
        expect(page.locator("html")).to_have_attribute("lang", locale[:2])
        try:
            assert_accessible(page, f"{context}, {locale}")
        except pytest.fail.Exception as failure:
            failures.append(str(failure))

    day = monday.isoformat()
    check(f"/calendar/?date={day}", "the month", ".calendar-month .entry")
    page.locator(".entry-move summary").first.click()  # a move form open
    check_open = page.locator(".entry-move[open] input[type=date]")
    expect(check_open).to_be_visible()
    try:
        assert_accessible(page, f"the month with a move form open, {locale}")
    except pytest.fail.Exception as failure:
        failures.append(str(failure))
    check(f"/calendar/?view=week&date={day}", "the week", ".calendar-week .entry")
    check(f"/calendar/?view=week&date={day}&brand=acme", "the week of one brand", ".mark")
    check("/calendar/?date=not-a-date", "a bad date said", ".calendar-query .errors")
    check("/calendar/feed/", "the feed page", "h1")
    page.get_by_role("button").filter(has_text="Make my feed address" if locale == "en-CA"
                                      else "Créer l’adresse de mon flux").click()
    expect(page.locator("#feed-address")).to_be_visible()
    try:
        assert_accessible(page, f"the feed page showing its address, {locale}")
    except pytest.fail.Exception as failure:
        failures.append(str(failure))
    check("/calendar/feed/renew/", "renewing the feed", "form button.danger")
    # The manager: every post says why it cannot be moved instead of a form.
    page.context.clear_cookies()
    log_in(page, "manager", labels=LOGIN_LABELS[locale])
    check(f"/calendar/?view=week&date={day}", "the week of someone who moves nothing",
          ".calendar-week .entry")
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


def test_the_month_fits_a_phone(browser, live_server, make_post, intern):
    monday = next_monday()
    make_post(planned_at=at(monday, 9), text="Supercalifragilisticexpialidocious" * 3)
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="fr-CA")
    page = context.new_page()
    page.base_url = live_server.url
    log_in(page, "intern", labels=LOGIN_LABELS["fr-CA"])
    for view in ("month", "week"):
        page.goto(f"{live_server.url}/calendar/?view={view}&date={monday.isoformat()}")
        wider = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert wider <= 0, f"{view}: {wider} px wider than the phone"
    context.close()
