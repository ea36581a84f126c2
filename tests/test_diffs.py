"""Word diffs between versions: exact round trips, whole words and whole characters."""

import random
import unicodedata
from types import SimpleNamespace
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialgov.posts import diffs
from socialgov.posts.diffs import (
    DELETE,
    EQUAL,
    INSERT,
    MATCHER_BUDGET,
    MATCHER_CAP,
    SCAN_PASSES,
    diff_words,
    finding_changes,
    measure,
    opcodes,
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


# -- a diff does bounded work whatever the texts -----------------------------------------

LONG = 63_206  # the longest text a post may have


def _assert_opcodes_fit(a, b, ops):
    """The ops cover both lists in order, as SequenceMatcher.get_opcodes() does."""
    i = j = 0
    previous = None
    for tag, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i, j)
        assert i1 <= i2 and j1 <= j2 and (i1, j1) != (i2, j2)
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        else:
            assert tag == {(True, True): "replace", (True, False): "delete",
                           (False, True): "insert"}[(i1 < i2, j1 < j2)]
        assert previous is None or (previous == "equal") != (tag == "equal")
        previous, i, j = tag, i2, j2
    assert (i, j) == (len(a), len(b))


def _assert_bounded(work, a, b):
    """The bound of every diff: at most MATCHER_BUDGET pairs for SequenceMatcher
    (one run over two 63,206-character texts would be about 5 * 10**8 pairs)
    and at most SCAN_PASSES readings of the tokens while looking for anchors."""
    assert work.matcher <= MATCHER_BUDGET
    assert work.scanned <= SCAN_PASSES * (len(a) + len(b))


TOKEN_LISTS = st.lists(st.sampled_from(["a", "b", "c", " ", "ha", ".", "été"]), max_size=40)


@settings(max_examples=300, deadline=None)
@given(TOKEN_LISTS, TOKEN_LISTS)
def test_opcodes_cover_both_sides_like_sequence_matcher(a, b):
    _assert_opcodes_fit(a, b, opcodes(a, b))


@settings(max_examples=300, deadline=None)
@given(TOKEN_LISTS, TOKEN_LISTS, st.text(max_size=30), st.text(max_size=30))
def test_exhausted_limits_still_give_a_whole_diff(a, b, old, new):
    # Tiny limits send most regions to "replace" and the scan budget runs out.
    with mock.patch.multiple(diffs, MATCHER_CAP=6, MATCHER_BUDGET=12, SCAN_PASSES=1):
        _assert_opcodes_fit(a, b, opcodes(a, b))
        chunks = diff_words(old, new)
    assert side(chunks, "old") == old
    assert side(chunks, "new") == new


def test_a_text_replaced_by_a_repetitive_one_is_one_deletion_and_one_insertion():
    old, new = ("a " * 1000)[:2000], ("b " * 1000)[:2000]
    with measure() as work:
        chunks = diff_words(old, new)
    # The final space of both texts is kept, the rest replaced.
    assert [(c.op, c.text) for c in chunks] == [
        (DELETE, old[:-1]), (INSERT, new[:-1]), (EQUAL, " "),
    ]
    assert work.matcher <= MATCHER_CAP


