"""What the API's tokens do when a person is erased (Québec's Law 25): theirs
are revoked in the erasure's transaction. Their account is deactivated too,
which already stops them (socialgov/api/tokens.py); revoked, they stay so if
the account were ever reactivated."""

from django.dispatch import receiver
from django.utils import timezone

from socialgov.api.models import ApiToken
from socialgov.audit import signals
from socialgov.audit.models import Action


@receiver(signals.recorded, dispatch_uid="api.reactions")
def on_recorded(sender, event, **kwargs):
    if event.action == Action.PERSON_ERASED:
        ApiToken.objects.filter(owner_id=event.data.get("member"), revoked_at=None).update(
            revoked_at=timezone.now())
