"""Findings read in French with French spacing, however their templates were typed."""

from socialgov.checks.base import PostInput, RuleSpec, typeset
from socialgov.checks.engine import compile as compile_rules


def test_a_brand_template_typed_with_plain_spaces_reads_with_no_break_spaces():
    rule = RuleSpec(
        "r", "banned_terms", {"terms": ["cheap"]},
        message={"en": "Not our tone: “%s”!", "fr": "Pas notre ton : « %s » ! Vraiment ?"},
        suggestion={"fr": "Dites plutôt ; « abordable »."},
    )
    (finding,) = compile_rules([rule]).check(PostInput(text="So cheap.")).findings
    assert finding.message == {
        "en": "Not our tone: “cheap”!",
        "fr": "Pas notre ton\u00a0: «\u00a0cheap\u00a0»\u00a0! Vraiment\u00a0?",
    }
    assert finding.suggestion["fr"] == "Dites plutôt\u00a0; «\u00a0abordable\u00a0»."


def test_french_spacing_leaves_addresses_times_and_english_alone():
    assert typeset("Voir https://exemple.ca à 14 h 30.", "fr") == (
        "Voir https://exemple.ca à 14 h 30.")
    assert typeset("Odd : spacing !", "en") == "Odd : spacing !"
    once = typeset("Attention : « x » !", "fr")
    assert typeset(once, "fr") == once == "Attention\u00a0: «\u00a0x\u00a0»\u00a0!"
