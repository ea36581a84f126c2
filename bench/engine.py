"""Throughput of the rule engine: 500 banned/substituted terms + count and length rules.

Run: .venv/bin/python bench/engine.py
"""

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from socialgov.checks.engine import PostInput, RuleSpec, compile  # noqa: E402

SYLLABLES = (
    "ba be bi bo bu ca ce ché co da dé di do fa fé fi la lé li lo ma mé mi mo na né ni "
    "no pa pé pi po ra ré ri ro sa sé si so ta té ti to va vé vi vo".split()
)
WORDS = (
    "Découvrez notre nouvelle collection d’automne, conçue à Montréal avec des matériaux "
    "locaux. Our new fall collection is designed in Montréal with local materials and "
    "shipped across Canada. Inscrivez-vous à l’infolettre pour ne rien manquer! "
    "Visit https://example.com/automne or www.exemple.ca for details. #mode #québec"
).split()


def make_terms(rng: random.Random, n: int) -> list[str]:
    terms = set()
    while len(terms) < n:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if rng.random() < 0.2:
            word += " " + "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
        terms.add(word)
    return sorted(terms)


def make_post(rng: random.Random, length: int, terms: list[str]) -> str:
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < length:
        parts.append(rng.choice(terms) if rng.random() < 0.02 else rng.choice(WORDS))
    return " ".join(parts)[:length]


def main() -> None:
    rng = random.Random(42)
    terms = make_terms(rng, 500)
    rules = [
        RuleSpec("1", "banned_terms", {"terms": terms[:400] + ["cheap", "pas cher"]}),
        RuleSpec("2", "substitution", {"swap": {t: "x" for t in terms[400:]}}),
        RuleSpec("3", "max_count", {"pattern": r"#\w+", "max": 2}),
        RuleSpec("4", "max_count", {"pattern": "!", "max": 1}),
        RuleSpec("5", "max_length", {}, severity="error"),
    ]
    started = time.perf_counter()
    checker = compile(rules)
    compile_ms = (time.perf_counter() - started) * 1000

    networks = ("x", "linkedin", "bluesky", "mastodon", "instagram")
    short = [PostInput(make_post(rng, rng.randint(80, 280), terms), networks) for _ in range(50)]
    long = [PostInput(make_post(rng, 3000, terms), networks) for _ in range(10)]
    print(f"compile: {compile_ms:.1f} ms for {len(terms)} terms")

    for label, posts in (
        ("short (80-280 chars)", short),
        ("long (3000 chars)", long),
        ("mix 5:1", short + long),
    ):
        rounds = 0
        started = time.perf_counter()
        while time.perf_counter() - started < 1.0:
            for post in posts:
                checker.check(post)
            rounds += 1
        elapsed = time.perf_counter() - started
        checks = rounds * len(posts)
        print(
            f"{label:22} {checks / elapsed:8.0f} checks/s  {elapsed / checks * 1000:6.3f} ms/check"
        )


if __name__ == "__main__":
    main()
