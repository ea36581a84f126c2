"""Threats and violent wishes without a listed swear word, in English and French."""

import pytest

from socialgov.checks.base import PostInput
from socialgov.checks.checkers import default_checker


@pytest.fixture(scope="module")
def checker():
    return default_checker()


def threat_rules(checker, text, language):
    findings = checker.check(PostInput(text=text, language=language)).findings
    return {(f.rule_id, f.severity) for f in findings if f.rule_id.endswith("/threats")}


@pytest.mark.parametrize(
    ("text", "language", "rule_id"),
    [
        ("People like that should be shot, honestly.", "en", "core-en/threats"),
        ("I hope you die in your sleep tonight.", "en", "core-en/threats"),
        ("Keep talking and I'll kill you.", "en", "core-en/threats"),
        ("Les voisins d'en face, qu'ils crèvent tous.", "fr", "core-fr/threats"),
        ("Encore un mot et je vais te buter.", "fr", "core-fr/threats"),
        ("Il faudrait leur trancher la gorge à tous.", "fr", "core-fr/threats"),
    ],
)
def test_threats_are_errors(checker, text, language, rule_id):
    assert threat_rules(checker, text, language) == {(rule_id, "error")}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Shoot us a message and we'll sort it out today.", "en"),
        ("This killer deal ends tonight: don't die of envy!", "en"),
        ("Our hot sauce is to die for.", "en"),
        ("J'ai attrapé la crève, le magasin ouvre à 10 h demain.", "fr"),
        ("Rangez la mort aux rats loin des enfants.", "fr"),
        ("Ce gâteau, c'est à mourir de plaisir.", "fr"),
    ],
)
def test_everyday_wording_is_no_threat(checker, text, language):
    assert threat_rules(checker, text, language) == set()
