"""``watch`` (and the built-in watch rule), ``sentiment`` and ``blame``."""

import pytest

from socialgov.checks import tone
from socialgov.checks.engine import PostInput, RuleError, RuleSpec, compile


def run(rules, text, **post):
    result = compile(rules).check(PostInput(text=text, **post)).findings
    for f in result:
        assert text[f.start : f.end] == f.matched
    return result


def test_builtin_watch_uses_the_posts_watch_words_without_any_rule():
    text = "Notre usine de Lac-Mégantic reprend du service. Explosion de saveurs!"
    found = run([], text, watch=("explosion", "lac-megantic"))
    assert [(f.rule_id, f.matched) for f in found] == [
        ("builtin:watch", "Lac-Mégantic"),
        ("builtin:watch", "Explosion"),
    ]
    assert all(f.severity == "error" and f.kind == "watch" for f in found)
    assert found[1].message == {
        "en": "Crisis watch word “Explosion”: this post needs the crisis team's approval.",
        "fr": "Mot sous surveillance de crise « Explosion » : cette publication doit être "
        "approuvée par la cellule de crise.",
    }
    assert run([], text) == []


def test_watch_rule_adds_its_own_terms_and_is_always_an_error():
    rule = RuleSpec(id="w", kind="watch", params={"terms": ["outage"]}, severity="info")
    found = run([rule], "Sorry for the outage and the recall", watch=("recall",))
    assert [(f.rule_id, f.matched, f.severity) for f in found] == [
        ("w", "outage", "error"),
        ("w", "recall", "error"),
    ]
    assert compile([rule]).builtins[0].id == "builtin:length"  # no built-in watch then


def sentiment(**params):
    return RuleSpec(id="t", kind="sentiment", params=params)


def test_negative_reply_in_english():
    text = "@joe That is not our problem. Your complaint is ridiculous."
    (finding,) = run([sentiment()], text)
    assert (finding.start, finding.end) == (0, 0)
    assert finding.message["en"].startswith("Negative tone in a reply to a customer (score -0.")
    assert "“ridiculous”" in finding.message["en"]
    assert "« ridiculous »" in finding.message["fr"]


def test_negative_reply_in_french():
    text = "C’est nul et inacceptable de nous écrire ça."
    (finding,) = run([sentiment()], text, objective="customer_service", language="fr")
    assert finding.message["fr"].startswith("Ton négatif dans une réponse à un client (score")
    assert "« nul »" in finding.message["fr"]


def test_cold_reply_in_both_languages():
    # Cold: a complaint answered without a warm word; an informative reply alone is not.
    complaint_fr = "Ma commande est en retard, c'est nul."
    complaint_en = "My order is late, this is terrible."
    assert run([sentiment()], "@marie Votre commande arrive lundi.", language="fr") == []
    (finding,) = run([sentiment()], "@marie Votre commande arrive lundi.", language="fr",
                     replying_to=complaint_fr)
    assert finding.message["fr"].startswith("Réponse froide à un client")
    assert run([sentiment()], "@joe Your order ships Monday.", language="en") == []
    (finding,) = run([sentiment()], "@joe Your order ships Monday.", language="en",
                     replying_to=complaint_en)
    assert finding.message["en"].startswith("Cold reply to a customer")
    assert run([sentiment(cold=False)], "@joe Your order ships Monday.",
               replying_to=complaint_en) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("@marie Merci de votre patience, votre commande arrive lundi!", "fr"),
        ("@marie Nous sommes désolés pour ce retard, nous réglons ça.", "fr"),
        ("@joe Thanks so much, happy to help!", "en"),
        ("@joe Sorry about the delay, your order ships Monday.", "en"),
    ],
)
def test_warm_replies_pass(text, language):
    assert run([sentiment()], text, language=language) == []


def test_sentiment_checks_replies_only():
    text = "Our competitors' products are terrible and useless."
    assert run([sentiment()], text, objective="sell") == []
    assert run([sentiment()], text, objective="customer_service")


def test_sentiment_params_are_validated():
    with pytest.raises(RuleError):
        compile([sentiment(threshold=-2)])
    with pytest.raises(RuleError):
        compile([sentiment(cold="yes")])


def test_french_scorer_handles_negation_and_boosters():
    good, _ = tone.compound("C’est bien", "fr")
    not_good, _ = tone.compound("Ce n’est pas bien", "fr")
    very_good, _ = tone.compound("C’est très bien", "fr")
    assert not_good < 0 < good < very_good


def blame(**params):
    return RuleSpec(id="b", kind="blame", params=params)


def test_blame_phrases_in_english_and_french():
    text = "As we already said, you should have read the instructions."
    found = run([blame()], text)
    assert [f.matched for f in found] == [
        "As we already said",
        "you should have",
        "read the instructions",
    ]
    assert found[0].message == {
        "en": "“As we already said” sounds like blaming the customer.",
        "fr": "« As we already said » donne l’impression de blâmer le client.",
    }
    text = "Comme nous l’avons déjà dit, vous auriez dû lire le courriel. Vous n’avez pas lu?"
    found = run([blame()], text)
    assert [f.matched for f in found] == [
        "Comme nous l’avons déjà dit",
        "vous auriez dû",
        "Vous n’avez pas lu",
    ]


def test_blame_terms_can_be_replaced():
    assert [f.matched for f in run([blame(terms=["obviously"])], "Obviously, no.")] == ["Obviously"]
    assert run([blame(terms=["obviously"])], "You should have known") == []


def test_watch_words_match_other_forms_of_a_word():
    found = run([], "Morning, Shooters. Happy Friday!", watch=("shooting",))
    assert [(f.rule_id, f.matched, f.severity) for f in found] == [
        ("builtin:watch", "Shooters", "error")
    ]
    found = run([], "Les inondations ont tout emporté.", watch=("inondation",), language="fr")
    assert [f.matched for f in found] == ["inondations"]
    # short words are left alone: "fire" does not find "fired up"
    assert run([], "We're fired up for Saturday!", watch=("fire",)) == []


def test_watch_names_match_by_their_uncommon_capitalised_parts():
    text = "Bonjour Anne, Brad nous a dit qu’il serait au stade mercredi."
    found = run([], text, watch=("Brad Pitt",), language="fr")
    assert [f.matched for f in found] == ["Brad"]
    # the part must be written capitalised, and common words never match alone
    assert run([], "a brad nail gun", watch=("Brad Pitt",)) == []
    assert run([], "Happy Mother's Day!", watch=("International Women's Day",)) == []
    assert run([], "Bonjour Montréal !", watch=("Fierté Montréal",), language="fr") == []
