from django import forms
from django.utils.translation import gettext_lazy as _

from socialgov.lib.forms import Form
from socialgov.planning.grid import FIRST_DAY, LAST_DAY, MONTH, WEEK

DATE_INPUT = forms.DateInput(attrs={"type": "date", "min": FIRST_DAY.isoformat(),
                                    "max": LAST_DAY.isoformat()}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("Write the date as YYYY-MM-DD, for example 2026-12-03.")}


def _in_range(day):
    if not FIRST_DAY <= day <= LAST_DAY:
        raise forms.ValidationError(
            _("Choose a date from %(first)s to %(last)s."),
            params={"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()})
    return day


class CalendarQuery(Form):
    """Which calendar to show, read from the query string. A value that does not
    validate is said on the form, and the calendar shows the default instead."""

    brand = forms.ChoiceField(label=_("Brand"), required=False)
    view = forms.ChoiceField(label=_("View"), required=False,
                             choices=[(MONTH, _("Month")), (WEEK, _("Week"))])
    date = forms.DateField(label=_("Date"), required=False, widget=DATE_INPUT,
                           input_formats=["%Y-%m-%d"], error_messages=DATE_ERRORS)

    def __init__(self, data, *, brands, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["brand"].choices = [("", _("All my brands")),
                                        *[(brand.slug, brand.name) for brand in brands]]

    def clean_date(self):
        day = self.cleaned_data["date"]
        return _in_range(day) if day is not None else None

    def value(self, name, default=None):
        """The field's valid value, else ``default``."""
        self.is_valid()
        return self.cleaned_data.get(name) or default


class MoveForm(Form):
    day = forms.DateField(label=_("Move to"), widget=DATE_INPUT, input_formats=["%Y-%m-%d"],
                          error_messages={**DATE_ERRORS,
                                          "required": _("Choose the day to move it to.")})

    def clean_day(self):
        return _in_range(self.cleaned_data["day"])
