"""The shortcuts the engine takes for speed give the results of the plain versions."""

import random
import re

from socialgov.checks import language

# --- language detection: the apostrophe-anchored scans --------------------------------

ELISION = re.compile(r"\b(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['’](?=\w)", re.IGNORECASE)
PIECES = [
    "l'", "L’", "qu'", "jusqu'", "squ'", "n't", "N'T", "'s", "'S", "'ll", "'re", "'ve",
    "it's's", "shouldn't've", "_'s", "''", "'", "’", "ſ", "K", "İ", "é", "1", "_", "x",
    "don", "a", " ", "-", "\n",
]  # fmt: skip


def test_apostrophe_anchored_scans_count_what_the_plain_patterns_count():
    rng = random.Random(11)
    for _ in range(20000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 12)))
        assert len(language._ELISION_AT_APOSTROPHE.findall(text)) == len(
            ELISION.findall(text)
        ), text
        assert language._english_contractions(text) == len(language._EN_ONLY.findall(text)), text
