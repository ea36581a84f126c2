"""Rules edited in words: a list of words, a table of substitutions, a number per
network, what to count; {match} in messages; "Try it" on an unsaved rule."""

import pytest
from django.urls import reverse

from socialgov.brands.models import Rule


@pytest.fixture
def admin_client(client, brand_admin):
    client.force_login(brand_admin)
    return client


def words(**fields):
    return {
        "editor": "words", "name": "Off-brand", "kind": "banned_terms", "severity": "warning",
        "enabled": "on", "message_en": "“{match}” is not our tone.",
        "message_fr": "« {match} » n’est pas notre ton.", "suggestion_en": "",
        "suggestion_fr": "", "guideline": "", "params": "", **fields,
    }


def new_rule(client, brand, **fields):
    return client.post(reverse("brands:rule_new", args=[brand.slug]), words(**fields))


def test_a_word_list_is_typed_one_a_line_with_its_exceptions(admin_client, brand):
    response = new_rule(admin_client, brand, terms="cheap\n  Pas cher \n\ncheap\n",
                        exceptions="Cheap Monday\n")
    assert response.status_code == 302
    rule = Rule.objects.get(rule_set__brand=brand)
    assert rule.params == {"terms": ["cheap", "Pas cher"], "exceptions": ["Cheap Monday"]}
    assert rule.message_en == "“%s” is not our tone."  # the engine's placeholder
    page = admin_client.get(reverse("brands:rule_edit", args=[brand.slug, rule.pk]))
    form = page.context["form"]
    assert form["terms"].value() == "cheap\nPas cher"
    assert form["message_fr"].value() == "« {match} » n’est pas notre ton."


def test_an_empty_word_list_is_refused_with_a_message(admin_client, brand):
    response = new_rule(admin_client, brand, terms="  \n")
    assert response.status_code == 200
    assert response.context["form"].errors["terms"] == ["List at least one word or phrase."]
    assert not Rule.objects.exists()


def test_substitutions_are_a_table_of_pairs(admin_client, brand):
    response = new_rule(admin_client, brand, kind="substitution", swap_from_0="utilize",
                        swap_to_0="use", swap_from_1="", swap_to_1="", swap_from_2="e-mail",
                        swap_to_2="courriel")
    assert response.status_code == 302
    assert Rule.objects.get().params == {"swap": {"utilize": "use", "e-mail": "courriel"}}
    half = new_rule(admin_client, brand, name="Half", kind="substitution",
                    swap_from_0="utilize", swap_to_0="")
    assert half.context["form"].errors["swap_to_0"] == [
        "Fill in both sides of the row, or neither."]


def test_lengths_are_a_number_per_network(admin_client, brand):
    response = new_rule(admin_client, brand, kind="max_length", limit_x="200",
                        limit_linkedin="1500")
    assert response.status_code == 302
    assert Rule.objects.get().params == {"limits": {"x": 200, "linkedin": 1500}}


def test_a_count_says_what_it_counts_and_how_many(admin_client, brand):
    response = new_rule(admin_client, brand, kind="max_count", counted="hashtags", most="3")
    assert response.status_code == 302
    rule = Rule.objects.get()
    assert rule.params["max"] == 3
    page = admin_client.get(reverse("brands:rule_edit", args=[brand.slug, rule.pk]))
    assert page.context["form"]["counted"].value() == "hashtags"
    assert page.context["form"]["advanced"].value() is False


def test_advanced_takes_the_json_instead(admin_client, brand):
    response = new_rule(admin_client, brand, terms="ignored", advanced="on",
                        params='{"terms": ["from json"]}')
    assert response.status_code == 302
    assert Rule.objects.get().params == {"terms": ["from json"]}


def test_try_it_runs_the_unsaved_rule_on_a_sample_and_saves_nothing(admin_client, brand):
    url = reverse("brands:rule_new", args=[brand.slug])
    response = admin_client.post(url, words(terms="cheap", sample="So cheap, so CHEAP!",
                                            **{"try": "1"}))
    assert response.status_code == 200
    trial = response.context["trial"]
    assert [(f.matched, f.message) for f in trial.findings] == [
        ("cheap", "“cheap” is not our tone."), ("CHEAP", "“CHEAP” is not our tone.")]
    marks = [s.text for s in trial.segments if s.findings]
    assert marks == ["cheap", "CHEAP"]
    assert not Rule.objects.exists()
    partial = admin_client.post(url, words(terms="cheap", sample="cheap", **{"try": "1"}),
                                HTTP_HX_REQUEST="true")
    assert partial.content.decode().lstrip().startswith('<div id="try-result"')


def test_try_it_on_a_rule_with_errors_says_to_correct_it(admin_client, brand):
    response = admin_client.post(reverse("brands:rule_new", args=[brand.slug]),
                                 words(terms="", sample="cheap", **{"try": "1"}))
    assert response.context["trial"] is None
    assert "Correct the rule first" in response.content.decode()


def test_the_rule_form_reads_in_french(admin_client, brand):
    admin_client.cookies["django_language"] = "fr"
    page = admin_client.get(reverse("brands:rule_new", args=[brand.slug])).content.decode()
    for label in ("Mots et expressions", "Exceptions", "Essayer"):
        assert label in page


def test_a_rule_without_its_name_or_messages_yet_can_be_tried(admin_client, brand):
    fields = words(terms="cheap", sample="cheap", name="", message_en="", message_fr="",
                   **{"try": "1"})
    response = admin_client.post(reverse("brands:rule_new", args=[brand.slug]), fields)
    assert [f.matched for f in response.context["trial"].findings] == ["cheap"]
    bad = dict(fields, kind="max_count", advanced="on", params='{"pattern": "(", "max": 1}')
    refused = admin_client.post(reverse("brands:rule_new", args=[brand.slug]), bad)
    assert refused.status_code == 200
    assert refused.context["trial"] is None


def test_a_pattern_that_takes_too_long_is_refused_when_saved(admin_client, brand):
    response = new_rule(admin_client, brand, kind="max_count", advanced="on",
                        params='{"pattern": "(a+)+$", "max": 0}')
    assert response.status_code == 200
    errors = response.context["form"].errors["params"]
    assert any("takes more than 200 ms on a long post" in error for error in errors)
    assert not Rule.objects.exists()
    quick = new_rule(admin_client, brand, name="Quick", kind="max_count", advanced="on",
                     params='{"pattern": "a+$", "max": 0}')
    assert quick.status_code == 302


def test_the_messages_read_as_a_finding_would_while_they_are_typed(admin_client, brand):
    url = reverse("brands:rule_new", args=[brand.slug])
    partial = admin_client.post(url, words(terms="cheap\nfree", preview="1",
                                           message_fr="« {match} » : pas notre ton !"),
                                HTTP_HX_REQUEST="true")
    html = partial.content.decode()
    assert html.lstrip().startswith('<div id="message-sample"')
    assert "“cheap” is not our tone." in html
    assert "«\u00a0cheap\u00a0»\u00a0: pas notre ton\u00a0!" in html
    assert not Rule.objects.exists()
    empty = admin_client.post(url, words(terms="", message_en="", preview="1"))
    assert "(the default message of this kind of rule)" in empty.content.decode()
    page = admin_client.get(url).content.decode()
    assert 'id="message-sample"' in page
