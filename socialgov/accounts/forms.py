from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    AuthenticationForm,
    UserChangeForm,
    UserCreationForm,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from socialgov.accounts.lookalikes import LOOK_ALIKE, looks_like_another
from socialgov.accounts.throttling import paused_message
from socialgov.lib.forms import TypedInput

DEACTIVATED = _("Your access was deactivated. Ask your brand admin if you need it back.")


class RefusalsSaid:
    """Says why a login is refused, for the site's and the admin's login forms.

    While Axes has paused logging in (the request is flagged during
    ``authenticate``), that is all it says, whatever the password. A person whose
    account is deactivated (teams.deactivate closes an account left with no
    active membership) reads so, but only with the right password: a wrong one
    gets the usual answer, which tells nothing about the account.
    """

    def get_invalid_login_error(self):
        if getattr(self.request, "axes_locked_out", False):
            return ValidationError(paused_message(), code="paused")
        if self._deactivated_with_right_password():
            return ValidationError(DEACTIVATED, code="inactive")
        return super().get_invalid_login_error()

    def _deactivated_with_right_password(self):
        User = get_user_model()
        try:
            user = User._default_manager.get_by_natural_key(self.cleaned_data.get("username"))
        except User.DoesNotExist:
            return False
        return not user.is_active and user.check_password(self.cleaned_data.get("password"))


class LoginForm(RefusalsSaid, TypedInput, AuthenticationForm):
    username = forms.CharField(
        label=_("Username"), widget=forms.TextInput(attrs={"autofocus": True})
    )
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput
    )


class AdminLoginForm(RefusalsSaid, TypedInput, AdminAuthenticationForm):
    """The Django admin's login form (admin.site.login_form)."""


class RefusesLookAlikes:
    """A form where a username is chosen: one that looks like another account's
    (socialgov.accounts.lookalikes) is refused, as a taken one is."""

    def clean_username(self):
        from socialgov.audit.guard import PSEUDONYM_PREFIX

        clean = getattr(super(), "clean_username", None)
        username = clean() if clean else self.cleaned_data["username"]
        # A name kept as it was is not checked again (an account made before these
        # checks, or an erased one, stays editable).
        chosen = bool(username) and (self.instance.pk is None or "username" in self.changed_data)
        # Pages show such names as "former member …": nobody may pass for an erased person.
        if chosen and username.lower().startswith(PSEUDONYM_PREFIX):
            raise forms.ValidationError(
                _("Usernames that start with “%(prefix)s” name erased accounts: choose "
                  "another.") % {"prefix": PSEUDONYM_PREFIX}, code="pseudonym")
        # A name already refused (taken as it is) gets one message.
        if (chosen and not self.has_error("username")
                and looks_like_another(username, but=self.instance)):
            raise forms.ValidationError(LOOK_ALIKE, code="look_alike")
        return username


class SignUpForm(RefusesLookAlikes, TypedInput, UserCreationForm):
    """An invitee without an account picks a username and a password; the
    address is the invitation's. Django's password validators apply."""

    def __init__(self, *args, email, **kwargs):
        from django.contrib.auth import get_user_model

        kwargs.setdefault("instance", get_user_model()(email=email))
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autofocus"] = True


class AdminAddUserForm(RefusesLookAlikes, TypedInput, AdminUserCreationForm):
    """Django admin's "Add user"."""


class AdminChangeUserForm(RefusesLookAlikes, TypedInput, UserChangeForm):
    """Django admin's page of a user."""
