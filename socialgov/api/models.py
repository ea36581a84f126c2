"""A token a program presents to the JSON API (socialgov/api/rest.py) on a
person's behalf, in one brand, with a role.

Only the sha256 of the secret is stored, as for invitations and calendar feeds
(``accounts.models.hash_token``): a leaked table opens nothing. The secret is
shown once, when the token is made. What the token may do is decided when it
is used (socialgov/api/tokens.py): the lower of its role and its owner's
current one.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialgov.accounts.models import Role


class ApiToken(models.Model):
    brand = models.ForeignKey("brands.Brand", on_delete=models.CASCADE,
                              related_name="api_tokens")
    # The person who made it, on whose behalf it acts: their moves are its moves.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    secret_hash = models.CharField(max_length=64, unique=True)
    # The first characters of the secret, to tell tokens apart on the page.
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def expired(self):
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def live(self):
        return self.revoked_at is None and not self.expired

    @property
    def status_label(self):
        if self.revoked_at is not None:
            return _("Token revoked")
        return _("Token expired") if self.expired else _("Token active")
