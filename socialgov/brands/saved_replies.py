"""Saved replies: a brand's approved answers with placeholders, such as
"Hello {name}, your order {order} ships today."

A placeholder is a name between braces: a letter or "_" first, then letters,
digits or "_" ({name}, {order}, {prénom}). Any other brace is a mistake, so a
template says exactly where each value goes and a filled reply can be told
from an edited one. Pure: no database here.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PLACEHOLDER = re.compile(r"\{([^\W\d]\w{0,39})\}")
VALUE_LIMIT = 200


def placeholders(text):
    """The placeholder names of a valid template, each once, in order."""
    return list(dict.fromkeys(PLACEHOLDER.findall(text)))


def problems(text):
    """What is wrong with the braces of ``text``, in words (none: it is valid)."""
    found = []
    at = 0
    for match in PLACEHOLDER.finditer(text):
        found.extend(_stray(text, at, match.start()))
        at = match.end()
    found.extend(_stray(text, at, len(text)))
    return found


def _stray(text, start, end):
    """The problems of a stretch of ``text`` that holds no valid placeholder."""
    found = []
    position = start
    while position < end:
        char = text[position]
        if char == "{":
            closing = text.find("}", position + 1, end)
            opening = text.find("{", position + 1, end)
            if closing == -1 or (opening != -1 and opening < closing):
                found.append(_("A “{” at character %(position)s is never closed: write "
                               "placeholders as {name}.") % {"position": position + 1})
            else:
                found.append(_("“%(placeholder)s” is not a placeholder: use letters, digits "
                               "and _ between the braces, starting with a letter, e.g. "
                               "{name} or {order}.") % {
                    "placeholder": text[position:closing + 1]})
                position = closing
        elif char == "}":
            found.append(_("The “}” at character %(position)s closes nothing: write "
                           "placeholders as {name}.") % {"position": position + 1})
        position += 1
    return found


def validate_template(text):
    errors = problems(text)
    if errors:
        raise ValidationError(errors)


def value_problem(value):
    """Why a value cannot fill a placeholder, or None."""
    if not value.strip():
        return _("Fill in this value.")
    if "{" in value or "}" in value:
        return _("A value cannot contain { or }.")
    if len(value) > VALUE_LIMIT:
        return _("Write at most %(count)s characters.") % {"count": VALUE_LIMIT}
    return None


def fill(text, values):
    """``text`` with each placeholder replaced by its value (plain text).
    ``KeyError`` for a placeholder without a value."""
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], text)
