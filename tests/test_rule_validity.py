"""One definition of a valid rule, applied alike by the rule form, the rules file
(YAML and Vale imports), restores of the history and the demo seed: whatever can be saved
can be exported, imported again and restored; no input makes a 500; every refusal names
the rule and reads in the reader's language."""

import io
import json

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from socialgov.brands import history, rules_file, voice
from socialgov.brands.forms import RuleForm
from socialgov.brands.models import Brand, Rule, RuleKind, SensitiveDate
from socialgov.checks.base import NETWORKS, RuleError, RuleSpec
from socialgov.checks.engine import compile as compile_rules

RULE_FIELDS = ("name", "kind", "params", "severity", "enabled", "message_en", "message_fr",
               "suggestion_en", "suggestion_fr", "guideline__title")


@pytest.fixture
def admin_client(client, brand_admin):
    client.force_login(brand_admin)
    return client


def rows(brand):
    return list(Rule.objects.filter(rule_set__brand=brand).order_by("name").values(*RULE_FIELDS))


def words(**fields):
    return {
        "editor": "words", "name": "Off-brand", "kind": "banned_terms", "severity": "warning",
        "enabled": "on", "message_en": "“{match}” is not our tone.",
        "message_fr": "« {match} » n’est pas notre ton.", "suggestion_en": "",
        "suggestion_fr": "", "guideline": "", "params": "", "terms": "cheap", **fields,
    }


def new_rule(client, brand, **fields):
    return client.post(reverse("brands:rule_new", args=[brand.slug]), words(**fields))


def advanced(client, brand, params, **fields):
    return new_rule(client, brand, advanced="on", params=params, **fields)


