"""The Aho-Corasick scans (socialgov.checks.automata) against a plain search."""

import random

import pytest

from socialgov.checks.automata import Automaton


def every_occurrence(strings, text):
    """What a scan must give: each occurrence of each string, by end, the longer first."""
    hits = []
    for index, s in enumerate(strings):
        at = text.find(s)
        while at != -1:
            hits.append((index, at, at + len(s)))
            at = text.find(s, at + 1)
    return sorted(hits, key=lambda hit: (hit[2], hit[1] - hit[2]))


ALPHABET = "ab é’🔥\ud800x"


@pytest.mark.parametrize("seed", range(40))
def test_a_scan_finds_every_occurrence_in_the_order_of_the_automaton(seed):
    rng = random.Random(seed)
    letters = ALPHABET.replace("\ud800", "")  # strings hold no surrogate; texts may
    strings = list(dict.fromkeys(
        "".join(rng.choice(letters) for _ in range(rng.randint(1, 4))) for _ in range(12)))
    text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 60)))
    automaton = Automaton(strings)
    expected = every_occurrence(strings, text)
    assert automaton.hits(text) == expected
    assert automaton.found(text) == [strings[i] for i, _s, _e in expected]
    assert automaton.any_in(text) == bool(expected)


def test_a_lone_surrogate_is_scanned_around_and_offsets_stay_those_of_the_text():
    automaton = Automaton(["idiot", "\ufffd"])  # the usual stand-in is taken: another one
    text = "\ud800 idiot \udfff idiot"
    assert automaton.hits(text) == [(0, 2, 7), (0, 10, 15)]
    assert automaton.found("\ud800") == []


def test_an_automaton_needs_a_string():
    with pytest.raises(ValueError):
        Automaton([])
