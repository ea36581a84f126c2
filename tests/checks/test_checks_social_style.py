"""``shouting``, ``emoji`` and ``formality``."""

import pytest

from socialgov.checks.engine import PostInput, RuleError, RuleSpec, compile


def run(rule, text, **post):
    result = compile([rule]).check(PostInput(text=text, **post)).findings
    result = [f for f in result if f.rule_id == rule.id]
    for f in result:
        assert text[f.start : f.end] == f.matched
    return result


def shouting(**params):
    return RuleSpec(id="s", kind="shouting", params=params)


def test_shouting_in_english_and_french():
    (finding,) = run(shouting(), "HUGE SALE TODAY only")
    assert finding.matched == "HUGE SALE TODAY"
    assert finding.message == {
        "en": "Shouting: 75 % of the words are in capitals.",
        "fr": "Ton criard : 75 % des mots sont en majuscules.",
    }
    (finding,) = run(shouting(), "ÉNORME VENTE À L’ENTREPÔT ce samedi")
    assert finding.matched == "ÉNORME VENTE À L’ENTREPÔT"


def test_acronyms_short_words_and_few_words_are_not_shouting():
    assert run(shouting(), "Le PDF de la NASA sur le QC et le CN") == []
    assert run(shouting(), "OK GO") == []  # fewer than 3 counted words
    assert run(shouting(), "NOUVEAU: la collection") == []  # 1 of 3 words
    assert run(shouting(acronyms=["SOLDES"]), "SOLDES SOLDES chez nous") == []
    assert run(shouting(threshold=0.9), "HUGE SALE TODAY only") == []


def test_exclamation_runs():
    found = run(shouting(), "Wow!!! Incroyable!! Génial!!!!")
    assert [f.matched for f in found] == ["!!!", "!!!!"]
    assert found[0].message["fr"] == "Trop de points d’exclamation : « !!! »."
    assert [f.matched for f in run(shouting(exclamations=2), "Incroyable!!")] == ["!!"]
    assert run(shouting(exclamations=0), "Wow!!!!!!") == []


def test_shouting_params_are_validated():
    for params in ({"threshold": 2}, {"threshold": "0.5"}, {"min_letters": -1}):
        with pytest.raises(RuleError):
            compile([shouting(**params)])


def emoji(maximum):
    return RuleSpec(id="e", kind="emoji", params={"max": maximum})


def test_no_emoji():
    text = "Bonne fête 🎉 à toute l’équipe 👨‍👩‍👧 🇨🇦 1️⃣ 👍🏽 ❤️ © ™"
    found = run(emoji("none"), text)
    assert [f.matched for f in found] == ["🎉", "👨‍👩‍👧", "🇨🇦", "1️⃣", "👍🏽", "❤️"]
    assert found[0].message == {"en": "No emoji in our posts: “🎉”.", "fr": "Pas d’émoji : « 🎉 »."}
    assert run(emoji(0), "Aucun émoji ici ©") == []


def test_at_most_n_emoji():
    found = run(emoji(2), "Go 🎉🎉 team 🔥 ok 👍🏽")
    assert [f.matched for f in found] == ["🔥", "👍🏽"]
    assert found[0].message["en"] == "More than 2 emoji: “🔥” is one too many."
    assert found[0].suggestion["fr"] == "Gardez au plus 2 émojis."
    with pytest.raises(RuleError):
        compile([emoji(-1)])
    with pytest.raises(RuleError):
        compile([emoji("few")])


def formality(address):
    return RuleSpec(id="f", kind="formality", params={"address": address})


def test_vous_brand_flags_tu_forms_in_french():
    text = "Tu vas adorer ta nouvelle tuque! Dépêche-toi, t’as jusqu’à lundi. Veux-tu?"
    found = run(formality("vous"), text, language="fr")
    assert [f.matched for f in found] == ["Tu", "ta", "toi", "t’", "tu"]
    assert found[0].message == {
        "en": "Informal “Tu”: our brand addresses people as “vous”.",
        "fr": "« Tu » : notre marque vouvoie, elle ne tutoie pas.",
    }


def test_the_tone_is_not_the_possessive():
    text = "Un ton chaleureux, le ton de la maison. Vous aimerez ton... non."
    found = run(formality("vous"), text, language="fr")
    assert [f.matched for f in found] == ["ton"]
    assert found[0].start == text.index("ton...")


def test_tu_brand_flags_vous_forms():
    text = "Merci de votre patience : vous recevrez vos billets bientôt."
    found = run(formality("tu"), text, language="fr")
    assert [f.matched for f in found] == ["votre", "vous", "vos"]
    assert found[0].suggestion["fr"] == "Tutoyez : « tu », « ton », « ta », « tes »."


def test_formality_only_checks_french_posts():
    assert run(formality("vous"), "Tu es là? Tell your team", language="en") == []
    detected = run(formality("vous"), "Merci, tu es génial et ta boutique aussi!", language=None)
    assert [f.matched for f in detected] == ["tu", "ta"]
    with pytest.raises(RuleError):
        compile([formality("toi")])
