"""A reply to a customer in a real browser: the author pastes the customer's
message in the editor and sees by when to answer, the approver finds the reply
first in the queue, a saved reply is filled in, and the pages pass axe-core in
English and French."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from socialgov.brands.models import Holiday, SavedReply
from socialgov.posts.models import Post, State
from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMPLAINT = "My order arrived broken and three days late. Terrible service."
REPLY = "Hi Jane, we are so sorry your order arrived broken. A replacement ships today."
TEMPLATE = "Hi {name}, we are sorry order {order} is late. It ships today: thank you for " \
           "your patience!"
LOGIN_LABELS = {
    "en-CA": ("Username", "Password", "Log in"),
    "fr-CA": ("Nom d’utilisateur", "Mot de passe", "Connexion"),
}


def open_reply_section(page):
    page.goto(page.base_url + "/posts/new/")
    page.locator("#reply-section > summary").click()
    expect(page.locator("#id_reply_message")).to_be_visible()


def test_an_author_answers_a_customer_and_the_approver_sees_it_first(
        new_page, brand, intern, manager, make_post, warning_rule):
    brand.reply_within_minutes = brand.reply_outside_minutes = 60
    brand.save()
    risky = make_post("in_review", text="Time to utilize our bakery.")
    assert risky.risk == "medium"

    author = new_page()
    log_in(author, "intern")
    open_reply_section(author)
    author.get_by_label("Customer's message").fill(COMPLAINT)
    author.get_by_label("Network of the message").select_option("x")
    author.get_by_label("Link to the message").fill("https://x.com/jane/status/7")
    respond_by = author.locator("#reply-respond-by")
    expect(respond_by).to_contain_text("Respond by")
    expect(respond_by).to_contain_text(re.compile(r"(59|60)\s+minutes|1\s+hour"))
    author.get_by_role("checkbox", name="X").check()
    author.get_by_label("Language").select_option("en")
    author.locator("#id_text").fill(REPLY)
    # Read against the complaint, the apology is neither cold nor negative.
    expect(author.get_by_role("region", name="Findings")).to_contain_text(
        "The check finds nothing so far.")
    author.get_by_role("button", name="Submit for review").click()
    expect(author.locator(".page-head")).to_contain_text("In review")
    post = Post.objects.get(current_version__text=REPLY)
    assert post.state == State.IN_REVIEW and post.reply.network == "x"
    card = author.get_by_role("region", name="Reply to a customer")
    expect(card).to_contain_text(COMPLAINT)
    expect(card).to_contain_text("Respond by")

    approver = new_page()
    log_in(approver, "manager")
    approver.goto(approver.base_url + "/review/")
    rows = approver.locator(".post-list .post-row")
    expect(rows.first).to_contain_text("Reply to a customer")
    expect(rows.first).to_contain_text(REPLY[:40])
    expect(rows.nth(1)).to_contain_text("utilize")


def test_an_author_fills_in_a_saved_reply(new_page, brand, intern):
    saved = SavedReply.objects.create(brand=brand, name="Late order", language="en",
                                      text=TEMPLATE)
    page = new_page()
    log_in(page, "intern")
    open_reply_section(page)
    page.get_by_label("Customer's message").fill("Where is order 4521?")
    page.get_by_label("Network of the message").select_option("x")
    page.get_by_role("checkbox", name="X").check()
    page.get_by_label("Saved reply").select_option(str(saved.pk))
    values = page.locator(f"#saved-reply-{saved.pk}")
    expect(values).to_be_visible()
    values.get_by_role("button", name="Use this reply").click()
    expect(values.get_by_role("alert")).to_have_text("Fill in every value, without { or }.")
    expect(values.get_by_label("{name}")).to_be_focused()
    values.get_by_label("{name}").fill("Jane")
    values.get_by_label("{order}").fill("4521")
    values.get_by_role("button", name="Use this reply").click()
    filled = TEMPLATE.replace("{name}", "Jane").replace("{order}", "4521")
    expect(page.locator("#id_text")).to_have_value(filled)
    expect(page.get_by_label("Language")).to_have_value("en")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".page-head")).to_contain_text("Draft")
    post = Post.objects.get()
    assert post.current_version.text == filled
    assert post.reply.saved_reply == saved
    assert post.reply.saved_reply_values == {"name": "Jane", "order": "4521"}


@pytest.mark.parametrize("locale", ["en-CA", "fr-CA"])
def test_the_reply_pages_pass_axe(new_page, brand, brand_admin, locale):
    SavedReply.objects.create(brand=brand, name="Late order", language="fr",
                              text="Bonjour {prénom}, votre commande {commande} part aujourd'hui.")
    Holiday.objects.create(brand=brand, day=datetime.date(2030, 12, 25), name="Noël")
    page = new_page(locale=locale)
    log_in(page, "brandadmin", labels=LOGIN_LABELS[locale])
    expect(page.locator(".logout")).to_be_visible()
    open_reply_section(page)
    page.locator("#id_reply_message").fill(COMPLAINT)
    page.locator("#id_saved_reply").select_option(label="Late order")
    expect(page.locator("fieldset.saved-reply-values").first).to_be_visible()
    expect(page.locator("#reply-respond-by time")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", locale[:2])
    assert_accessible(page, f"the editor with the reply section open, {locale}")
    # An error in the section, said next to its field.
    page.locator("input[name=networks][value=x]").check()
    page.locator("#id_text").fill("Bonjour, votre commande part aujourd'hui.")
    page.locator("button[name=action][value=save]").click()
    expect(page.locator("#field-id_reply_network .errors")).to_be_visible()
    expect(page.locator("#id_reply_message")).to_have_value(COMPLAINT)
    assert_accessible(page, f"the editor with errors in the reply section, {locale}")
    for path in ("/brands/acme/replies/", "/brands/acme/saved-replies/"):
        page.goto(page.base_url + path)
        expect(page.locator("form button.primary").first).to_be_visible()
        assert_accessible(page, f"{path}, {locale}")
    page.goto(page.base_url + "/brands/acme/replies/")
    page.locator("#id_day0_opens").fill("18:00")
    page.locator("form[action$='/replies/'] button.primary").click()
    expect(page.locator(".business-hours .errors")).to_be_visible()
    assert_accessible(page, f"the reply settings with an error, {locale}")
