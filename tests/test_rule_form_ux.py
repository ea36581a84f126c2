"""The rule form as a brand admin uses it: "Try it" on every kind and what it says when
the rule cannot be tried, messages in words, Enter saves, demo rules open in words."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from socialgov.brands.models import Brand, Rule
from socialgov.checks.base import PostInput, RuleSpec
from socialgov.checks.engine import compile as compile_rules


@pytest.fixture
def admin_client(client, brand_admin):
    client.force_login(brand_admin)
    return client


def words(**fields):
    return {
        "editor": "words", "name": "Off-brand", "kind": "banned_terms", "severity": "warning",
        "enabled": "on", "message_en": "", "message_fr": "", "suggestion_en": "",
        "suggestion_fr": "", "guideline": "", "params": "", **fields,
    }


def tried(client, brand, **fields):
    return client.post(reverse("brands:rule_new", args=[brand.slug]),
                       words(**fields, **{"try": "1"}), HTTP_HX_REQUEST="true")


# -- Try it -------------------------------------------------------------------------------


def test_try_it_flags_a_sample_longer_than_a_network_limit(admin_client, brand):
    sample = "Our new store opens on Monday in Montréal: come and say hello!!"
    assert len(sample) == 63
    response = tried(admin_client, brand, kind="max_length", limit_x="20", sample=sample)
    findings = response.context["trial"].findings
    assert [f.message for f in findings] == ["Too long for X: 63/20 characters"]
    html = response.content.decode()
    assert "Tried as a post for X." in html
    # A rule that keeps every network's own limit is tried on every network.
    every = tried(admin_client, brand, kind="max_length", sample="a" * 400)
    assert {f.message.partition(":")[0] for f in every.context["trial"].findings} == {
        "Too long for X", "Too long for Bluesky"}


def test_try_it_on_a_rule_that_cannot_be_tried_says_why_in_its_result(admin_client, brand):
    slow = tried(admin_client, brand, kind="existence", advanced="on", sample="aaa",
                 params='{"tokens": ["(a+)+$"], "nonword": true}')
    html = slow.content.decode()
    assert html.lstrip().startswith('<div id="try-result"')
    assert "Correct the rule first" in html
    assert "takes more than 200 ms on a long post" in html
    admin_client.cookies["django_language"] = "fr"
    empty = tried(admin_client, brand, terms="", sample="cheap").content.decode()
    assert "Corrigez d’abord la règle" in empty
    assert "Mots et expressions\u00a0:" in empty
    assert "Indiquez au moins un mot ou une expression." in empty


# -- messages in words --------------------------------------------------------------------


def occurrence(token, **params):
    spec = RuleSpec(id="r", kind="occurrence", params={"token": token, **params})
    return compile_rules([spec])


def messages_of(checker, text):
    return [f.message for f in checker.check(PostInput(text=text)).findings
            if f.rule_id == "r"]


def test_an_occurrence_rule_made_in_words_names_the_word_not_its_pattern(admin_client, brand):
    response = admin_client.post(reverse("brands:rule_new", args=[brand.slug]),
                                 words(kind="occurrence", counted="word", count_word="promo",
                                       most="2", message_en="Too many", message_fr="Trop"))
    assert response.status_code == 302
    rule = Rule.objects.get()
    checker = occurrence(rule.params["token"], max=2, ignorecase=True)
    assert messages_of(checker, "Promo, promo, PROMO!") == [{
        "en": "“promo” occurs 3 times; keep it to 2 at most.",
        "fr": "«\u00a0promo\u00a0» apparaît 3 fois\u00a0; pas plus de 2.",
    }]
    hashtags = occurrence(r"(?<![\w#])#\w+", min=1)
    assert messages_of(hashtags, "No tag here.") == [{
        "en": "Hashtags: 0 in this post; at least 1 are needed.",
        "fr": "Mots-clics\u00a0: 0 dans cette publication\u00a0; il en faut au moins 1.",
    }]
    once = occurrence(r"\bpromo\b", min=2)
    assert messages_of(once, "promo")[0]["en"] == (
        "“promo” occurs once; it should occur at least 2 times.")
    # A regular expression written by hand is shown as written.
    assert messages_of(occurrence(r"\d+", max=1), "1 2")[0]["en"].startswith("“\\d+” occurs")


def test_the_help_on_messages_says_what_match_stands_for_in_each_kind(admin_client, brand):
    page = admin_client.get(reverse("brands:rule_new", args=[brand.slug])).content.decode()
    assert "Write {match} where the matched words go." in page
    assert "Write {match} where the number of occurrences goes." in page
    assert "Write {match} where the network’s name goes." in page


# -- demo rules -----------------------------------------------------------------------------


def test_every_demo_rule_opens_in_words(admin_client, brand_admin):
    call_command("seed_demo", stdout=io.StringIO())
    demo = Brand.objects.get(slug="demo")
    admin_client.force_login(brand_admin)
    brand_admin.is_superuser = True
    brand_admin.save()
    rules = list(demo.ruleset.rules.all())
    assert rules
    for rule in rules:
        page = admin_client.get(reverse("brands:rule_edit", args=[demo.slug, rule.pk]))
        assert not page.context["form"]["advanced"].value(), rule.name
    hashtags = demo.ruleset.rules.get(name="At most two hashtags")
    form = admin_client.get(reverse("brands:rule_edit", args=[demo.slug, hashtags.pk]))
    assert form.context["form"]["counted"].value() == "hashtags"


def test_a_substitution_of_a_word_by_itself_is_refused(admin_client, brand):
    response = admin_client.post(reverse("brands:rule_new", args=[brand.slug]), words(
        kind="substitution", swap_from_0="same", swap_to_0=" same ", swap_from_1="linkedin",
        swap_to_1="LinkedIn", message_en="m", message_fr="m"))
    assert response.status_code == 200
    assert response.context["form"].errors["swap_to_0"] == [
        "“same” would replace itself: write another word, or empty the row."]
    assert "swap_to_1" not in response.context["form"].errors  # capitals may differ
    assert not Rule.objects.exists()
