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
``acknowledged`` words count as neutral too: a reply that names the customer's problem in
the customer's own words ("broken", "late", "cassée") acknowledges it (see ``echoes``).
``negative_words(text, language)`` lists every negative word of a text, e.g. of the
customer's message a reply answers.
Only the first ``MAX_CHARS`` (1,000) characters are scored. Analyzers load lazily, once
per process (~0.1 s each); call ``warm_up()`` to load early.
"""

from __future__ import annotations

import functools
import math
import os
import re
import string
from pathlib import Path

from socialgov.checks import literals
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
    inconvenients desagrement desagrements panne pannes souci soucis bogue bogues
    prive privee prives privees""".split()
)  # ("privé": "en privé", "message privé", where support replies send customers)
# The look-ahead on the first letters lets the scan skip, in C, the positions where no
# word of the list starts (twice as fast on long replies).
_EN_NEUTRAL = re.compile(
    r"\b(?=[abcdefilmoprstuv])(?:sorry|apolog(?:y|ies|i[sz]e[sd]?|i[sz]ing)|regret|delay(?:s|ed)?|issues?"
    r"|problems?|inconvenience|trouble|errors?|mistakes?|bugs?|outages?"
    # What support replies are about, not how they feel about the customer.
    r"|abuse|spam|scams?|fraud|crisis|tragedy|disasters?|cancel(?:s|led|ed|ling|lation)?"
    r"|violat(?:e|es|ed|ing|ions?)|prohibit(?:s|ed|ing)?|restrict(?:s|ed|ions?)?"
    r"|claims?|strikes?|complaints?|miss(?:ed|ing)?|fail(?:s|ed|ing|ures?)?)\b",
    re.IGNORECASE,
)
# The strings one of which every match of _EN_NEUTRAL contains, in ``literals.fold``
# form (read without its word edges: ``re`` and ``literals`` may place those differently
# around marks). A reply with none of them has nothing to remove, and the substitution,
# which tries the pattern at every position, is skipped (see _without_neutral).
_EN_NEUTRAL_NEEDS = literals.required(_EN_NEUTRAL.pattern.replace(r"\b", ""), ignorecase=True)
_EN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_EN_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")


@functools.lru_cache(maxsize=1)
def _english():
    return _fast_vader_class()()


def _char_class(chars) -> str:
    """A regular-expression class of ``chars``, as ranges (fast to scan)."""
    codes = sorted({ord(c) for c in chars})
    parts = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        first, last = re.escape(chr(codes[i])), re.escape(chr(codes[j]))
        parts.append(first if i == j else f"{first}-{last}")
        i = j + 1
    return "[" + "".join(parts) + "]"


# VADER's emoji below U+2000 are "©" and "®"; any character from U+2000 up may be one.
_EMOJI_FROM = "\u2000"


def _emoji_pattern(emojis) -> re.Pattern[str]:
    """One of ``emojis`` (single characters). Their class has hundreds of ranges beyond
    U+FFFF, which a scan would try one by one at every character: the pattern first
    takes a character that may be one (the few emoji below ``_EMOJI_FROM``, or any
    character from there up), a test the scan runs in C, then looks back at it with the
    whole class. The same matches (a test compares the two on every code point)."""
    emojis = sorted(set(emojis))
    early = "".join(e for e in emojis if e < _EMOJI_FROM)
    first = "[" + re.escape(early) + _EMOJI_FROM + "-\U0010ffff]"
    return re.compile(first + "(?<=" + _char_class(emojis) + ")")