def said(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def rule_file(params, name="A", kind="banned_terms"):
    return (f"version: 1\nrules:\n  - name: {name}\n    kind: {kind}\n    message: m\n"
            f"    params: {params}\n")


def upload(client, brand, content, name="rules.yaml", mode="add"):
    return client.post(reverse("brands:rules_import", args=[brand.slug]), {
        "file": SimpleUploadedFile(name, content), "mode": mode})


def confirm_import(client, brand, preview):
    confirm = preview.context["confirm"]
    return client.post(reverse("brands:rules_import", args=[brand.slug]), {
        **{name: confirm[name].value() for name in ("rules_yaml", "mode", "source")},
        "confirm": "1"})


# -- 1. what can be saved can be exported, imported again and restored ---------------


def test_a_seeded_demo_brand_round_trips_through_export_import_and_restore(
    client, django_user_model, django_capture_on_commit_callbacks
):
    call_command("seed_demo", stdout=io.StringIO())
    brand = Brand.objects.get(slug="demo")
    client.force_login(django_user_model.objects.get(username="admin"))
    seeded = rows(brand)
    assert any(row["message_en"] == "" for row in seeded)  # "Fits every network"

    exported = client.get(reverse("brands:rules_export", args=[brand.slug])).content
    preview = upload(client, brand, exported, mode="replace")
    assert preview.context["problems"] == []
    assert confirm_import(client, brand, preview).status_code == 302
    assert rows(brand) == seeded

    before = brand.rule_versions.first()
    hashtags = Rule.objects.get(rule_set__brand=brand, name="At most two hashtags")
    client.post(reverse("brands:rule_delete", args=[brand.slug, hashtags.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("brands:history_restore",
                                       args=[brand.slug, before.number]))
    assert not any("cannot be restored" in message for message in said(response))
    assert rows(brand) == seeded


def test_the_demo_seed_holds_only_rules_the_form_would_accept(db):
    call_command("seed_demo", stdout=io.StringIO())
    brand = Brand.objects.get(slug="demo")
    for rule in Rule.objects.filter(rule_set__brand=brand):
        form = RuleForm(form_data(rule), brand=brand,
                        instance=Rule.objects.get(pk=rule.pk))
        assert form.is_valid(), (rule.name, form.errors)


def form_data(rule):
    return {
        "name": rule.name, "kind": rule.kind, "severity": rule.severity,
        "enabled": "on" if rule.enabled else "", "message_en": rule.message_en,
        "message_fr": rule.message_fr, "suggestion_en": rule.suggestion_en,
        "suggestion_fr": rule.suggestion_fr, "guideline": rule.guideline_id or "",
        "advanced": "on", "params": json.dumps(rule.params), "editor": "words",
    }


def test_a_rule_without_messages_says_the_default_message_of_its_kind(admin_client, brand):
    page = admin_client.get(reverse("brands:rule_new", args=[brand.slug]))
    form = page.context["form"]
    assert not form.fields["message_en"].required
    assert not form.fields["message_fr"].required
    assert "Leave it empty for the default message of this kind of rule" in str(
        form.fields["message_en"].help_text)
    response = new_rule(admin_client, brand, message_en="", message_fr="")
    assert response.status_code == 302
    rule = Rule.objects.get(rule_set__brand=brand)
    assert (rule.message_en, rule.message_fr) == ("", "")
    from socialgov.checks.base import PostInput

    (finding,) = compile_rules([rule.as_spec()]).check(PostInput(text="so cheap")).findings
    assert finding.message["en"] and finding.message["fr"]
    # The file and a restore read it the same way.
    found = rules_file.read_yaml(rules_file.export_brand(brand), set())
    assert found.problems == []
    assert (found.rules[0].message_en, found.rules[0].message_fr) == ("", "")


def test_a_second_rule_of_the_same_name_is_refused_by_the_form(admin_client, brand,
                                                                banned_rule):
    response = new_rule(admin_client, brand, name=" No insults ")
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "The brand already has a rule named “No insults”: give this one another name."]
    # A rule keeps its own name when edited.
    edit = admin_client.post(reverse("brands:rule_edit", args=[brand.slug, banned_rule.pk]),
                             words(name="No insults", terms="dumb\nidiot\nmoron"))
    assert edit.status_code == 302


@pytest.mark.parametrize(("params", "character"), [
    ('{"terms": ["a\\u0000b"]}', "U+0000"),
    ('{"terms": ["a\\u0007"]}', "U+0007"),
    ('{"terms": ["a"], "note\\u001b": 1}', "U+001B"),
    ('{"terms": ["\\ud800"]}', "U+D800"),
])
def test_control_characters_in_the_json_are_refused_with_a_message(admin_client, brand,
                                                                    params, character):
    response = advanced(admin_client, brand, params)
    assert response.status_code == 200
    (error,) = response.context["form"].errors["params"]
    assert f"an invisible control character ({character})" in error
    assert not Rule.objects.exists()


def test_a_control_character_in_a_name_or_message_is_refused(admin_client, brand):
    response = new_rule(admin_client, brand, name="Bell\x07", message_en="a\x1bb")
    errors = response.context["form"].errors
    assert "an invisible control character (U+0007)" in errors["name"][0]
    assert "an invisible control character (U+001B)" in errors["message_en"][0]


def test_import_and_restore_name_the_rule_they_refuse(brand, brand_admin):
    found = rules_file.read_yaml(rule_file("{terms: [a], note: \"\\a\"}", name="Bell"), set())
    assert [(p.line, p.message) for p in found.problems] == [
        (3, "Rule “Bell”: The parameters hold an invisible control character (U+0007), "
            "which cannot be saved: remove it.")]
    # A version saved before the rules were checked so (a raw write): its restore says which.
    Rule.objects.create(rule_set=brand.ruleset, name="Old", kind="banned_terms",
                        params={"terms": ["a\x07"]}, message_en="m", message_fr="m")
    version = brand.rule_versions.first()
    Rule.objects.get(name="Old").delete()
    with pytest.raises(history.RestoreError) as refused:
        history.restore(brand_admin, brand, version)
    assert str(refused.value).startswith("Rule “Old”: ")


# Any rule the form accepts comes back the same from the file and from the history.

# Texts of any characters, with those that trouble YAML, JSON or a database more often.
_TEXT = st.lists(st.characters() | st.sampled_from(
    ["\x00", "\x07", "\x1b", "\t", "\n", "\r", "\u2028", "\x85", "\ufeff", "\ud800", "{match}",
     "%s", ":", "#", "- ", "'", '"', "yes", "null", "~", "&a", "*a", "!!python/object", " "]),
    max_size=8).map("".join)
# Mostly texts a rule can hold, for the form to accept most rules.
_WORDS = st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=12) | _TEXT
_SCALAR = (st.none() | st.booleans() | st.integers(min_value=-(10 ** 20), max_value=10 ** 20)
           | st.floats() | _TEXT)
_JSON = st.recursive(_SCALAR, lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(_TEXT, inner, max_size=3), max_leaves=8)
_PARAMS = st.one_of(
    st.fixed_dictionaries({"terms": st.lists(_WORDS, min_size=1, max_size=3)},
                          optional={"exceptions": st.lists(_WORDS, max_size=2), "x": _JSON})
    .map(lambda p: ("banned_terms", p)),
    st.fixed_dictionaries({"swap": st.dictionaries(_WORDS, _WORDS, min_size=1, max_size=3)})
    .map(lambda p: ("substitution", p)),
    st.fixed_dictionaries({"pattern": st.sampled_from(["#\\w+", "(", "a+", "(a+)+$", ""]),
                           "max": _SCALAR})
    .map(lambda p: ("max_count", p)),
    st.fixed_dictionaries({"limits": st.dictionaries(st.sampled_from(NETWORKS), _SCALAR,
                                                     max_size=3)})
    .map(lambda p: ("max_length", p)),
    st.tuples(st.sampled_from(RuleKind.values), _JSON),
)


class _Rollback(Exception):
    pass


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=_WORDS, message=_WORDS | _TEXT, suggestion=_TEXT, kind_params=_PARAMS)
def test_any_rule_the_form_accepts_round_trips_through_the_file_and_the_history(
    brand, brand_admin, name, message, suggestion, kind_params
):
    kind, params = kind_params
    data = {"name": name, "kind": kind, "severity": "warning", "enabled": "on",
            "message_en": message, "message_fr": message, "suggestion_en": suggestion,
            "suggestion_fr": "", "guideline": "", "advanced": "on", "editor": "words",
            "params": json.dumps(params, ensure_ascii=False)}
    try:
        with transaction.atomic():
            form = RuleForm(data, brand=brand, instance=Rule(rule_set=brand.ruleset))
            event(f"accepted: {form.is_valid()}")
            if form.is_valid():
                form.save()
                saved = rows(brand)
                found = rules_file.read_yaml(rules_file.export_brand(brand), set())
                assert found.problems == []
                voice.import_rules(None, brand, found.rules, voice.REPLACE)
                assert rows(brand) == saved
                version = brand.rule_versions.first()
                Rule.objects.filter(rule_set__brand=brand).delete()
                history.restore(brand_admin, brand, version)
                assert rows(brand) == saved
            raise _Rollback
    except _Rollback:
        pass


