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


# -- the kinds a Vale style brings, in words ------------------------------------------------


def finds(rule, text):
    """What the engine, given the saved rule, finds in ``text``."""
    from socialgov.checks.base import PostInput
    from socialgov.checks.engine import RuleSpec, compile

    spec = RuleSpec(id="r", kind=rule.kind, params=rule.params)
    return [f.matched for f in compile([spec]).check(PostInput(text=text)).findings
            if f.rule_id == "r"]


def saved(client, brand, **fields):
    response = new_rule(client, brand, **fields)
    assert response.status_code == 302, response.context["form"].errors
    return Rule.objects.get(rule_set__brand=brand, name=fields.get("name", "Off-brand"))


def opened(client, brand, rule):
    return client.get(reverse("brands:rule_edit", args=[brand.slug, rule.pk])).context["form"]


def saved_unchanged(client, brand, rule):
    """The rule's page sent back as it opens: every field as shown."""
    form = opened(client, brand, rule)
    data = {"editor": "words"}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = value
    response = client.post(reverse("brands:rule_edit", args=[brand.slug, rule.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    rule.refresh_from_db()
    return rule


def test_words_to_avoid_are_words_even_with_signs_and_keep_their_exceptions(admin_client,
                                                                           brand):
    rule = saved(admin_client, brand, kind="existence", terms="C++\ne.g.\ncheap",
                 exceptions="Cheap Monday")
    assert rule.params == {"tokens": ["C++", "e.g.", "cheap"], "ignorecase": True,
                           "literal": True, "exceptions": ["Cheap Monday"]}
    assert finds(rule, "C++ is CHEAP, e.g. on Cheap Monday; exg and C+ are not.") == [
        "C++", "CHEAP", "e.g."]
    form = opened(admin_client, brand, rule)
    assert form["terms"].value() == "C++\ne.g.\ncheap"
    assert form["exceptions"].value() == "Cheap Monday"
    assert form["advanced"].value() is False
    before = rule.params
    assert saved_unchanged(admin_client, brand, rule).params == before
    # Plain words need no flag: the engine reads them as words already.
    plain = saved(admin_client, brand, name="Plain", kind="existence", terms="very")
    assert plain.params == {"tokens": ["very"], "ignorecase": True}
    assert finds(plain, "Very good") == ["Very"]


def test_occurrences_count_a_word_or_a_sign_at_least_or_at_most(admin_client, brand):
    rule = saved(admin_client, brand, kind="occurrence", counted="word", count_word="free",
                 most="2")
    assert rule.params == {"token": r"\bfree\b", "max": 2, "ignorecase": True}
    assert finds(rule, "Free coffee, free cake, FREE hugs, freedom.") == ["FREE"]
    assert finds(rule, "Free coffee, free cake.") == []
    before = rule.params
    assert saved_unchanged(admin_client, brand, rule).params == before
    form = opened(admin_client, brand, rule)
    assert (form["counted"].value(), form["count_word"].value(), form["most"].value()) == (
        "word", "free", 2)
    tags = saved(admin_client, brand, name="Tags", kind="occurrence", counted="hashtags",
                 least="1")
    assert tags.params == {"token": r"(?<![\w#])#\w+", "min": 1}
    assert finds(tags, "No tag here") == ["No tag here"]  # too few: the whole post
    assert finds(tags, "One #tag") == []
    before = tags.params
    assert saved_unchanged(admin_client, brand, tags).params == before


@pytest.mark.parametrize(("fields", "field", "error"), [
    ({"counted": "word", "count_word": "", "most": "2"}, "count_word",
     "Write the word or phrase to count."),
    ({"counted": "hashtags"}, "most", "Say how many at least, at most, or both."),
    ({"counted": "hashtags", "most": "0"}, "most",
     "Give at least 1. To refuse it altogether, make it a rule of words and patterns to "
     "avoid."),
    ({"counted": "hashtags", "least": "3", "most": "2"}, "least",
     "“At least” cannot be more than “At most”."),
    ({"counted": "", "most": "2"}, "counted", "Choose what to count."),
])
def test_an_occurrence_rule_that_says_too_little_is_refused_in_words(admin_client, brand,
                                                                    fields, field, error):
    response = new_rule(admin_client, brand, kind="occurrence", **fields)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [error]
    assert not Rule.objects.exists()


def test_a_count_can_be_of_a_word_too(admin_client, brand):
    rule = saved(admin_client, brand, kind="max_count", counted="word", count_word="e.g.",
                 most="0")
    assert rule.params == {"pattern": r"\be\.g\.", "max": 0, "ignorecase": True}
    assert finds(rule, "E.g. this, exg not.") == ["E.g."]


def test_repeated_words_need_nothing_but_may_allow_some(admin_client, brand):
    page = admin_client.get(reverse("brands:rule_new", args=[brand.slug])).context["form"]
    assert page["any_case"].value() is True
    assert page["repeat_exceptions"].value() == "nous\nvous"
    rule = saved(admin_client, brand, kind="repetition", any_case="on",
                 repeat_exceptions="nous\nvous")
    assert rule.params["alpha"] is True and rule.params["ignorecase"] is True
    text = "The the shop. Nous nous levons. Très, très bien ! le le 🔥 🔥 2 2"
    assert finds(rule, text) == ["The the", "le le"]
    before = rule.params
    assert saved_unchanged(admin_client, brand, rule).params == before
    strict = saved(admin_client, brand, name="Strict", kind="repetition", repeat_exceptions="")
    assert strict.params == {"tokens": [r"\w+|[^\w\s]+"], "alpha": True, "ignorecase": False}
    assert finds(strict, "The the, nous nous") == ["nous nous"]
    assert opened(admin_client, brand, strict)["any_case"].value() is False


def test_consistent_spellings_are_a_table_of_pairs(admin_client, brand):
    rule = saved(admin_client, brand, kind="consistency", either_0="e-mail",
                 or_0="courriel", either_1="", or_1="", either_2="C++", or_2="CPP")
    assert rule.params == {"either": {r"\be\-mail\b": r"\bcourriel\b", r"\bC\+\+": r"\bCPP\b"},
                           "nonword": True, "ignorecase": True}
    assert finds(rule, "Par E-mail. Notre courriel : a@b.ca. C++ et cpp.") == [
        "courriel", "cpp"]
    form = opened(admin_client, brand, rule)
    assert [(a.value(), b.value()) for a, b in form.either_pairs][:2] == [
        ("C++", "CPP"), ("e-mail", "courriel")]  # in alphabetical order, on any database
    before = rule.params
    assert saved_unchanged(admin_client, brand, rule).params == before
    plain = saved(admin_client, brand, name="Plain", kind="consistency", either_0="email",
                  or_0="e-mail")
    assert plain.params == {"either": {"email": "e-mail"}, "ignorecase": True}
    assert finds(plain, "Email us. Our e-mail is open.") == ["e-mail"]
    half = new_rule(admin_client, brand, name="Half", kind="consistency", either_0="email")
    assert half.context["form"].errors["or_0"] == ["Fill in both sides of the row, or neither."]
    same = new_rule(admin_client, brand, name="Same", kind="consistency", either_0="Email",
                    or_0="email")
    assert same.context["form"].errors["or_0"] == ["Write two different spellings."]
    empty = new_rule(admin_client, brand, name="Empty", kind="consistency")
    assert empty.context["form"].errors["either_0"] == ["Give at least one pair."]


def test_abbreviations_must_be_spelled_out_first(admin_client, brand):
    rule = saved(admin_client, brand, kind="conditional", abbreviations="", known="NASA")
    assert rule.params["exceptions"] == ["NASA"]
    assert finds(rule, "The WHO says so. NASA too.") == ["WHO"]
    assert finds(rule, "The World Health Organization (WHO) says so. The WHO agrees.") == []
    assert finds(rule, "Le CRC répond.\n\nNotre Centre de relation client (CRC) aussi.") == [
        "CRC"]
    before = rule.params
    assert saved_unchanged(admin_client, brand, rule).params == before
    listed = saved(admin_client, brand, name="Listed", kind="conditional",
                   abbreviations="OMS\nÉTS")
    assert finds(listed, "L’OMS et l’ÉTS le disent, la SAQ aussi.") == ["OMS", "ÉTS"]
    assert finds(listed, "L’Organisation mondiale de la Santé (OMS) le dit. L’OMS.") == []
    form = opened(admin_client, brand, listed)
    assert form["abbreviations"].value() == "OMS\nÉTS" and form["advanced"].value() is False
    before = listed.params
    assert saved_unchanged(admin_client, brand, listed).params == before


def test_capitalization_is_a_style_with_its_exceptions(admin_client, brand):
    rule = saved(admin_client, brand, kind="capitalization", cap_style="$title",
                 cap_scope="heading", keep_capitals="iPhone")
    assert rule.params == {"match": "$title", "exceptions": ["iPhone"]}
    assert finds(rule, "Great news from the team today") == ["Great news from the team today"]
    assert finds(rule, "Great News for iPhone Users") == []
    before = rule.params
    assert saved_unchanged(admin_client, brand, rule).params == before
    every = saved(admin_client, brand, name="Every", kind="capitalization",
                  cap_style="$sentence", cap_scope="sentence")
    assert every.params == {"match": "$sentence", "scope": "sentence"}
    assert finds(every, "All good. but not this.") == ["but not this."]
    missing = new_rule(admin_client, brand, name="Missing", kind="capitalization",
                       cap_style="")
    assert missing.context["form"].errors["cap_style"] == ["Choose a style."]


@pytest.mark.parametrize(("kind", "params"), [
    ("existence", {"tokens": [r"\d+ ?%"]}),
    ("existence", {"tokens": ["very"]}),  # case-sensitive: not what the words say
    ("occurrence", {"token": r"\?", "max": 1}),
    ("repetition", {"tokens": [r"[^\s]+"], "alpha": True}),
    ("consistency", {"either": {"e-?mail": "courriel"}, "ignorecase": True}),
    ("conditional", {"first": r"\b([A-Z]{3,5})\b", "second": r"\(([A-Z]{3,5})\)"}),
    ("capitalization", {"match": "[A-Z].*"}),
])
def test_a_rule_the_words_cannot_say_opens_under_advanced(admin_client, brand, kind, params):
    rule = Rule.objects.create(rule_set=brand.ruleset, name="Regex", kind=kind, params=params,
                               message_en="Not “%s”.", message_fr="Pas « %s ».")
    form = opened(admin_client, brand, rule)
    assert form["advanced"].value() is True
    assert saved_unchanged(admin_client, brand, rule).params == params


def test_try_it_and_the_sample_messages_read_the_kinds_in_words(admin_client, brand):
    url = reverse("brands:rule_new", args=[brand.slug])
    response = admin_client.post(url, words(kind="existence", terms="C++", sample="c++ e C+",
                                            **{"try": "1"}))
    assert [f.matched for f in response.context["trial"].findings] == ["c++"]
    response = admin_client.post(url, words(kind="consistency", either_0="email",
                                            or_0="e-mail", sample="email, e-mail",
                                            **{"try": "1"}))
    assert [f.matched for f in response.context["trial"].findings] == ["e-mail"]
    samples = {
        "repetition": ({}, "“the” is not our tone.", "«\u00a0le\u00a0» n’est pas notre ton."),
        "occurrence": ({"counted": "hashtags", "most": "2"}, "“3” is not our tone.", None),
        "consistency": ({"either_0": "email", "or_0": "e-mail"}, "“e-mail” is not our tone.",
                        None),
        "conditional": ({}, "“WHO” is not our tone.", "«\u00a0OMS\u00a0» n’est pas notre ton."),
        "capitalization": ({"cap_style": "$title"}, "“Our new store opens today” is not our "
                           "tone.", None),
        "max_count": ({"counted": "hashtags", "most": "2"}, "“#promo” is not our tone.", None),
    }
    for kind, (fields, english, french) in samples.items():
        html = admin_client.post(url, words(kind=kind, preview="1", **fields),
                                 HTTP_HX_REQUEST="true").content.decode()
        assert english in html, kind
        assert french is None or french in html, kind


def test_a_rule_in_words_can_be_backtested(admin_client, brand,
                                           django_capture_on_commit_callbacks):
    from socialgov.posts.models import Backtest

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("posts:backtest_start", args=[brand.slug]),
                                     words(kind="consistency", either_0="email",
                                           or_0="e-mail"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert Backtest.objects.get().total == 0


def test_the_kinds_in_words_read_in_french(admin_client, brand):
    admin_client.cookies["django_language"] = "fr"
    page = admin_client.get(reverse("brands:rule_new", args=[brand.slug])).content.decode()
    for label in ("Une graphie", "Sigles", "Mots qui peuvent être doublés",
                  "Au moins", "Un mot ou une expression"):
        assert label in page


def test_every_example_under_advanced_is_one_the_engine_takes():
    from socialgov.brands.forms import PARAMS_EXAMPLES
    from socialgov.brands.models import RuleKind
    from socialgov.checks.engine import RuleSpec, compile

    assert set(PARAMS_EXAMPLES) == set(RuleKind)
    compile([RuleSpec(id=str(kind), kind=str(kind), params=params)
             for kind, params in PARAMS_EXAMPLES.items()])
