"""The dashboard's filters, read from the page's address (GET)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialgov.analytics.queries import Scope
from socialgov.lib.forms import Form
from socialgov.posts.models import Network, Objective

DEFAULT_WEEKS = 12
# The longest period one page counts over: the work stays bounded.
LONGEST_DAYS = 3 * 366


def default_period(today=None):
    """The last ``DEFAULT_WEEKS`` weeks, from a Monday to today."""
    today = today or timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    return monday - datetime.timedelta(weeks=DEFAULT_WEEKS - 1), today


class FilterForm(Form):
    date_from = forms.DateField(label=_("From"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))
    network = forms.ChoiceField(label=_("Network"), required=False)
    objective = forms.ChoiceField(label=_("Objective"), required=False)
    author = forms.ChoiceField(label=_("Author"), required=False)

    def __init__(self, data, authors, **kwargs):
        """``authors``: (user id, username) of the people who may be chosen."""
        super().__init__(data, **kwargs)
        self.authors = authors
        start, end = default_period()
        self.fields["date_from"].widget.attrs["placeholder"] = start.isoformat()
        self.fields["date_to"].widget.attrs["placeholder"] = end.isoformat()
        self.fields["network"].choices = [("", _("All networks")), *Network.choices]
        self.fields["objective"].choices = [("", _("All objectives")), *Objective.choices]
        self.fields["author"].choices = [("", _("All authors")),
                                         *((str(pk), name) for pk, name in authors)]

    def clean(self):
        # A date that cannot be read is left out (``ignored``): the period is made of
        # the other one, or is the default.
        data = super().clean()
        start, end = default_period()
        last = data.get("date_to") or end
        # An end alone: the default length of period, up to it.
        first = data.get("date_from") or (
            last - datetime.timedelta(weeks=DEFAULT_WEEKS, days=-1)
            if data.get("date_to") else start)
        if first > last:
            raise ValidationError(_("The start of the period comes after its end."))
        if (last - first).days > LONGEST_DAYS:
            raise ValidationError(_("Choose a period of at most three years."))
        data["first"], data["last"] = first, last
        return data

    def ignored(self):
        """The names of the filters left out: each one that cannot be read, and both
        dates when they make no period (the start after the end, too long)."""
        if not self.is_bound or self.is_valid():
            return []
        names = [name for name in self.fields if name in self.errors]
        if self.non_field_errors():
            names = [*dict.fromkeys(["date_from", "date_to", *names])]
        return names

    def ignored_said(self):
        """Each filter left out and why, as the page says it: "From (Enter a valid
        date)"; the two dates together when they make no period."""
        said = [_said(self.fields[name].label, self.errors[name])
                for name in self.ignored() if name in self.errors]
        if self.non_field_errors():
            dates = ", ".join(str(self.fields[name].label) for name in ("date_from", "date_to"))
            said.insert(0, _said(dates, self.non_field_errors()))
        return said

    def applied(self):
        """The same filters without the ones left out: what the charts show, for the
        form's row and the CSV links."""
        data = self.data.copy()
        for name in self.ignored():
            data.pop(name, None)
        return FilterForm(data, self.authors)

    def scope(self, brand_ids):
        """The scope the filters ask for, leaving out the ones that cannot be read
        (``ignored``); the default period without dates that make one."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        first, last = data.get("first"), data.get("last")
        if first is None:
            first, last = default_period()
        author = data.get("author")
        return Scope(
            brand_ids=brand_ids,
            since=_midnight(first), until=_midnight(last + datetime.timedelta(days=1)),
            network=data.get("network", ""), objective=data.get("objective", ""),
            author_id=int(author) if author else None)


def _said(what, reasons):
    # Parentheses read the same in both languages: no string to translate.
    return f"{what} ({' '.join(reason.rstrip('.') for reason in reasons)})"


def _midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
