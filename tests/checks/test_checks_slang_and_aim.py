"""Slang insults, spelling variants of slurs, ordinary words aimed at people, and what
keeps ordinary speech out of the word lists: names (@handles and hashtags in capitals),
words that are only English on a French post, the garden tool, a negative reply that
does not speak to its reader."""

import pytest

from socialgov.checks.base import PostInput
from socialgov.checks.checkers import default_checker

FLAGGING = ("warning", "error")


@pytest.fixture(scope="module")
def checker():
    return default_checker()


def rules(checker, text, language="en"):
    findings = checker.check(PostInput(text=text, language=language)).findings
    return {f.rule_id for f in findings if f.severity in FLAGGING}


@pytest.mark.parametrize(("text", "rule_id"), [
    ("all these hoes want is attention", "core-en/profanity"),
    ("stop acting like a hoe", "core-en/profanity"),
    ("those guys are pussies", "core-en/profanity"),
    ("what up my niggah", "core-en/slurs"),
    ("fly nicca no parachute", "core-en/slurs"),
    ("The whole county is white trash.", "core-en/slurs"),
    ("ok whatever you say whitey", "core-en/slurs"),
    ("They all act like an uncle tom", "core-en/slurs"),
    ("Those queers at the bar again", "core-en/slurs"),
])
def test_slang_insults_and_slur_variants_are_caught(checker, text, rule_id):
    assert rule_id in rules(checker, text)


@pytest.mark.parametrize("text", [
    "@sam you're trash and so is your team",
    "never followed him, ignorant monkey",
    "I don't care tho, you cracker",
    "learn how to type ya dumb hillbilly",
    "Gotta love these rednecks",
])
def test_ordinary_words_aimed_at_people_are_insults(checker, text):
    assert "core-en/aimed-insults" in rules(checker, text)


@pytest.mark.parametrize("text", [
    "Cheese and crackers on the patio tonight.",
    "Take out the trash before the garbage truck comes Monday.",
    "Our guinea pig mascot is back at the monkey bars.",
    "Queer Eye's cast visits our store on Friday.",
    "Party animals welcome: the rooftop opens at 9.",
    "This album is trash, honestly.",
    "Sharpen your garden hoe before spring: our kit is back.",
    "I am one proud hillbilly from the hills of Kentucky.",
])
def test_the_same_words_not_aimed_at_anyone_pass(checker, text):
    assert rules(checker, text) == set()


@pytest.mark.parametrize("text", [
    "RT @hoes: have a nice day",
    "Thanks @shitpost_central for the shout-out!",
])
def test_a_handle_is_a_name_not_words(checker, text):
    assert rules(checker, text) == set()


def test_a_hashtag_is_still_read():
    checker = default_checker()
    assert "core-en/profanity" in rules(checker, "Monday again #shit")


def test_an_english_only_word_does_not_fire_on_a_french_post(checker):
    assert rules(checker, "Le programme ARSE de la région offre des ateliers.", "fr") == set()


def test_english_swears_on_a_french_post_are_caught(checker):
    assert "core-fr/english-swears" in rules(checker, "Ce show était fucking bon!", "fr")


@pytest.mark.parametrize(("text", "flagged"), [
    ("@lee ugh, Mondays", False),
    ("@lee Rain all weekend, sadly.", False),
    ("@joe That is not our problem. Your complaint is ridiculous.", True),
    ("@joe This is awful, horrible and disgusting; we hate it and it is the worst.", True),
])
def test_a_reply_without_the_customers_message_is_judged_by_whom_it_speaks_to(
    checker, text, flagged
):
    assert ("core/reply-tone" in rules(checker, text)) is flagged


@pytest.mark.parametrize(("text", "flagged"), [
    ("RT @DRUDGE_REPORT: Shy group protests the new ad", False),
    ("#HOLIDAYSEASONLIVE @SHOPNOW new drop at 9 a.m.", False),
    ("WE ARE OPEN TODAY AND EVERY DAY", True),
])
def test_handles_hashtags_and_links_are_not_shouting(checker, text, flagged):
    assert ("core/shouting" in rules(checker, text)) is flagged
