"""Hostile speech in English read by its shape: threats and violent wishes,
dehumanising comparisons, exclusionary calls (hashtags and text)."""

import pytest

from socialgov.checks.base import PostInput
from socialgov.checks.checkers import default_checker

HOSTILE = ("core-en/violent-wish", "core-en/dehumanising", "core-en/exclusion")


@pytest.fixture(scope="module")
def checker():
    return default_checker()


def hostile(checker, text):
    findings = checker.check(PostInput(text=text, language="en")).findings
    return {(f.rule_id, f.severity, f.matched) for f in findings if f.rule_id in HOSTILE}


@pytest.mark.parametrize(
    ("text", "rule_id", "matched"),
    [
        ("Say that again and I'm gonna stab you.", "core-en/violent-wish", "I'm gonna stab you"),
        ("Somebody should shoot them all.", "core-en/violent-wish", "should shoot them all"),
        ("We need to lynch those people", "core-en/violent-wish", "need to lynch those people"),
        ("I will snap their necks one by one", "core-en/violent-wish", "snap their necks"),
        ("I hope they get cancer.", "core-en/violent-wish", "hope they get cancer"),
        ("Honestly they deserve to be shot", "core-en/violent-wish", "they deserve to be shot"),
        ("Death to all the communists", "core-en/violent-wish", "Death to all the communists"),
        ("Refugees are nothing but vermin", "core-en/dehumanising", "Refugees are nothing but vermin"),  # noqa: E501
        ("They breed like rats over there", "core-en/dehumanising", "They breed like rats"),
        ("Get those cockroaches off our street", "core-en/dehumanising", "those cockroaches"),
        ("You people are garbage", "core-en/dehumanising", "You people are garbage"),
        ("Enough is enough #SendThemBack", "core-en/exclusion", "#SendThemBack"),
        ("#deportthemall today", "core-en/exclusion", "#deportthemall"),
        ("Vote! #Ban_Muslims", "core-en/exclusion", "#Ban_Muslims"),
        ("#RefugeesOut", "core-en/exclusion", "#RefugeesOut"),
        ("Go back where you came from.", "core-en/exclusion", "Go back where you came from"),
        ("Deport the immigrants now", "core-en/exclusion", "Deport the immigrants"),
    ],
)
def test_hostile_speech_is_an_error(checker, text, rule_id, matched):
    assert hostile(checker, text) == {(rule_id, "error", matched)}


@pytest.mark.parametrize(
    "text",
    [
        "This band is gonna kill it tonight!",
        "You're killing it, team.",
        "Our cake is to die for.",
        "Dying to try the new menu.",
        "We'll shoot a video tomorrow at the shop.",
        "We'll shoot you a message with the tracking number.",
        "Kill them with kindness, always.",
        "We'll hang them up in the lobby next week.",
        "Beat the heat with our lemonade.",
        "Let's hang out Saturday.",
        "Burn calories with us at spin class.",
        "My cat is an animal when the treats come out.",
        "Party animal all weekend long!",
        "Escape the rat race for a weekend.",
        "Garbage collection moves to Tuesday.",
        "No trash talk on the court, please.",
        "Monkey bread, fresh from the oven.",
        "Thank you monkey bread lovers!",
        "They treated us like animals at that hotel.",
        "Humans are animals too, says the museum.",
        "He's trash at bowling, to be fair.",
        "#BanPlastic #GoHomeSafe #SendLove",
        "We send them back to the factory for repair.",
        "Our immigrants' stories, told by their families.",
    ],
)
def test_everyday_wording_is_not_hostile(checker, text):
    assert hostile(checker, text) == set()


def test_findings_point_at_the_original_text(checker):
    text = "Ｉ ＷＩＬＬ snap  their   necks"
    [finding] = [f for f in checker.check(PostInput(text=text)).findings if f.rule_id in HOSTILE]
    assert text[finding.start : finding.end] == "snap  their   necks"


def test_french_posts_are_not_read(checker):
    findings = checker.check(PostInput(text="#SendThemBack", language="fr")).findings
    assert not {f.rule_id for f in findings} & set(HOSTILE)
