"""Shipped rule packs: format, loading, language scopes, and accuracy on the labelled posts."""

from pathlib import Path

import pytest
import yaml

from socialgov.checks.base import PostInput
from socialgov.checks.checkers import checker_for, default_checker
from socialgov.checks.engine import rule_languages
from socialgov.checks.packs import (
    DEFAULT_PACKS,
    PackError,
    available_packs,
    load_pack,
    load_pack_with_notes,
)

EVALS = Path(__file__).resolve().parent.parent / "evals"


@pytest.fixture(scope="module")
def checker():
    return default_checker()


def flagged(checker, text, language):
    findings = checker.check(PostInput(text=text, language=language)).findings
    return [f for f in findings if f.severity in ("warning", "error")]


def test_shipped_packs_are_listed_and_load():
    assert {"core-en", "core-fr", "core-common"} <= set(available_packs())
    for name in DEFAULT_PACKS:
        specs = load_pack(name)
        assert specs
        assert any(spec.id.startswith(f"{name}/") for spec in specs)


@pytest.mark.parametrize("name", ["core-en", "core-fr", "core-common"])
def test_every_rule_speaks_both_languages(name):
    for spec in load_pack(name):
        for field in (spec.message, spec.suggestion):
            assert field.get("en", "").strip(), (spec.id, field)
            assert field.get("fr", "").strip(), (spec.id, field)


def test_shared_rules_run_once_when_both_packs_are_loaded(checker):
    ids = [rule.id for rule in checker.rules]
    assert len(ids) == len(set(ids))
    findings = checker.check(PostInput(text="Call me at 514-555-0199", language="en")).findings
    assert [f.rule_id for f in findings].count("core/pii-contact") == 1


def test_language_scoped_rules_only_apply_to_their_language(checker):
    # "con" is French profanity, and an ordinary word in "chili con carne" or English text.
    assert flagged(checker, "Espèce de con !", "fr")
    assert not flagged(checker, "Pro and con: our new menu, reviewed.", "en")
    # "retard" is an English slur and a French word for "delay".
    assert not flagged(checker, "Désolés pour le retard de votre colis.", "fr")
    assert flagged(checker, "Only a retard would pay full price.", "en")


def test_scope_is_kept_in_params_and_detected_language_is_used():
    [spec] = [s for s in load_pack("core-fr") if s.id == "core-fr/profanity"]
    assert rule_languages(spec) == frozenset({"fr"})
    checker = checker_for([spec])
    assert checker.check(PostInput(text="Quelle journée de merde, putain.", language=None)).findings
    assert not checker.check(PostInput(text="Putain", language="en")).findings


def test_unknown_pack_and_bad_pack_files(tmp_path):
    with pytest.raises(PackError):
        load_pack("no-such-pack")
    bad = tmp_path / "bad.yml"
    bad.write_text("id: x\nrules:\n  - kind: banned_terms\n", encoding="utf-8")
    with pytest.raises(PackError, match="missing 'id'"):
        load_pack(bad)
    bad.write_text("id: x\nrules:\n  - {id: a, kind: k, languages: [de]}\n", encoding="utf-8")
    with pytest.raises(PackError, match="languages"):
        load_pack(bad)


def test_a_yaml_pack_given_by_path(tmp_path):
    pack = {
        "id": "acme",
        "name": {"en": "Acme", "fr": "Acme"},
        "includes": ["core-common"],
        "rules": [
            {
                "id": "acme/rivals",
                "kind": "banned_terms",
                "severity": "error",
                "params": {"terms": ["Globex"]},
                "languages": ["en"],
                "message": {"en": "No rivals: %s", "fr": "Pas de concurrents : %s"},
                "suggestion": {"en": "Remove it.", "fr": "Retirez-le."},
            }
        ],
    }
    path = tmp_path / "acme.yml"
    path.write_text(yaml.safe_dump(pack), encoding="utf-8")
    specs, notes = load_pack_with_notes(str(path))
    assert notes == []
    assert specs[-1].id == "acme/rivals" and specs[-1].params["languages"] == ["en"]
    assert any(s.id.startswith("core/") for s in specs)
    checker = checker_for(specs)
    [finding] = checker.check(PostInput(text="Better than Globex.", language="en")).findings
    assert finding.message["fr"] == "Pas de concurrents : Globex"
    assert not checker.check(PostInput(text="Mieux que Globex.", language="fr")).findings


