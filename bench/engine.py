"""Throughput of the rule engine on realistic bilingual posts, on one core.

Corpus: 5,000 posts generated with a fixed seed from English and French (Québec) phrase
banks — whole sentences from brand posts, promotions, events, tips and customer-service
replies, with product names, places, prices and days filled in; no random letters:

* languages: 50 % English, 50 % French; the language is given for 85 % of the posts and
  detected from the text for the other 15 %;
* lengths: 60 % short (40–280 characters), 30 % medium (280–1,000), 10 % long
  (1,000–3,000);
* 15 % customer replies (objective ``customer_service``, text starting with ``@handle``);
  the other posts have the objective sell, engage, inform or none;
* 30 % carry a URL (brand site, bare domain, or shortener), 50 % hashtags (1–4, 3 % of
  posts 8–12; some run-together), 40 % emoji (1–3, 3 % of posts 8+), 20 % @mentions;
* 70 % have a planned time (2024–2026, any day: some land on days of remembrance);
  10 % carry crisis watch words; 1–3 target networks each;
* 8 % contain a risky sentence (masked or leetspeak profanity, stretched letters,
  newsjacking, phone numbers, shouting, informal "tu"...), so the rules do find things.

Rule sets:

* packs: the default packs, core-en + core-fr (``socialgov.checks.packs``);
* packs + 5,000 terms: the same plus one ``banned_terms`` rule of 5,000 extra terms (real
  English and French words and two-word phrases drawn from the segmentation word lists,
  fixed seed);
* (a) every kind: the packs plus one extra rule of each kind they do not use
  (capitalization, conditional, consistency, existence — term and regex forms —,
  formality, hashtags, language, mentions, occurrence, repetition, substitution — plain
  and Vale forms); max_length and watch run as the built-ins ``builtin:length`` and
  ``builtin:watch``: all 23 text kinds run. The built-ins ``builtin:image_alt`` and
  ``builtin:image_limits`` are compiled too, but the corpus has no images, so the engine
  never calls them (they run only for posts with images): the figures measure what
  images cost a text-only post, which should be nothing;
* (b) every kind + 5,000 terms.

Prints, for each: posts/s (best of ``--repeat`` passes over the corpus; CPU time of the
process, which other processes on the core do not inflate, and wall time); for (a) and
(b) the cost per rule kind in µs/post (one pass with each compiled check timed
separately, plus "normalise" — the normalised text — and "readings" — the match view,
the leetspeak/stretched/spelled-out variants and the hashtags, built once per post and
shared by every term rule); peak memory (``ru_maxrss``, and the ``tracemalloc`` peak of a
pass); the time ratios of 5,000 more terms; and the rate of ``python -m
socialgov.checks.cli --pack core-en --pack core-fr`` (what ``manage.py checkposts`` runs)
over 20,000 JSON lines in one process, start-up included.

The script re-executes itself under ``taskset -c 0`` (when available) to run on one core.

Run: .venv/bin/python bench/engine.py [--repeat 5] [--posts 5000] [--cli-posts 20000]
     .venv/bin/python bench/engine.py --dump findings.json   # every finding, each rule set
     .venv/bin/python bench/engine.py --write-golden tests/checks/fixtures/golden_findings.json
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from socialgov.checks import engine  # noqa: E402
from socialgov.checks.base import NETWORKS, PostInput, RuleSpec  # noqa: E402
from socialgov.checks.packs import load_default_packs  # noqa: E402

SEED = 20250101
N_POSTS = 5000
CLI_POSTS = 20000
N_EXTRA_TERMS = 5000
PINNED_ENV = "SOCIALGOV_BENCH_PINNED"

MIX = {
    "french": 0.50,
    "language detected": 0.15,
    "short 40-280": 0.60,
    "medium 280-1000": 0.30,
    "long 1000-3000": 0.10,
    "customer replies": 0.15,
    "url": 0.30,
    "hashtags": 0.50,
    "emoji": 0.40,
    "mentions": 0.20,
    "planned time": 0.70,
    "watch words": 0.10,
    "risky sentence": 0.08,
}

# --- phrase banks ---------------------------------------------------------------------

FILL = {
    "en": {
        "product": [
            "waxed canvas tote", "merino beanie", "cold brew", "maple granola", "trail runner",
            "rain shell", "sourdough loaf", "ceramic mug", "wool blanket", "espresso blend",
            "gift card", "winter boots", "hiking pack", "oat latte", "cast iron skillet",
        ],
        "place": [
            "Montréal", "Québec City", "Sherbrooke", "Laval", "the Plateau", "Old Montreal",
            "Gatineau", "Trois-Rivières", "our Mile End shop", "the Eastern Townships",
        ],
        "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        "event": [
            "our fall market", "the holiday pop-up", "a tasting night", "the spring launch",
            "our anniversary party", "a repair workshop", "the sidewalk sale",
        ],
    },
    "fr": {
        "product": [
            "sac en toile cirée", "tuque en mérinos", "café infusé à froid", "granola à l'érable",
            "soulier de course", "manteau de pluie", "pain au levain", "tasse en céramique",
            "couverture de laine", "mélange espresso", "carte-cadeau", "bottes d'hiver",
            "sac à dos", "latte à l'avoine", "poêlon en fonte",
        ],
        "place": [
            "Montréal", "Québec", "Sherbrooke", "Laval", "le Plateau", "le Vieux-Montréal",
            "Gatineau", "Trois-Rivières", "notre boutique du Mile End", "les Cantons-de-l'Est",
        ],
        "day": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
        "event": [
            "notre marché d'automne", "la boutique éphémère des Fêtes", "une soirée dégustation",
            "le lancement du printemps", "notre fête d'anniversaire", "un atelier de réparation",
            "la vente trottoir",
        ],
    },
}  # fmt: skip

SENTENCES = {
    "en": [
        "Our new {product} is finally here, made in {place} with local materials.",
        "Come see us at {event} this {day}, from 10 am to 6 pm.",
        "The {product} is back in stock in every size, just in time for the cold.",
        "We spent the summer testing the {product} on the trails around {place}.",
        "Save 20% on the {product} until {day}, in store and online.",
        "Free shipping across Canada on orders over $75.",
        "Tag a friend who needs a {product} this season.",
        "Thanks to everyone who came out to {event}, you made our week.",
        "Fresh batch of {product} every {day} morning, while it lasts.",
        "Our team in {place} is hiring: baristas, cooks and a store manager.",
        "Tip of the week: let your {product} dry away from the heater.",
        "Doors open at 8:30 sharp this {day}; the first 50 guests get a free coffee.",
        "We're closed on {day} for inventory, see you the day after.",
        "Every purchase this month supports the food bank in {place}.",
        "Killer deal alert: the {product} is 30% off through {day}.",
        "Behind the scenes: shooting our new campaign in {place}.",
        "Our {product} won best in show at the regional fair, thank you for voting!",
        "Quick poll: coffee or tea to start your {day}?",
        "New hours for the holidays: open until 9 pm from {day} to Sunday.",
        "Read our story on LinkedIn and follow us on Facebook for the recipes.",
        "The weather is perfect for a walk in {place}, grab a {product} on the way.",
        "Our workshop on {day} is full; join the waiting list on our site.",
        "We donated 200 meals to families in {place} last month.",
        "Sign up for the newsletter to get first dibs on {event}.",
        "The the new catalogue is out, take a look.",
        "Our World Health Organization (WHO) partner guide is online; WHO tips inside.",
    ],
    "fr": [
        "Notre nouveau {product} est enfin arrivé, conçu à {place} avec des matériaux locaux.",
        "Venez nous voir à {event} ce {day}, de 10 h à 18 h.",
        "Le {product} est de retour en magasin dans toutes les tailles, "
        "juste à temps pour le froid.",
        "On a passé l'été à tester le {product} dans les sentiers autour de {place}.",
        "Économisez 20 % sur le {product} jusqu'à {day}, en boutique et en ligne.",
        "Livraison gratuite partout au Canada dès 75 $ d'achat.",
        "Identifiez un ami qui a besoin d'un {product} cette saison.",
        "Merci à tous ceux qui sont venus à {event}, vous avez fait notre semaine.",
        "Nouvelle fournée de {product} chaque {day} matin, jusqu'à épuisement.",
        "Notre équipe de {place} embauche : baristas, cuisiniers et gérant de boutique.",
        "Astuce de la semaine : faites sécher votre {product} loin du calorifère.",
        "Ouverture à 8 h 30 pile ce {day}; les 50 premiers reçoivent un café gratuit.",
        "Nous sommes fermés {day} pour l'inventaire, à bientôt!",
        "Chaque achat ce mois-ci soutient la banque alimentaire de {place}.",
        "Aubaine du tonnerre : le {product} est à 30 % de rabais jusqu'à {day}.",
        "Dans les coulisses du tournage de notre nouvelle campagne à {place}.",
        "Notre {product} a gagné le prix du public à l'expo régionale, merci d'avoir voté!",
        "Petit sondage : café ou thé pour commencer votre {day}?",
        "Nouvel horaire des Fêtes : ouvert jusqu'à 21 h du {day} au dimanche.",
        "Lisez notre histoire sur LinkedIn et suivez-nous sur Facebook pour les recettes.",
        "Il fait beau pour une marche dans {place}, passez prendre un {product} en chemin.",
        "L'atelier de {day} est complet; inscrivez-vous à la liste d'attente sur notre site.",
        "Nous avons offert 200 repas aux familles de {place} le mois dernier.",
        "Abonnez-vous à l'infolettre pour être les premiers informés de {event}.",
        "Écrivez-nous par courriel ou par e-mail, comme vous préférez.",
        "Tu vas adorer le {product}, viens l'essayer en boutique.",
    ],
}  # fmt: skip

REPLIES = {
    "en": [
        "Hi there, thanks for reaching out!",
        "So sorry about the delay with your order.",
        "We've sent you a DM with the tracking number.",
        "Could you send us your order number by private message?",
        "Happy to help, the {product} can be exchanged in any store within 30 days.",
        "As we already said, the store is closed on {day}.",
        "Your parcel left our warehouse in {place} yesterday.",
        "That's not how it works, check the website.",
        "We understand the frustration and we're on it.",
        "Have a great {day}!",
    ],
    "fr": [
        "Bonjour, merci de nous avoir écrit!",
        "Désolés pour le retard de votre commande.",
        "Nous vous avons envoyé le numéro de suivi en message privé.",
        "Pouvez-vous nous envoyer votre numéro de commande en privé?",
        "Avec plaisir, le {product} peut être échangé en boutique dans les 30 jours.",
        "Comme déjà mentionné, la boutique est fermée le {day}.",
        "Votre colis a quitté notre entrepôt de {place} hier.",
        "Ce n'est pas comme ça que ça marche, voyez le site.",
        "Nous comprenons votre frustration et nous nous en occupons.",
        "Bonne journée!",
    ],
}
RISKY = {
    "en": [
        "This storm is wild, but free shipping on everything today!",
        "Holy sh1t, this {product} is sooooo good.",
        "What the f*** happened to {day}?",
        "Call us at 514-555-0123 or write to service@northbay.ca.",
        "LAST CHANCE TO GRAB THE {product} BEFORE IT IS GONE FOREVER!!!",
        "Our {product} is a total b.i.t.c.h to clean, honestly.",
        "Flood warning in {place}? Perfect excuse to shop now.",
        "Card 4539 1488 0343 6467 was left at the counter.",
        "#nowthatchersdead",
        "Real men don't need a {product}.",
    ],
    "fr": [
        "La tempête frappe {place}, profitez-en : livraison gratuite!",
        "Tabarnak, le {product} est vraiment malade.",
        "C'est de la m3rde, ce {day}.",
        "Appelez-nous au 514 555-0123 ou écrivez à service@exemple.ca.",
        "DERNIÈRE CHANCE POUR LE {product}, FAITES VITE!!!",
        "Ce {product} est trop ccccool, t'as vu?",
        "Inondations à {place}? Magasinez en ligne, code promo INONDE.",
        "Vous auriez dû lire les instructions.",
        "#JeSuisCharlie",
        "Ta commande est arrivée, viens la chercher.",
    ],
}  # fmt: skip
HASHTAGS = {
    "en": [
        "#ShopLocal", "#FallVibes", "#MTLfood", "#CoffeeTime", "#MadeInCanada", "#Giveaway",
        "#TBT", "#outdoors", "#smallbusiness", "#newarrivals", "#weekendplans", "#AskNorthbay",
        "#BlackFriday", "#hikingadventures", "#coffeelovers",
    ],
    "fr": [
        "#AchatLocal", "#automne", "#MTLresto", "#café", "#FaitAuQuébec", "#concours",
        "#québec", "#pleinair", "#PME", "#nouveautés", "#finDeSemaine", "#RentréeScolaire",
        "#mtl", "#randonnée", "#achetezlocal",
    ],
}  # fmt: skip
HANDLES = [
    "@BoutiqueMTL", "@northbay_outfitters", "@cafe.pinecrest", "@VilleDeMontreal",
    "@marie_tremblay", "@jsmith", "@acme@mastodon.social", "@rivalbrand", "@tourismemtl",
]  # fmt: skip
URLS = [
    "https://northbay.ca/automne", "https://www.pinecrest.com/menu?utm_source=x",
    "www.exemple.ca", "exemple.com/promo", "bit.ly/3xYzQ2", "https://northbay.ca",
    "https://boutique.exemple.ca/fr/produits/tuque-merinos", "linktr.ee/northbay",
]  # fmt: skip
EMOJI = ["😍", "🍂", "☕", "👍🏽", "🇨🇦", "❤️", "🎉", "👨‍👩‍👧", "🔥", "✨", "🙌", "😂", "1️⃣"]
WATCH = [("recall", "rappel"), ("outage", "panne"), ("strike", "grève"), ("fire", "incendie")]


def _fill(rng: random.Random, template: str, lang: str) -> str:
    fill = FILL[lang]
    out = template
    for slot in ("product", "place", "day", "event"):
        while "{" + slot + "}" in out:
            out = out.replace("{" + slot + "}", rng.choice(fill[slot]), 1)
    return out


def _target_length(rng: random.Random) -> int:
    r = rng.random()
    if r < MIX["short 40-280"]:
        return rng.randint(40, 280)
    if r < MIX["short 40-280"] + MIX["medium 280-1000"]:
        return rng.randint(280, 1000)
    return rng.randint(1000, 3000)


def make_post(rng: random.Random, start: datetime) -> PostInput:
    """One post of the mix described in the module docstring."""
    lang = "fr" if rng.random() < MIX["french"] else "en"
    reply = rng.random() < MIX["customer replies"]
    with_emoji = rng.random() < MIX["emoji"]
    with_mention = reply or rng.random() < MIX["mentions"]
    target = _target_length(rng)
    extras: list[str] = []
    if rng.random() < MIX["url"]:
        extras.append(rng.choice(URLS))
    if with_emoji:
        many = rng.random() < 0.06
        extras.append("".join(rng.choice(EMOJI) for _ in range(rng.randint(8, 10) if many else 1)))
    if rng.random() < MIX["hashtags"]:
        count = rng.randint(8, 12) if rng.random() < 0.06 else rng.randint(1, 4)
        extras.append(" ".join(rng.choice(HASHTAGS[lang]) for _ in range(count)))
    if with_mention and not reply and rng.random() < 0.5:
        extras.append(rng.choice(HANDLES))
    tail = " ".join(extras)
    budget = max(20, target - len(tail) - 2)
    parts: list[str] = []
    if reply:
        parts.append(rng.choice(HANDLES[:6]))
    bank = REPLIES[lang] + SENTENCES[lang] if reply else SENTENCES[lang]
    if rng.random() < MIX["risky sentence"]:
        parts.append(_fill(rng, rng.choice(RISKY[lang]), lang))
    length = sum(len(p) + 1 for p in parts)
    while length < budget:
        sentence = _fill(rng, rng.choice(bank), lang)
        if with_mention and rng.random() < 0.15:
            sentence += " " + rng.choice(HANDLES)
        if with_emoji and rng.random() < 0.2:
            sentence += " " + rng.choice(EMOJI)
        parts.append(sentence)
        length += len(sentence) + 1
    text = " ".join(parts)
    if len(text) > budget:  # trim at a word edge
        cut = text.rfind(" ", 0, budget)
        text = text[: cut if cut > budget // 2 else budget].rstrip()
    if tail:
        text += ("\n\n" if rng.random() < 0.3 else " ") + tail
    planned_at = None
    if rng.random() < MIX["planned time"]:
        planned_at = start + timedelta(days=rng.randint(0, 3 * 365), minutes=rng.randint(0, 1439))
    watch = ()
    if rng.random() < MIX["watch words"]:
        watch = rng.choice(WATCH)
    networks = tuple(rng.sample(NETWORKS, rng.randint(1, 3)))
    if reply:
        objective = "customer_service"
    else:
        objective = rng.choice(("", "sell", "engage", "inform"))
    return PostInput(
        text=text,
        networks=networks,
        objective=objective,
        planned_at=planned_at,
        language=None if rng.random() < MIX["language detected"] else lang,
        watch=watch,
    )


def make_corpus(n: int = N_POSTS, seed: int = SEED) -> list[PostInput]:
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
    return [make_post(rng, start) for _ in range(n)]


def extra_terms(n: int = N_EXTRA_TERMS, seed: int = SEED) -> list[str]:
    """``n`` real words and two-word phrases (English and French word lists, Zipf 2.5 to
    4.5, 5+ letters): the size of a brand's list of competitors, products and topics."""
    data = ROOT / "socialgov" / "checks" / "data"
    pool: list[str] = []
    for lang in ("en", "fr"):
        with gzip.open(data / f"words-{lang}.txt.gz", "rt", encoding="utf-8") as f:
            for line in f:
                word, _, zipf = line.strip().partition(" ")
                if len(word) >= 5 and word.isalpha() and 25 <= int(zipf) <= 45:
                    pool.append(word)
    rng = random.Random(seed)
    terms: set[str] = set()
    while len(terms) < n:
        term = rng.choice(pool)
        if rng.random() < 0.25:
            term += " " + rng.choice(pool)
        terms.add(term)
    return sorted(terms)


