"""One-click fixes: Finding.replacement, set only when the rule is certain of it."""

import pytest

from socialgov.checks.engine import PostInput, RuleSpec, compile
from socialgov.checks.fixes import match_case, single_term


def fixes(rule, text, language="en"):
    findings = compile([rule]).check(PostInput(text=text, language=language)).findings
    return [(f.matched, f.replacement) for f in findings if f.rule_id == rule.id]


def applied(rule, text, language="en"):
    """The text with every replacement applied (right to left)."""
    findings = compile([rule]).check(PostInput(text=text, language=language)).findings
    for f in sorted(findings, key=lambda f: -f.start):
        if f.rule_id == rule.id and f.replacement is not None:
            text = text[: f.start] + f.replacement + text[f.end :]
    return text


# --- substitution ----------------------------------------------------------------------

SWAP = RuleSpec(
    id="swap",
    kind="substitution",
    params={"swap": {"utilize": "use", "covid": "COVID-19", "linkedin": "LinkedIn",
                     "e-mail": "courriel", "week-end": "fin de semaine"}},
)  # fmt: skip


def test_substitution_offers_the_swap_target_in_the_matched_case():
    assert fixes(SWAP, "Utilize it. UTILIZE it! We utilize it.") == [
        ("Utilize", "Use"), ("UTILIZE", "USE"), ("utilize", "use"),
    ]  # fmt: skip
    assert applied(SWAP, "E-mail reçu. Un e-mail par week-end.", "fr") == (
        "Courriel reçu. Un courriel par fin de semaine."
    )


def test_a_target_with_capitals_keeps_them():
    assert fixes(SWAP, "Covid, covid, COVID and linkedin, LINKEDIN") == [
        ("Covid", "COVID-19"), ("covid", "COVID-19"), ("COVID", "COVID-19"),
        ("linkedin", "LinkedIn"), ("LINKEDIN", "LinkedIn"),
    ]  # fmt: skip


def test_no_fix_where_it_is_not_certain():
    # Inside a hashtag, a mention or a URL the text is a link: no one-click edit.
    found = dict(fixes(SWAP, "#utilize @utilize https://exemple.com/utilize"))
    assert set(found.values()) <= {None}
    # The text around already spells the target: "covid-19" must not become COVID-19-19.
    assert fixes(SWAP, "covid-19 cases") in ([], [("covid", None)])
    assert applied(SWAP, "covid-19 cases") == "covid-19 cases"


def test_vale_substitution_fixes_only_a_single_option():
    one = RuleSpec(id="v", kind="substitution",
                   params={"vale": True, "ignorecase": True, "swap": {"utilise": "utilize"}})
    assert fixes(one, "Utilise it") == [("Utilise", "Utilize")]
    two = RuleSpec(id="v", kind="substitution",
                   params={"vale": True, "ignorecase": True, "swap": {"obtain": "get|acquire"}})
    assert fixes(two, "Obtain it") == [("Obtain", None)]
    exact = RuleSpec(id="v", kind="substitution",
                     params={"vale": True, "swap": {"Javascript": "JavaScript", "[Ww]eb site": "website"}})  # noqa: E501
    assert fixes(exact, "Javascript on our Web site") == [
        ("Javascript", "JavaScript"), ("Web site", "website"),
    ]  # fmt: skip


# --- capitalization --------------------------------------------------------------------


def cap(match, **params):
    return RuleSpec(id="cap", kind="capitalization", params={"match": match, **params})


@pytest.mark.parametrize(
    ("rule", "text", "fixed"),
    [
        (cap("$title"), "our new summer collection is here", "Our New Summer Collection Is Here"),
        (cap("$title"), "the iPhone case for the WHO", "The iPhone Case for the WHO"),
        (cap("$lower", exceptions=["Montréal"]), "Our New Shop In Montréal",
         "our new shop in Montréal"),
        (cap("$upper"), "sale starts now", "SALE STARTS NOW"),
        (cap("$sentence"), "our new collection is here", "Our new collection is here"),
    ],
)  # fmt: skip
def test_capitalization_offers_the_recapitalised_piece(rule, text, fixed):
    ((matched, replacement),) = fixes(rule, text)
    assert (matched, replacement) == (text, fixed)
    assert fixes(rule, fixed) == []  # the rule accepts its own fix


