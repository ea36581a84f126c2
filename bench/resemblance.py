"""“Resembles a post this brand sent back”: time per check with 500 past decisions, and
the threshold's precision and recall on pairs written for it.

Run: .venv/bin/python bench/resemblance.py   (no database: the similarity alone; the
two queries a check adds are constant, see tests/test_resemblance.py)
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

# The repo, not bench/ (whose queue.py would hide the standard library's).
sys.path[0] = str(Path(__file__).resolve().parent.parent)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialgov.settings")
import django  # noqa: E402

django.setup()
from socialgov.posts.resemblance import THRESHOLD, shingles, similarity  # noqa: E402

# (sent back, new draft, should match?): light rewrites above, same topic below.
PAIRS = [
    ("Flash sale this weekend: every winter boot half price, grab yours!",
     "Flash sale this weekend: every winter boot is half price, grab a pair!", True),
    ("Our CEO will be live on Friday at noon to answer your questions.",
     "Our CEO will be live Friday at noon to answer all your questions! #AMA", True),
    ("Venez goûter notre nouvelle bière d'automne ce samedi au bistro.",
     "Venez goûter notre nouvelle bière d’automne samedi au bistro!", True),
    ("Nos soldes d'hiver commencent demain : 40 % sur les manteaux.",
     "Les soldes d'hiver commencent demain : 40 % sur tous les manteaux!", True),
    ("Free coffee for every nurse this week, thank you for all you do.",
     "Free coffee for every nurse this week. Thank you for everything you do!", True),
    ("Flash sale this weekend: every winter boot half price, grab yours!",
     "Our winter boots are back in stock in every size.", False),
    ("Our CEO will be live on Friday at noon to answer your questions.",
     "Join our product team on Friday for a live demo of the new app.", False),
    ("Venez goûter notre nouvelle bière d'automne ce samedi au bistro.",
     "Notre bistro sera fermé samedi pour rénovations.", False),
    ("Nos soldes d'hiver commencent demain : 40 % sur les manteaux.",
     "Découvrez nos nouveaux manteaux d'hiver en magasin dès demain.", False),
    ("Free coffee for every nurse this week, thank you for all you do.",
     "This week we thank the teachers of our city with a free muffin.", False),
]


def main() -> int:
    hits = sum((similarity(shingles(a), shingles(b)) >= THRESHOLD) == w for a, b, w in PAIRS)
    for a, b, want in PAIRS:
        print(f"{similarity(shingles(a), shingles(b)):.2f} {'match' if want else 'other'}: {b}")
    above = [(w, similarity(shingles(a), shingles(b)) >= THRESHOLD) for a, b, w in PAIRS]
    true_pos = sum(1 for w, hit in above if w and hit)
    false_pos = sum(1 for w, hit in above if not w and hit)
    print(f"threshold {THRESHOLD}: {hits}/{len(PAIRS)} pairs right; precision "
          f"{true_pos}/{true_pos + false_pos or 1}, recall {true_pos}/{sum(w for *_, w in PAIRS)}")
    rng = random.Random(13)
    words = " ".join(a for a, _b, _w in PAIRS).split()
    past = [shingles(" ".join(rng.choices(words, k=30))) for _ in range(500)]
    draft = shingles(PAIRS[0][1])
    started = time.perf_counter()
    rounds = 200
    for _ in range(rounds):
        max(similarity(draft, p) for p in past)
    per_check = (time.perf_counter() - started) / rounds
    print(f"500 past decisions: {1000 * per_check:.2f} ms per check (similarity only)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