def test_a_vale_style_folder(tmp_path):
    pytest.importorskip("socialgov.checks.vale")
    style = tmp_path / "Acme"
    style.mkdir()
    (style / "Rivals.yml").write_text(
        "extends: existence\nmessage: \"Don't mention '%s'.\"\nlevel: error\n"
        "ignorecase: true\ntokens:\n  - globex\n",
        encoding="utf-8",
    )
    (style / "Odd.yml").write_text("extends: script\nmessage: x\nscript: y\n", encoding="utf-8")
    specs, notes = load_pack_with_notes(str(style))
    assert len(specs) == 1
    assert notes  # the script rule is skipped, with a note
    assert checker_for(specs).check(PostInput(text="Globex is bad", language="en")).findings


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("This sale is insane: 40% off every shell jacket until Sunday.", "en"),
        ("Killer deal: two lattes for $7, all week.", "en"),
        ("Those hill repeats nearly killed us. Tuesday group run, 6:30 pm.", "en"),
        ("Remembrance Day: our stores open at 11:30 so staff can attend ceremonies.", "en"),
        ("Storm season checklist: clear your gutters and charge your phones.", "en"),
        ("Notre sauce piquante d'enfer est de retour !", "fr"),
        ("Solde : on fait sauter les prix sur tous les vélos !", "fr"),
        ("Mort de rire garanti : soirée de la relève jeudi à 20 h.", "fr"),
        ("Bonne Fête nationale ! Nos succursales seront fermées le 24 juin.", "fr"),
        ("Pique-nique de la Fierté dimanche au parc.", "fr"),
        ("Je me souviens : exposition de vieilles plaques d'immatriculation.", "fr"),
    ],
)
def test_near_misses_pass(checker, text, language):
    assert not flagged(checker, text, language)


@pytest.mark.parametrize(
    ("text", "language", "rule"),
    [
        ("Hurricane sale! 20% off everything while the storm lasts.", "en", "core-en/newsjacking"),
        ("What a f*cking great deal", "en", "core-en/profanity"),
        ("Tag 3 friends to win a free pizza!", "en", "core-en/engagement-bait"),
        (
            "Finish the sentence: I love our bank because... #BankLove",
            "en",
            "core-en/hashtag-hijack",
        ),
        ("Tabarnak que c'est bon !", "fr", "core-fr/sacres"),
        ("Feux de forêt : 30 % de rabais sur les climatiseurs !", "fr", "core-fr/newsjacking"),
        ("Félicitations, vous avez survécu à l'ouragan !", "fr", "core-fr/survived-event"),
        ("Giveaway! Win a PS5: follow us and comment.", "en", "core/contest-rules"),
    ],
)
def test_gaffe_patterns_are_flagged(checker, text, language, rule):
    assert rule in {f.rule_id for f in flagged(checker, text, language)}


@pytest.mark.parametrize(("text", "language"), [
    ("Giveaway: win a tote bag! No purchase necessary, rules at example.com/rules.", "en"),
    ("Concours : courez la chance de gagner un sac. Aucun achat requis ; règlement en ligne.",
     "fr"),
])
def test_a_contest_with_its_rules_passes(checker, text, language):
    assert "core/contest-rules" not in {f.rule_id for f in flagged(checker, text, language)}


def test_the_contest_mark_is_on_the_contest_words(checker):
    text = "Spring is here. #Giveaway"
    (finding,) = [f for f in flagged(checker, text, "en") if f.rule_id == "core/contest-rules"]
    assert text[finding.start:finding.end] == "Giveaway"


def test_accuracy_on_the_extra_labelled_posts(checker):
    """Guards the packs against regressions; bench/accuracy.py prints the full figures."""
    gaffes = yaml.safe_load((EVALS / "gaffes-extra.yaml").read_text(encoding="utf-8"))
    ordinary = yaml.safe_load((EVALS / "ordinary-extra.yaml").read_text(encoding="utf-8"))
    assert len(ordinary) >= 300
    text_only = [g for g in gaffes if not g["requires_media"]]
    caught = sum(bool(flagged(checker, g["text"], g["language"])) for g in text_only)
    false_alarms = [o["id"] for o in ordinary if flagged(checker, o["text"], o["language"])]
    assert caught / len(text_only) >= 0.6
    assert len(false_alarms) / len(ordinary) <= 0.05, false_alarms


