from django import forms
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    AuthenticationForm,
    UserChangeForm,
    UserCreationForm,
)
from django.utils.translation import gettext_lazy as _

from socialgov.accounts.lookalikes import LOOK_ALIKE, looks_like_another


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username"), widget=forms.TextInput(attrs={"autofocus": True})
    )
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput
    )


class RefusesLookAlikes:
    """A form where a username is chosen: one that looks like another account's
    (socialgov.accounts.lookalikes) is refused, as a taken one is."""

    def clean_username(self):
        clean = getattr(super(), "clean_username", None)
        username = clean() if clean else self.cleaned_data["username"]
        # A name already refused (taken as it is) gets one message; a name kept as it was
        # is not checked again (an account made before this check stays editable).
        if (username and not self.has_error("username")
                and (self.instance.pk is None or "username" in self.changed_data)
                and looks_like_another(username, but=self.instance)):
            raise forms.ValidationError(LOOK_ALIKE, code="look_alike")
        return username


class SignUpForm(RefusesLookAlikes, UserCreationForm):
    """An invitee without an account picks a username and a password; the
    address is the invitation's. Django's password validators apply."""

    def __init__(self, *args, email, **kwargs):
        from django.contrib.auth import get_user_model

        kwargs.setdefault("instance", get_user_model()(email=email))
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autofocus"] = True


class AdminAddUserForm(RefusesLookAlikes, AdminUserCreationForm):
    """Django admin's "Add user"."""


class AdminChangeUserForm(RefusesLookAlikes, UserChangeForm):
    """Django admin's page of a user."""
