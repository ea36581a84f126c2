"""A tiny French/English detector for posts whose language is not given.

``detect_language(text) -> "fr" | "en" | None``: scores function words (stop words of
each language, accent-insensitive), French elisions (l’, d’, qu’...) and French accented
letters; ``None`` when there is too little evidence (fewer than 2 points) or a tie.
Good enough to tell a French post from an English one; not a general-purpose detector.

``post_language(post)`` is what rule kinds call: ``post.language`` when given, else the
detected language (cached per text).
"""

from __future__ import annotations

import functools
import re
from itertools import repeat

from socialgov.checks.base import PostInput

# Function words that are frequent in one language and rare in the other (accents off).
_FR_WORDS = frozenset(
    """
    le la les un une des du de au aux et est sont ou mais donc car ni que qui quoi dont
    ce cet cette ces mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs
    je tu il elle nous vous ils elles on moi toi lui eux y en ne pas plus rien jamais
    avec pour par sur sous dans chez sans vers entre tres bien aussi tout tous toute
    toutes avoir etre fait faire nouveau nouvelle nouvelles merci bonjour bonsoir salut
    oui non cest cela ca ici voici voila aujourd hui demain semaine fin jour annee
    notre votre bienvenue decouvrez profitez inscrivez achetez offre rabais
    """.split()
)
_EN_WORDS = frozenset(
    """
    the a an and or but so of to in on at by for with from into about as is are was
    were be been being has have had do does did will would can could should may might
    must this that these those it its he she they them their we our you your i my me
    his her who what which when where why how not no yes all any some more most very
    just also than then there here now new today tomorrow week thanks thank hello hi
    please our us get got out up our shop discover join free off learn
    """.split()
)
_WEIGHTS = {
    word: (word in _FR_WORDS) + 1j * (word in _EN_WORDS) for word in _FR_WORDS | _EN_WORDS
}
_WORD = re.compile(r"[^\W\d_]+")
_ELISION = re.compile(r"\b(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['’](?=\w)", re.IGNORECASE)
# The same matches, found from their apostrophe: a scan for ' and ’ skips the rest of the
# text, where the pattern above tries every position. Each match holds its own apostrophe.
_ELISION_AT_APOSTROPHE = re.compile(
    r"['’](?:(?<=\b[ldjmnstc].)|(?<=\bqu.)|(?<=\bjusqu.)|(?<=\blorsqu.)|(?<=\bpuisqu.))(?=\w)",
    re.IGNORECASE,
)
# French accented letters in either case: what r"(?i)[éèêàùâîôûçœëïü]" matches, spelled out
# (a test holds the two to the same characters). _scores counts them in lower case, where
# they are those of _FR_LOWER_LETTERS (a test holds the counts equal over every character).
_FR_LETTER_CHARS = "ÀÂÇÈÉÊËÎÏÔÙÛÜàâçèéêëîïôùûüŒœ"
_FR_LETTERS = re.compile(f"[{_FR_LETTER_CHARS}]")
_FR_LOWER_LETTERS = frozenset(_FR_LETTER_CHARS.lower())
_EN_ONLY = re.compile(r"\b\w+(?:'s|n't|'ll|'re|'ve)\b", re.IGNORECASE)
_FOLD_PAIRS = tuple(zip("éèêëàâäîïôöùûüçœ", "eeeeaaaiioouuuco", strict=True))
# A letter (what _WORD takes) that is not ASCII.
_NON_ASCII_LETTER = re.compile(r"[^\x00-\x7f](?<=[^\W\d_])")
# Every byte but an ASCII letter read as a space: see _words.
_ASCII_LETTERS_ONLY = bytes(
    code if chr(code).isascii() and chr(code).isalpha() else 0x20 for code in range(256)
)


def _words(text: str) -> list[str]:
    """``_WORD.findall(text)``. When every letter of the text is ASCII, the words are its
    runs of ASCII letters: the text is cut there in C (non-ASCII characters, then every
    byte but a letter, become spaces), a quarter of the work of the regular expression,
    which searches for each word in turn."""
    if not text.isascii() and _NON_ASCII_LETTER.search(text) is not None:
        return _WORD.findall(text)
    spaced = text.encode("ascii", "replace").translate(_ASCII_LETTERS_ONLY)
    return spaced.decode("ascii").split()


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # what \w matches


def _english_contractions(sample: str) -> int:
    """``len(_EN_ONLY.findall(sample))``, trying the pattern only where a match can start:
    at the first letter of a word that runs into an apostrophe."""
    count = 0
    taken = 0  # findall resumes after each match
    apostrophe = sample.find("'")
    while apostrophe != -1:
        start = apostrophe
        while start > 0 and _is_word_char(sample[start - 1]):
            start -= 1
        if taken <= start < apostrophe:
            found = _EN_ONLY.match(sample, start)
            if found is not None:
                count += 1
                taken = found.end()
        apostrophe = sample.find("'", apostrophe + 1)
    return count


# A first look at the opening of a long text settles most posts: the rest is read only
# when the opening is not clearly one language (see _clear).
_OPENING = 500


@functools.lru_cache(maxsize=512)
def detect_language(text: str) -> str | None:
    """``"fr"``, ``"en"`` or ``None`` (undecided) for ``text``."""
    if not text:
        return None
    sample = text[:2000]
    if len(sample) > 2 * _OPENING:
        opening = _scores(sample[:_OPENING].rpartition(" ")[0] or sample[:_OPENING])
        if _clear(*opening):
            return "fr" if opening[0] > opening[1] else "en"
    fr, en = _scores(sample)
    if max(fr, en) < 2 or fr == en:
        return None
    return "fr" if fr > en else "en"


def _clear(fr: float, en: float) -> bool:
    """Is one language far ahead: at least 8 points, and three times the other's?"""
    return max(fr, en) >= 8 and max(fr, en) >= 3 * min(fr, en)


def _scores(sample: str) -> tuple[float, float]:
    """The French and English evidence in ``sample``."""
    lowered = sample.lower()
    ascii_only = lowered.isascii()
    french_letters = 0
    if not ascii_only:
        # One replace per accented letter present: each is a scan in C, where translate()
        # would look every character of the text up in the table. The French letters are
        # counted on the way: in lower case, they are the characters _FR_LETTERS matches
        # in the sample (a test holds the two counts equal over every character).
        for accented, plain in _FOLD_PAIRS:
            if accented in lowered:
                if accented in _FR_LOWER_LETTERS:
                    french_letters += lowered.count(accented)
                lowered = lowered.replace(accented, plain)
    words = _words(lowered)
    # One lookup a word, counted in C: a word weighs 1 for French and 1j for English (1 +
    # 1j for a word of both lists), and the parts of the sum are the two counts.
    counts = sum(map(_WEIGHTS.get, words, repeat(0)))
    fr, en = float(counts.real), float(counts.imag)
    if "'" in sample or "’" in sample:
        fr += 1.5 * len(_ELISION_AT_APOSTROPHE.findall(sample))
    if not ascii_only:
        fr += 0.5 * min(french_letters, 20)
    if "'" in sample:
        en += 1.5 * _english_contractions(sample)
    return fr, en


def post_language(post: PostInput) -> str | None:
    """The post's language: the given one, else the detected one (``None`` if unclear)."""
    if post.language:
        return post.language
    return detect_language(post.text)
