"""Words hidden by separators, emoji or spacing are still read; real text is not."""

import pytest

from socialgov.checks.base import PostInput
from socialgov.checks.checkers import default_checker
from socialgov.checks.normalize import normalize, variant_views


@pytest.fixture(scope="module")
def checker():
    return default_checker()


def flagged(checker, text, language="en"):
    findings = checker.check(PostInput(text=text, language=language)).findings
    return [
        (f.rule_id, text[f.start : f.end]) for f in findings if f.severity in ("warning", "error")
    ]


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("Honestly, you are a wa.n.ker and lazy.", "wa.n.ker"),
        ("What a b.itch of a day, said nobody.", "b.itch"),
        ("That was ass.hole behaviour.", "ass.hole"),
        ("Total bas🔥tard, that one.", "bas🔥tard"),
        ("You are a b i t c h and we all know it.", "b i t c h"),
        ("Quel b.â.tard, celui-là.", "b.â.tard"),
        ("Il y a s a l o p e écrit sur le mur.", "s a l o p e"),
    ],
)
def test_hidden_listed_words_are_caught_on_their_original_span(checker, text, hidden):
    language = "fr" if text.startswith(("Quel", "Il y")) else "en"
    found = flagged(checker, text, language)
    # The finding covers the hidden word itself, separators included.
    assert any(matched == hidden for _, matched in found), found


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. team and the e.g. field stay as written.",
        "Read it at https://pen.is/latest or on shop.com today.",
        "A well-known end.Start of the season.",
        "We love🔥it and the sun🌞shine.",
        "Pick plan A B C or D, whichever suits you.",
        "Open 9 a.m. to 5 p.m., Ph.D. students welcome.",
    ],
)
def test_real_text_with_dots_emoji_and_letters_is_not_flagged(checker, text):
    assert flagged(checker, text) == []


def test_joined_reading_keeps_offsets_on_the_original_text():
    text = "so stu🔥pid"
    view = next(v for v in variant_views(normalize(text)) if "stupid" in v.text)
    start = view.text.index("stupid")
    assert text[view.offsets[start] : view.ends[start + 5]] == "stu🔥pid"


def test_words_separated_by_a_dot_or_a_dash_stay_apart():
    for text in ("a well-known shop", "the end.Start", "see pen.is"):
        assert variant_views(normalize(text)) == []


def test_spelled_letters_after_a_one_letter_word_read_both_ways():
    texts = {v.text for v in variant_views(normalize("you are a b i t c h"))}
    assert texts == {"you are abitch", "you are a bitch"}
