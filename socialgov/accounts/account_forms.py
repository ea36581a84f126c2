from django import forms
from django.utils.translation import gettext_lazy as _

from socialgov.lib.forms import Form

# A code is at most a recovery code with spaces.
CODE_MAX_LENGTH = 20


class SetupCodeForm(Form):
    code = forms.CharField(
        label=_("Code from the app"), max_length=CODE_MAX_LENGTH,
        help_text=_("The six digits the app shows for SocialGov."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True}),
    )


class VerifyCodeForm(Form):
    code = forms.CharField(
        label=_("Code"), max_length=CODE_MAX_LENGTH,
        help_text=_("The six digits your authenticator app shows, or one of your recovery "
                    "codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class TurnOffForm(Form):
    proof = forms.CharField(
        label=_("Your password, or a code"), max_length=4096, strip=False,
        help_text=_("Your password, a code from your authenticator app, or a recovery code."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
