"""The kinds of brand rules that Vale brings, said in words: what the rule form shows for
a rule's parameters (``read``: ``None`` when they say something the words cannot, such
as a regular expression, and the form opens under "Advanced"), and the parameters it
writes from the fields in words (``write``).

The words are matched literally: a word or phrase becomes a regular expression that
finds it, punctuation and all ("C++", "e.g."), on word edges where it begins or ends
with a letter or a digit (``socialgov.checks.counted.literal``), and ``word_of`` reads
such an expression back.
Keys the fields do not say (a capitalisation's threshold...) are kept as they are.
"""

from __future__ import annotations

import regex
from django.utils.translation import gettext_lazy as _

from socialgov.brands.models import RuleKind
from socialgov.checks import counted
from socialgov.checks.counted import literal, word_of
from socialgov.checks.patterns import is_plain
from socialgov.checks.rules.capitalization import STYLES

# What a count counts, said in words; the pattern is the engine's. "word": a word or
# phrase the brand admin writes (``literal``).
COUNTED = {
    "hashtags": (_("Hashtags"), counted.PATTERNS["hashtags"]),
    "mentions": (_("Mentions (@name)"), counted.PATTERNS["mentions"]),
    "links": (_("Links"), counted.PATTERNS["links"]),
    "exclamations": (_("Exclamation marks"), counted.PATTERNS["exclamations"]),
}
COUNT_WORD = "word"

# Repeated words: a token is a word or a run of signs (so "très, très" is no repetition),
# and only words count (``alpha``). Words that may be doubled ("nous nous") are no tokens.
REPEAT_TOKEN = r"\w+|[^\w\s]+"
_REPEAT_EXCEPT = regex.compile(r"\\b\(\?!\(\?:(.+)\)\\b\)" + regex.escape(REPEAT_TOKEN))
REPEAT_EXCEPTIONS = ("nous", "vous")  # a new rule's: correct French ("nous nous levons")

# An abbreviation is any word of 3 to 5 capitals, defined by "(ABC)" after its words.
ANY_ABBREVIATION = (r"\b\p{Lu}{3,5}\b", r"\((\p{Lu}{3,5})\)")

SCOPES = ("heading", "sentence", "paragraph")

_BAR = regex.compile(r"(?<!\\)\|")


