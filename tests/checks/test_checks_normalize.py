"""Normalisation for matching keeps a faithful map back to the original text."""

from socialgov.checks.normalize import Normalizer, normalize, to_original_span


def test_normalized_text_is_casefolded_without_accents_and_with_straight_apostrophes():
    n = normalize("L’ÉTÉ À Montréal")
    assert n.text == "l'ete a montreal"
    assert len(n.offsets) == len(n.text)


def test_each_normalized_character_knows_its_original_index():
    text = "Ça e\u0301té ﬁn ß"
    n = normalize(text)
    assert n.text == "ca ete fin ss"
    assert n.offsets == [0, 1, 2, 3, 5, 6, 7, 8, 8, 9, 10, 11, 11]


def test_original_span_covers_whole_characters_and_their_accents():
    text = "un cafe\u0301 ﬁn"
    n = normalize(text)
    start = n.text.index("cafe")
    assert to_original_span(n, start, start + 4) == (3, 8)
    fin = n.text.index("fin")
    assert text.__getitem__(slice(*to_original_span(n, fin, fin + 3))) == "ﬁn"


def test_ascii_text_takes_the_same_path_as_unicode_text():
    assert normalize("Hello World").text == "hello world"
    assert normalize("Hello World").offsets == list(range(11))


def test_a_normalizer_accepts_extra_character_steps():
    without_zero_width = Normalizer(steps=(*Normalizer().steps, lambda s: s.replace("\u200b", "")))
    n = without_zero_width("ID\u200bIOT")
    assert n.text == "idiot"
    assert n.offsets == [0, 1, 3, 4, 5]
    assert to_original_span(n, 0, 5) == (0, 6)
