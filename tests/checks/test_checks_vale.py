"""Vale-compatible kinds and loading a Vale style package."""

from pathlib import Path

import pytest

from socialgov.checks.engine import PostInput, RuleError, RuleSpec, compile
from socialgov.checks.vale import load_vale_rule, load_vale_style, rule_from_mapping

STYLE = Path(__file__).parent / "fixtures" / "vale" / "write-good"


def run(kind, text, severity="warning", message=None, **params):
    rule = RuleSpec("v", kind, params, severity=severity, message=message or {})
    findings = compile([rule]).check(PostInput(text=text)).findings
    for f in findings:
        assert text[f.start : f.end] == f.matched
    return findings


def matched(kind, text, **params):
    return [f.matched for f in run(kind, text, **params)]


# --- existence


def test_existence_plain_tokens_ignorecase_use_the_term_matcher():
    assert matched("existence", "VERY good, vr4iment? vraiment!", tokens=["very", "vraiment"],
                   ignorecase=True) == ["VERY", "vr4iment", "vraiment"]  # fmt: skip


def test_existence_is_case_sensitive_by_default_like_vale():
    assert matched("existence", "Very very", tokens=["very"]) == ["very"]


def test_existence_tokens_are_regexes_inside_word_boundaries():
    text = "Il y a 3 %, 30% et 3 000 % — pas 3%x"
    # Vale's \b(?:...)\b: a "%" at the end needs a word character after it
    assert matched("existence", text, tokens=[r"\d+ ?%"]) == ["3%"]
    assert matched("existence", text, tokens=[r"\d+ ?%"], nonword=True) == [
        "3 %", "30%", "000 %", "3%",
    ]  # fmt: skip


def test_existence_raw_is_prepended_or_appended():
    text = "It was built, it is done."
    assert matched(
        "existence", text, raw=[r"\b(?:was|is)\s+"], tokens=["built", "done"], ignorecase=True
    ) == ["was built", "is done"]
    assert matched("existence", "ab-cd", raw=["-cd"], tokens=["ab"], nonword=True, append=True) == [
        "ab-cd"
    ]


def test_existence_exceptions_and_message():
    message = {"en": "'%s' is weak", "fr": "« %s » est faible"}
    findings = run("existence", "Very nice, very very", tokens=["very"], ignorecase=False,
                   exceptions=["Very"], message=message)  # fmt: skip
    assert [f.matched for f in findings] == ["very", "very"]
    assert findings[0].message == {"en": "'very' is weak", "fr": "« very » est faible"}


def test_existence_needs_tokens_or_raw():
    with pytest.raises(RuleError):
        compile([RuleSpec("v", "existence", {})])
    with pytest.raises(RuleError):
        compile([RuleSpec("v", "existence", {"tokens": ["(unclosed"]})])


# --- substitution (Vale form)


def test_vale_substitution_with_regex_keys_and_positional_message():
    findings = run(
        "substitution",
        "We are able to help; prior to launch, utilise e-mail. Prior to the end.",
        swap={r"(?:is|are) able to": "can", "prior to(?! the)": "before",
              "utilise": "use", "e-mail": "courriel|email"},
        ignorecase=True, vale=True,
        message={"en": "Use '%s' instead of '%s'.", "fr": "Utilisez « %s » au lieu de « %s »."},
    )  # fmt: skip
    assert [f.matched for f in findings] == ["are able to", "prior to", "utilise", "e-mail"]
    assert findings[0].message == {
        "en": "Use 'can' instead of 'are able to'.",
        "fr": "Utilisez « can » au lieu de « are able to ».",
    }
    assert findings[3].suggestion["en"] == "Use “courriel / email”"


def test_vale_substitution_skips_text_already_written_as_the_replacement():
    assert matched("substitution", "LinkedIn linkedin", swap={"linkedin": "LinkedIn"},
                   vale=True) == ["linkedin"]  # fmt: skip


# --- occurrence, repetition, consistency, conditional, capitalization