def _fast_vader_class():
    """VADER's analyzer with the same scores, computed faster: ``polarity_scores``
    replaces emoji with one regular expression instead of a loop over every character,
    and skips the words outside the lexicon (VADER gives them 0 after a dozen tests);
    the negation, idiom and "but" checks lower-case the words of a text once instead of
    once per sentiment word, and a negation is a set lookup instead of a loop over every
    negation (their bodies are VADER 3.3.2's, MIT licence). A test compares the scores
    with VADER's own analyzer."""
    from vaderSentiment import vaderSentiment as vader

    negations = frozenset(vader.NEGATE)
    punctuation = string.punctuation

    class FastSentiText(vader.SentiText):
        def __init__(self, text: str) -> None:
            self.text = text
            # VADER's _strip_punc_if_word on each word (one comprehension, no call per
            # word), and allcap_differential (its capitals counted in C).
            self.words_and_emoticons = words = [
                word if len(stripped := word.strip(punctuation)) <= 2 else stripped
                for word in text.split()
            ]
            capitals = sum(map(str.isupper, words))
            self.is_cap_diff = 0 < len(words) - capitals < len(words)

    class FastAnalyzer(vader.SentimentIntensityAnalyzer):
        def __init__(self) -> None:
            super().__init__()
            self._emoji = _emoji_pattern(key for key in self.emojis if len(key) == 1)
            self._lowered: tuple = (None, None)

        @staticmethod
        def _negated(words: list[str]) -> bool:
            """``vader.negated(words)`` for lower-case words, without its loop over
            every negation for each word."""
            return any(word in negations or "n't" in word for word in words)

        def _lower(self, words: list) -> list[str]:
            cached = self._lowered  # (words, lowered): one text at a time, per thread safe
            if cached[0] is words:
                return cached[1]
            lowered = [str(w).lower() for w in words]
            self._lowered = (words, lowered)
            return lowered

        def _describe_emoji(self, text: str) -> str:
            """VADER's emoji loop: each emoji character becomes its description, after
            a space unless the text had one (or nothing) before it."""
            out = []
            last = 0
            for m in self._emoji.finditer(text):
                at = m.start()
                out.append(text[last:at])
                if at != 0 and text[at - 1] != " ":
                    out.append(" ")
                out.append(self.emojis[m.group()])
                last = at + 1
            out.append(text[last:])
            return "".join(out)

        def polarity_scores(self, text):
            if self._emoji.search(text) is not None:
                text = self._describe_emoji(text)
            text = text.strip()
            sentitext = FastSentiText(text)
            sentiments = []
            words_and_emoticons = sentitext.words_and_emoticons
            lower = self._lower(words_and_emoticons)
            lexicon, boosters = self.lexicon, vader.BOOSTER_DICT
            last = len(words_and_emoticons) - 1
            for i, item_lower in enumerate(lower):
                # VADER's sentiment_valence gives 0 to a word outside its lexicon: most
                # words of a reply, which skip the call.
                if (
                    item_lower not in lexicon
                    or item_lower in boosters
                    or (i < last and item_lower == "kind" and lower[i + 1] == "of")
                ):
                    sentiments.append(0)
                    continue
                sentiments = self.sentiment_valence(
                    0, sentitext, words_and_emoticons[i], i, sentiments)
            sentiments = self._but_check(words_and_emoticons, sentiments)
            return self.score_valence(sentiments, text)

        def _but_check(self, words_and_emoticons, sentiments):
            if "but" not in self._lower(words_and_emoticons):
                return sentiments  # most texts: VADER's check changes nothing then
            return super()._but_check(words_and_emoticons, sentiments)

        def _special_idioms_check(self, valence, words_and_emoticons, i):
            lower = self._lower(words_and_emoticons)
            onezero = f"{lower[i - 1]} {lower[i]}"
            twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
            twoone = f"{lower[i - 2]} {lower[i - 1]}"
            threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
            threetwo = f"{lower[i - 3]} {lower[i - 2]}"
            for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
                if seq in vader.SPECIAL_CASES:
                    valence = vader.SPECIAL_CASES[seq]
                    break
            if len(lower) - 1 > i:
                zeroone = f"{lower[i]} {lower[i + 1]}"
                if zeroone in vader.SPECIAL_CASES:
                    valence = vader.SPECIAL_CASES[zeroone]
            if len(lower) - 1 > i + 1:
                zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
                if zeroonetwo in vader.SPECIAL_CASES:
                    valence = vader.SPECIAL_CASES[zeroonetwo]
            for n_gram in (threetwoone, threetwo, twoone):
                if n_gram in vader.BOOSTER_DICT:
                    valence = valence + vader.BOOSTER_DICT[n_gram]
            return valence

        def _negation_check(self, valence, words_and_emoticons, start_i, i):
            lower = self._lower(words_and_emoticons)
            negated, n_scalar = self._negated, vader.N_SCALAR
            if start_i == 0:
                if negated([lower[i - (start_i + 1)]]):
                    valence = valence * n_scalar
            if start_i == 1:
                if lower[i - 2] == "never" and (lower[i - 1] == "so" or lower[i - 1] == "this"):
                    valence = valence * 1.25
                elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
                    valence = valence
                elif negated([lower[i - (start_i + 1)]]):
                    valence = valence * n_scalar
            if start_i == 2:
                if (
                    lower[i - 3] == "never"
                    and (lower[i - 2] == "so" or lower[i - 2] == "this")
                    or (lower[i - 1] == "so" or lower[i - 1] == "this")
                ):
                    valence = valence * 1.25
                elif lower[i - 3] == "without" and (
                    lower[i - 2] == "doubt" or lower[i - 1] == "doubt"
                ):
                    valence = valence
                elif negated([lower[i - (start_i + 1)]]):
                    valence = valence * n_scalar
            return valence

    return FastAnalyzer


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


