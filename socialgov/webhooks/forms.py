"""The brand admin's form of a webhook."""

from django import forms
from django.utils.translation import gettext_lazy as _

from socialgov.lib.forms import Form
from socialgov.webhooks import targets
from socialgov.webhooks.models import Event, Kind


class EndpointForm(Form):
    url = forms.CharField(
        label=_("Address"), max_length=500, widget=forms.URLInput(attrs={"spellcheck": "false"}),
        help_text=_("Where SocialGov sends each event, such as "
                    "https://example.com/socialgov-webhook. Public addresses only."))
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, widget=forms.RadioSelect,
                             initial=Kind.JSON,
                             help_text=_("A signed JSON webhook carries every detail of the "
                                         "event; a Slack-compatible one posts a short notice "
                                         "in the brand's default language."))
    events = forms.MultipleChoiceField(label=_("Events"), choices=Event.choices,
                                       widget=forms.CheckboxSelectMultiple,
                                       error_messages={"required": _("Choose at least one event.")})
    active = forms.BooleanField(label=_("Active"), required=False, initial=True,
                                help_text=_("Off: nothing is sent to it until it is on again."))

    def __init__(self, *args, endpoint=None, **kwargs):
        if endpoint is not None:
            kwargs.setdefault("initial", {"url": endpoint.url, "kind": endpoint.kind,
                                          "events": endpoint.events, "active": endpoint.active})
        super().__init__(*args, **kwargs)

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        problem = targets.url_problem(url)
        if problem:
            raise forms.ValidationError(problem)
        return url
