"""The analytics dashboard in a real browser, in English and in French: reached from
the brand's pages, filtered, each chart drawn with its CSV link, axe-clean; the
screenshots land in /tmp/h/shots/ to be looked at."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from socialgov.brands.models import ReviewReason
from socialgov.posts import actions
from socialgov.posts.models import Decision, ReviewRound
from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/h/shots")
FRENCH_LOGIN = ("Nom d’utilisateur", "Mot de passe", "Connexion")


@pytest.fixture
def busy_brand(brand, intern, brand_admin, second_manager, make_post):
    brand.mix_targets = {"inform": 50, "sell": 25}
    brand.save()
    late = ReviewReason.objects.create(brand=brand, label_en="Late", label_fr="En retard")
    for n, objective in enumerate(["inform", "inform", "sell", "engage", "inform"]):
        post = make_post("approved", objective=objective,
                         author=brand_admin if n % 2 else intern)
        decision = Decision.objects.get(post=post)
        ReviewRound.objects.filter(version=decision.version).update(
            started_at=decision.created_at - timedelta(hours=n + 1))
    post = make_post("in_review")
    actions.reject(second_manager, post, post.current_version_id, "Late.", reasons=[late.pk])
    make_post("changes_requested")
    make_post("approved", error=True)
    return brand


def period():
    today = timezone.localdate()
    return f"?date_from={today - timedelta(days=7)}&date_to={today + timedelta(days=30)}"


def test_the_dashboard_in_english_and_french(new_page, busy_brand, manager):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page()
    log_in(page, "manager")
    page.goto(page.base_url + f"/brands/{busy_brand.slug}/crises/")
    page.get_by_role("navigation", name="Managing Acme").get_by_role(
        "link", name="Analytics", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Analytics")
    # From any page, the header's link: the approver's one brand's dashboard.
    page.goto(page.base_url + "/")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Analytics", exact=True).click()
    expect(page).to_have_url(page.base_url + f"/brands/{busy_brand.slug}/analytics/")
    page.goto(page.url + period())
    expect(page.locator("section.chart")).to_have_count(8)
    expect(page.get_by_role("link", name="Download CSV")).to_have_count(8)
    expect(page.locator("#turnaround svg[role=img]")).to_be_visible()
    assert_accessible(page, "analytics, English")
    page.screenshot(path=str(SHOTS / "analytics-en.png"), full_page=True)

    page.locator("#id_objective").select_option("sell")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#mix table")).to_contain_text("100.0%")
    with page.expect_download() as download:
        page.locator("#mix").get_by_role("link", name="Download CSV").click()
    assert "100.0" in Path(download.value.path()).read_text()

    french = new_page(locale="fr-CA")
    log_in(french, "manager", labels=FRENCH_LOGIN)
    french.goto(french.base_url + f"/brands/{busy_brand.slug}/analytics/" + period())
    expect(french.locator("#mix table")).to_contain_text("50,0\u00a0%")
    assert_accessible(french, "analytics, French")
    french.screenshot(path=str(SHOTS / "analytics-fr.png"), full_page=True)
    french.set_viewport_size({"width": 390, "height": 800})
    french.screenshot(path=str(SHOTS / "analytics-fr-narrow.png"), full_page=True)

    # A date that cannot be read is left out alone: the objective chosen still applies.
    french.set_viewport_size({"width": 1200, "height": 800})
    french.goto(french.base_url + f"/brands/{busy_brand.slug}/analytics/"
                "?date_from=n%27importe&objective=engage")
    expect(french.locator(".messages")).to_contain_text("Du")
    expect(french.locator("#id_objective")).to_have_value("engage")
    assert_accessible(french, "analytics, French, a filter left out")
    french.screenshot(path=str(SHOTS / "analytics-fr-filter-left-out.png"))