def same_word(a: str, b: str) -> bool:
    """Are ``a`` and ``b`` (lower-case) forms of one word? Equal, or sharing a stem of
    at least 5 letters that each extends by at most 3 ("frustrated" and "frustrating",
    "damage" and "damaged", "cassé" and "cassée")."""
    if a == b:
        return True
    if a[:5] != b[:5]:
        return False  # no stem of 5 letters in common (most pairs: decided without commonprefix)
    common = len(os.path.commonprefix([a, b]))
    return common >= 5 and len(a) - common <= 3 and len(b) - common <= 3


def echoes(word: str, words) -> bool:
    """Is ``word`` a form of one of ``words``?"""
    return any(same_word(word, other) for other in words)


def _french(text: str, acknowledged=()) -> tuple[float, list[str]]:
    lexicon = _french_lexicon()
    words = _WORD.findall(normalize(text).text)
    valences: list[float] = []
    negative: list[str] = []
    for i, word in enumerate(words):
        value = lexicon.get(word)
        if (value is None or word in _FR_BOOST or word in _FR_NEUTRAL
                or (acknowledged and echoes(word, acknowledged))):
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


def _without_neutral(text: str) -> str:
    """``_EN_NEUTRAL.sub("", text)``: the neutral support words removed."""
    if _EN_NEUTRAL_NEEDS is not None and not _EN_NEUTRAL_NEEDS.found_in(literals.fold(text)):
        return text  # none of them can occur (a case-insensitive match reads so folded)
    return _EN_NEUTRAL.sub("", text)


def _english_score(text: str, acknowledged=()) -> tuple[float, list[str]]:
    analyzer = _english()
    text = _without_neutral(text)
    if acknowledged:
        text = _EN_TOKEN.sub(
            lambda m: "" if echoes(m.group().lower().replace("’", "'"), acknowledged)
            else m.group(), text)
    score = analyzer.polarity_scores(text)["compound"]
    negative = [
        w
        for w in _EN_WORD.findall(text.lower().replace("’", "'"))
        if analyzer.lexicon.get(w, 0) < 0
    ]
    return score, negative


@functools.cache
def _english_negative_cues() -> tuple[frozenset[str], frozenset[str]]:
    """What a negative English score needs: a word of negative valence or a negation (it
    turns a positive word), and the emoticons of negative valence."""
    from vaderSentiment import vaderSentiment as vader

    lexicon = _english().lexicon
    words = {key for key, value in lexicon.items() if value < 0 and _EN_WORD.fullmatch(key)}
    marks = {key for key, value in lexicon.items() if value < 0 and not _EN_WORD.fullmatch(key)}
    negations = {word.lower() for word in vader.NEGATE} | {"least", "no", "nope", "without"}
    return frozenset(words | negations), frozenset(marks)


def may_be_negative(text: str, language: str | None) -> bool:
    """False only when ``compound(text, language)`` cannot be below 0: an English text
    that, as VADER reads it (neutral support words removed, emoji described in words),
    has no word of negative valence, no negation, no negative emoticon and not VADER's
    negative idiom. A caller that only looks for negative replies skips the scoring then
    (most replies). True for French, whose lexicon makes most words negative cues."""
    if language == "fr":
        return True
    # What _english_score gives VADER, and VADER's own first step on it.
    text = _without_neutral(text[:MAX_CHARS])
    analyzer = _english()
    if analyzer._emoji.search(text) is not None:
        text = analyzer._describe_emoji(text)
    lower = text.lower()
    if "n't" in lower or "yeah right" in lower:
        return True
    cues, marks = _english_negative_cues()
    if not cues.isdisjoint(_EN_WORD.findall(lower)):
        return True
    # VADER looks each token up as it is or stripped of punctuation.
    return any(token in marks or token.strip(string.punctuation) in marks
               for token in lower.split())


def compound(text: str, language: str | None, *, acknowledged=()) -> tuple[float, list[str]]:
    """VADER compound score of ``text`` (-1 very negative ... 1 very positive) and the
    negative words found (for messages). Words that are forms of ``acknowledged`` ones
    (lower case; accents removed in French) count as neutral."""
    text = text[:MAX_CHARS]
    if not text.strip():
        return 0.0, []
    if language == "fr":
        score, negative = _french(text, acknowledged)
    else:
        score, negative = _english_score(text, acknowledged)
    unique = list(dict.fromkeys(negative))[:5]
    return round(score, 4), unique


def negative_words(text: str, language: str | None) -> frozenset[str]:
    """Every word of ``text`` with a negative valence (lower case; accents removed in
    French), apologies and problem words aside."""
    text = text[:MAX_CHARS]
    if not text.strip():
        return frozenset()
    _score, negative = _french(text) if language == "fr" else _english_score(text)
    return frozenset(negative)
