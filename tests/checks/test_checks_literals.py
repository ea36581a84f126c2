"""Required literals (socialgov.checks.literals) never rule out a text a pattern matches,
and the faster normalisation gives what the plain per-character version gives."""

import random
import re

import pytest
import regex

from socialgov.checks import normalize as norm
from socialgov.checks.literals import SPECIAL_FOLDS, LiteralIndex, fold, required


def test_special_folds_are_every_character_a_case_insensitive_ascii_letter_matches():
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    matched = set(regex.findall("(?i)[a-z]", everything)) | set(
        regex.findall("(?i)[A-Z]", everything)
    )
    letters = {chr(c) for c in range(ord("a"), ord("z") + 1)}
    assert matched == letters | {c.upper() for c in letters} | set(SPECIAL_FOLDS)
    for char, letter in SPECIAL_FOLDS.items():
        assert regex.fullmatch("(?i)" + letter, char) or regex.fullmatch(
            "(?i)" + letter.upper(), char
        )
        # fold tests for each special character by name: it reads each as its letter.
        assert fold(f"É{char}x") == f"é{letter}x"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?i)\b(?:shop now|buy now)\b", "Required({buy now, shop now})"),
        (r"\d+\s?%|\$\s?\d+", "Required({%} | {$})"),
        (r"(?i)\b(?:like|share)\s+if\b", "Required({share, like} & {if})"),
        (r"caf[ée]", "Required({cafe, café})"),
        (r"(?i)café", "Required({caf})"),
        (r"[^\s]+", "None"),
        (r"\b([A-Z]{3,5})\b", "None"),
        (r"[[:alpha:]]x", "None"),  # POSIX class: re would read "[[:alph]" + "x"
        (r"(?:abc){e<=1}", "None"),  # fuzzy matching
        (r"(?x) a b", "None"),
    ],
)
def test_required_literals(pattern, expected):
    found = required(pattern)
    text = repr(found)
    if found is not None:  # clauses are sets: compare them as sets
        def canon(s):
            return sorted(
                sorted(sorted(c.strip("{}").split(", ")) for c in conj.split(" & "))
                for conj in s.removeprefix("Required(").removesuffix(")").split(" | ")
            )

        assert canon(text) == canon(expected)
    else:
        assert text == expected


ATOMS = [
    "a", "b", "ab", "ba", "K", "s", "i", "I", "é", "É", "ß", "#", "%", "$", " ", "-", "'",
    "[ab]", "[é-ê]", "[^a]", r"\d", r"\w", r"\s", ".", r"\b", "^", "$", "(?=a)", "(?<!b)",
    "(?i:ab)", "(?-i:a)",
]  # fmt: skip
TEXT_CHARS = "abABkKsSiIıİſKéÉß#%$ -'x1\n"


def random_pattern(rng: random.Random, depth: int = 0) -> str:
    parts = []
    for _ in range(rng.randint(1, 4)):
        r = rng.random()
        if r < 0.15 and depth < 2:
            alternatives = [random_pattern(rng, depth + 1) for _ in range(rng.randint(2, 3))]
            piece = "(?:" + "|".join(alternatives) + ")"
        elif r < 0.25 and depth < 2:
            piece = "(" + random_pattern(rng, depth + 1) + ")"
        else:
            piece = rng.choice(ATOMS)
        if rng.random() < 0.3 and piece not in (r"\b", "^", "$") and "(?" not in piece[:3]:
            piece += rng.choice(["?", "*", "+", "{2}", "{1,3}", "+?", "??"])
        parts.append(piece)
    pattern = "".join(parts)
    return ("(?i)" if rng.random() < 0.4 else "") + pattern


def test_a_text_without_the_required_literals_never_matches():
    rng = random.Random(20250101)
    checked = 0
    for _ in range(3000):
        pattern = random_pattern(rng)
        try:
            compiled = regex.compile(pattern)
        except regex.error:
            continue
        needed = required(pattern)
        if needed is None:
            continue
        index = LiteralIndex([needed])
        for _ in range(15):
            text = "".join(rng.choice(TEXT_CHARS) for _ in range(rng.randint(0, 12)))
            matches = [m for m in compiled.finditer(text) if m.end() > m.start()]
            folded = fold(text)
            counts = index.counts(folded)
            if compiled.search(text):
                checked += 1
                assert needed.found_in(folded), (pattern, text, needed)
                assert needed.satisfied(counts), (pattern, text, needed)
            assert len(matches) <= needed.count_in(folded), (pattern, text, needed)
            assert len(matches) <= needed.bound(counts), (pattern, text, needed)
    assert checked > 1000


# --- normalisation: the same results as the plain versions ----------------------------


def plain_normalize(text: str):
    """Every character through the steps, one at a time (what Normalizer caches)."""
    parts, offsets = [], []
    for i, char in enumerate(text):
        out = norm._default.map_char(char)
        parts.append(out)
        offsets.extend([i] * len(out))
    return "".join(parts), offsets


OLD_MAYBE_VARIANT = re.compile(
    r"[^\W\d_][0134579@$]|[0134579@$][^\W\d_]|([^\W\d_])\1\1"
    r"|(?<![^\W_])[^\W_][.\-_ *][^\W_][.\-_ *][^\W_](?![^\W_])"
)
OLD_ONE_NEAR_LETTER = re.compile(r"[^\W\d_][0134579@$]*1|1[0134579@$]*[^\W\d_]")


