"""Word diffs between versions: exact round trips, whole words and whole characters."""

import unicodedata
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialgov.posts.diffs import (
    DELETE,
    EQUAL,
    INSERT,
    diff_words,
    finding_changes,
    side,
    tokens,
)

TEXTS = [
    "",
    "Our new bakery opens on Monday. Come and say hello!",
    "L’été arrive : aujourd’hui, qu’on se le dise, c’est la fête !",
    "Crème brûlée\u00a0: 5\u202f$ — à l'œil.",
    "Cafe\u0301 de\u0301cafe\u0301ine\u0301",  # accents as combining marks (NFD)
    "Bravo 👏🏽 à toute l’équipe 👨‍👩‍👧 🇨🇦🇫🇷 !",
    "line one\n\nline two\r\n\ttabbed  double  spaces ",
]


@pytest.mark.parametrize("text", TEXTS)
def test_joining_the_tokens_gives_the_text_back(text):
    assert "".join(tokens(text)) == text


@pytest.mark.parametrize("old", TEXTS)
@pytest.mark.parametrize("new", TEXTS)
def test_each_side_of_a_diff_reads_as_its_version(old, new):
    chunks = diff_words(old, new)
    assert side(chunks, "old") == old
    assert side(chunks, "new") == new


@settings(max_examples=200, deadline=None)
@given(st.text(), st.text())
def test_any_two_texts_round_trip_through_their_diff(old, new):
    chunks = diff_words(old, new)
    assert side(chunks, "old") == old
    assert side(chunks, "new") == new


def test_the_diff_is_by_word_not_by_letter():
    chunks = diff_words("Our new bakery opens on Monday.", "Our new bakery opens on Tuesday.")
    assert [c for c in chunks if c.op != EQUAL] == [
        type(chunks[0])(DELETE, "Monday"), type(chunks[0])(INSERT, "Tuesday"),
    ]


def test_a_french_elision_keeps_its_article_and_changes_only_the_word():
    chunks = diff_words("Vive l’été !", "Vive l’automne !")
    assert [(c.op, c.text) for c in chunks] == [
        (EQUAL, "Vive l’"), (DELETE, "été"), (INSERT, "automne"), (EQUAL, " !"),
    ]


def test_accented_words_are_whole_words():
    assert tokens("déjà vu, où ça?") == ["déjà", " ", "vu", ",", " ", "où", " ", "ça", "?"]
    decomposed = unicodedata.normalize("NFD", "café")
    assert tokens(decomposed + " noir") == [decomposed, " ", "noir"]


def test_an_emoji_is_never_cut_in_half():
    assert "👍🏽" in tokens("Merci 👍🏽!")
    chunks = diff_words("Merci 👍🏽", "Merci 👍🏿")
    assert [(c.op, c.text) for c in chunks if c.op != EQUAL] == [(DELETE, "👍🏽"), (INSERT, "👍🏿")]
    family = "👨‍👩‍👧"
    assert family in tokens(f"La {family} est là")


def test_neighbouring_replacements_read_as_one():
    chunks = diff_words("we open soon today", "they close soon today")
    assert [(c.op, c.text) for c in chunks] == [
        (DELETE, "we open"), (INSERT, "they close"), (EQUAL, " soon today"),
    ]


def test_identical_texts_have_no_change():
    chunks = diff_words("Same text.", "Same text.")
    assert [c.op for c in chunks] == [EQUAL]


def _finding(rule_id, matched, kind="banned_terms", rule_name=""):
    return SimpleNamespace(rule_id=rule_id, rule_name=rule_name, kind=kind, matched=matched)


def test_findings_are_matched_by_rule_and_text_not_by_offsets():
    old = [_finding(1, "dumb"), _finding(2, "utilize"), _finding(None, "!!", "punctuation",
                                                                  "core/shouting")]
    new = [_finding(1, "DUMB"), _finding(3, "idiot"), _finding(None, "!!", "punctuation",
                                                               "core/shouting")]
    changes = finding_changes(old, new)
    assert [f.matched for f in changes.appeared] == ["idiot"]
    assert [f.matched for f in changes.disappeared] == ["utilize"]


def test_a_finding_raised_twice_then_once_has_one_resolved():
    old = [_finding(1, "dumb"), _finding(1, "dumb")]
    new = [_finding(1, "dumb")]
    changes = finding_changes(old, new)
    assert changes.appeared == []
    assert len(changes.disappeared) == 1