def extra_rules() -> list[RuleSpec]:
    """One rule of each kind the default packs do not use."""
    return [
        RuleSpec("x/capitalization", "capitalization",
                 {"match": "$sentence", "exceptions": ["Montréal", "LinkedIn", "Facebook"]}),
        RuleSpec("x/conditional", "conditional", {
            "first": r"\b([A-Z]{3,5})\b",
            "second": r"(?:\b[A-Z][a-z]+ )+\(([A-Z]{3,5})\)",
            "exceptions": ["TBT", "PME", "LAST", "CHANCE", "GRAB", "BEFORE", "GONE", "POUR"],
        }),
        RuleSpec("x/consistency", "consistency",
                 {"either": {"e-mail": "courriel", "Montreal": "Montréal"}, "ignorecase": True}),
        RuleSpec("x/existence-terms", "existence",
                 {"tokens": ["obviously", "simply", "évidemment", "clairement"],
                  "ignorecase": True}),
        RuleSpec("x/existence-regex", "existence",
                 {"tokens": ["very unique", r"\d+ ?% off", "malade"], "ignorecase": False}),
        RuleSpec("x/formality", "formality", {"address": "vous"}),
        RuleSpec("x/hashtags", "hashtags",
                 {"hashtags": ["#JeSuisCharlie", "#MeToo", "#nowthatchersdead", "#rival"]}),
        RuleSpec("x/language", "language", {"allowed": ["fr", "en"]}),
        RuleSpec("x/mentions", "mentions", {"handles": ["@rivalbrand", "@concurrent"]}),
        RuleSpec("x/occurrence", "occurrence", {"token": "!", "max": 3}),
        RuleSpec("x/repetition", "repetition",
                 {"tokens": [r"[^\s]+"], "alpha": True, "ignorecase": True}),
        RuleSpec("x/substitution", "substitution",
                 {"swap": {"linkedin": "LinkedIn", "facebook": "Facebook", "e-mail": "courriel",
                           "utilize": "use"}}),
        RuleSpec("x/substitution-vale", "substitution",
                 {"swap": {"web site": "website", "(?:alot|a lot of)": "many"},
                  "vale": True, "ignorecase": True}),
    ]  # fmt: skip