def plain_variants(n):
    """variant_views as it was: every step of every variant, without the hints."""
    base = norm.match_view(n)
    views = []
    # Every step can only change a text its old test finds, or one with a letter broken
    # up by a separator or an emoji (join_broken_words).
    if OLD_MAYBE_VARIANT.search(base.text) or norm._BROKEN.search(base.text):
        seen = {base.text}
        variants = norm.VARIANT_STEPS
        if not OLD_ONE_NEAR_LETTER.search(base.text):
            variants = tuple(steps for steps in variants if norm._LEET_L not in steps)
        for steps in variants:
            view = base
            for step in steps:
                view = step(view)
            if view.text not in seen and any(view.changed):
                seen.add(view.text)
                views.append(view)
    return views


PIECES = [
    "sh1t", "f.u.c.k", "fuuuuck", "ѕhіt", "ID\u200bIOT", "e\u0301norme", "❤️", "👨‍👩‍👧", "@ss",
    "a$$", "ki11", "1d10t", "coooool", "l’idiot", "ß", "ﬁn", "ＡＲＮＡＱＵＥ", "\u00a0", "\n\n",
    "  ", "\t", "…", "à 8 h", "s h i t", "www", "x", "É", "`", "24/7", "1", "l", "a.b",
]  # fmt: skip


def test_normalisation_and_readings_match_the_plain_versions():
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(PIECES + [" ", "a", "Le "]) for _ in range(rng.randint(0, 12)))
        n = norm.normalize(text)
        assert (n.text, list(n.offsets)) == plain_normalize(text)
        expected = [
            (v.text, list(v.offsets), list(v.ends), bytes(v.changed)) for v in plain_variants(n)
        ]
        got = [
            (v.text, list(v.offsets), list(v.ends), bytes(v.changed))
            for v in norm.variant_views(norm.normalize(text))
        ]
        assert got == expected, text


def test_positions_behave_like_the_list_of_offsets():
    n = norm.normalize("Hello")
    assert n.offsets == [0, 1, 2, 3, 4]
    assert n.offsets[1:3] == range(1, 3)
    assert list(n.offsets) == [0, 1, 2, 3, 4] and len(n.offsets) == 5
    assert repr(n.offsets) == "[0, 1, 2, 3, 4]"


def _count_edged_one_by_one(folded: str, s: str) -> int:
    """count_edged as a plain loop over every occurrence of the core."""
    from socialgov.checks.literals import WORD_EDGE, is_word_char

    left, right = s.startswith(WORD_EDGE), s.endswith(WORD_EDGE)
    core = s.replace(WORD_EDGE, "")
    count = 0
    for at in range(len(folded) - len(core) + 1):
        if folded.startswith(core, at) and (
            not left or at == 0 or not is_word_char(folded[at - 1])
        ) and (not right or at + len(core) == len(folded)
               or not is_word_char(folded[at + len(core)])):
            count += 1
    return count


EDGE_PIECES = [
    "en", "e", "n", "enen", " ", " e", "e e", "-e-e", "'", "-", "é", "_", "1", "ß", "\u0301",
    "\u0670", "👍", "\n",
]


def test_a_required_string_with_word_edges_is_counted_as_occurrences_one_by_one():
    from socialgov.checks.literals import WORD_EDGE, count_edged

    rng = random.Random(41)
    strings = [f"{left}{core}{right}" for core in ("en", "e", "nen", "é", "1", "e e", "-e")
               for left in ("", WORD_EDGE) for right in ("", WORD_EDGE) if left or right]
    found = 0
    for _ in range(4000):
        text = "".join(rng.choice(EDGE_PIECES) for _ in range(rng.randint(0, 12)))
        for s in strings:
            expected = _count_edged_one_by_one(text, s)
            found += expected
            assert count_edged(text, s) == expected, (text, s)
    assert found > 5000


def test_a_string_occurs_when_it_is_counted_at_least_once():
    import random

    from socialgov.checks.literals import WORD_EDGE, Occurrences, count_edged, unedged

    edge = WORD_EDGE
    strings = ["si", f"{edge}si{edge}", f"{edge}si", f"si{edge}", "amis", f"{edge}amis{edge}",
               f"ami{edge}", f"{edge}to", "to", f"{edge}l'{edge}", "#", f"{edge}#ask"]
    pieces = ["si", "amis", "ami", "to", "tout", "l'", "#ask", "#", " ", "x", "é", "_", "'",
              "\u0301", "٣"]
    rng = random.Random(31)
    seen = 0
    for _ in range(5000):
        folded = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        # What a LiteralIndex scan gives: the long strings that occur, edges aside.
        found = {
            core: folded.count(core)
            for core in {unedged(s) for s in strings}
            if not (len(core) <= 2 and core.isalnum()) and core in folded
        }
        occurrences = Occurrences(folded, found)
        for s in rng.sample(strings, len(strings)):  # asked in any order, some twice
            if rng.random() < 0.3:
                occurrences.get(s)
            expected = count_edged(folded, s) > 0
            seen += expected
            assert occurrences.has(s) == expected, (folded, s)
    assert seen > 10000
