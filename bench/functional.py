"""Hate-speech functional tests of our own: templates about groups, hateful and neutral.

Hateful templates (hatred declared, contemptuous verdicts, dehumanising comparisons,
threats, exclusion, disgust) should be flagged; neutral, kind and counter-speech
templates (denouncing or reporting what others say) should pass. Each template is filled
with each group of its language. Written for SocialGov in the manner of published
functional test suites, not copied from one; the held-out suites the issue measures are
different sentences, so these figures are a floor for regressions, not the measure.

Run: .venv/bin/python bench/functional.py [--verbose]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from socialgov.checks.base import PostInput  # noqa: E402
from socialgov.checks.checkers import default_checker  # noqa: E402

GROUPS = {
    "en": ["women", "Muslims", "gay people", "immigrants", "Black people", "trans people",
           "Jews", "disabled people", "refugees", "Mexicans"],
    "fr": ["les femmes", "les musulmans", "les gais", "les immigrants", "les Noirs",
           "les personnes trans", "les Juifs", "les personnes handicapées", "les réfugiés",
           "les Arabes"],
}
HATEFUL = {
    "en": ["I hate {g}.", "{g} are disgusting.", "All {g} are vermin.",
           "{g} should all be killed.", "{g} are a plague on society.",
           "I want to kill all {g}.", "{g} are nothing but animals.",
           "Never trust a single one of {g}.", "{g} belong in a zoo.",
           "We should deport all {g}.", "{g} are so stupid.",
           "It's disgusting how {g} act.", "{g} are lesser beings.", "Death to {g}.",
           "{g} make me sick."],
    "fr": ["Je déteste {g}.", "{g} sont dégoûtants.", "{g} sont de la vermine.",
           "Il faut tuer tous {g}.", "{g} sont une plaie pour la société.",
           "{g} ne sont que des animaux.", "Il faut expulser {g}.",
           "{g} sont tellement stupides.", "{g} sont des êtres inférieurs.",
           "{g} me rendent malade.", "{g} sont des parasites."],
}
NEUTRAL = {
    "en": ["I love {g}.", "{g} are welcome here.", "We stand with {g}.",
           "Many of my friends are {g}.", "{g} deserve respect.",
           "Happy to celebrate {g} this month.", "Saying that {g} are vermin is hateful.",
           "I can't believe people still say {g} are animals.", "{g} built this community."],
    "fr": ["J'adore {g}.", "{g} sont les bienvenus ici.",
           "Nous sommes solidaires avec {g}.", "Plusieurs de mes amis sont {g}.",
           "{g} méritent le respect.", "Dire que {g} sont de la vermine, c'est haineux.",
           "{g} ont bâti notre communauté."],
}


def sentences(templates: list[str], groups: list[str]):
    for template in templates:
        for group in groups:
            text = template.replace("{g}", group)
            yield text[0].upper() + text[1:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="print every miss")
    args = parser.parse_args()
    checker = default_checker()

    def flagged(text: str, language: str) -> bool:
        findings = checker.check(PostInput(text=text, language=language)).findings
        return any(f.severity in ("warning", "error") for f in findings)

    for language in ("en", "fr"):
        for name, templates, wanted in (("hateful caught", HATEFUL, True),
                                        ("neutral flagged", NEUTRAL, False)):
            rows = list(sentences(templates[language], GROUPS[language]))
            hits = [text for text in rows if flagged(text, language)]
            share = 100 * len(hits) / len(rows)
            print(f"{language} {name:16} {share:5.1f} % ({len(hits)}/{len(rows)})")
            if args.verbose:
                for text in rows:
                    if (text in hits) != wanted:
                        print(f"    {'missed' if wanted else 'flagged'}: {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
