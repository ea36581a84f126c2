"""Context rules: sensitive dates weighed by content, watch words in other forms,
shouting without "!!!" but not enthusiasm, the brand's "tu" or "vous"."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from socialgov.checks.engine import PostInput, RuleSpec, compile

MONTREAL = ZoneInfo("America/Montreal")
NOV_11 = datetime(2026, 11, 11, 10, 0, tzinfo=MONTREAL)
ORDINARY_DAY = datetime(2026, 11, 12, 10, 0, tzinfo=MONTREAL)


def run(rule, text, **post):
    return compile([rule]).check(PostInput(text=text, **post)).findings


def calendar(**params):
    return RuleSpec(id="cal", kind="calendar", params=params, severity="warning")


@pytest.mark.parametrize(("text", "language"), [
    ("We remember. Then grab a pumpkin latte, it is to die for 😂", "en"),
    ("Lest we forget, lol. Our new menu drops today", "en"),
    ("Nous nous souvenons… et on vous attend pour le 5 à 7, mdr", "fr"),
    ("Une pensée pour nos vétérans 🤣", "fr"),
])
def test_humour_on_a_day_of_remembrance_is_an_error_whatever_the_objective(text, language):
    (finding,) = run(calendar(), text, planned_at=NOV_11, objective="engage", language=language)
    assert finding.severity == "error"
    assert finding.matched  # points at the joke
    assert "Remembrance Day" in finding.message["en"]
    assert "Jour du Souvenir" in finding.message["fr"]


@pytest.mark.parametrize(("text", "objective"), [
    ("Our fall collection is here 🎉", "engage"),
    ("Nouveautés en magasin", "sell"),
    ("Code promo AUTOMNE sur tout le site", "inform"),
])
def test_promotion_or_festive_emoji_on_that_day_is_a_warning(text, objective):
    (finding,) = run(calendar(), text, planned_at=NOV_11, objective=objective)
    assert finding.severity == "warning"


@pytest.mark.parametrize("text", [
    "Lest we forget. Today we pause to remember those who served 🇨🇦",
    "Nous nous souvenons de celles et ceux qui ont servi 🕊️",
])
def test_a_respectful_post_on_that_day_is_information_only(text):
    (finding,) = run(calendar(), text, planned_at=NOV_11, objective="inform")
    assert finding.severity == "info"


def test_the_same_joke_on_an_ordinary_day_is_not_a_calendar_finding():
    assert run(calendar(), "Our latte is to die for 😂", planned_at=ORDINARY_DAY) == []


WATCH = RuleSpec(id="w", kind="watch", params={})


def watched(text, *words):
    return [f.matched for f in run(WATCH, text, watch=words)]


@pytest.mark.parametrize(("text", "word", "matched"), [
    ("Stay safe during the #Flood tonight", "flood", "Flood"),
    ("Streets flooded downtown", "flood", "flooded"),
    ("Our floodsale starts now", "flood", "floodsale"),
    ("Check the #BigFlood deals", "flood", "Flood"),
    ("Two fires downtown", "fire", "fires"),
    ("Les inondations continuent", "inondation", "inondations"),
    ("Soldes #InondationsSpéciales", "inondation", "InondationsSpéciales"),
    ("Trois personnes blessées", "blessé", "blessées"),
    ("Les feux de forêt", "feu", "feux"),
])
def test_watch_words_match_hashtags_inflections_and_run_together_forms(text, word, matched):
    assert watched(text, word) == [matched]


@pytest.mark.parametrize(("text", "word"), [
    ("A real brainstorm today", "storm"),
    ("Nos pompiers sont là", "feu"),
    ("Une fête réussie", "feu"),
])
def test_watch_words_do_not_match_unrelated_words(text, word):
    assert watched(text, word) == []


SHOUTING = RuleSpec(id="s", kind="shouting", params={"min_words": 4}, severity="warning")


@pytest.mark.parametrize("text", ["WE ARE OPEN TODAY", "NOUS SOMMES FERMÉS DEMAIN",
                                  "Big news. OUR STORE IS CLOSED FOR GOOD, see you online"])
def test_all_caps_shouting_without_exclamation_marks(text):
    assert [f.severity for f in run(SHOUTING, text)] == ["warning"]


@pytest.mark.parametrize("text", ["YAY!!! Another good interview!!!",
                                  "Bravo!!! Quelle belle soirée!!!"])
def test_enthusiasm_is_not_shouting(text):
    assert {f.severity for f in run(SHOUTING, text)} == {"info"}


def test_exclamation_runs_with_shouting_capitals_are_warnings():
    found = run(SHOUTING, "STOP CALLING OUR STORE!!!")
    assert {f.severity for f in found} == {"warning"} and len(found) == 2


@pytest.mark.parametrize("text", ["Le rapport de la SAAQ et du CLSC est sorti",
                                  "Our new FAQ and PDF guide for the NHL season is out"])
def test_acronyms_are_not_shouting(text):
    assert run(SHOUTING, text) == []


def formality(address):
    return RuleSpec(id="f", kind="formality", params={"address": address}, severity="warning")


def test_tutoiement_where_the_brand_says_vous_is_a_warning_on_the_word():
    (finding,) = run(formality("vous"), "Viens essayer notre nouveau café, tu vas adorer.",
                     language="fr")
    assert (finding.severity, finding.matched) == ("warning", "tu")
    assert run(formality("vous"), "Venez essayer notre café, vous allez adorer.",
               language="fr") == []
    assert run(formality("vous"), "Come and try it, you will love it.", language="en") == []


def test_vouvoiement_where_the_brand_says_tu_is_a_warning_on_the_word():
    (finding,) = run(formality("tu"), "Venez essayer notre café, vous allez adorer.",
                     language="fr")
    assert finding.matched == "vous"
    assert run(formality("tu"), "Viens essayer notre café, tu vas adorer.", language="fr") == []
