import zoneinfo
from dataclasses import dataclass
from datetime import time

from django import forms
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _

from socialgov.lib.forms import Form
from socialgov.notify.kinds import Channel, Kind
from socialgov.notify.models import LANGUAGES


@dataclass
class Cell:
    channel: str
    input_id: str
    checked: bool


@dataclass
class Row:
    kind: str
    label: str
    name: str
    cells: list
    errors: list


def _zones():
    return sorted(zoneinfo.available_timezones())


class SettingsForm(Form):
    """The hour of the daily digest, the e-mails' language and the person's time zone."""

    digest_hour = forms.TypedChoiceField(label=_("Daily digest at"), coerce=int,
                                         help_text=_("In your time zone, once a day."))
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=LANGUAGES)
    time_zone = forms.ChoiceField(label=_("Time zone"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["digest_hour"].choices = [
            (hour, time_format(time(hour), "TIME_FORMAT")) for hour in range(24)]
        self.fields["time_zone"].choices = [(zone, zone) for zone in _zones()]


class ChannelsForm(Form):
    """A channel for each kind of notice: a table of radio buttons."""

    def __init__(self, *args, channels, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[self.name_of(kind)] = forms.ChoiceField(
                label=kind.label, choices=Channel.choices, initial=channels[kind],
                widget=forms.RadioSelect)

    @staticmethod
    def name_of(kind):
        return f"kind_{kind}"

    def rows(self):
        """The table's rows: one per kind, a cell per channel, the one in force checked."""
        rows = []
        for kind in Kind:
            name = self.name_of(kind)
            value = str(self[name].value())
            rows.append(Row(kind.value, kind.label, name, [
                Cell(channel, f"id_{name}_{channel}", value == channel)
                for channel in Channel.values], self.errors.get(name, [])))
        return rows

    @property
    def channels(self):
        return {kind: self.cleaned_data[self.name_of(kind)] for kind in Kind}
