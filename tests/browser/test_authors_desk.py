"""The author's desk in a real browser: findings while writing, marked in the
text and linked both ways with their cards, one-click fixes that undo, the
server's own counts, and where submitting would send the post."""

import re
import time

import pytest
from playwright.sync_api import expect

from socialgov.checks import networks
from socialgov.images.models import ImageFile
from socialgov.posts.models import Post
from tests.browser.conftest import assert_accessible, log_in
from tests.support.image_files import photo_jpeg, write_bad_files

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "Only a dumb reader would utilize this bakery."


def open_editor(page):
    log_in(page, "intern")
    page.get_by_role("link", name="New post").click()
    page.get_by_role("checkbox", name="X").check()
    return page.get_by_label("Text", exact=False).first


def test_typing_an_error_shows_its_card_marked_in_the_text_without_saving(
        new_page, intern, banned_rule, warning_rule):
    page = new_page()
    text = open_editor(page)
    text.press_sequentially(TEXT, delay=10)
    typed = time.monotonic()
    findings = page.get_by_role("region", name="Findings")
    card = findings.locator(".finding-card", has_text="insults the reader")
    expect(card).to_be_visible(timeout=2000)
    assert time.monotonic() - typed < 2
    assert not Post.objects.exists()
    # Marked in place, its severity said by the underline's shape and the card's words.
    expect(page.locator(".mark-mirror .mark.sev-error")).to_have_text("dumb")
    expect(page.locator(".mark-mirror .mark.sev-warning")).to_have_text("utilize")
    expect(card.locator(".badge")).to_have_text("Error")
    # Errors first, then by position.
    expect(findings.locator(".finding-card .message")).to_have_text(
        ["“dumb” insults the reader.", "Prefer plain words to “utilize”."])
    expect(page.locator("#submit-hint")).to_have_text(
        "1 error will send this back: fix it or ask for a waiver.")
    submit = page.get_by_role("button", name="Submit for review")
    expect(submit).to_have_accessible_description(
        "1 error will send this back: fix it or ask for a waiver.")

    # Choosing a card's place selects its mark in the text.
    card.get_by_role("button", name=re.compile("dumb")).click()
    assert text.evaluate("t => [t.selectionStart, t.selectionEnd]") == [7, 11]
    expect(text).to_be_focused()
    # The caret entering a mark shows its card and says it.
    text.press("End")
    for _ in range(len(" this bakery.") + 2):
        text.press("ArrowLeft")
    current = findings.locator(".finding-card.is-current")
    expect(current).to_contain_text("Prefer plain words")
    expect(page.locator("#mark-announcer")).to_contain_text("Prefer plain words to “utilize”.")
    # Hovering a mark shows its card too.
    page.locator(".mark-mirror .mark.sev-error").hover()
    expect(current).to_contain_text("insults the reader")
    assert_accessible(page, "the editor with findings")


def test_a_one_click_fix_replaces_the_text_in_place_and_undo_takes_it_back(
        new_page, intern, warning_rule):
    page = new_page()
    text = open_editor(page)
    text.fill(TEXT.replace("dumb ", ""))
    fix = page.get_by_role("button", name="Replace with “use”")
    fix.click()
    expect(text).to_have_value("Only a reader would use this bakery.")
    expect(page.get_by_role("region", name="Findings")).to_contain_text(
        "The check finds nothing so far.")
    text.focus()
    page.keyboard.press("Control+z")
    expect(text).to_have_value("Only a reader would utilize this bakery.")


def test_counts_are_the_checks_own(new_page, intern):
    page = new_page()
    text = open_editor(page)
    long = "Read it all at https://example.com/" + "a" * 120 + " " + "é" * 250
    text.fill(long)
    expect(page.locator("#counts-text")).to_contain_text(
        f"X {networks.count('x', long)}/280 — over the limit")
    # A reply's opening @handles do not count on X.
    reply = "@bakery @friend thanks!"
    text.fill(reply)
    expect(page.locator("#counts-text")).to_have_text("X 7/280")  # "thanks!"


def test_a_past_planned_time_is_said_while_writing_and_refused_with_nothing_lost(
        new_page, intern):
    page = new_page()
    text = open_editor(page)
    text.fill("Our bakery opens on Monday.")
    page.get_by_label("Planned time").fill("2020-05-04T10:00")
    findings = page.get_by_role("region", name="Findings")
    expect(findings).to_contain_text("The planned time is in the past")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("#field-id_planned_at .errors")).to_contain_text(
        "The planned time is in the past")
    text = page.get_by_label("Text", exact=False).first
    expect(text).to_have_value("Our bakery opens on Monday.")
    assert not Post.objects.exists()


def test_an_image_with_its_alt_text_shows_in_each_networks_preview(new_page, intern, tmp_path):
    photo = tmp_path / "bakery.jpg"
    photo.write_bytes(photo_jpeg(1200, 800))
    page = new_page()
    text = open_editor(page)
    page.get_by_role("checkbox", name="Instagram").check()
    text.fill("Fresh bread, #Montreal!")
    page.get_by_label("Images").set_input_files(str(photo))
    page.get_by_label("Alt text").fill("Three loaves on a wooden counter")
    preview = page.get_by_role("region", name="Preview")
    for network in ("X", "Instagram"):
        card = preview.get_by_role("article", name=network)
        expect(card.get_by_role("img", name="Three loaves on a wooden counter")).to_be_visible()
        expect(card).to_contain_text("Fresh bread")
    assert_accessible(page, "the editor with an image")
    page.get_by_role("button", name="Save draft").click()
    post = Post.objects.get()
    assert post.current_version.image_specs == [
        {"image": post.current_version.images.get().image_id,
         "alt": "Three loaves on a wooden counter"}]
    # The reviewer's page shows the same preview, the image included.
    reviewer_preview = page.get_by_role("region", name="Preview")
    expect(reviewer_preview.get_by_role("article", name="Instagram").get_by_role(
        "img", name="Three loaves on a wooden counter")).to_be_visible()


def test_bad_images_are_refused_next_to_the_input_and_nothing_is_lost(
        new_page, intern, tmp_path):
    good = tmp_path / "good.jpg"
    good.write_bytes(photo_jpeg(800, 600))
    bad = write_bad_files(tmp_path)
    page = new_page()
    text = open_editor(page)
    text.fill("Our bakery opens on Monday.")
    images = page.get_by_label("Images")
    images.set_input_files(str(good))
    page.get_by_label("Alt text").fill("The shop front")
    errors = page.locator("#image-errors")
    for name, path in bad.items():
        images.set_input_files(str(path))
        expect(errors).to_contain_text(name)
        expect(text).to_have_value("Our bakery opens on Monday.")
        expect(page.get_by_label("Alt text")).to_have_count(1)
        expect(page.get_by_label("Alt text")).to_have_value("The shop front")
    assert ImageFile.objects.count() == 1
    page.get_by_role("button", name="Save draft").click()
    assert Post.objects.get().current_version.images.count() == 1
