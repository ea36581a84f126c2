"""Banned terms and substitutions: what matches, where, and what the author is told."""

import pytest

from socialgov.checks.engine import PostInput, RuleError, RuleSpec, compile


def banned(*terms, exceptions=None, **kwargs):
    params = {"terms": list(terms)}
    if exceptions is not None:
        params["exceptions"] = exceptions
    return RuleSpec(id="1", kind="banned_terms", params=params, **kwargs)


def matches(rule, text):
    findings = compile([rule]).check(PostInput(text=text)).findings
    for f in findings:
        assert text[f.start : f.end] == f.matched
    return [f.matched for f in findings]


def test_banned_term_matches_regardless_of_case_and_accents():
    assert matches(banned("enorme"), "Une offre Énorme, ÉNORME, énorme!") == [
        "Énorme",
        "ÉNORME",
        "énorme",
    ]
    assert matches(banned("Énorme"), "une offre enorme") == ["enorme"]


def test_banned_term_matches_text_with_decomposed_accents():
    text = "Offre e\u0301norme"  # "é" typed as e + combining acute
    assert matches(banned("énorme"), text) == ["e\u0301norme"]


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("ass", "Join our class today"),
        ("ass", "Ask our assistant"),
        ("con", "Participez à notre concours"),
        ("con", "Bienvenue, c’est parti"),
        ("cheap", "cheaper than ever"),
        ("élu", "Il a été réélu"),
        ("free shipping", "carefree shippingcontainers"),
    ],
)
def test_banned_term_does_not_match_inside_a_longer_word(term, text):
    assert matches(banned(term), text) == []


def test_accented_letters_are_part_of_the_word():
    assert matches(banned("lu"), "élu, lu") == ["lu"]
    assert matches(banned("élu"), "Notre élu!") == ["élu"]


def test_multi_word_term_matches_across_any_whitespace():
    text = "Free shipping, free  shipping, free\nshipping and free\u00a0shipping"
    assert matches(banned("free shipping"), text) == [
        "Free shipping",
        "free  shipping",
        "free\nshipping",
        "free\u00a0shipping",
    ]


def test_banned_term_matches_after_a_french_elision():
    assert matches(banned("idiot"), "C’est l’idiot du village") == ["idiot"]
    assert matches(banned("idiot"), "l'idiot") == ["idiot"]
    assert matches(banned("arnaque"), "Pas d’arnaque ici, qu'arnaque") == ["arnaque", "arnaque"]


def test_curly_and_straight_apostrophes_are_the_same():
    assert matches(banned("don't"), "Don’t miss it") == ["Don’t"]
    assert matches(banned("c’est nul"), "C'est nul") == ["C'est nul"]


def test_term_edges_that_are_not_letters_still_match():
    assert matches(banned("#ad"), "Great stuff #ad #adorable") == ["#ad"]
    assert matches(banned("100 %"), "garanti 100 % ou remboursé") == ["100 %"]


def test_longest_term_wins_when_terms_overlap():
    assert matches(banned("free", "free shipping"), "free shipping today") == ["free shipping"]


def test_exceptions_silence_a_banned_term_inside_them():
    rule = banned("cheap", exceptions=["Cheap Monday"])
    assert matches(rule, "Cheap Monday jeans are not cheap") == ["cheap"]


def test_findings_point_at_the_original_text_even_with_accents():
    text = "Ça coûte pas cher, vraiment PAS CHÈR… ﬁnal ﬁxe"
    findings = compile([banned("pas cher", "fixe")]).check(PostInput(text=text)).findings
    assert [(text[f.start : f.end], f.matched) for f in findings] == [
        ("pas cher", "pas cher"),
        ("PAS CHÈR", "PAS CHÈR"),
        ("ﬁxe", "ﬁxe"),
    ]
    assert findings[0].start == text.index("pas cher")
    assert findings[1].start == text.index("PAS CHÈR")


def test_banned_term_message_fills_the_matched_text_in_english_and_french():
    rule = banned(
        "cheap",
        message={"en": "“%s” is off-brand", "fr": "« %s » n’est pas notre ton"},
        suggestion={"en": "Say what “%s” hides", "fr": "Dites ce que « %s » cache"},
        severity="error",
        guideline="Tone: premium",
    )
    (finding,) = compile([rule]).check(PostInput(text="So CHEAP!")).findings
    assert finding.message == {"en": "“CHEAP” is off-brand", "fr": "« CHEAP » n’est pas notre ton"}
    assert finding.suggestion == {
        "en": "Say what “CHEAP” hides",
        "fr": "Dites ce que « CHEAP » cache",
    }
    assert finding.severity == "error"
    assert finding.guideline == "Tone: premium"
    assert finding.kind == "banned_terms"
    assert finding.rule_id == "1"


