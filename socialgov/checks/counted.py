"""What a count rule counts, said in words.

The patterns of the things a brand admin can count without writing a regular expression
(hashtags, mentions, links, exclamation marks), and the patterns that find a word or
phrase as written (``literal``; ``word_of`` reads one back). The rule form writes them,
and the count rules' default messages name what they count (``NAMES``, ``shown``) rather
than show a regular expression.
"""

from __future__ import annotations

import regex

from socialgov.checks.normalize import cleaned, normalize

PATTERNS = {
    "hashtags": r"(?<![\w#])#\w+",
    "mentions": r"(?<![\w@])@\w+",
    "links": r"https?://\S+",
    "exclamations": r"!",
}
# Each, named at the start of a message, in each language.
NAMES = {
    "hashtags": {"en": "Hashtags", "fr": "Mots-clics"},
    "mentions": {"en": "Mentions", "fr": "Mentions"},
    "links": {"en": "Links", "fr": "Liens"},
    "exclamations": {"en": "Exclamation marks", "fr": "Points d’exclamation"},
}

_WORDY = regex.compile(r"\w")
_UNESCAPE = regex.compile(r"\\(.)", flags=regex.DOTALL)


def clean(word: str) -> str:
    """``word`` as the patterns read the post: invisible characters removed, look-alike
    letters folded, apostrophes and hyphens unified, spaces single."""
    return " ".join(cleaned(normalize(word)).text.split())


def escaped(word: str) -> str:
    return r"\s+".join(regex.escape(part) for part in clean(word).split(" ") if part)


def unescaped(pattern) -> str | None:
    """The word ``escaped`` made ``pattern`` from, or None."""
    if not isinstance(pattern, str):
        return None
    word = " ".join(_UNESCAPE.sub(r"\1", part) for part in pattern.split(r"\s+"))
    return word if word and escaped(word) == pattern else None


def literal(word: str) -> str:
    """A regular expression that finds ``word`` as written (any run of spaces for a
    space), on a word edge where it begins or ends with a letter or a digit."""
    text = clean(word)
    if not text:
        return ""
    return ((r"\b" if _WORDY.match(text[0]) else "") + escaped(text)
            + (r"\b" if _WORDY.match(text[-1]) else ""))


def word_of(pattern) -> str | None:
    """The word ``literal`` made ``pattern`` from, or None."""
    if not isinstance(pattern, str):
        return None
    body = pattern.removeprefix(r"\b")
    if body.endswith(r"\b") and not body.endswith(r"\\b"):
        body = body[:-2]
    word = unescaped(body)
    return word if word is not None and literal(word) == pattern else None


def counted_of(pattern) -> str | None:
    """The key of ``PATTERNS`` whose pattern is ``pattern``, or None."""
    return next((key for key, known in PATTERNS.items() if known == pattern), None)


def shown(pattern: str) -> str:
    """``pattern`` as a message shows it: the word or phrase it finds, when it is one
    (``literal``), else the regular expression itself."""
    return word_of(pattern) or pattern
