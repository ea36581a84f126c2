"""Brand voice without a developer, in a real browser: a brand admin adds a word-list
rule, tries it, backtests it, saves it; a new draft is flagged by it; a shipped rule is
turned off for the brand; an earlier version of the rules is restored."""

import pytest
from playwright.sync_api import expect

from socialgov.brands.models import PackRuleOverride, Rule
from socialgov.posts import actions
from tests.browser.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_brand_admin_tunes_the_brand_voice_without_json_or_patterns(
        new_page, brand, brand_admin, intern, fields, submit):
    # A checked post the new rule will flag.
    submit(intern, actions.create(intern, brand, fields(text="Fresh croissant sale today.")))
    admin = new_page()
    log_in(admin, "brandadmin")
    admin.goto(f"{admin.base_url}/brands/{brand.slug}/rules/")
    admin.get_by_role("link", name="New rule").click()
    admin.locator("#id_name").fill("Off the menu")
    admin.locator("#id_kind").select_option("banned_terms")
    admin.get_by_label("Words and phrases").fill("croissant")
    admin.get_by_label("Exceptions").fill("croissant au beurre")
    admin.get_by_label("Message (English)").fill("“{match}” is off the menu.")
    admin.get_by_label("Message (French)").fill("« {match} » n’est plus au menu.")
    # The messages read as a finding would, while they are typed.
    expect(admin.locator("#message-sample")).to_contain_text("“croissant” is off the menu.")
    expect(admin.locator("#message-sample")).to_contain_text(
        "«\u00a0croissant\u00a0» n’est plus au menu.")

    admin.get_by_label("Sample text").fill("A croissant a day, or a croissant au beurre.")
    admin.get_by_role("button", name="Try it").click()
    expect(admin.locator("#try-result mark")).to_have_text(["croissant"])
    expect(admin.locator("#try-result")).to_contain_text("“croissant” is off the menu.")

    admin.get_by_role("button", name="Backtest").click()
    expect(admin.locator("#backtest-result")).to_contain_text("1 post newly flagged")
    expect(admin.locator("#backtest-result a").first).to_contain_text("croissant")
    expect(admin.locator("#backtest-result table a")).to_contain_text("croissant")
    assert_accessible(admin, "the rule form, tried and backtested")
    assert not Rule.objects.filter(name="Off the menu").exists()  # nothing saved yet

    admin.get_by_role("button", name="Save rule").click()
    expect(admin.locator(".messages")).to_contain_text("Rule “Off the menu” created.")
    assert Rule.objects.get(name="Off the menu").params == {
        "terms": ["croissant"], "exceptions": ["croissant au beurre"]}

    # A new draft is flagged by it while it is written.
    author = new_page()
    log_in(author, "intern")
    author.get_by_role("link", name="New post").click()
    author.get_by_role("checkbox", name="X").check()
    author.get_by_label("Text", exact=False).first.fill("Two croissant boxes left!")
    findings = author.get_by_role("region", name="Findings")
    expect(findings).to_contain_text("“croissant” is off the menu.")

    # A shipped rule turned off for the brand, with a reason.
    admin.get_by_role("link", name="Shipped rules").click()
    row = admin.locator("#rule-core-en--profanity")
    row.get_by_label("Reason", exact=True).fill("We quote song lyrics.")
    row.get_by_role("button", name="Turn off for this brand").click()
    expect(admin.locator(".messages")).to_contain_text("changed for this brand")
    assert PackRuleOverride.objects.get(brand=brand, rule_id="core-en/profanity").enabled \
        is False

    # The history: the previous version restored (the shipped rule back on).
    admin.get_by_role("link", name="History").click()
    versions = admin.locator("ul.versions > li")
    expect(versions.first).to_contain_text("Current rules")
    versions.nth(1).get_by_role("button", name="Restore this version").click()
    expect(admin.locator(".messages")).to_contain_text("restored")
    assert not PackRuleOverride.objects.filter(brand=brand).exists()
    assert Rule.objects.filter(name="Off the menu").exists()
    assert admin.dialogs and "Restore version" in admin.dialogs[-1]


def test_every_kind_of_rule_is_written_in_words(new_page, brand, brand_admin):
    """Each kind shows its own fields only, axe-clean; a table of spellings is saved."""
    admin = new_page()
    log_in(admin, "brandadmin")
    admin.goto(f"{admin.base_url}/brands/{brand.slug}/rules/new/")
    words = admin.get_by_label("Words and phrases")
    for kind, label in (("existence", "Words and phrases"), ("occurrence", "At least"),
                        ("repetition", "Words that may be doubled"),
                        ("consistency", "One spelling, row 1"),
                        ("conditional", "Abbreviations everyone knows"),
                        ("capitalization", "Words that keep their own capitals")):
        admin.locator("#id_kind").select_option(kind)
        expect(admin.get_by_label(label)).to_be_visible()
        if kind != "existence":
            expect(words).to_be_hidden()
        assert_accessible(admin, f"the rule form, {kind}")
    admin.locator("#id_kind").select_option("max_count")
    expect(admin.get_by_label("At least")).to_be_hidden()  # a maximum count has no minimum

    admin.locator("#id_kind").select_option("consistency")
    admin.locator("#id_name").fill("E-mail")
    admin.get_by_label("One spelling, row 1").fill("courriel")
    admin.get_by_label("The other spelling, row 1").fill("e-mail")
    admin.get_by_label("Message (English)").fill("Write “courriel”, not “{match}”.")
    admin.get_by_label("Message (French)").fill("Écrivez « courriel », pas « {match} ».")
    expect(admin.locator("#message-sample")).to_contain_text("not “e-mail”.")
    admin.get_by_role("button", name="Save rule").click()
    expect(admin.locator(".messages")).to_contain_text("Rule “E-mail” created.")
    assert Rule.objects.get(name="E-mail").params == {
        "either": {"courriel": "e-mail"}, "ignorecase": True}
