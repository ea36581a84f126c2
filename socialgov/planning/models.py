"""A person's calendar feed: the secret address their calendar app subscribes to.

Only a hash of the address's token is stored, as for invitations
(``accounts.models.hash_token``): a leaked table opens no feed. The token is
shown to its owner once, when it is made; renewing it replaces the hash, so the
old address stops working at once.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from socialgov.brands.models import LANGUAGE_CHOICES


class CalendarFeed(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    # The events are written in the language the person used when they made the
    # address: a calendar app's request says nothing reliable about it.
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES,
                                default="en")
    created_at = models.DateTimeField(auto_now_add=True)
    renewed_at = models.DateTimeField(_("made at"))

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return f"calendar feed of {self.user}"