def rule_set(terms: list[str] | None = None) -> list[RuleSpec]:
    specs = load_default_packs() + extra_rules()
    if terms:
        specs.append(RuleSpec("x/extra-terms", "banned_terms", {"terms": terms}))
    return specs


# --- measuring ------------------------------------------------------------------------


def one_pass(checker: engine.Checker, posts: list[PostInput]) -> tuple[float, float]:
    """(wall, CPU) seconds to check ``posts`` once."""
    started, cpu = time.perf_counter(), time.process_time()
    check = checker.check
    for post in posts:
        check(post)
    return time.perf_counter() - started, time.process_time() - cpu


def best_rate(checker: engine.Checker, posts: list[PostInput], repeat: int) -> dict[str, float]:
    """Best and median wall and CPU seconds of ``repeat`` passes."""
    passes = [one_pass(checker, posts) for _ in range(repeat)]
    wall = sorted(p[0] for p in passes)
    cpu = sorted(p[1] for p in passes)
    return {
        "wall": wall[0],
        "wall median": wall[len(wall) // 2],
        "cpu": cpu[0],
        "cpu median": cpu[len(cpu) // 2],
    }


def per_kind(checker: engine.Checker, posts: list[PostInput]) -> dict[str, float]:
    """Seconds spent in each kind's checks over ``posts``, plus "normalise" (the
    normalised text) and "readings" (match view, variant readings and hashtags, built
    once per post before the rules), and "engine" (the rest: language, sorting...)."""
    from socialgov.checks import normalize as norm
    from socialgov.checks import tags

    costs: dict[str, float] = defaultdict(float)
    clock = time.process_time  # CPU time: other processes on the core do not count
    original_all = checker._all
    original_normalize = engine.normalize

    def timed(kind, check):
        # wraps: the check's attributes (images_only, required_matchers) come along, so
        # the engine skips the rules it would skip without the timers.
        @functools.wraps(check)
        def wrapper(post, normalized):
            started = clock()
            try:
                return check(post, normalized)
            finally:
                costs[kind] += clock() - started

        return wrapper

    def timed_normalize(text):
        started = clock()
        n = original_normalize(text)
        middle = clock()
        norm.match_view(n)
        norm.variant_views(n)
        tags.tags(n)
        costs["normalise"] += middle - started
        costs["readings"] += clock() - middle
        return n

    checker._all = [(rule, scope, timed(rule.kind, check)) for rule, scope, check in original_all]
    engine.normalize = timed_normalize
    try:
        total = one_pass(checker, posts)[1]
    finally:
        checker._all = original_all
        engine.normalize = original_normalize
    costs["engine"] = total - sum(costs.values())
    return dict(costs)


def peak_traced(checker: engine.Checker, posts: list[PostInput]) -> int:
    tracemalloc.start()
    try:
        one_pass(checker, posts)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def post_json(i: int, post: PostInput) -> str:
    return json.dumps(
        {
            "id": i,
            "text": post.text,
            "networks": list(post.networks),
            "lang": post.language,
            "planned_at": post.planned_at.isoformat() if post.planned_at else None,
            "watch": list(post.watch) or None,
        },
        ensure_ascii=False,
    )


def cli_rate(n: int) -> tuple[float, float, float]:
    """(posts/s start-up included, total seconds, start-up seconds) of the JSON Lines CLI
    with the default packs over ``n`` generated posts."""
    posts = make_corpus(n, SEED + 1)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "posts.jsonl"
        path.write_text("".join(post_json(i, p) + "\n" for i, p in enumerate(posts)), "utf-8")
        empty = Path(tmp) / "empty.jsonl"
        empty.write_text("", "utf-8")
        command = [sys.executable, "-m", "socialgov.checks.cli", "--pack", "core-en",
                   "--pack", "core-fr"]  # fmt: skip

        def run(source: Path) -> float:
            with source.open("rb") as stdin:
                started = time.perf_counter()
                done = subprocess.run(
                    command, stdin=stdin, stdout=subprocess.PIPE, cwd=ROOT, check=True
                )
                elapsed = time.perf_counter() - started
            lines = done.stdout.count(b"\n")
            if lines != (n if source == path else 0):
                raise RuntimeError(f"the CLI wrote {lines} lines")
            return elapsed

        startup = min(run(empty) for _ in range(2))
        total = run(path)
    return n / total, total, startup


def dump(path: Path, posts: list[PostInput], checkers: dict) -> None:
    out = {}
    for label, checker in checkers.items():
        out[label] = [
            [
                [f.rule_id, f.kind, f.severity, f.start, f.end, f.matched, f.message, f.suggestion]
                for f in checker.check(post).findings
            ]
            for post in posts
        ]
    path.write_text(json.dumps(out, ensure_ascii=False, sort_keys=True), "utf-8")
    print(f"findings written to {path}")


def cpu_reference() -> float:
    """Best of 3 CPU times of a fixed loop: compare runs made on a busy machine."""
    times = []
    for _ in range(3):
        started = time.process_time()
        sum(range(10**7))
        times.append(time.process_time() - started)
    return min(times)


def pin_to_one_core() -> None:
    """Re-execute under ``taskset -c 0`` once, when taskset exists."""
    if os.environ.get(PINNED_ENV) or shutil.which("taskset") is None:
        return
    env = {**os.environ, PINNED_ENV: "1"}
    command = ["taskset", "-c", "0", sys.executable, *sys.argv]
    os.execvpe("taskset", command, env)


def describe_mix(posts: list[PostInput]) -> str:
    n = len(posts)

    def share(test) -> str:
        return f"{100 * sum(1 for p in posts if test(p)) / n:.0f}%"

    lengths = [len(p.text) for p in posts]
    return (
        f"{n} posts (seed {SEED}): "
        f"short {share(lambda p: len(p.text) <= 280)}, "
        f"medium {share(lambda p: 280 < len(p.text) <= 1000)}, "
        f"long {share(lambda p: len(p.text) > 1000)} "
        f"(mean {sum(lengths) / n:.0f} chars); "
        f"French {share(lambda p: p.language == 'fr')} + English "
        f"{share(lambda p: p.language == 'en')} given, the rest detected; "
        f"customer replies {share(lambda p: p.objective == 'customer_service')}; "
        f"URL {share(lambda p: any(u in p.text for u in URLS))}, "
        f"hashtag {share(lambda p: '#' in p.text)}, "
        f"emoji {share(lambda p: any(e in p.text for e in EMOJI))}, "
        f"@ {share(lambda p: '@' in p.text)}, "
        f"planned {share(lambda p: p.planned_at is not None)}, "
        f"watch words {share(lambda p: bool(p.watch))}"
    )


GOLDEN_POSTS = 300
GOLDEN_TERMS = 500


def post_dict(post: PostInput) -> dict:
    return {
        "text": post.text,
        "networks": list(post.networks),
        "objective": post.objective,
        "planned_at": post.planned_at.isoformat() if post.planned_at else None,
        "language": post.language,
        "watch": list(post.watch),
        "time_zone": post.time_zone,
    }


def rule_dict(rule: RuleSpec) -> dict:
    return {"id": rule.id, "kind": rule.kind, "params": rule.params, "severity": rule.severity}


def findings_row(result) -> list:
    """What the golden file keeps of a result: the risk, and per finding its rule, kind,
    severity, span and matched text."""
    return [result.risk] + [
        [f.rule_id, f.kind, f.severity, f.start, f.end, f.matched] for f in result.findings
    ]


def write_golden(path: Path) -> None:
    """The fixture of tests/checks/test_checks_golden.py: posts, extra rules, findings."""
    posts = make_corpus(GOLDEN_POSTS, SEED + 2)
    extra = extra_rules() + [
        RuleSpec("x/extra-terms", "banned_terms", {"terms": extra_terms(GOLDEN_TERMS)})
    ]
    checker = engine.compile(load_default_packs() + extra)
    data = {
        "about": "Findings of the default packs plus one rule of every other kind on "
        f"{GOLDEN_POSTS} generated posts. Regenerate (after an intended change of the "
        "rules, packs or matching; review the diff): .venv/bin/python bench/engine.py "
        "--write-golden tests/checks/fixtures/golden_findings.json",
        "engine_version": engine.ENGINE_VERSION,
        "rules": [rule_dict(rule) for rule in extra],
        "posts": [
            {"post": post_dict(post), "findings": findings_row(checker.check(post))}
            for post in posts
        ],
    }
    # One post a line: a change of findings shows as a change of that line.
    lines = ["{"]
    for key in ("about", "engine_version", "rules"):
        lines.append(f" {json.dumps(key)}: {json.dumps(data[key], ensure_ascii=False)},")
    lines.append(' "posts": [')
    rows = [json.dumps(row, ensure_ascii=False, sort_keys=True) for row in data["posts"]]
    lines.append(",\n".join("  " + row for row in rows))
    lines.append(" ]")
    lines.append("}")
    path.write_text("\n".join(lines) + "\n", "utf-8")
    total = sum(len(p["findings"]) - 1 for p in data["posts"])
    print(f"golden findings written to {path}: {len(posts)} posts, {total} findings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed passes per rule set")
    parser.add_argument("--posts", type=int, default=N_POSTS)
    parser.add_argument("--cli-posts", type=int, default=CLI_POSTS, help="0: skip the CLI")
    parser.add_argument("--dump", type=Path, help="write every finding of each rule set (JSON)")
    parser.add_argument("--write-golden", type=Path, metavar="PATH",
                        help="write the golden findings fixture and exit")  # fmt: skip
    parser.add_argument("--no-pin", action="store_true", help="do not re-run under taskset")
    args = parser.parse_args()
    if args.write_golden:
        write_golden(args.write_golden)
        return
    if not args.no_pin:
        pin_to_one_core()
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    print(f"python {sys.version.split()[0]}, CPUs allowed: {cpus}, "
          f"CPU reference: {cpu_reference():.3f} s for sum(range(10**7)) (the lower, the "
          "faster the core is right now)")  # fmt: skip

    posts = make_corpus(args.posts)
    print(describe_mix(posts))
    terms = extra_terms()
    print(f"extra terms: {len(terms)} (e.g. {', '.join(terms[:: len(terms) // 5][:5])})")
    packs = load_default_packs()
    extra_terms_rule = RuleSpec("x/extra-terms", "banned_terms", {"terms": terms})
    configurations = {
        "packs": packs,
        "packs + 5,000 terms": packs + [extra_terms_rule],
        "(a) every kind": rule_set(),
        "(b) every kind + 5,000 terms": rule_set(terms),
    }
    checkers = {}
    results = {}
    n = len(posts)
    for label, specs in configurations.items():
        started = time.perf_counter()
        checker = engine.compile(specs)
        compile_ms = 1000 * (time.perf_counter() - started)
        checkers[label] = checker
        kinds = sorted({rule.kind for rule in checker.rules + checker.builtins})
        print(f"\n== {label}: {len(checker)} rules + {len(checker.builtins)} built-ins, "
              f"{len(kinds)} kinds, compiled in {compile_ms:.0f} ms")  # fmt: skip
        one_pass(checker, posts[:300])  # warm up: word lists, VADER lexicons
        times = best_rate(checker, posts, args.repeat)
        results[label] = times
        print(f"  {n / times['cpu']:7.0f} posts/s  ({1e6 * times['cpu'] / n:.0f} µs/post) "
              f"CPU time, best of {args.repeat} passes; median {n / times['cpu median']:.0f}")
        print(f"  {n / times['wall']:7.0f} posts/s  ({1e6 * times['wall'] / n:.0f} µs/post) "
              f"wall time, best of {args.repeat} passes; median {n / times['wall median']:.0f}")
        if label.startswith("("):
            costs = per_kind(checker, posts)
            total = sum(costs.values())
            print(f"  cost per kind (one instrumented pass, CPU time, {1e6 * total / n:.0f} "
                  "µs/post; engine: language, the rule loop, sorting, and the timers' own "
                  "cost):")  # fmt: skip
            for kind, seconds in sorted(costs.items(), key=lambda item: -item[1]):
                print(f"    {kind:16} {1e6 * seconds / n:7.1f} µs/post "
                      f"{100 * seconds / total:5.1f}%")  # fmt: skip
        print(f"  peak RSS so far: {maxrss_mb():.0f} MB")
    print()
    for base, more in (("packs", "packs + 5,000 terms"),
                       ("(a) every kind", "(b) every kind + 5,000 terms")):  # fmt: skip
        a, b = results[base], results[more]
        print(f"time ratio ({more}) / ({base}): {b['cpu'] / a['cpu']:.2f} (CPU time), "
              f"{b['wall'] / a['wall']:.2f} (wall time)")  # fmt: skip
    traced = peak_traced(checkers["(a) every kind"], posts[:1000])
    print(f"tracemalloc peak while checking 1,000 posts with (a): {traced / 1e6:.1f} MB")
    print(f"peak RSS: {maxrss_mb():.0f} MB")

    if args.cli_posts:
        rate, total, startup = cli_rate(args.cli_posts)
        print(f"\npython -m socialgov.checks.cli --pack core-en --pack core-fr, "
              f"{args.cli_posts} JSON lines: {rate:.0f} posts/s "
              f"({total:.1f} s wall, start-up {startup:.2f} s included)")  # fmt: skip

    if args.dump:
        dump(args.dump, posts, checkers)


if __name__ == "__main__":
    main()
