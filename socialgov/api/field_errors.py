"""The API's field errors in the caller's language.

pydantic (through django-ninja) says what is wrong with a field in English
("Field required"); ``message`` says it in the active language, from the error's
type and its context (the limit, the choices). The sentences Django's forms already
say ("This field is required.") are Django's own, so they read as the pages do. A
type not listed here gets a general sentence rather than English."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from socialgov.brands.words import quoted

# The values pydantic lists in an enum's error: "'x', 'linkedin' or 'facebook'".
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")

# Limits of length: (the context's key of the limit, the sentence for that limit).
_LENGTHS = {
    "string_too_long": ("max_length", ngettext_lazy(
        "Enter at most %(limit)d character.", "Enter at most %(limit)d characters.", "limit")),
    "string_too_short": ("min_length", ngettext_lazy(
        "Enter at least %(limit)d character.", "Enter at least %(limit)d characters.",
        "limit")),
    "too_long": ("max_length", ngettext_lazy(
        "Enter at most %(limit)d value.", "Enter at most %(limit)d values.", "limit")),
    "too_short": ("min_length", ngettext_lazy(
        "Enter at least %(limit)d value.", "Enter at least %(limit)d values.", "limit")),
}


def message(error: dict) -> str:
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Enter a whole number.")
    if kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type"):
        return _("Enter a number.")
    if kind in ("bool_parsing", "bool_type"):
        return _("Enter true or false.")
    if kind in ("string_type", "string_unicode"):
        return _("Enter text.")
    if kind in ("list_type", "tuple_type", "set_type", "iterable_type"):
        return _("Enter a list of values.")
    if kind in ("dict_type", "model_type", "model_attributes_type", "dataclass_type"):
        return _("Send a JSON object.")
    if kind.startswith(("datetime_", "date_", "time_")) or kind == "timezone_aware":
        return _("Enter a valid date/time.")
    if kind in ("enum", "literal_error"):
        return _("Choose one of %(choices)s.") % {
            "choices": _choices(_QUOTED.findall(str(context.get("expected", ""))))}
    if kind == "greater_than_equal":
        return _("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": context.get("ge")}
    if kind == "less_than_equal":
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": context.get("le")}
    if kind in _LENGTHS:
        limit_key, sentence = _LENGTHS[kind]
        return str(sentence % {"limit": context.get(limit_key, 0)})
    if kind == "extra_forbidden":
        return _("This field is not expected.")
    if kind == "json_invalid":
        return _("The body is not valid JSON.")
    return _("This value is not valid.")


def _choices(values: list[str]) -> str:
    """``values`` quoted the reader's way and listed: “a”, “b” or “c”; « a », « b » ou « c »."""
    shown = [quoted(value) for value in values]
    if len(shown) < 2:
        return "".join(shown)
    # Translators: the end of a list of choices: "“a”, “b” or “c”".
    return _("%(others)s or %(last)s") % {"others": ", ".join(shown[:-1]), "last": shown[-1]}
