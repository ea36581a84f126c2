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


def test_invisible_characters_are_dropped_and_offsets_skip_them():
    text = "a\u200bb\u202ec\u2066d\ufeffe\u00adf\u2060g"
    n = normalize(text)
    assert n.text == "abcdefg"
    assert [text[i] for i in n.offsets] == list("abcdefg")


def test_look_alikes_fold_to_latin_in_both_cases():
    assert normalize("Аррlе ΗΟΤ ѕаlе").text == "apple hot sale"
    assert normalize("ΡΑΥΡΑΙ").text == "paypai"  # Greek capitals that look like Latin ones


def test_nfkc_folding_of_compatibility_characters():
    assert normalize("ﬁn ＡＢＣ 𝐛𝐨𝐥𝐝 ①").text == "fin abc bold 1"


def test_text_steps_keep_start_and_end_offsets():
    from socialgov.checks.normalize import (
        apply_steps,
        base_view,
        join_spelled_out,
        leetspeak,
        squeeze_stretched,
    )

    text = "F.u.c.k sh1t coooool 24/7"
    view = apply_steps(
        base_view(normalize(text)), (join_spelled_out, leetspeak("i"), squeeze_stretched)
    )
    assert view.text == "fuck shit col 24/7"
    for word in ("fuck", "shit", "col"):
        start = view.text.index(word)
        s, e = to_original_span(view, start, start + len(word))
        assert text[s:e] in {"F.u.c.k", "sh1t", "coooool"}
    assert view.changed[view.text.index("24/7")] == 0
    assert view.changed[view.text.index("shit") + 2] == 1


def test_variant_views_are_cached_and_absent_for_plain_text():
    from socialgov.checks.normalize import variant_views

    n = normalize("Bonjour à tous, bienvenue")
    assert variant_views(n) == []
    n = normalize("sh1t")
    views = variant_views(n)
    assert {v.text for v in views} == {"shit", "shlt"}
    assert variant_views(n) is views


def test_names_and_times_give_no_extra_reading():
    from socialgov.checks.normalize import variant_views

    for text in (
        "Merci @boutiquemtl pour l'accueil",
        "Écrivez à service@exemple.ca",
        "Le lien : bit.ly/3xyzq2",
        "Ouverture à 8 h 30 pile",
        "Visitez www.exemple.ca",
    ):
        assert variant_views(normalize(text)) == [], text


def test_the_hidden_words_still_get_their_reading():
    from socialgov.checks.normalize import variant_views

    readings = {
        "what an @ss": "what an ass",
        "total b.i.t.c.h": "total bitch",
        "s h 1 t": "shit",
        "sooooo good": "so good",
    }
    for text, reading in readings.items():
        assert reading in [view.text for view in variant_views(normalize(text))], text
