"""The brand admin's forms for customer replies: reply targets and business
hours, holidays, saved replies."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from socialgov.brands.models import (
    LANGUAGE_CHOICES,
    REPLY_TARGET_MAX_MINUTES,
    RepliesNeed,
)
from socialgov.brands.reply_targets import WEEKDAYS
from socialgov.brands.saved_replies import validate_template
from socialgov.lib.forms import Form

WEEKDAY_NAMES = (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"),
                 _("Saturday"), _("Sunday"))
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _minutes(label):
    return forms.IntegerField(label=label, min_value=1, max_value=REPLY_TARGET_MAX_MINUTES,
                              help_text=_("In minutes: 60 is an hour, 1440 a day."))


@dataclass
class Day:
    """One weekday's row of the business hours."""

    name: str
    open: forms.BoundField
    opens: forms.BoundField
    closes: forms.BoundField


class ReplySettingsForm(Form):
    reply_within_minutes = _minutes(
        _("Time to respond to a message received during business hours"))
    reply_outside_minutes = _minutes(
        _("Time to respond to a message received outside business hours"))
    replies_need = forms.ChoiceField(label=_("Replies to customers need"),
                                     choices=RepliesNeed.choices, widget=forms.RadioSelect)
    saved_replies_skip_review = forms.BooleanField(
        label=_("A filled saved reply may go out without review"), required=False,
        help_text=_("When a reply's text is exactly one of the saved replies below with its "
                    "values filled in, and the check finds nothing above information, the "
                    "reply is approved at once. Every such approval is recorded."),
    )

    def __init__(self, *args, brand, **kwargs):
        kwargs.setdefault("initial", {
            "reply_within_minutes": brand.reply_within_minutes,
            "reply_outside_minutes": brand.reply_outside_minutes,
            "replies_need": brand.replies_need,
            "saved_replies_skip_review": brand.saved_replies_skip_review,
            **_hours_initial(brand.business_hours),
        })
        super().__init__(*args, **kwargs)
        for day, name in enumerate(WEEKDAY_NAMES):
            self.fields[f"day{day}_open"] = forms.BooleanField(
                label=_("%(day)s: open") % {"day": name}, required=False)
            self.fields[f"day{day}_opens"] = forms.TimeField(
                label=_("%(day)s: opens at") % {"day": name}, required=False, widget=TIME_WIDGET)
            self.fields[f"day{day}_closes"] = forms.TimeField(
                label=_("%(day)s: closes at") % {"day": name}, required=False,
                widget=TIME_WIDGET)

    def visible_fields(self):
        # The days are a table of their own.
        return [field for field in super().visible_fields()
                if not field.name.startswith("day")]

    @property
    def days(self):
        return [Day(str(name), self[f"day{day}_open"], self[f"day{day}_opens"],
                    self[f"day{day}_closes"]) for day, name in enumerate(WEEKDAY_NAMES)]

    def clean(self):
        cleaned = super().clean()
        hours = []
        for day, name in enumerate(WEEKDAY_NAMES):
            if not cleaned.get(f"day{day}_open"):
                hours.append(None)
                continue
            opens, closes = cleaned.get(f"day{day}_opens"), cleaned.get(f"day{day}_closes")
            if opens is None or closes is None:
                if not self.has_error(f"day{day}_closes") and not self.has_error(
                        f"day{day}_opens"):
                    self.add_error(f"day{day}_closes", gettext(
                        "%(day)s is open: give the time it opens and the time it closes.")
                        % {"day": name})
                continue
            if opens >= closes:
                self.add_error(f"day{day}_closes", gettext(
                    "%(day)s closes after it opens (same day).") % {"day": name})
                continue
            hours.append([opens.strftime("%H:%M"), closes.strftime("%H:%M")])
        if len(hours) == WEEKDAYS:
            cleaned["business_hours"] = hours
        return cleaned

    def values(self):
        """The brand's reply settings as ``replies.change_settings`` takes them."""
        data = self.cleaned_data
        return {
            "reply_within_minutes": data["reply_within_minutes"],
            "reply_outside_minutes": data["reply_outside_minutes"],
            "business_hours": data["business_hours"],
            "replies_need": data["replies_need"],
            "saved_replies_skip_review": data["saved_replies_skip_review"],
        }


def _hours_initial(hours):
    initial = {}
    for day, span in enumerate(hours):
        initial[f"day{day}_open"] = span is not None
        if span is not None:
            initial[f"day{day}_opens"], initial[f"day{day}_closes"] = span
    return initial


class HolidayForm(Form):
    day = forms.DateField(label=_("Date"),
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    name = forms.CharField(label=_("Name"), max_length=120)

    def __init__(self, *args, brand, **kwargs):
        super().__init__(*args, **kwargs)
        self.brand = brand

    def clean_day(self):
        day = self.cleaned_data["day"]
        taken = self.brand.holidays.filter(day=day).first()
        if taken is not None:
            raise forms.ValidationError(
                _("%(day)s is already a holiday: “%(name)s”."),
                params={"day": day.isoformat(), "name": taken.name})
        return day


class SavedReplyForm(Form):
    name = forms.CharField(label=_("Name"), max_length=80,
                           help_text=_("What authors pick it by, e.g. “Late delivery”."))
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    text = forms.CharField(
        label=_("Text"), max_length=5000, strip=False, validators=[validate_template],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Put each value the author fills in between braces: {name}, {order}. "
                    "Letters, digits and _ only inside them; no other brace."),
    )

    def __init__(self, *args, brand, saved=None, **kwargs):
        if saved is not None:
            kwargs.setdefault("initial", {"name": saved.name, "language": saved.language,
                                          "text": saved.text})
        super().__init__(*args, **kwargs)
        self.brand = brand
        self.saved = saved
        self.fields["language"].choices = [(code, label) for code, label in LANGUAGE_CHOICES
                                           if code in brand.languages]
        if saved is None:
            self.fields["language"].initial = brand.default_language

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        others = self.brand.saved_replies.filter(name=name)
        if self.saved is not None:
            others = others.exclude(pk=self.saved.pk)
        if others.exists():
            raise forms.ValidationError(_("The brand already has a saved reply named "
                                          "“%(name)s”."), params={"name": name})
        return name

    def clean_text(self):
        text = self.cleaned_data["text"].replace("\r\n", "\n").strip()
        if not text:
            raise forms.ValidationError(_("Write the reply."))
        return text