def test_an_english_post_saved_as_french_still_meets_the_english_rules():
    checker = checker_for(load_pack("core-en") + load_pack("core-fr"))
    text = "Hurricane season is here: shop our storm sale now and save 40%!"
    as_english = checker.check(PostInput(text=text, language="en"))
    mislabelled = checker.check(PostInput(text=text, language="fr"))
    assert as_english.blocking
    assert {f.rule_id for f in mislabelled.findings} >= {
        f.rule_id for f in as_english.findings if f.rule_id.startswith("core-en/")
    }
    assert mislabelled.blocking


@pytest.mark.parametrize(
    ("text", "language", "rule"),
    [
        ("We're tweeting live from HR where we're all being fired!", "en", "core-en/staff-turmoil"),
        ("On se fait tous virer aujourd'hui, merci la direction !", "fr", "core-fr/staff-turmoil"),
        (
            "Happy International Women's Day! 30% off every vacuum cleaner.",
            "en",
            "core-en/womens-day-chores",
        ),
        (
            "Journée internationale des droits des femmes : 20 % sur les aspirateurs !",
            "fr",
            "core-fr/womens-day-chores",
        ),
        (
            "Unlike some people, our vodka always goes down smoothly.",
            "en",
            "core-en/product-as-person",
        ),
        ("Contrairement à ton ex, notre cidre se laisse faire.", "fr", "core-fr/product-as-person"),
        ("1 RT = 1 breakfast for a child in need!", "en", "core-en/engagement-for-a-cause"),
        (
            "Pour chaque partage, on donne 1 $ aux sinistrés.",
            "fr",
            "core-fr/engagement-for-a-cause",
        ),
        ("Not our problem. Learn to read the policy.", "en", "core-en/dismissive-reply"),
        ("Pas notre problème, apprenez à lire.", "fr", "core-fr/dismissive-reply"),
        ("Happy Remembrance Day! Doors open at 9.", "en", "core-en/festive-mourning-day"),
        ("Joyeux jour du Souvenir à tous !", "fr", "core-fr/festive-mourning-day"),
        ("You can pinch people who aren't wearing green.", "en", "core-en/consent"),
        ("Quand elle dit non, offre-lui un autre verre.", "fr", "core-fr/consent"),
        (
            "Mesdames, un coussin très beau sur le canapé mais aussi très utile si vous vous "
            "mettez à genoux.",
            "fr",
            "core-fr/women-kneeling",
        ),
        ("Remembrance Day sale: 25% off all outerwear.", "en", "core-en/newsjacking"),
        ("Jour du Souvenir : 25 % de rabais sur les manteaux.", "fr", "core-fr/newsjacking"),
        ("Our new juice protects against COVID.", "en", "core-en/claims"),
        ("Notre tisane protège contre la COVID.", "fr", "core-fr/claims"),
        ("Sometimes, lighter is better. Women drivers, take note.", "en", "core-en/discrimination"),
        ("Sois belle et tais-toi : le nouveau rouge à lèvres.", "fr", "core-fr/discrimination"),
    ],
)
def test_broadened_gaffe_categories_are_flagged(checker, text, language, rule):
    assert rule in {f.rule_id for f in flagged(checker, text, language)}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Saturday's bake sale is for the Red Cross wildfire relief fund. Thank you!",
            "en",
        ),
        ("Vente de pâtisseries au profit des sinistrés des inondations samedi.", "fr"),
        (
            "Today we remember the victims of the Polytechnique attack. A minute of silence at 11.",
            "en",
        ),
        ("Le 6 décembre, nous nous souvenons des victimes de Polytechnique.", "fr"),
        ("Happy International Women's Day to the welders and drivers of our fleet!", "en"),
        ("Pour la Journée des femmes, notre cheffe raconte sa brigade en cuisine.", "fr"),
        ("Our whole crew got fired up for the grand reopening.", "en"),
        ("This lager goes down easy on a hot afternoon. Six-packs are back.", "en"),
        ("Notre lager se boit toute seule par temps chaud.", "fr"),
        ("Wear green on Saturday or risk a pinch! Irish stew on the menu.", "en"),
        ("Election day: our stores close at 6 pm so our team can vote.", "en"),
        ("Jour d'élection : nos magasins ferment à 18 h pour que l'équipe puisse voter.", "fr"),
        ("Behind the scenes: shooting our new campaign. Shop the fall collection now.", "en"),
        ("Désherbage : mettez-vous à genoux sur un coussin, mesdames et messieurs.", "fr"),
        ("Pecorino romano en meule, 10 % de rabais. Soirée jazz manouche samedi.", "fr"),
        ("Our sourdough starter is idiot-proof.", "en"),
    ],
)
def test_broadened_categories_leave_near_misses_alone(checker, text, language):
    assert not flagged(checker, text, language)


