"""A comment follows its passage across versions, or says it is outdated."""

from socialgov.posts.anchors import context_around, reanchor
from socialgov.posts.diffs import MATCHER_CAP, measure

OLD = "Our new bakery opens on Monday. Come and say hello!"
QUOTE = "opens on Monday"


def _place(old, quote, new, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = old.index(quote, start + 1)
    end = start + len(quote)
    prefix, suffix = context_around(old, start, end)
    anchor = reanchor(quote, old, start, end, new, prefix, suffix)
    return anchor, (new[anchor.start:anchor.end] if anchor else None)


def test_the_passage_moves_with_text_added_before_it():
    anchor, text = _place(OLD, QUOTE, "Big news! " + OLD)
    assert text == QUOTE and anchor.exact
    assert anchor.start == OLD.index(QUOTE) + len("Big news! ")


def test_edits_around_the_passage_leave_it_in_place():
    new = "Our lovely new bakery opens on Monday at nine. Come!"
    anchor, text = _place(OLD, QUOTE, new)
    assert text == QUOTE and anchor.exact


def test_a_small_edit_inside_the_passage_keeps_it_as_edited():
    new = "Our new bakery opens on Tuesday. Come and say hello!"
    anchor, text = _place(OLD, QUOTE, new)
    assert text == "opens on Tuesday"
    assert not anchor.exact


def test_a_deleted_passage_is_outdated():
    anchor, _text = _place(OLD, QUOTE, "Come and say hello!")
    assert anchor is None


def test_a_rewritten_passage_is_outdated():
    anchor, _text = _place(OLD, "bakery", "Our new café opens on Monday. Come and say hello!")
    assert anchor is None


def test_among_duplicates_the_one_commented_stays_chosen():
    old = "Merci ! Le pain est chaud. Merci !"
    new = "Bonjour. Merci ! Le pain est bien chaud. Merci !"
    anchor, text = _place(old, "Merci", new, nth=1)
    assert text == "Merci"
    assert anchor.start == new.rindex("Merci")
    anchor, _text = _place(old, "Merci", new, nth=0)
    assert anchor.start == new.index("Merci")


def test_among_duplicates_the_context_decides_when_the_text_moved():
    old = "Sale on bread today. Sale on cakes tomorrow."
    new = "Sale on cakes tomorrow. Sale on bread today."
    anchor, _text = _place(old, "Sale", new, nth=1)  # the cakes' "Sale"
    assert new[anchor.end:].startswith(" on cakes")


def test_offsets_count_code_points_as_python_does():
    old = "Bravo 👏🏽 l’équipe, à lundi !"
    new = "🎉🎉 Bravo 👏🏽 l’équipe, à lundi !"
    anchor, text = _place(old, "l’équipe", new)
    assert text == "l’équipe"
    assert anchor.start == old.index("l’équipe") + len("🎉🎉 ")


def test_an_unchanged_text_keeps_the_same_offsets():
    anchor, text = _place(OLD, QUOTE, OLD)
    assert (anchor.start, anchor.end) == (OLD.index(QUOTE), OLD.index(QUOTE) + len(QUOTE))


def test_a_comment_without_a_passage_has_no_anchor():
    assert reanchor("", OLD, None, None, OLD) is None


# -- long and repetitive texts: no quadratic work ---------------------------------------------

LAUGHS = ("ha " * 21_068)[:63_204]


def test_a_passage_in_a_long_repetitive_text_is_carried_with_little_work():
    old = LAUGHS[:30_000] + OLD + LAUGHS[:33_000]
    new = ("ho " * 10_000) + OLD + LAUGHS[:27_000] + " hi"
    start = old.index(QUOTE)
    with measure() as work:
        anchor = reanchor(QUOTE, old, start, start + len(QUOTE), new)
    assert anchor.exact and new[anchor.start:anchor.end] == QUOTE
    assert work.matcher <= MATCHER_CAP


def test_a_rewritten_repetitive_passage_is_outdated_with_no_quadratic_work():
    new = LAUGHS.replace("ha", "ho")
    with measure() as work:
        anchor = reanchor(LAUGHS[30_000:33_000], LAUGHS, 30_000, 33_000, new)
    assert anchor is None
    assert work.matcher == 0


def test_a_long_edited_passage_is_not_compared_letter_by_letter():
    # Letter by letter, 1,500 characters against 1,500 would be 2.25 million
    # pairs: past the cap the edited passage counts as not found.
    passage = "Sale on bread today, " * 75
    old = "Hello. " + passage + "Bye."
    new = "Hello. " + passage.replace("today", "tonight", 1) + "Bye."
    start = old.index(passage)
    with measure() as work:
        anchor = reanchor(passage, old, start, start + len(passage), new)
    assert anchor is None
    assert work.matcher <= MATCHER_CAP
