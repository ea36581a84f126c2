"""Throughput of the rule engine on realistic bilingual posts.

Two rule sets: ~500 terms (banned terms + substitutions + count and length rules, like
two default packs) and the same plus 5,000 more banned terms. Prints checks/s for short
posts (80-280 characters), long ones (3,000) and a 5:1 mix, on one core.

Run: .venv/bin/python bench/engine.py [--seconds 1.0]
"""

import argparse
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
    "Visit https://example.com/automne or www.exemple.ca for details. #mode #québec "
    "#FallVibes @BoutiqueMTL Livraison gratuite dès 50 $ — 24/7, 100 % local, "
    "en 2025. C'est l'été indien, don't miss it! Soooo good 😍 #automnemtl"
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


def rules(terms: list[str], extra: list[str]) -> list[RuleSpec]:
    return [
        RuleSpec("1", "banned_terms", {"terms": terms[:400] + ["cheap", "pas cher"]}),
        RuleSpec("2", "substitution", {"swap": {t: "x" for t in terms[400:]}}),
        RuleSpec("3", "max_count", {"pattern": r"#\w+", "max": 2}),
        RuleSpec("4", "max_count", {"pattern": "!", "max": 1}),
        RuleSpec("5", "max_length", {}, severity="error"),
        *([RuleSpec("6", "banned_terms", {"terms": extra})] if extra else []),
    ]


def measure(checker, posts: list[PostInput], seconds: float) -> float:
    rounds = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        for post in posts:
            checker.check(post)
        rounds += 1
    return rounds * len(posts) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=1.0)
    args = parser.parse_args()
    rng = random.Random(42)
    terms = make_terms(rng, 5500)
    base, extra = terms[:500], terms[500:]
    networks = ("x", "linkedin", "bluesky", "mastodon", "instagram")
    short = [PostInput(make_post(rng, rng.randint(80, 280), base), networks) for _ in range(50)]
    long = [PostInput(make_post(rng, 3000, base), networks) for _ in range(10)]
    results = {}
    for label, extra_terms in (("500 terms", []), ("5,500 terms", extra)):
        started = time.perf_counter()
        checker = compile(rules(base, extra_terms))
        compile_ms = (time.perf_counter() - started) * 1000
        print(f"{label}: compile {compile_ms:.0f} ms")
        for name, posts in (("short", short), ("long", long), ("mix 5:1", short + long)):
            rate = measure(checker, posts, args.seconds)
            results[label, name] = rate
            print(f"  {name:8} {rate:8.0f} checks/s  {1000 / rate:6.3f} ms/check")
    for name in ("short", "long", "mix 5:1"):
        ratio = results["500 terms", name] / results["5,500 terms", name]
        print(f"cost of 5,000 more terms ({name}): x{ratio:.2f}")


if __name__ == "__main__":
    main()