@pytest.mark.parametrize(
    ("text", "language", "rule"),
    [
        (
            "Remember the fallen this Memorial Day with 40% off mattresses.",
            "en",
            "core-en/newsjacking",
        ),
        ("Girls can't do math, but they can shop!", "en", "core-en/gender-stereotype"),
        ("Mesdames, laissez les hommes choisir le vin ce soir.", "fr", "core-fr/gender-stereotype"),
        (
            "Moms deserve it: get her a new vacuum for Mother's Day.",
            "en",
            "core-en/mothers-day-chores",
        ),
        (
            "Bonne fête des Mères : offrez-lui un nouvel aspirateur !",
            "fr",
            "core-fr/mothers-day-chores",
        ),
        ("Lose 20 pounds in two weeks with our tea.", "en", "core-en/weight-loss-promise"),
        ("Perdez 10 kilos en deux semaines avec notre thé.", "fr", "core-fr/weight-loss-promise"),
        ("Get her drunk enough and she'll say yes.", "en", "core-en/alcohol"),
        ("Saoule-la assez et elle dira oui.", "fr", "core-fr/alcohol"),
        (
            "Les inondations ne nous arrêtent pas : 30 % sur les bottes.",
            "fr",
            "core-fr/newsjacking",
        ),
    ],
)
def test_more_gaffe_wordings_are_flagged(checker, text, language, rule):
    assert rule in {f.rule_id for f in flagged(checker, text, language)}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("This Mother's Day, let us cook dinner for you. Reservations open.", "en"),
        ("Fête des Mères : on fait la vaisselle, vous profitez du brunch.", "fr"),
        ("Perdez-vous dans nos livres d'été : trois romans pour 40 $.", "fr"),
        ("Vote for your favourite cupcake flavour in our stories!", "en"),
        ("Praying for snow all week! Opening day is November 29.", "en"),
        ("On prie pour la neige ! L'ouverture est prévue le 29 novembre.", "fr"),
        ("Pommes de terre à peau rouge du Québec, 4,99 $ le sac.", "fr"),
        ("Frais de port offerts dès 50 $ d'achat.", "fr"),
    ],
)
def test_more_near_misses_pass(checker, text, language):
    assert not flagged(checker, text, language)


@pytest.mark.parametrize(
    ("text", "language", "when", "rule"),
    [
        (
            "Happy Friday! Weekend plans? 🎉",
            "en",
            "2025-09-11T10:00:00-04:00",
            "core/sensitive-date",
        ),
        ("On fête ça ce soir ! 🥳", "fr", "2025-11-11T10:00:00-05:00", "core/sensitive-date"),
        (
            "Stay hydrated: grab a bottle of water!",
            "en",
            "2016-06-06T12:00:00-04:00",
            "core/fast-day-food",
        ),
        (
            "Un bon café pour bien commencer la journée.",
            "fr",
            "2013-09-14T09:00:00-04:00",
            "core/fast-day-food",
        ),
        (
            "Flash sale: 20% off today only.",
            "en",
            "2024-05-06T12:00:00-04:00",
            "core/sensitive-date",
        ),
    ],
)
def test_calendar_flags_festive_food_and_sales_posts_on_sensitive_days(
    checker, text, language, when, rule
):
    from datetime import datetime

    post = PostInput(text=text, language=language, planned_at=datetime.fromisoformat(when))
    found = {f.rule_id for f in checker.check(post).findings if f.severity != "info"}
    assert rule in found
    # the same post on an ordinary day passes
    assert not flagged(checker, text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Shana Tova to our Jewish customers and staff.", "en"),
        ("Ramadan Mubarak to our Muslim neighbours! Open late for iftar.", "en"),
        ("Ramadan moubarak à la communauté musulmane !", "fr"),
        ("This jacket will keep you warm in the worst storms. Now 30% off.", "en"),
        ("Ce manteau vous gardera au chaud dans les pires tempêtes. 30 % de rabais.", "fr"),
        ("Les élections scolaires ont lieu dimanche ; notre salle sert de bureau de vote.", "fr"),
    ],
)
def test_greetings_weatherproof_products_and_polling_logistics_pass(checker, text, language):
    assert not flagged(checker, text, language)