def _words(rng, length, vocabulary=None):
    words, size = [], 0
    while size <= length:
        word = (rng.choice(vocabulary) if vocabulary else
                "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(1, 9))))
        words.append(word)
        size += len(word) + 1
    return " ".join(words)[:length]


def _edited(rng, text, edits):
    words = text.split(" ")
    for _ in range(edits):
        at = rng.randrange(len(words))
        what = rng.random()
        if what < 0.4:
            words[at] = _words(rng, 6)
        elif what < 0.7:
            words[at:at] = _words(rng, 40).split(" ")
        else:
            del words[at:at + rng.randint(1, 6)]
    return (" ".join(words) + " " + _words(rng, LONG))[:LONG]


def _long_pairs():
    rng = random.Random(6)
    repetitive = ("ha " * LONG)[:LONG]
    laughs = repetitive.split(" ")
    for _ in range(50):
        laughs[rng.randrange(len(laughs))] = rng.choice(["ho", "hi", "HA", "ha!", "hé"])
    random_text = _words(rng, LONG)
    few_words = ["la", "le", "de", "et", "à", "un", "une", "est", "pas", "que"]
    return {
        "repetitive, edited": (repetitive, " ".join(laughs)[:LONG]),
        "random words, edited": (random_text, _edited(rng, random_text, 200)),
        "random words, unrelated": (random_text, _words(rng, LONG)),
        "ten words, unrelated": (_words(rng, LONG, few_words), _words(rng, LONG, few_words)),
    }


@pytest.mark.parametrize("name", list(_long_pairs()))
def test_two_texts_of_the_longest_length_take_bounded_work(name):
    old, new = _long_pairs()[name]
    assert len(old) == len(new) == LONG
    with measure() as work:
        chunks = diff_words(old, new)
    assert side(chunks, "old") == old
    assert side(chunks, "new") == new
    _assert_bounded(work, tokens(old), tokens(new))


def test_edits_to_a_long_text_are_found_one_by_one_with_little_work():
    old, new = _long_pairs()["random words, edited"]
    with measure() as work:
        chunks = diff_words(old, new)
    # 200 edits and the changed tail: the text is not reported as replaced.
    assert sum(len(c.text) for c in chunks if c.op != EQUAL) < LONG // 5
    assert len([c for c in chunks if c.op == INSERT]) > 100
    assert work.matcher <= 10_000
    assert work.scanned <= 2 * (len(tokens(old)) + len(tokens(new)))


def _staircase(steps):
    """Token lists where each anchor, once split off, makes a new one unique
    inside: without the scan budget, finding anchors would read them
    ``steps`` times."""
    a = [token for k in range(steps, 0, -1) for token in (f"u{k - 1}", f"u{k}")]
    a += [f"w{k}" for k in range(1, steps + 1)]
    b = [f"u{k}" for k in range(steps, 0, -1)] + [f"v{k}" for k in range(1, steps + 1)]
    return a, b


def test_anchors_found_inside_anchors_read_the_tokens_a_bounded_number_of_times():
    a, b = _staircase(10_000)
    with measure() as work:
        ops = opcodes(a, b)
    _assert_opcodes_fit(a, b, ops)
    _assert_bounded(work, a, b)


def test_anchors_nested_deeper_than_the_python_stack_are_followed():
    a, b = _staircase(1_200)  # deeper than the default recursion limit of 1,000
    with mock.patch.object(diffs, "SCAN_PASSES", 10**9):
        ops = opcodes(a, b)
    _assert_opcodes_fit(a, b, ops)
    assert sum(i2 - i1 for tag, i1, i2, _j1, _j2 in ops if tag == "equal") == 1_200


def test_many_regions_for_the_matcher_share_one_budget():
    # Unique words cut both texts into ~150 regions of 200 x 200 tokens with
    # only spaces in common, SequenceMatcher's slowest case at the cap.
    old = "".join(f"s{n} " + "a " * 100 for n in range(300))[:LONG]
    new = "".join(f"s{n} " + "b " * 100 for n in range(300))[:LONG]
    with measure() as work:
        chunks = diff_words(old, new)
    assert side(chunks, "old") == old
    assert side(chunks, "new") == new
    assert MATCHER_BUDGET - MATCHER_CAP < work.matcher <= MATCHER_BUDGET


def test_measures_nest_and_count_only_inside_their_block():
    with measure() as outer:
        diff_words("a a a", "b b b")
        with measure() as inner:
            diff_words("a a a", "b b b")
        after_inner = inner.matcher
        diff_words("a a a", "b b b")
    assert after_inner == inner.matcher > 0
    assert outer.matcher == 3 * inner.matcher


# -- ordinary edits read as before ----------------------------------------------------------


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("Our new bakery opens on Monday. Come and say hello!",
     "Our new bakery opens on Tuesday. Come and say hello!",
     [(EQUAL, "Our new bakery opens on "), (DELETE, "Monday"), (INSERT, "Tuesday"),
      (EQUAL, ". Come and say hello!")]),
    ("Our new bakery opens on Monday.",
     "Our new bakery opens on Monday. Come and say hello!",
     [(EQUAL, "Our new bakery opens on Monday."), (INSERT, " Come and say hello!")]),
    ("Our new bakery opens on Monday. Come and say hello!",
     "Our new bakery opens on Monday. Fresh bread every morning. Come and say hello!",
     [(EQUAL, "Our new bakery opens on Monday. "), (INSERT, "Fresh bread every morning. "),
      (EQUAL, "Come and say hello!")]),
    ("L’été arrive : aujourd’hui, qu’on se le dise, c’est la fête !",
     "L’automne arrive : aujourd’hui, qu’on se le dise, c’est la fête !",
     [(EQUAL, "L’"), (DELETE, "été"), (INSERT, "automne"),
      (EQUAL, " arrive : aujourd’hui, qu’on se le dise, c’est la fête !")]),
    ("Our new bakery opens on Monday. Come and say hello!",
     "Come and say hello! Our new bakery opens on Monday.",
     [(INSERT, "Come and say hello! "), (EQUAL, "Our new bakery opens on Monday."),
      (DELETE, " Come and say hello!")]),
])
def test_ordinary_edits_give_the_smallest_readable_chunks(old, new, expected):
    assert [(c.op, c.text) for c in diff_words(old, new)] == expected
