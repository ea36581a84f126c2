"""Sentiment scores for short replies, English and French, on VADER's scale.

* English: VADER (``vaderSentiment`` 3.3.2, MIT) ``polarity_scores(text)["compound"]``.
* French: a compact VADER-style scorer written here over the French lexicon of
  ``vaderSentiment-fr`` 1.3.4 (MIT; ``data/vader_fr/``): accent-insensitive word
  valences, boosters ("très", "vraiment"...), negation ("pas", "jamais", "sans"... within
  the 3 previous words flips and damps the valence by -0.74), the "mais" rule (before
  ×0.5, after ×1.5), exclamation emphasis, and VADER's normalisation
  ``x / sqrt(x² + 15)``. In both languages apologies and words that name the
  customer's problem (sorry, delay, issue, désolé, retard, problème...) are neutral:
  acknowledging a problem is not a negative reply. (The package itself is not used: it
  needs ``fuzzywuzzy`` and ``unidecode``, both GPL.)

``compound(text, language) -> (score, negative_words)``: score in [-1, 1]; negative words
are the lexicon words of the text with a negative valence (at most 5, for messages).
Only the first ``MAX_CHARS`` (1,000) characters are scored. Analyzers load lazily, once
per process (~0.1 s each); call ``warm_up()`` to load early.
"""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path

from socialgov.checks.normalize import normalize

DATA = Path(__file__).resolve().parent / "data"
FR_LEXICON = DATA / "vader_fr" / "fr_lexicon.txt"

MAX_CHARS = 1000  # replies are short; a longer text is scored on its beginning (VADER is slow)
B_INCR = 0.293
N_SCALAR = -0.74
_FR_NEGATE = frozenset("pas jamais rien aucun aucune aucunement nullement sans ni".split())
_FR_BOOST = {
    **dict.fromkeys(
        """absolument beaucoup carrement completement extremement hyper incroyablement
        infiniment profondement sacrement super tellement terriblement totalement trop tres
        ultra vachement vraiment vraiment enormement vraiment particulierement""".split(),
        B_INCR,
    ),
    **dict.fromkeys(
        "assez guere legerement moins peu plutot presque quasiment rarement".split(), -B_INCR
    ),
}
_WORD = re.compile(r"[^\W\d_]+")
# In a reply to a customer, apologies are warm and naming the customer's problem is
# acknowledging it: neither makes the reply negative.
_FR_NEUTRAL = frozenset(
    """desole desolee desoles desolees navre navree navres navrees excuses excusez pardon
    regrettons regrette retard retards probleme problemes erreur erreurs inconvenient
    inconvenients desagrement desagrements panne pannes souci soucis bogue bogues""".split()
)
_EN_NEUTRAL = re.compile(
    r"\b(?:sorry|apolog(?:y|ies|i[sz]e[sd]?|i[sz]ing)|regret|delay(?:s|ed)?|issues?"
    r"|problems?|inconvenience|trouble|errors?|mistakes?|bugs?|outages?)\b",
    re.IGNORECASE,
)
_EN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


@functools.lru_cache(maxsize=1)
def _english():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@functools.lru_cache(maxsize=1)
def _french_lexicon() -> dict[str, float]:
    sums: dict[str, list[float]] = {}
    with FR_LEXICON.open(encoding="utf-8") as f:
        for line in f:
            word, sep, value = line.strip().rpartition("->")
            if not sep:
                continue
            key = normalize(word).text.strip()
            if not _WORD.fullmatch(key):
                continue  # emoticons and multi-word entries: not used here
            try:
                sums.setdefault(key, []).append(float(value))
            except ValueError:
                continue
    return {k: sum(v) / len(v) for k, v in sums.items()}


def warm_up() -> None:
    _english()
    _french_lexicon()


def _normalize_score(score: float, alpha: float = 15) -> float:
    return max(-1.0, min(1.0, score / math.sqrt(score * score + alpha)))


def _french(text: str) -> tuple[float, list[str]]:
    lexicon = _french_lexicon()
    words = _WORD.findall(normalize(text).text)
    valences: list[float] = []
    negative: list[str] = []
    for i, word in enumerate(words):
        value = lexicon.get(word)
        if value is None or word in _FR_BOOST or word in _FR_NEUTRAL:
            valences.append(0.0)
            continue
        for back, damp in ((1, 1.0), (2, 0.95), (3, 0.9)):
            if i - back >= 0 and words[i - back] in _FR_BOOST:
                boost = _FR_BOOST[words[i - back]] * damp
                value += boost if value > 0 else -boost
        if any(w in _FR_NEGATE for w in words[max(0, i - 3) : i]):
            value *= N_SCALAR
        if value < 0:
            negative.append(word)
        valences.append(value)
    if "mais" in words:
        pivot = words.index("mais")
        valences = [v * (0.5 if i < pivot else 1.5) for i, v in enumerate(valences)]
    total = sum(valences)
    if total:
        emphasis = min(text.count("!"), 4) * 0.292
        total += emphasis if total > 0 else -emphasis
    return _normalize_score(total), negative


def _english_score(text: str) -> tuple[float, list[str]]:
    analyzer = _english()
    text = _EN_NEUTRAL.sub("", text)
    score = analyzer.polarity_scores(text)["compound"]
    negative = [
        w
        for w in _EN_WORD.findall(text.lower().replace("’", "'"))
        if analyzer.lexicon.get(w, 0) < 0
    ]
    return score, negative


def compound(text: str, language: str | None) -> tuple[float, list[str]]:
    """VADER compound score of ``text`` (-1 very negative ... 1 very positive) and the
    negative words found (for messages)."""
    text = text[:MAX_CHARS]
    if not text.strip():
        return 0.0, []
    if language == "fr":
        score, negative = _french(text)
    else:
        score, negative = _english_score(text)
    unique = list(dict.fromkeys(negative))[:5]
    return round(score, 4), unique
