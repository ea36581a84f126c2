from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from socialgov.lib.forms import TypedInput


class LoginForm(TypedInput, AuthenticationForm):
    username = forms.CharField(
        label=_("Username"), widget=forms.TextInput(attrs={"autofocus": True})
    )
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput
    )


class SignUpForm(TypedInput, UserCreationForm):
    """An invitee without an account picks a username and a password; the
    address is the invitation's. Django's password validators apply."""

    def __init__(self, *args, email, **kwargs):
        from django.contrib.auth import get_user_model

        kwargs.setdefault("instance", get_user_model()(email=email))
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autofocus"] = True
