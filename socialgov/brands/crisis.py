"""Crisis mode: a brand's approved posts are held back until it ends.

Starting and ending it are recorded as the brand's events; the posts app
hears them in the same transaction and pauses, then re-checks, the brand's
posts (socialgov/posts/reactions.py).
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.accounts.permissions import can
from socialgov.audit.events import record
from socialgov.brands.models import Brand, CrisisPeriod
from socialgov.lib.errors import Refused


class CrisisError(Refused):
    """Crisis mode cannot be started or ended now; shown as it is."""


def _reason(text, missing):
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise CrisisError(missing)
    if len(text) > 5000:
        raise CrisisError(_("Write at most %(count)s characters.") % {"count": 5000})
    return text


def start(user, brand, reason):
    """Crisis mode on: every approved post of the brand is paused."""
    if not can(user, "crisis", brand):
        raise PermissionDenied("crisis")
    reason = _reason(reason, _("Give a reason for starting crisis mode."))
    with transaction.atomic():
        brand = Brand.objects.select_for_update(no_key=True).get(pk=brand.pk)
        if brand.crisis_periods.filter(ended_at__isnull=True).exists():
            raise CrisisError(_("Crisis mode is already on for this brand."))
        try:
            with transaction.atomic():
                period = CrisisPeriod.objects.create(brand=brand, started_by=user,
                                                     start_reason=reason)
        except IntegrityError:
            raise CrisisError(_("Crisis mode is already on for this brand.")) from None
        record("crisis_started", actor=user, brand=brand, crisis=period.pk, reason=reason)
    return period


def end(user, brand, reason):
    """Crisis mode off: paused posts are checked again, then go back to review."""
    if not can(user, "crisis", brand):
        raise PermissionDenied("crisis")
    reason = _reason(reason, _("Give a reason for ending crisis mode."))
    with transaction.atomic():
        brand = Brand.objects.select_for_update(no_key=True).get(pk=brand.pk)
        period = brand.crisis_periods.filter(ended_at__isnull=True).first()
        if period is None:
            raise CrisisError(_("Crisis mode is not on for this brand."))
        period.ended_by = user
        period.end_reason = reason
        period.ended_at = timezone.now()
        period.save()
        record("crisis_ended", actor=user, brand=brand, crisis=period.pk, reason=reason)
    return period
