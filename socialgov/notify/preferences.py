"""A person's own notices and settings: the writes they make, in one place.

Each write touches only the person's own rows (their notices, their settings
and channels), checked here, inside one transaction. These are not the
brand's business, so no audit event records them.
"""

import zoneinfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from socialgov.accounts.models import Membership
from socialgov.notify.kinds import DEFAULT_CHANNELS, Channel, Kind
from socialgov.notify.models import LANGUAGES, KindPreference, Notice, NoticeSettings

LANGUAGE_CODES = {code for code, _name in LANGUAGES}


def visible_notices(user):
    """The person's notices from the brands they are an active member of: a
    deactivated member is told nothing more of that brand, nor shown it."""
    notices = Notice.objects.filter(recipient=user)
    if user.is_superuser:
        return notices
    return notices.filter(
        brand_id__in=Membership.objects.active().filter(user=user).values("brand_id"))


def unread_count(user):
    return visible_notices(user).filter(read_at__isnull=True).count()


def _first_brand_zone(user):
    membership = (Membership.objects.active().filter(user=user).select_related("brand")
                  .order_by("created_at", "pk").first())
    return membership.brand.time_zone if membership is not None else settings.TIME_ZONE


def settings_for(user):
    """The person's settings as they stand (unsaved defaults when they have none:
    the language in use, their first brand's time zone)."""
    found = NoticeSettings.objects.filter(user=user).first()
    if found is not None:
        return found
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return NoticeSettings(user=user, language=language if language in LANGUAGE_CODES else "en",
                          time_zone=_first_brand_zone(user))


def channels_for(user):
    """{kind: channel} as the person chose, defaults filled in."""
    chosen = dict(KindPreference.objects.filter(user=user).values_list("kind", "channel"))
    return {kind: chosen.get(kind, DEFAULT_CHANNELS[kind]) for kind in Kind}


def remember_language(user, language):
    """E-mails follow the language the person uses: chosen on the header's switch,
    or in use when they log in."""
    language = (language or "")[:2]
    if not user.is_authenticated or language not in LANGUAGE_CODES:
        return
    with transaction.atomic():
        updated = NoticeSettings.objects.filter(user=user).update(language=language)
        if not updated:
            NoticeSettings.objects.get_or_create(
                user=user, defaults={"language": language,
                                     "time_zone": _first_brand_zone(user)})


def save(user, *, channels, digest_hour, language, time_zone):
    """The person's choices from their settings page: a channel for each kind,
    their digest hour, language and time zone (checked by the form; checked
    again here, as nothing else may be stored)."""
    if not (0 <= int(digest_hour) <= 23) or language not in LANGUAGE_CODES:
        raise ValueError("digest hour or language out of range")
    zoneinfo.ZoneInfo(time_zone)  # raises for an unknown zone
    if set(channels) - set(Kind.values) or set(channels.values()) - set(Channel.values):
        raise ValueError("unknown kind or channel")
    with transaction.atomic():
        NoticeSettings.objects.update_or_create(
            user=user, defaults={"digest_hour": int(digest_hour), "language": language,
                                 "time_zone": time_zone})
        KindPreference.objects.filter(user=user).delete()
        KindPreference.objects.bulk_create(
            KindPreference(user=user, kind=kind, channel=channel)
            for kind, channel in channels.items())


def mark_read(user, notice):
    """Mark one of the person's own notices read (once: the first time stays)."""
    if notice.recipient_id != user.pk:
        raise PermissionDenied("someone else's notice")
    with transaction.atomic():
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())


def mark_all_read(user):
    """Mark all the person's unread notices read. Returns how many."""
    with transaction.atomic():
        return Notice.objects.filter(recipient=user, read_at__isnull=True).update(
            read_at=timezone.now())


def on_login(sender, request, user, **kwargs):
    """At login, the language in use (LocaleMiddleware's) becomes the e-mails'."""
    language = getattr(request, "LANGUAGE_CODE", None)
    if language:
        remember_language(user, language)
