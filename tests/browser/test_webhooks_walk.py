"""A brand admin sets up a webhook in a real browser: finds "Webhooks" in the brand's
pages, is told why an address is refused, adds the local receiver, sends a test and
reads its outcome in the delivery log, then deletes the webhook after a question naming
it. Every page passes axe-core."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from socialgov.webhooks import jobs
from socialgov.webhooks.models import Endpoint
from tests.browser.conftest import assert_accessible, log_in
from tests.test_webhooks import Receiver

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def receiver(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    found = Receiver()
    found.thread.start()
    yield found
    found.server.shutdown()
    found.server.server_close()


def test_a_brand_admin_adds_a_webhook_tests_it_and_deletes_it(
        new_page, settings, brand, brand_admin, receiver):
    page = new_page()
    log_in(page, "brandadmin")
    page.goto(page.base_url + f"/brands/{brand.slug}/rules/")
    page.get_by_role("link", name="Webhooks", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Webhooks")
    assert_accessible(page, "the webhooks")

    page.get_by_role("link", name="Add a webhook").click()
    page.get_by_label("Address").fill(receiver.url)
    page.get_by_label("Signed JSON webhook").check()
    page.get_by_label("Approved").check()
    page.get_by_label("Published").check()
    page.get_by_role("button", name="Add webhook").click()
    expect(page.locator(".errors, .errorlist").first).to_contain_text("public addresses only")
    expect(page.get_by_label("Address")).to_have_value(receiver.url)
    assert_accessible(page, "a webhook refused")

    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True  # the receiver is on 127.0.0.1
    page.get_by_role("button", name="Add webhook").click()
    expect(page.get_by_role("heading", level=2, name="Delivery log")).to_be_visible()
    endpoint = Endpoint.objects.get(brand=brand)
    expect(page.locator("#webhook-secret")).to_have_text(endpoint.secret)

    page.get_by_role("button", name="Send test").click()
    expect(page.locator("main")).to_contain_text("Test queued")
    jobs.send_due(timezone.now())  # the worker's or the scheduler's part
    page.reload()
    row = page.locator(".webhook-log tbody tr").first
    expect(row).to_contain_text("Succeeded")
    expect(row).to_contain_text("200")
    assert len(receiver.requests) == 1
    assert_accessible(page, "a webhook's delivery log")

    page.get_by_role("button", name="Delete", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Webhooks")
    port = receiver.server.server_address[1]
    assert page.dialogs == [f"Delete the webhook to 127.0.0.1:{port}/hook? It receives "
                            "nothing more, and its delivery log is deleted with it."]
    assert not Endpoint.objects.exists()


CELL_WORDS_BROKEN = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll("table td, table th")) {
    if (!cell.offsetParent) { continue; }
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      if (node.parentElement.closest(".url, code")) { continue; }  // addresses may break
      const re = /\\S+/g;
      let match;
      while ((match = re.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
        if (lines.size > 1) { broken.push(match[0]); }
      }
    }
  }
  return broken;
}"""


def test_the_address_field_is_full_width_and_tables_break_between_words(
        new_page, settings, brand, brand_admin):
    from socialgov.api import tokens
    from socialgov.webhooks import services
    from socialgov.webhooks.models import Event, Kind

    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    for url in ("https://example.com/in", "http://127.0.0.1:8766/hook",
                "http://127.0.0.1:8766/slack"):
        services.add(brand_admin, brand, url=url, kind=Kind.JSON, events=list(Event.values))
    tokens.make(brand_admin, brand, name="Approver bot", role="approver")
    page = new_page(viewport={"width": 1024, "height": 800})
    log_in(page, "brandadmin")

    page.goto(page.base_url + f"/brands/{brand.slug}/webhooks/new/")
    address = page.get_by_label("Address")
    field_width = page.locator("main form").bounding_box()["width"]
    assert address.bounding_box()["width"] > field_width * 0.9
    assert address.evaluate("(e) => parseFloat(getComputedStyle(e).paddingLeft)") > 4

    for path in (f"/brands/{brand.slug}/webhooks/", f"/brands/{brand.slug}/api-tokens/"):
        page.goto(page.base_url + path)
        assert page.evaluate(CELL_WORDS_BROKEN) == [], path
    expect(page.locator("table")).to_contain_text("Approver bot")
    page.goto(page.base_url + f"/brands/{brand.slug}/webhooks/")
    expect(page.get_by_role("link", name="127.0.0.1:8766/slack", exact=True)).to_be_visible()
