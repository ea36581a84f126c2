"""One-click fixes: the text a finding's span should become (``Finding.replacement``).

A rule sets a replacement only when it is certain of it; otherwise it stays ``None``:

* ``substitution``: the swap's target (a Vale swap only when it offers one option, not
  ``"a|b"``);
* ``capitalization``: the piece recapitalised as the rule wants (see that module);
* ``banned_terms`` and ``existence``: the rule's suggestion, in the post's language,
  when it is a single term rather than a sentence (``single_term``).

Never inside a hashtag, an @mention or a URL: editing one changes what it links to
(``inside_tag_or_url``); never where the text around the match already spells the
replacement (``target_around``: "covid" in "covid-19" for the target "COVID-19").

Where the rule matches case-insensitively, the replacement takes the case of the text it
replaces (``match_case``): "Utilize" -> "Use", "UTILIZE" -> "USE"; a target with capitals
of its own keeps them ("covid" -> "COVID-19", "linkedin" -> "LinkedIn").

Plain Python: no Django here.
"""

from __future__ import annotations

import re

from socialgov.checks import urls
from socialgov.checks.base import RuleSpec, fill

_TAG_SIGNS = "#＃@＠"
_QUOTES = (
    ("“", "”"), ("«", "»"), ('"', '"'), ("‘", "’"), ("'", "'"), ("„", "“"), ("‹", "›"),
)  # fmt: skip
_SPACES = " \t\u00a0\u202f"
# Sentence punctuation and symbols no single term holds (a term may hold letters, digits,
# spaces, hyphens and apostrophes: "COVID-19", "fin de semaine", "l’infolettre").
_NOT_IN_A_TERM = re.compile(r"[.,;:!?…()\[\]{}<>/\\|\n\r\"“”«»„‹›%*=+&@#＃~^$]")
MAX_TERM_WORDS = 3  # a bare suggestion ("affordable", "fin de semaine")
MAX_QUOTED_TERM_WORDS = 6  # a quoted one ("“Our team will get back to you”")
# A bare suggestion that opens with one of these is an instruction ("Remove it",
# "Reformulez"), not a term to put in the post.
INSTRUCTION_WORDS = frozenset(
    """
    add ask avoid change check choose consider cut delete describe do don't drop edit
    explain keep leave mention never no not omit pick prefer remove rephrase replace
    reword rewrite say see skip soften swap talk try use write
    ajoutez changez choisissez coupez décrivez demandez dites écrivez employez enlevez
    essayez évitez expliquez gardez jamais laissez mentionnez modifiez ne n'utilisez
    n’utilisez omettez parlez préférez privilégiez reformulez remplacez retirez
    supprimez utilisez vérifiez voir voyez
    """.split()
)


CHOICE_WORDS = frozenset({"or", "ou", "nor", "ni"})


def match_case(matched: str, replacement: str) -> str:
    """``replacement`` in the case of ``matched``, unless it has capitals of its own."""
    if any(char.isupper() for char in replacement):
        return replacement
    letters = [char for char in matched if char.isalpha()]
    if not letters:
        return replacement
    if len(letters) > 1 and all(char.isupper() for char in letters):
        return replacement.upper()
    if letters[0].isupper():
        for index, char in enumerate(replacement):
            if char.isalpha():
                return replacement[:index] + char.upper() + replacement[index + 1 :]
    return replacement


def inside_tag_or_url(text: str, start: int, end: int) -> bool:
    """The span ``text[start:end]`` is part of a hashtag, an @mention or a URL."""
    token_start = start
    while token_start > 0 and not text[token_start - 1].isspace():
        token_start -= 1
    if token_start < len(text) and text[token_start] in _TAG_SIGNS:
        return True
    if any(text[i] in _TAG_SIGNS for i in range(token_start, start)):
        return True
    return any(u.start < end and start < u.end for u in urls.find_urls(text))


def single_term(suggestion: str) -> str | None:
    """The one term ``suggestion`` offers, or ``None`` when it is a sentence, an
    instruction or several options.

    A term is either quoted whole (“affordable”, « abordable », "fin de semaine": at most
    six words) or bare (``affordable``: at most three words, not opening with an
    instruction such as "Remove", "Reformulez"), and holds no sentence punctuation nor a
    choice ("or", "ou")."""
    text = suggestion.strip(_SPACES + "\n\r")
    quoted = False
    for opening, closing in _QUOTES:
        if len(text) > len(opening) + len(closing) and text.startswith(opening) \
                and text.endswith(closing):
            text = text[len(opening) : -len(closing)].strip(_SPACES)
            quoted = True
            break
    if not text or _NOT_IN_A_TERM.search(text) or not any(c.isalnum() for c in text):
        return None
    words = text.split()
    if len(words) > (MAX_QUOTED_TERM_WORDS if quoted else MAX_TERM_WORDS):
        return None
    if not quoted and words[0].casefold() in INSTRUCTION_WORDS:
        return None
    if any(word.casefold() in CHOICE_WORDS for word in words):
        return None  # "affordable or budget-friendly": two options
    return text


def target_around(text: str, start: int, end: int, target: str) -> bool:
    """The text around ``text[start:end]`` already spells ``target`` (case aside): the
    swap {"covid": "COVID-19"} matches "covid" in "covid-19", and replacing that match
    with the target would write "COVID-19-19"."""
    matched, wanted = text[start:end].casefold(), target.casefold()
    offset = wanted.find(matched)
    while offset >= 0:
        begin = start - offset
        if begin >= 0 and text[begin : begin + len(target)].casefold() == wanted:
            if len(target) > end - start:
                return True
        offset = wanted.find(matched, offset + 1)
    return False


def swap_replacement(
    text: str, start: int, end: int, target: str, *, ignorecase: bool
) -> str | None:
    """A substitution's replacement for ``text[start:end]``: ``target``, in the matched
    text's case when the rule ignores case; ``None`` inside a tag or a URL."""
    if not target.strip() or inside_tag_or_url(text, start, end):
        return None
    if target_around(text, start, end, target):
        return None
    replacement = match_case(text[start:end], target) if ignorecase else target
    return None if replacement == text[start:end] else replacement


def term_replacement(rule: RuleSpec, language: str | None, text: str, start: int,
                     end: int) -> str | None:
    """A term rule's replacement for ``text[start:end]``: its suggestion in ``language``
    when that is a single term (``single_term``), in the matched text's case."""
    suggestion = (rule.suggestion or {}).get(language or "")
    if not isinstance(suggestion, str) or not suggestion.strip():
        return None
    matched = text[start:end]
    term = single_term(fill(suggestion, matched))
    if term is None or term.casefold() == matched.casefold():
        return None
    if inside_tag_or_url(text, start, end) or target_around(text, start, end, term):
        return None
    return match_case(matched, term)