def test_capitalization_fix_only_when_certain():
    # Sentence case cannot tell names from words: no fix for "Visit Montréal This Summer".
    assert fixes(cap("$sentence"), "Visit Montréal This Summer With Us") == [
        ("Visit Montréal This Summer With Us", None)
    ]
    # A regular expression says what is wrong, not what is right.
    assert fixes(cap("^[A-Z]"), "lower start") == [("lower start", None)]


# --- term rules with one suggested alternative ------------------------------------------


def banned(suggestion, terms=("cheap", "pas cher")):
    return RuleSpec(id="b", kind="banned_terms", params={"terms": list(terms)},
                    suggestion=suggestion)


def test_a_single_term_suggestion_is_the_fix_in_the_posts_language():
    rule = banned({"en": "affordable", "fr": "abordable"})
    assert fixes(rule, "Cheap and CHEAP and cheap") == [
        ("Cheap", "Affordable"), ("CHEAP", "AFFORDABLE"), ("cheap", "affordable"),
    ]  # fmt: skip
    assert fixes(rule, "Pas cher du tout!", "fr") == [("Pas cher", "Abordable")]
    quoted = banned({"en": "“budget-friendly”", "fr": "«\u00a0à bon prix\u00a0»"})
    assert fixes(quoted, "so cheap") == [("cheap", "budget-friendly")]
    assert fixes(quoted, "C’est pas cher", "fr") == [("pas cher", "à bon prix")]


@pytest.mark.parametrize(
    "suggestion",
    [
        {"en": "Describe the value instead of “%s”."},  # a sentence
        {"en": "Remove it"},  # an instruction
        {"en": "Rewrite"},
        {"en": "affordable or budget-friendly"},  # two options
        {"en": "“affordable” or “budget-friendly”"},
        {"en": "%s"},  # the matched text itself
        {"fr": "abordable"},  # nothing in the post's language
        {},
    ],
)
def test_no_fix_from_a_sentence_an_instruction_or_several_options(suggestion):
    assert fixes(banned(suggestion), "So cheap") == [("cheap", None)]


def test_existence_rules_use_the_same_single_term_fix():
    rule = RuleSpec(id="e", kind="existence",
                    params={"tokens": ["synergy"], "ignorecase": True},
                    suggestion={"en": "teamwork"})
    assert fixes(rule, "Synergy wins") == [("Synergy", "Teamwork")]
    regex_rule = RuleSpec(id="e", kind="existence", params={"tokens": ["synerg(?:y|ies)"]},
                          suggestion={"en": "teamwork"})
    assert fixes(regex_rule, "our synergies") == [("synergies", "teamwork")]


def test_an_undecided_language_gets_no_term_fix():
    rule = banned({"en": "affordable", "fr": "abordable"})
    findings = compile([rule]).check(PostInput(text="cheap", language=None)).findings
    for finding in findings:
        assert finding.replacement is None or finding.replacement in {"affordable", "abordable"}


# --- the helpers ---------------------------------------------------------------------------


def test_match_case_and_single_term():
    assert match_case("Utilize", "use") == "Use"
    assert match_case("UTILIZE", "use") == "USE"
    assert match_case("utilize", "use") == "use"
    assert match_case("E", "use") == "Use"
    assert match_case("Week-end", "fin de semaine") == "Fin de semaine"
    assert match_case("covid", "COVID-19") == "COVID-19"
    assert single_term("  affordable ") == "affordable"
    assert single_term("« fin de semaine »") == "fin de semaine"
    assert single_term("l’infolettre") == "l’infolettre"
    assert single_term("Use a warmer word.") is None
    assert single_term("Reformulez") is None
    assert single_term("") is None


def test_other_rules_leave_replacement_empty():
    rule = RuleSpec(id="s", kind="shouting", params={})
    findings = compile([rule]).check(PostInput(text="THIS IS A HUGE SALE TODAY!!!")).findings
    assert findings and all(f.replacement is None for f in findings)
