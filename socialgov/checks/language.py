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
_WORD = re.compile(r"[^\W\d_]+")
_ELISION = re.compile(r"\b(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['’](?=\w)", re.IGNORECASE)
_FR_LETTERS = re.compile(r"[éèêàùâîôûçœëïü]", re.IGNORECASE)
_EN_ONLY = re.compile(r"\b\w+(?:'s|n't|'ll|'re|'ve)\b", re.IGNORECASE)
_ASCII_OR_NOT = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")
_FOLD = str.maketrans("éèêëàâäîïôöùûüçœ", "eeeeaaaiioouuuco")


@functools.lru_cache(maxsize=512)
def detect_language(text: str) -> str | None:
    """``"fr"``, ``"en"`` or ``None`` (undecided) for ``text``."""
    if not text:
        return None
    sample = text[:2000]
    fr = en = 0.0
    lowered = sample.lower()
    if not lowered.isascii():  # translate() looks every character up: non-ASCII runs only
        lowered = "".join(
            run if run.isascii() else run.translate(_FOLD) for run in _ASCII_OR_NOT.findall(lowered)
        )
    for word in _WORD.findall(lowered):
        if word in _FR_WORDS:
            fr += 1
        if word in _EN_WORDS:
            en += 1
    fr += 1.5 * len(_ELISION.findall(sample))
    fr += 0.5 * min(len(_FR_LETTERS.findall(sample)), 20)
    en += 1.5 * len(_EN_ONLY.findall(sample))
    if max(fr, en) < 2 or fr == en:
        return None
    return "fr" if fr > en else "en"


def post_language(post: PostInput) -> str | None:
    """The post's language: the given one, else the detected one (``None`` if unclear)."""
    if post.language:
        return post.language
    return detect_language(post.text)