# -- 2. no input makes a 500 ----------------------------------------------------------


@pytest.mark.parametrize(("params", "shows"), [
    ('{"terms": ["a"], "max": 1e400}', "1e400"),
    ('{"terms": ["a"], "max": -1e400}', "-1e400"),
    ('{"terms": ["a"], "max": NaN}', "NaN"),
    ('{"terms": ["a"], "max": Infinity}', "Infinity"),
    ('{"terms": ["a"], "max": [-Infinity]}', "-Infinity"),
])
def test_numbers_that_are_not_finite_are_refused_by_the_form(admin_client, brand, params,
                                                             shows):
    response = advanced(admin_client, brand, params)
    assert response.status_code == 200
    assert response.context["form"].errors["params"] == [
        f"The parameters hold a number that cannot be saved ({shows}): give an ordinary "
        "number."]


def test_a_number_too_large_is_refused_by_the_form(admin_client, brand):
    for number in ("9" * 5000, str(2 ** 60)):
        response = advanced(admin_client, brand, '{"terms": ["a"], "max": ' + number + "}")
        assert response.status_code == 200
        (error,) = response.context["form"].errors["params"]
        assert "a number too large" in error


@pytest.mark.parametrize("params", ["[" * 5000, '{"a": ' * 5000, '{"a": ' + "[" * 40 + "]" * 40
                                    + "}"])
