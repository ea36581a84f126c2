"""What every form does with what a person types, whatever its fields.

Every form of SocialGov is a ``Form`` or a ``ModelForm`` of this module (a test walks
them all), so a field added tomorrow gets the same treatment:

- NUL characters are taken out of the text sent to a text field before it reads
  it: no keyboard makes one, pasting can, and PostgreSQL can store none.
- A value holding half of a surrogate pair (a JSON escape such as ``\\ud800`` can
  make one) is refused with a message naming the character: UTF-8, and so the
  database, cannot write it.
- A model choice of a number no integer key can hold is refused as any unknown choice
  is (SQLite cannot even look it up).
- A date or a time must fall between the years ``FIRST_YEAR`` and ``LAST_YEAR``
  whatever its time zone, so that no conversion to UTC, nor a day or a deadline
  added to it, runs past the calendar Python knows (years 1 to 9999).
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

FIRST_YEAR, LAST_YEAR = 1900, 9998
_SURROGATES = range(0xD800, 0xE000)
_MAX_DEPTH = 100  # deeper values are refused by the readers of JSON themselves



def _out_of_calendar():
    return ValidationError(
        gettext("Choose a date between the years %(first)s and %(last)s.")
        % {"first": FIRST_YEAR, "last": LAST_YEAR}, code="out_of_calendar")


def without_nul(value):
    """``value`` with its NUL characters taken out (a string, or a list of strings)."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list | tuple):
        return type(value)(without_nul(item) for item in value)
    return value


def half_character(value, depth=0):
    """The first half of a surrogate pair found in ``value`` (strings, lists, dicts),
    as ``U+D800``; else ""."""
    if isinstance(value, str):
        for character in value:
            if ord(character) in _SURROGATES:
                return f"U+{ord(character):04X}"
        return ""
    if depth > _MAX_DEPTH:
        return ""
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, list | tuple):
        for item in value:
            if found := half_character(item, depth + 1):
                return found
    return ""


def within_the_calendar(value):
    """Refuse a date or a time too near either end of the calendar."""
    if value is None:
        return
    moment = value
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        try:
            moment = value.astimezone(datetime.UTC)
        except OverflowError:
            raise _out_of_calendar() from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise _out_of_calendar()


def no_half_character(value):
    if found := half_character(value):
        raise ValidationError(
            gettext_lazy("This holds %(code)s, half of a character, which cannot be saved: "
                         "remove it or write the whole character."),
            code="half_character", params={"code": found})


# The widest integer a database column holds (a 64-bit key), and the kinds of key.
_LARGEST_KEY = 2**63 - 1
_INTEGER_KEYS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField",
                 "BigIntegerField", "SmallIntegerField", "PositiveIntegerField",
                 "PositiveBigIntegerField", "PositiveSmallIntegerField"}


def _beyond_the_keys(field, value):
    """Is ``value`` (one or several) a whole number no integer key can hold? A model
    choice looks it up before any validator runs, and SQLite raises OverflowError."""
    meta = field.queryset.model._meta
    key = meta.get_field(field.to_field_name) if field.to_field_name else meta.pk
    if key.get_internal_type() not in _INTEGER_KEYS:
        return False
    values = value if isinstance(value, list | tuple) else [value]
    digits = [item.strip().lstrip("+-") for item in values if isinstance(item, str)]
    # The length first: Python refuses to read a number of more than 4,300 digits.
    return any(number.isdigit() and (len(number) > len(str(_LARGEST_KEY))
                                     or int(number) > _LARGEST_KEY) for number in digits)



def _refusing_numbers_beyond_the_keys(field):
    looked_up = field.clean

    def clean(value):
        if _beyond_the_keys(field, value):
            raise ValidationError(field.error_messages["invalid_choice"],
                                  code="invalid_choice", params={"value": str(value)[:40]})
        return looked_up(value)

    field.clean = clean


def guard(field):
    """Give ``field`` the checks every field gets (see the module's docstring)."""
    if no_half_character in field.validators:
        return
    field.validators.append(no_half_character)
    if isinstance(field, forms.ModelChoiceField):  # and ModelMultipleChoiceField
        _refusing_numbers_beyond_the_keys(field)
    if isinstance(field, forms.DateField | forms.DateTimeField | forms.SplitDateTimeField):
        field.validators.append(within_the_calendar)
        kind = getattr(field.widget, "input_type", "")
        if kind in ("date", "datetime-local"):
            # The browser's date picker offers no day the form would refuse.
            field.widget.attrs.setdefault("max", "9998-12-31" if kind == "date"
                                          else "9998-12-31T23:59")


class TypedInput:
    """Mixed into every form: NUL characters leave the text its text fields were sent
    (a date or a choice holding one is refused as any wrong date or choice is), and
    each field is guarded; fields a form adds after its ``__init__`` too, when the form
    is cleaned."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._treat_fields()

    def _treat_fields(self):
        for field in self.fields.values():
            guard(field)
        if not self.is_bound:
            return
        texts = [self.add_prefix(name) for name, field in self.fields.items()
                 if isinstance(field, forms.CharField)]
        with_nul = [name for name in texts if any(
            isinstance(value, str) and "\x00" in value for value in _values(self.data, name))]
        if with_nul:
            data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
            for name in with_nul:
                if isinstance(data, QueryDict):
                    data.setlist(name, without_nul(data.getlist(name)))
                else:
                    data[name] = without_nul(data[name])
            self.data = data

    def full_clean(self):
        self._treat_fields()
        super().full_clean()


def _values(data, name):
    if isinstance(data, QueryDict):
        return data.getlist(name)
    value = data.get(name)
    return value if isinstance(value, list | tuple) else [value]


class Form(TypedInput, forms.Form):
    pass


class ModelForm(TypedInput, forms.ModelForm):
    pass