@pytest.mark.parametrize(
    ("text", "language", "rule"),
    [
        ("Our new Indian chief headdress is perfect for festival season.", "en", "core-en/mockery"),
        ("Notre coiffe de chef indien est parfaite pour les festivals.", "fr", "core-fr/mockery"),
        (
            "Celebrate Black History Month with our watermelon slushie!",
            "en",
            "core-en/racist-trope",
        ),
        (
            "Mois de l'histoire des Noirs : essayez notre barbotine au melon d'eau !",
            "fr",
            "core-fr/racist-trope",
        ),
        ("Invest $500 and earn $5000 in a week. DM us.", "en", "core-en/financial-promise"),
        ("Investissez 500 $ et gagnez 5000 $ en une semaine.", "fr", "core-fr/financial-promise"),
        (
            "Our staff just got laid off, so expect slow service today.",
            "en",
            "core-en/staff-turmoil",
        ),
        (
            "Notre équipe vient d'être mise à pied, le service sera lent.",
            "fr",
            "core-fr/staff-turmoil",
        ),
        ("Drunk texting your ex? Blame our tequila.", "en", "core-en/alcohol"),
    ],
)
def test_mockery_tropes_and_promises_are_flagged(checker, text, language, rule):
    assert rule in {f.rule_id for f in flagged(checker, text, language)}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Invest in quality: our boots come with free returns.", "en"),
        ("Investissez dix minutes par jour dans votre posture.", "fr"),
        ("Black History Month at the library: author talks every Saturday.", "en"),
        ("Proud sponsor of our local Special Olympics team!", "en"),
        ("Blackout curtains in six colours, 25% off this week.", "en"),
    ],
)
def test_mockery_tropes_and_promises_near_misses_pass(checker, text, language):
    assert not flagged(checker, text, language)


@pytest.mark.parametrize(
    ("text", "language", "rule"),
    [
        (
            "Le coronavirus n'a qu'à bien se tenir : nos masques sont à -50 % !",
            "fr",
            "core-fr/newsjacking",
        ),
        (
            "Pour le 11 novembre, nos coquelicots en chocolat sont à 20 % de rabais.",
            "fr",
            "core-fr/newsjacking",
        ),
        ("Ce soir, on se soûle la gueule au bar !", "fr", "core-fr/alcohol"),
        ("Tu es autiste ou quoi ? Nos prix sont imbattables !", "fr", "core-fr/discrimination"),
        ("Vive la France, dehors les immigrés !", "fr", "core-fr/discrimination"),
        ("Quarantine sale: 30% off everything this week.", "en", "core-en/newsjacking"),
    ],
)
def test_french_retail_wording_and_gift_thanks_are_flagged(checker, text, language, rule):
    assert rule in {f.rule_id for f in flagged(checker, text, language)}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Après la tempête, vérifiez que la porte de votre remise ferme bien.", "fr"),
        ("Feux de forêt : réduction du service de traversier entre 14 h et 18 h.", "fr"),
        ("Inondations printanières : ayez un bon plan d'urgence.", "fr"),
        ("If your shoes don't fit, send them back free within 30 days.", "en"),
        ("Merci à @JulieTremblay pour ce beau témoignage !", "fr"),
        ("Thanks @sam_k for the kind words and the photos!", "en"),
    ],
)
def test_french_retail_and_thanks_near_misses_pass(checker, text, language):
    assert not flagged(checker, text, language)