def test_json_nested_too_deeply_is_refused_by_the_form(admin_client, brand, params):
    response = advanced(admin_client, brand, params)
    assert response.status_code == 200
    (error,) = response.context["form"].errors["params"]
    assert "nested too deeply" in error


@pytest.mark.parametrize(("value", "says"), [
    (".inf", "a number that cannot be saved (.inf)"),
    ("-.inf", "a number that cannot be saved (-.inf)"),
    (".nan", "a number that cannot be saved (.nan)"),
    ("9" * 5000, "a number too large"),
    ("[" * 30 + "]" * 30, "nested too deeply"),
])
def test_a_file_with_a_number_or_a_depth_that_cannot_be_saved_is_refused_with_its_line(
    value, says
):
    found = rules_file.read_yaml(rule_file("{terms: [a], max: " + value + "}"), set())
    assert found.rules == []
    assert [p.line for p in found.problems] == [3]
    assert found.problems[0].message.startswith("Rule “A”: ")
    assert says in found.problems[0].message


@pytest.mark.parametrize("text", [
    "version: 1\nrules: " + "[" * 5000 + "]" * 5000 + "\n",
    rule_file("{terms: [a], x: " + "[" * 5000 + "]" * 5000 + "}"),
])
def test_a_file_nested_too_deeply_for_the_parser_is_refused_with_its_line(db, text):
    found = rules_file.read_yaml(text, set())
    assert found.rules == []
    ((line, message),) = [(p.line, p.message) for p in found.problems]
    assert line in (2, 6)
    assert message.startswith("This is not valid YAML (column 10")
    assert message.endswith("): lists and keys are nested too deeply inside one another.")