class Problem(Exception):
    """A field in words that cannot be read (``field``, ``message``)."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field, self.message = field, message


def lines(text):
    """Non-empty lines, stripped, each once, in order."""
    return list(dict.fromkeys(line.strip() for line in (text or "").splitlines() if line.strip()))


def _alternatives(body):
    return _BAR.split(body)


def _string_list(value):
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    return None


def _set_list(params, key, values):
    """``values`` under ``key``; an empty list only where the rule had the key."""
    if values or key in params:
        params[key] = values


def _set_number(params, key, value):
    if value:
        params[key] = value
    else:
        params.pop(key, None)


def _number(value):
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# -- reading a rule's parameters ---------------------------------------------------------


def read(kind, params):
    """The fields in words of a rule of ``kind`` with ``params`` (``{field: value}``), or
    None when the parameters say what the words cannot."""
    reader = _READERS.get(kind)
    return reader(kind, params or {}) if reader else None


def _read_existence(kind, params):
    tokens = _string_list(params.get("tokens"))
    exceptions = _string_list(params.get("exceptions", []))
    if not tokens or exceptions is None or params.get("raw") or params.get("nonword"):
        return None
    if params.get("ignorecase") is not True:
        return None  # a case-sensitive list: words in the form find any capitals
    if params.get("literal") is not True and not all(map(is_plain, tokens)):
        return None  # regular expressions
    return {"terms": "\n".join(tokens), "exceptions": "\n".join(exceptions)}


def _read_count(kind, params):
    token = params.get("token" if kind == RuleKind.OCCURRENCE else "pattern")
    fields = {"counted": next((key for key, (_label, known) in COUNTED.items()
                               if known == token), None)}
    if fields["counted"] is None:
        word = word_of(token)
        if word is None or params.get("ignorecase") is not True:
            return None
        fields.update(counted=COUNT_WORD, count_word=word)
    if kind == RuleKind.OCCURRENCE:
        fields.update(least=_number(params.get("min")) or None,
                      most=_number(params.get("max")) or None)
    else:
        fields["most"] = _number(params.get("max"))
    return fields


def _read_repetition(kind, params):
    tokens = params.get("tokens")
    if not isinstance(tokens, list) or len(tokens) != 1 or params.get("alpha") is not True:
        return None
    if params.get("max"):
        return None
    token = tokens[0]
    if token == REPEAT_TOKEN:
        words = []
    else:
        found = _REPEAT_EXCEPT.fullmatch(token) if isinstance(token, str) else None
        words = [counted.unescaped(part) for part in _alternatives(found[1])] if found else [None]
        if None in words or repeat_token(words) != token:
            return None
    return {"any_case": params.get("ignorecase") is True, "repeat_exceptions": "\n".join(words)}


def repeat_token(exceptions):
    if not exceptions:
        return REPEAT_TOKEN
    return (r"\b(?!(?:" + "|".join(counted.escaped(word) for word in exceptions) + r")\b)"
            + REPEAT_TOKEN)


def _read_consistency(kind, params):
    either = params.get("either")
    if not isinstance(either, dict) or not either or params.get("ignorecase") is not True:
        return None
    sides = [side for pair in either.items() for side in pair]
    if not all(isinstance(side, str) for side in sides):
        return None
    if params.get("nonword"):
        words = [word_of(side) for side in sides]
        if None in words:
            return None
    elif all(map(is_plain, sides)):
        words = sides
    else:
        return None
    # In alphabetical order: PostgreSQL keeps the keys of a JSON object in an order of its
    # own, so the order they were typed in is not kept.
    pairs = zip(words[::2], words[1::2], strict=True)
    return {"either_pairs": sorted(pairs, key=lambda pair: (pair[0].casefold(), pair))}


def _read_conditional(kind, params):
    if params.get("ignorecase"):
        return None
    first, second = params.get("first"), params.get("second")
    if (first, second) == ANY_ABBREVIATION:
        abbreviations = []
    else:
        if not isinstance(first, str) or not first.startswith("(?:") or not first.endswith(")"):
            return None
        abbreviations = [word_of(part) for part in _alternatives(first[3:-1])]
        if None in abbreviations or _abbreviations(abbreviations) != (first, second):
            return None
    exceptions = _string_list(params.get("exceptions", []))
    known = [counted.unescaped(item) for item in exceptions or []]
    if exceptions is None or None in known:
        return None
    return {"abbreviations": "\n".join(abbreviations), "known": "\n".join(known)}


def _abbreviations(words):
    """(first, second): a use of one of ``words``, and its definition "(WHO)"."""
    if not words:
        return ANY_ABBREVIATION
    return ("(?:" + "|".join(literal(word) for word in words) + ")",
            r"\((" + "|".join(counted.escaped(word) for word in words) + r")\)")


def _read_capitalization(kind, params):
    match, scope = params.get("match"), params.get("scope", "heading")
    exceptions = _string_list(params.get("exceptions", []))
    if match not in STYLES or scope not in SCOPES or exceptions is None:
        return None
    if any(len(word.split()) != 1 for word in exceptions):
        return None
    return {"cap_style": match, "cap_scope": scope, "keep_capitals": "\n".join(exceptions)}


_READERS = {
    RuleKind.EXISTENCE: _read_existence,
    RuleKind.MAX_COUNT: _read_count,
    RuleKind.OCCURRENCE: _read_count,
    RuleKind.REPETITION: _read_repetition,
    RuleKind.CONSISTENCY: _read_consistency,
    RuleKind.CONDITIONAL: _read_conditional,
    RuleKind.CAPITALIZATION: _read_capitalization,
}


# -- writing them -----------------------------------------------------------------------


def write(kind, values, params):
    """``params`` (the rule's own when it keeps its kind, else empty) with what the
    fields in words ``values`` say; a list of ``Problem`` for what they cannot."""
    problems = []
    _WRITERS[kind](kind, values, params, problems)
    return problems


def _write_existence(kind, values, params, problems):
    tokens = lines(values.get("terms"))
    if not tokens:
        problems.append(Problem("terms", _("List at least one word or phrase.")))
    params["tokens"] = tokens
    params["ignorecase"] = True
    for key in ("raw", "nonword", "append"):
        params.pop(key, None)
    if not all(map(is_plain, tokens)):
        params["literal"] = True  # "C++", "e.g.": words, not regular expressions
    _set_list(params, "exceptions", lines(values.get("exceptions")))


def _write_count(kind, values, params, problems):
    counted, most = values.get("counted"), values.get("most")
    token = None
    if not counted:
        problems.append(Problem("counted", _("Choose what to count.")))
    elif counted == COUNT_WORD:
        token = literal(values.get("count_word") or "")
        if not token:
            problems.append(Problem("count_word", _("Write the word or phrase to count.")))
    else:
        token = COUNTED[counted][1]
    if kind == RuleKind.MAX_COUNT:
        if most is None:
            problems.append(Problem("most", _("Say how many at most.")))
        if token and most is not None:
            params.update(pattern=token, max=most)
    else:
        least = values.get("least") or None
        if most == 0:
            problems.append(Problem("most", _(
                "Give at least 1. To refuse it altogether, make it a rule of words and "
                "patterns to avoid.")))
        elif least is None and most is None:
            problems.append(Problem("most", _("Say how many at least, at most, or both.")))
        elif least is not None and most is not None and least > most:
            problems.append(Problem("least", _("“At least” cannot be more than “At most”.")))
        if token:
            params["token"] = token
        _set_number(params, "min", least)
        _set_number(params, "max", most)
    if token and counted == COUNT_WORD:
        params["ignorecase"] = True


def _write_repetition(kind, values, params, problems):
    params["tokens"] = [repeat_token(lines(values.get("repeat_exceptions")))]
    params["alpha"] = True
    params["ignorecase"] = bool(values.get("any_case"))
    params.pop("max", None)


def _write_consistency(kind, values, params, problems):
    pairs = {}
    for i, (first, second) in enumerate(values.get("either_pairs") or []):
        first, second = " ".join(first.split()), " ".join(second.split())
        if first and second:
            if first.casefold() == second.casefold():
                problems.append(Problem(f"or_{i}", _("Write two different spellings.")))
            pairs[first] = second
        elif first or second:
            problems.append(Problem(f"or_{i}" if first else f"either_{i}",
                                    _("Fill in both sides of the row, or neither.")))
    if not pairs and not problems:
        problems.append(Problem("either_0", _("Give at least one pair.")))
    if all(is_plain(side) for pair in pairs.items() for side in pair):
        params["either"] = pairs
        if "nonword" in params:
            params["nonword"] = False
    else:
        params["either"] = {literal(first): literal(second) for first, second in pairs.items()}
        params["nonword"] = True
    params["ignorecase"] = True


def _write_conditional(kind, values, params, problems):
    params["first"], params["second"] = _abbreviations(lines(values.get("abbreviations")))
    _set_list(params, "exceptions", [counted.escaped(word) for word in lines(values.get("known"))])
    if "ignorecase" in params:
        params["ignorecase"] = False


def _write_capitalization(kind, values, params, problems):
    style, scope = values.get("cap_style"), values.get("cap_scope") or "heading"
    if style not in STYLES:
        problems.append(Problem("cap_style", _("Choose a style.")))
    else:
        params["match"] = style
    if scope != "heading" or params.get("scope") not in (None, "heading"):
        params["scope"] = scope
    words = [word for line in lines(values.get("keep_capitals")) for word in line.split()]
    _set_list(params, "exceptions", list(dict.fromkeys(words)))


_WRITERS = {
    RuleKind.EXISTENCE: _write_existence,
    RuleKind.MAX_COUNT: _write_count,
    RuleKind.OCCURRENCE: _write_count,
    RuleKind.REPETITION: _write_repetition,
    RuleKind.CONSISTENCY: _write_consistency,
    RuleKind.CONDITIONAL: _write_conditional,
    RuleKind.CAPITALIZATION: _write_capitalization,
}

KINDS = frozenset(_READERS)  # the kinds this module says in words
