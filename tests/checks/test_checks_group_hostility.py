"""Hatred or contempt stated about a group, in English and French, read by the shape of
the sentence; counter-speech and kind or neutral mentions pass."""

import pytest

from socialgov.checks.base import PostInput, RuleSpec
from socialgov.checks.checkers import default_checker
from socialgov.checks.engine import RuleError, compile

FLAGGING = ("warning", "error")


@pytest.fixture(scope="module")
def checker():
    return default_checker()


def hostile(checker, text, language):
    findings = checker.check(PostInput(text=text, language=language)).findings
    return {(f.severity, f.matched) for f in findings
            if f.rule_id == f"core-{language}/group-hostility"}


def flagged(checker, text, language):
    findings = checker.check(PostInput(text=text, language=language)).findings
    return sorted({f.rule_id for f in findings if f.severity in FLAGGING})


@pytest.mark.parametrize(("text", "matched"), [
    ("Honestly, I hate trans people.", "I hate trans people"),
    ("Disabled people are lesser beings.", "Disabled people are lesser beings"),
    ("All Mexicans are criminals", "All Mexicans are criminals"),
    ("Gay men make me sick", "Gay men make me sick"),
    ("Never trust a single one of those Jews", "Never trust a single one of those Jews"),
    ("Muslims belong in cages", "Muslims belong in cages"),
    ("We should deport all Somalis now", "deport all Somalis"),
    ("Kill all Black people", "Kill all Black people"),
])
def test_hatred_stated_about_a_group_is_an_error_in_english(checker, text, matched):
    assert ("error", matched) in hostile(checker, text, "en")


@pytest.mark.parametrize(("text", "matched"), [
    ("Je déteste les Arabes.", "Je déteste les Arabes"),
    ("Les personnes trans sont des êtres inférieurs.",
     "Les personnes trans sont des êtres inférieurs"),
    ("Il faut expulser tous les réfugiés", "Il faut expulser tous les réfugiés"),
    ("Les gais me dégoûtent", "Les gais me dégoûtent"),
    ("Mort aux juifs", "Mort aux juifs"),
    ("les musulmans sont tous des terroristes", "les musulmans sont tous des terroristes"),
])
def test_hatred_stated_about_a_group_is_an_error_in_french(checker, text, matched):
    assert ("error", matched) in hostile(checker, text, "fr")


@pytest.mark.parametrize(("text", "language"), [
    ("Saying that refugees are vermin is hateful.", "en"),
    ("I can't believe people still say Muslims are animals.", "en"),
    ("Stop saying women are stupid.", "en"),
    ("Dire que les femmes sont inférieures, c'est sexiste.", "fr"),
    ("Arrêtez de dire que les immigrants sont des criminels.", "fr"),
])
def test_counter_speech_is_not_hostile(checker, text, language):
    assert flagged(checker, text, language) == []


@pytest.mark.parametrize(("text", "language"), [
    ("I love Muslims and their Eid sweets.", "en"),
    ("We stand with immigrants.", "en"),
    ("Gay people are welcome here, as everyone is.", "en"),
    ("Women are not lesser beings, and never were.", "en"),
    ("Nous sommes solidaires avec les réfugiés.", "fr"),
    ("Les musulmans méritent le respect.", "fr"),
    ("Les immigrants ont bâti notre communauté.", "fr"),
])
def test_kind_or_neutral_mentions_of_a_group_pass(checker, text, language):
    assert flagged(checker, text, language) == []


def test_a_french_sentence_about_a_group_in_a_clearly_negative_tone_is_a_warning(checker):
    found = hostile(checker, "Les migrants encore, quelle honte, quel dégoût et quelle horreur",
                    "fr")
    assert {severity for severity, _ in found} == {"warning"}


def test_the_language_param_is_required():
    rule = RuleSpec(id="x", kind="group_hostility", severity="error", params={})
    with pytest.raises(RuleError, match="language"):
        compile([rule])