def test_occurrence_max_and_min():
    findings = run("occurrence", "#a #b #c #d", token=r"#\w+", max=2)
    assert [f.matched for f in findings] == ["#c"]
    assert "3" not in findings[0].message["en"] or "4" in findings[0].message["en"]
    findings = run("occurrence", "Pas de mot-clic", token=r"#\w+", min=1)
    assert [(f.start, f.end) for f in findings] == [(0, len("Pas de mot-clic"))]
    assert run("occurrence", "#a", token=r"#\w+", min=1, max=2) == []
    with pytest.raises(RuleError):
        compile([RuleSpec("v", "occurrence", {"token": "x"})])


def test_repetition_of_the_same_word():
    text = "C'est le le meilleur, the The best. 2 2 fois"
    assert matched("repetition", text, tokens=[r"[^\s]+"], alpha=True, ignorecase=True) == [
        "le le",
        "the The",
    ]
    assert matched("repetition", text, tokens=[r"[^\s]+"]) == ["le le", "2 2"]


def test_consistency_flags_the_second_spelling():
    text = "Écrivez-nous par courriel. Notre e-mail : a@b.ca. Un courriel suffit."
    assert matched("consistency", text, either={"courriel": "e-?mail"}, ignorecase=True) == [
        "e-mail"
    ]
    assert matched("consistency", "courriel only", either={"courriel": "e-?mail"}) == []


def test_conditional_acronym_must_be_defined_in_an_earlier_or_the_same_paragraph():
    params = {
        "first": r"\b([A-Z]{3,5})\b",
        "second": r"(?:\b[A-Z][a-z]+ )+\(([A-Z]{3,5})\)",
        "exceptions": ["API"],
    }
    ok = "Notre Centre Relation Client (CRC) répond. Le CRC est ouvert. API aussi."
    assert matched("conditional", ok, **params) == []
    late = "Le CRC est ouvert.\n\nNotre Centre Relation Client (CRC) répond."
    assert matched("conditional", late, **params) == ["CRC"]
    assert matched("conditional", "Appelez le CRC", **params) == ["CRC"]


@pytest.mark.parametrize(
    ("match", "text", "flagged"),
    [
        ("$sentence", "Nouvelle collection à Montréal. Vite!", False),
        ("$sentence", "Great News From Our Team", True),
        ("$sentence", "nouvelle collection", True),
        ("$title", "Great News From the Team", False),
        ("$title", "Great news from the team today", True),
        ("$lower", "tout en minuscules #MTL", False),
        ("$upper", "SOLDES MONSTRES", False),
        ("$upper", "Soldes", True),
        (r"[A-Z].*", "Bonjour", False),
        (r"[A-Z].*", "bonjour", True),
    ],
)
def test_capitalization_of_the_headline(match, text, flagged):
    findings = run("capitalization", text + "\nsecond line is ignored", match=match,
                   exceptions=["Montréal"])  # fmt: skip
    assert bool(findings) is flagged
    if flagged:
        assert "\n" not in findings[0].matched


def test_capitalization_sentence_scope_checks_each_sentence():
    text = "Bonne nouvelle. Une Autre Nouvelle Ici. la fin."
    findings = run("capitalization", text, match="$sentence", scope="sentence")
    assert [f.matched for f in findings] == ["Une Autre Nouvelle Ici.", "la fin."]


# --- timeouts


@pytest.mark.parametrize(
    ("kind", "params", "text"),
    [
        ("existence", {"tokens": [r"(a|aa)+$"], "nonword": True}, "a" * 32 + "!"),
        ("max_count", {"pattern": r"(a+)+$", "max": 0}, "a" * 5000 + "!"),
        ("max_count", {"pattern": r"(\w+\s?)+$", "max": 0}, "word " * 2000 + "!"),
        ("occurrence", {"token": r"(a|aa)+$", "max": 1}, "a" * 40 + "!"),
    ],
)
def test_catastrophic_pattern_gives_check_incomplete_instead_of_stalling(kind, params, text):
    import time

    rule = RuleSpec("slow", kind, params, guideline="Slow rule")  # severity: warning
    other = RuleSpec("ok", "banned_terms", {"terms": ["zut"]})
    started = time.perf_counter()
    result = compile([rule, other]).check(PostInput(text=text + " zut"))
    assert time.perf_counter() - started < 2
    assert not [f for f in result.findings if f.kind == "rule_error"]
    errors = [f for f in result.findings if f.kind == "check_incomplete"]
    assert len(errors) == 1 and result.incomplete
    (error,) = errors
    assert error.rule_id == "slow" and error.severity == "warning"  # the rule's own
    assert "Slow rule" in error.message["en"] and "Slow rule" in error.message["fr"]
    assert error.start == error.end == 0 and error.matched == ""
    assert [f.rule_id for f in result.findings if f.kind == "banned_terms"] == ["ok"]
    assert result.risk == "medium"


