from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialgov.accounts.models import Role
from socialgov.lib.forms import Form

MAX_DAYS = 3650


class TokenForm(Form):
    name = forms.CharField(label=_("Name"), max_length=100,
                           help_text=_("What uses it, so you know what stops if you revoke "
                                       "it: “Publishing robot”."))
    role = forms.ChoiceField(label=_("Role"), help_text=_(
        "What the token may do, at most: your own role in the brand, now and later."))
    days = forms.IntegerField(label=_("Expires after (days)"), required=False, min_value=1,
                              max_value=MAX_DAYS, help_text=_("Empty: it never expires."))

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, label) for role, label in Role.choices
                                       if role in roles]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Name the token."))
        return name

    def expires_at(self):
        days = self.cleaned_data.get("days")
        return timezone.now() + timezone.timedelta(days=days) if days else None