@pytest.mark.parametrize(("field", "value"), [
    ("year", "99999999999999"), ("year", "1"), ("month", "99999999999999"), ("month", "13"),
    ("day", "99999999999999"), ("day", "0"),
])
def test_a_calendar_date_out_of_bounds_is_refused_with_a_message(admin_client, brand, field,
                                                                 value):
    data = {"month": "6", "day": "24", "year": "", "name_en": "Fête nationale",
            "name_fr": "Fête nationale", field: value}
    count = SensitiveDate.objects.filter(brand=brand).count()
    response = admin_client.post(reverse("brands:calendar", args=[brand.slug]), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [{
        "year": "Give a year from 2000 to 2199, or none for every year.",
        "month": "Give a month from 1 to 12.", "day": "Give a day from 1 to 31."}[field]]
    assert SensitiveDate.objects.filter(brand=brand).count() == count


@pytest.mark.parametrize("hours", ["²", "9" * 99, "٣"])
def test_reminder_hours_that_are_not_plain_numbers_are_refused(admin_client, brand, hours):
    from socialgov.brands.forms import BrandSettingsForm

    form = BrandSettingsForm({"reminder_hours": hours}, instance=brand)
    assert not form.is_valid()
    assert "is not a whole number of hours between 1 and 336" in form.errors[
        "reminder_hours"][0]


@pytest.mark.parametrize("row", ["²", "9" * 12])
def test_a_row_number_that_is_not_plain_is_ignored(admin_client, brand, row):
    response = new_rule(admin_client, brand, kind="substitution", terms="",
                        swap_from_0="utilize", swap_to_0="use",
                        **{f"swap_from_{row}": "x", f"swap_to_{row}": "y"})
    assert response.status_code == 302
    assert Rule.objects.get().params == {"swap": {"utilize": "use"}}


# -- 3. patterns are timed wherever a rule comes in -------------------------------------

SLOW = "{tokens: ['(a+)+$'], nonword: true}"


def test_an_import_times_the_patterns_as_the_form_does(db):
    found = rules_file.read_yaml(rule_file(SLOW, name="Slow", kind="existence"), set())
    assert found.rules == []
    ((line, message),) = [(p.line, p.message) for p in found.problems]
    assert line == 3
    assert message.startswith("Rule “Slow”: A pattern of this rule takes more than 200 ms")


def test_a_vale_rule_whose_pattern_is_slow_is_left_out_and_says_why(db):
    from tests.test_rules_file import zipped

    found = rules_file.read_vale_zip(zipped({
        "house/Slow.yml": "extends: existence\nmessage: '%s'\nnonword: true\n"
                          "tokens:\n  - '(a+)+$'\n"}), "house.zip")
    assert found.rules == []
    assert any(skipped.startswith("house/Slow.yml: A pattern of this rule takes more than")
               for skipped in found.skipped), found.skipped


def test_a_restore_times_the_patterns_and_names_the_rule(brand, brand_admin):
    Rule.objects.create(rule_set=brand.ruleset, name="Slow", kind="existence",
                        params={"tokens": ["(a+)+$"], "nonword": True},
                        message_en="m", message_fr="m")
    version = brand.rule_versions.first()
    Rule.objects.get(name="Slow").delete()
    with pytest.raises(history.RestoreError) as refused:
        history.restore(brand_admin, brand, version)
    assert str(refused.value).startswith("Rule “Slow”: A pattern of this rule takes more")
    assert not Rule.objects.filter(rule_set__brand=brand).exists()


# -- 4. parser and engine errors in the reader's language -------------------------------


def french(response):
    return response.context["form"].errors["params"][0]


@pytest.fixture
def french_client(admin_client):
    admin_client.cookies["django_language"] = "fr"
    return admin_client


@pytest.mark.parametrize(("params", "says"), [
    ('{"terms": ["a"], }', "Ce JSON n’est pas valide (ligne 1, colonne 18\u00a0: "),
    ('{"terms": ["a"] "x": 1}', "il manque une virgule"),
    ('{terms: 1}', "nom de clé entre guillemets"),
    ('{"terms": ["a]}', "texte entre guillemets n’est pas fermé"),
    ('{"terms": ["a"]} x', "après la fin"),
    ('{"terms": ["\\x"]}', "barre oblique inverse"),
])
def test_json_errors_read_in_french(french_client, brand, params, says):
    error = french(advanced(french_client, brand, params))
    assert says in error
    assert "Expecting" not in error and "Unterminated" not in error and "Extra" not in error


def test_a_calendar_year_out_of_bounds_is_refused_in_french(french_client, brand):
    data = {"month": "6", "day": "24", "year": "99999999999999", "name_en": "Fête nationale",
            "name_fr": "Fête nationale"}
    response = french_client.post(reverse("brands:calendar", args=[brand.slug]), data)
    assert response.context["form"].errors["year"] == [
        "Indiquez une année de 2000 à 2199, ou aucune pour chaque année."]


def test_an_unknown_json_error_still_gives_its_place_in_french():
    from socialgov.lib.parse_errors import json_problem

    error = json.JSONDecodeError("Something new", '{\n "a": 1}', 6)
    with translation.override("fr"):
        assert json_problem(error) == "Ce JSON n’est pas valide (ligne 2, colonne 5)."


@pytest.mark.parametrize(("text", "says"), [
    ("version: 1\nrules:\n  - name: a: b\n", "deux-points"),
    ("version: 1\nrules:\n  - name: [a\n", "Ce n’est pas du YAML valide"),
    ("version: 1\nrules:\n  - name: x\n\tkind: y\n", "tabulation"),
    ("version: 1\nrules:\n  - !!python/object/apply:os.system [echo]\n", "étiquette"),
])
def test_yaml_errors_read_in_french(db, text, says):
    with translation.override("fr"):
        found = rules_file.read_yaml(text, set())
    message = found.problems[0].message
    assert says in message
    for english in ("mapping values", "found", "could not", "while", "expected"):
        assert english not in message


@pytest.mark.parametrize(("kind", "params", "says"), [
    ("existence", '{"raw": 5}', "Le paramètre «\u00a0raw\u00a0» doit être une liste de textes"),
    ("max_count", '{"pattern": "#(\\\\w+", "max": 2}',
     "«\u00a0#(\\w+\u00a0» n’est pas une expression régulière valide"),
    ("max_count", '{"pattern": "#\\\\w+", "max": -1}',
     "Le paramètre «\u00a0max\u00a0» doit être un nombre entier positif ou nul"),
    ("max_length", '{"limits": {"myspace": 3}}', "«\u00a0myspace\u00a0» n’est pas un réseau"),
    ("substitution", '{"swap": []}', "Le paramètre «\u00a0swap\u00a0»"),
])
def test_engine_errors_read_in_french(french_client, brand, kind, params, says):
    error = french(advanced(french_client, brand, params, kind=kind))
    assert says in error, error
    for english in ("param ", "must", "invalid", "missing", "unknown"):
        assert english not in error, error


def test_a_regular_expression_error_says_where_in_french(french_client, brand):
    error = french(advanced(french_client, brand,
                            '{"pattern": "(#\\\\w+ et (a|b)", "max": 2}', kind="max_count"))
    assert "il manque une parenthèse fermante (au caractère 15)" in error


# -- the engine says which error it is, for the pages to say it in their language -----


@pytest.mark.parametrize(("kind", "params", "code", "details"), [
    ("existence", {"raw": 5}, "list_of_strings", {"param": "raw"}),
    ("max_count", {"pattern": "#(\\w+", "max": 2}, "regex",
     {"pattern": "#(\\w+", "reason": "missing )", "position": 5}),
    ("max_count", {"pattern": "#\\w+", "max": -1}, "non_negative_int", {"param": "max"}),
    ("max_length", {"limits": {"myspace": 3}}, "unknown_network",
     {"param": "limits", "network": "myspace"}),
    ("teleport", {}, "unknown_kind", {"kind": "teleport"}),
])
def test_a_rule_error_carries_a_code_and_its_details(kind, params, code, details):
    with pytest.raises(RuleError) as refused:
        compile_rules([RuleSpec(id="r", kind=kind, params=params)])
    assert refused.value.code == code
    assert refused.value.details == details


def test_a_rule_that_cannot_be_switched_on_says_why_in_french(french_client, brand):
    rule = Rule.objects.create(rule_set=brand.ruleset, name="Old", kind="max_count",
                               params={"pattern": "#(", "max": 1}, enabled=False)
    response = french_client.post(reverse("brands:rule_toggle", args=[brand.slug, rule.pk]))
    (message,) = said(response)
    assert message == ("Impossible d’activer «\u00a0Old\u00a0»\u00a0: corrigez d’abord ses "
                       "paramètres. «\u00a0#(\u00a0» n’est pas une expression régulière "
                       "valide\u00a0: il manque une parenthèse fermante (au caractère 3).")
    rule.refresh_from_db()
    assert not rule.enabled


def test_a_file_whose_patterns_take_too_long_to_time_altogether_is_refused(monkeypatch):
    monkeypatch.setattr(rules_file, "TIMING_SECONDS", 0)
    found = rules_file.read_yaml(rule_file("{terms: [a]}"), set())
    assert found.rules == []
    assert [(p.line, p.message) for p in found.problems] == [
        (None, "The file's rules are too many to time their patterns: import it in parts.")]
