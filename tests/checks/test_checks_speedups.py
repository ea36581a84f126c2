"""The shortcuts the engine takes for speed give the results of the plain versions."""

import random
import re

import pytest

from socialgov.checks import language, patterns
from socialgov.checks.engine import PostInput, RuleSpec, compile
from socialgov.checks.packs import load_default_packs

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


# --- the shipped packs' patterns run without the timeout ------------------------------


def test_shipped_pack_patterns_are_trusted_and_user_patterns_keep_their_budget():
    specs = load_default_packs()
    compile(specs)
    shipped = {s.params["pattern"] for s in specs if s.kind == "max_count"}
    trusted = {p.pattern for p in patterns._TRUSTED}
    assert shipped <= trusted
    user = RuleSpec("slow", "max_count", {"pattern": r"(a+)+$", "max": 0})
    compile([user])
    assert r"(a+)+$" not in trusted | {p.pattern for p in patterns._TRUSTED}


@pytest.mark.parametrize("text", ["Concours : gagnez un sac!", "Enter our giveaway today"])
def test_a_trusted_pattern_finds_what_it_found_with_a_budget(text):
    rule = next(s for s in load_default_packs() if s.id == "core/contest-rules")
    result = compile([rule]).check(PostInput(text=text))
    assert [f.rule_id for f in result.findings] == ["core/contest-rules"]
