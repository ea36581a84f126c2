"""Hostile speech in French (Québec and France): insults aimed at someone, sacres,
dehumanising comparisons and threats; and the everyday wording that must stay quiet."""

import pytest

from socialgov.checks.base import PostInput, RuleError, RuleSpec
from socialgov.checks.checkers import checker_for, default_checker

HOSTILE_RULES = (
    "core-fr/insults",
    "core-fr/insults-ambiguous",
    "core-fr/sacre-insults",
    "core-fr/sacres",
    "core-fr/dehumanising",
    "core-fr/threats",
    "core-fr/threats-aimed",
    "core-fr/ableist-words",
    "core-fr/ethnic-slang",
    "core-fr/ethnic-slurs",
    "core-fr/hate-rhetoric",
    "core-fr/profanity",
    "core-fr/slurs",
)


@pytest.fixture(scope="module")
def checker():
    return default_checker()


def hostile(checker, text):
    findings = checker.check(PostInput(text=text, language="fr")).findings
    return {(f.rule_id, f.severity) for f in findings if f.rule_id in HOSTILE_RULES}


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        ("T'es une vraie niaiseuse, franchement.", "core-fr/insults"),
        ("Espèce de crétin, relis ta commande.", "core-fr/insults"),
        ("Vous êtes tous des abrutis au service client.", "core-fr/insults"),
        ("@voisin23 mongol", "core-fr/insults"),
        ("C'est un gros attardé, ce gars-là.", "core-fr/insults"),
        ("Ta gueule, bouffon.", "core-fr/insults"),
        ("T'es un gros cave pis un épais.", "core-fr/insults-ambiguous"),
        ("Mon ostie de menteur, rends-moi mon argent.", "core-fr/sacre-insults"),
        ("Ce crisse de chauffard m'a coupé.", "core-fr/sacre-insults"),
        ("Ces gens-là sont des cafards.", "core-fr/dehumanising"),
        ("Ils sont tous des parasites, il faut le dire.", "core-fr/dehumanising"),
        ("Les migrants sont des animaux.", "core-fr/dehumanising"),
        ("Je vais te défoncer la prochaine fois.", "core-fr/threats-aimed"),
        ("Il faudrait tous les pendre sur la place.", "core-fr/threats-aimed"),
        ("On va vous égorger un par un.", "core-fr/threats-aimed"),
        ("Il y avait un ching chong dans le métro.", "core-fr/ethnic-slurs"),
    ],
)
def test_aimed_insults_threats_and_comparisons_are_errors(checker, text, rule_id):
    assert (rule_id, "error") in hostile(checker, text)


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        ("Tabarnak! Quelle soirée.", "core-fr/sacres"),
        ("Ostie que c'est bon, notre nouvelle poutine.", "core-fr/sacres"),
        ("Je suis tellement attardé ce matin.", "core-fr/ableist-words"),
        ("Les renois du quartier sont venus au lancement.", "core-fr/ethnic-slang"),
        ("Encore un article gauchiste.", "core-fr/hate-rhetoric"),
    ],
)
def test_unaimed_swearing_and_labels_are_warnings(checker, text, rule_id):
    found = hostile(checker, text)
    assert (rule_id, "warning") in found
    assert not any(severity == "error" for _, severity in found)


@pytest.mark.parametrize(
    "text",
    [
        "On a tué le temps en jouant aux cartes.",
        "Mort de rire devant ce spectacle !",
        "Je suis crevé après cette journée, à demain 9 h.",
        "Cette chanteuse est une bête de scène.",
        "Le nouveau menu ? C'est malade !",
        "Ce dessert est écœurant, allez le goûter.",
        "Notre cave à vin compte 300 bouteilles.",
        "Cette torche éclaire à 200 mètres.",
        "Le tri des déchets commence lundi.",
        "Les tiques sont des parasites : protégez votre chien.",
        "Les chats sont des animaux sociaux.",
        "Ces animaux cherchent une famille d'accueil.",
        "Les réfugiés étaient traités comme des animaux, dénonce le rapport.",
        "L'empire mongol s'étendait jusqu'en Europe.",
        "Essayez notre bœuf mongol, nouveauté du menu.",
        "Les tomates ? Il faut les planter en mai.",
        "Les taches de vin ? Il faut les frotter tout de suite.",
        "Nos clients handicapés ont un accès au rez-de-chaussée.",
        "Un bol de riz au saumon pour midi.",
        "Les chiffres arabes viennent de l'Inde.",
    ],
)
def test_everyday_wording_is_not_hostile(checker, text):
    assert hostile(checker, text) == set()


def test_aimed_terms_finding_spans_the_aiming_phrase_and_the_term(checker):
    text = "Bonjour, espèce d’abruti !"
    findings = [
        f for f in checker.check(PostInput(text=text, language="fr")).findings
        if f.rule_id == "core-fr/insults"
    ]
    assert [text[f.start : f.end] for f in findings] == ["espèce d’abruti"]
    assert "« espèce d’abruti »" in findings[0].message["fr"]


def test_aimed_terms_needs_the_phrase_right_before_the_term():
    rule = RuleSpec(
        id="t/aimed", kind="aimed_terms", severity="error",
        params={"terms": ["cave"], "aimed_by": ["t'es un"]},
    )
    checker = checker_for([rule])
    assert checker.check(PostInput(text="T'es un cave.", language="fr")).findings
    assert not checker.check(PostInput(text="T'es un amateur de cave.", language="fr")).findings
    assert not checker.check(PostInput(text="@ami cave", language="fr")).findings


def test_aimed_terms_without_aiming_phrase_is_a_rule_error():
    rule = RuleSpec(id="t/aimed", kind="aimed_terms", params={"terms": ["cave"]})
    with pytest.raises(RuleError):
        checker_for([rule])