def test_banned_term_without_message_gets_a_default_in_both_languages():
    (finding,) = compile([banned("cheap")]).check(PostInput(text="cheap")).findings
    assert finding.message == {"en": "Avoid “cheap”.", "fr": "Évitez « cheap »."}


def test_message_in_one_language_only_falls_back_to_the_default_for_the_other():
    rule = banned("cheap", message={"fr": "Pas de « %s »"})
    (finding,) = compile([rule]).check(PostInput(text="cheap")).findings
    assert finding.message == {"en": "Avoid “cheap”.", "fr": "Pas de « cheap »"}


@pytest.mark.parametrize("params", [{}, {"terms": "cheap"}, {"terms": []}, {"terms": [1]}])
def test_banned_terms_without_a_list_of_terms_is_a_rule_error(params):
    with pytest.raises(RuleError) as excinfo:
        compile([RuleSpec(id="7", kind="banned_terms", params=params)])
    assert excinfo.value.rule_id == "7"


def swap(mapping, **kwargs):
    return RuleSpec(id="2", kind="substitution", params={"swap": mapping}, **kwargs)


def test_substitution_suggests_the_replacement_by_default():
    text = "Please utilize your e-mail"
    findings = (
        compile([swap({"utilize": "use", "e-mail": "courriel"})])
        .check(PostInput(text=text))
        .findings
    )
    assert [f.matched for f in findings] == ["utilize", "e-mail"]
    assert findings[0].suggestion == {"en": "Use “use”", "fr": "Utilisez « use »"}
    assert findings[1].suggestion == {"en": "Use “courriel”", "fr": "Utilisez « courriel »"}
    assert findings[1].message == {
        "en": "Prefer “courriel” to “e-mail”.",
        "fr": "Préférez « courriel » à « e-mail ».",
    }


def test_substitution_fills_its_templates_with_the_matched_text_and_the_replacement():
    rule = swap(
        {"Courriel électronique": "courriel"},
        message={"en": "Redundant: %s", "fr": "Pléonasme : %s"},
        suggestion={"en": "Write %s", "fr": "Écrivez %s"},
    )
    (finding,) = compile([rule]).check(PostInput(text="Votre COURRIEL  electronique")).findings
    assert finding.matched == "COURRIEL  electronique"
    assert finding.message == {
        "en": "Redundant: COURRIEL  electronique",
        "fr": "Pléonasme : COURRIEL  electronique",
    }
    assert finding.suggestion == {"en": "Write courriel", "fr": "Écrivez courriel"}


def test_substitution_uses_the_same_word_boundaries_as_banned_terms():
    rule = swap({"utilize": "use"})
    assert compile([rule]).check(PostInput(text="utilized, reutilize")).findings == []


def test_substitution_already_written_as_the_replacement_is_not_reported():
    rule = swap({"linkedin": "LinkedIn"})
    findings = compile([rule]).check(PostInput(text="LinkedIn, Linkedin, linkedin")).findings
    assert [f.matched for f in findings] == ["Linkedin", "linkedin"]


def test_substitution_with_conflicting_replacements_is_a_rule_error():
    with pytest.raises(RuleError):
        compile([swap({"E-mail": "courriel", "e-mail": "email"})])
    with pytest.raises(RuleError):
        compile([swap({})])


def test_not_with_makes_term_and_cooccurrence_rules_stand_down():
    from socialgov.checks.engine import PostInput, RuleSpec, compile

    rules = [
        RuleSpec(
            id="t", kind="banned_terms", params={"terms": ["victims"], "not_with": ["relief fund"]}
        ),
        RuleSpec(
            id="c",
            kind="cooccurrence",
            params={"first": ["wildfire"], "second": ["sale"], "not_with": ["au profit des"]},
        ),
    ]
    checker = compile(rules)
    ids = lambda text: sorted(f.rule_id for f in checker.check(PostInput(text=text)).findings)  # noqa: E731
    assert ids("Wildfire victims: bake sale today") == ["c", "t"]
    assert ids("Wildfire victims: bake sale today for the relief fund") == ["c"]
    assert ids("Wildfire : sale au profit des victims") == ["t"]
