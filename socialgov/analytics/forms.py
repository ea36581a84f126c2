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
        start, end = default_period()
        self.fields["date_from"].widget.attrs["placeholder"] = start.isoformat()
        self.fields["date_to"].widget.attrs["placeholder"] = end.isoformat()
        self.fields["network"].choices = [("", _("All networks")), *Network.choices]
        self.fields["objective"].choices = [("", _("All objectives")), *Objective.choices]
        self.fields["author"].choices = [("", _("All authors")),
                                         *((str(pk), name) for pk, name in authors)]

    def clean(self):
        data = super().clean()
        if "date_from" in self.errors or "date_to" in self.errors:
            return data
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

    def scope(self, brand_ids):
        """The scope the filters ask for; the default period if they are wrong."""
        data = self.cleaned_data if self.is_valid() else {}
        first, last = data.get("first"), data.get("last")
        if first is None:
            first, last = default_period()
        author = data.get("author")
        return Scope(
            brand_ids=brand_ids,
            since=_midnight(first), until=_midnight(last + datetime.timedelta(days=1)),
            network=data.get("network", ""), objective=data.get("objective", ""),
            author_id=int(author) if author else None)


def _midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