# --- loading a style


def test_load_vale_style_maps_supported_rules_and_skips_others_with_a_reason():
    specs, skipped = load_vale_style(STYLE)
    by_id = {s.id: s for s in specs}
    assert set(by_id) == {
        "write-good.Acronyms", "write-good.Cliches", "write-good.Headline",
        "write-good.Passive", "write-good.Repeated", "write-good.SentenceLength",
        "write-good.So", "write-good.Spellings", "write-good.ThereIs",
        "write-good.TooWordy", "write-good.Weasel",
    }  # fmt: skip
    reasons = dict(skipped)
    assert set(reasons) == {"Broken.yml", "NotARule.yml", "Readability.yml", "Spelling.yml"}
    assert "spelling" in reasons["Spelling.yml"]
    assert "script" in reasons["Readability.yml"]
    assert "regular expression" in reasons["Broken.yml"]
    weasel = by_id["write-good.Weasel"]
    assert weasel.kind == "existence" and weasel.severity == "warning"
    assert weasel.message == {"en": "'%s' is a weasel word!", "fr": "'%s' is a weasel word!"}
    assert by_id["write-good.TooWordy"].severity == "info"
    assert by_id["write-good.TooWordy"].kind == "substitution"
    assert by_id["write-good.TooWordy"].guideline == "https://github.com/btford/write-good"
    assert by_id["write-good.So"].severity == "error"
    assert len(by_id["write-good.Cliches"].params["tokens"]) > 30


def test_a_loaded_style_checks_posts():
    specs, _ = load_vale_style(STYLE)
    text = (
        "There is a very good deal. We utilize e-mail in order to reach you; so we are "
        "able to help. Think outside the box: it is the the best game changer!"
    )
    findings = compile(specs).check(PostInput(text=text)).findings
    got = {(f.rule_id.split(".")[1], f.matched) for f in findings}
    assert {
        ("ThereIs", "There is"),
        ("Weasel", "very"),
        ("TooWordy", "utilize"),
        ("TooWordy", "in order to"),
        ("TooWordy", "are able to"),
        ("Cliches", "Think outside the box"),
        ("Cliches", "game changer"),
        ("Repeated", "the the"),
    } <= got
    wordy = next(f for f in findings if f.matched == "utilize")
    assert wordy.message["en"] == "Use 'use' instead of 'utilize'."


def test_load_vale_rule_returns_none_for_unsupported_kinds():
    assert load_vale_rule(STYLE / "Spelling.yml") is None
    spec = load_vale_rule(STYLE / "Weasel.yml")
    assert spec is not None and spec.id == "write-good.Weasel"


def test_rule_from_mapping_maps_levels():
    spec = rule_from_mapping({"extends": "existence", "tokens": "x", "level": "error"}, "S.R")
    assert spec.severity == "error" and spec.params["tokens"] == ["x"]
    assert rule_from_mapping({"extends": "existence", "tokens": ["x"]}, "S.R").severity == "warning"


# --- SocialGov's own keys


# Last in the file: its word lists ("e.g.") make the next full collection a long one,
# which a timed rule of a later test would count against its budget.
def test_existence_literal_tokens_are_words_whatever_their_punctuation():
    # SocialGov's own flag, written by the rule form: "C++" and "e.g." are words, not
    # regular expressions ("e.g." must not find "exg"), matched as banned_terms does.
    text = "We code in C++, e.g. daily; exg, C+, Café c++ CAFE"
    assert matched("existence", text, tokens=["C++", "e.g.", "café"], literal=True,
                   exceptions=["Café c++"]) == ["C++", "e.g.", "CAFE"]  # fmt: skip
    with pytest.raises(RuleError):
        compile([RuleSpec("v", "existence", {"tokens": ["a"], "literal": True, "raw": ["b"]})])
    with pytest.raises(RuleError):
        compile([RuleSpec("v", "existence", {"tokens": ["a"], "literal": "yes"})])
