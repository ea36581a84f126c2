"""A brand's customer replies: its reply targets, business hours and holidays,
and its saved replies. Every write is a brand admin's, checked, made in one
transaction and recorded as a typed event there: reply settings and holidays
as ``reply_settings_changed``, saved replies as ``saved_reply_changed``.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from socialgov.accounts.permissions import can
from socialgov.audit.events import record
from socialgov.brands.models import Brand, Holiday, SavedReply
from socialgov.brands.reply_targets import ReplyTargets, parse_business_hours
from socialgov.lib.errors import Refused

# The brand's columns the reply settings page changes.
SETTINGS = ("reply_within_minutes", "reply_outside_minutes", "business_hours", "replies_need",
            "saved_replies_skip_review")


class ReplySettingsError(Refused):
    """The change cannot be made; shown as it is."""


def targets_of(brand):
    """The brand's reply targets as ``respond_by`` reads them (one query: the holidays)."""
    return ReplyTargets(
        time_zone=brand.time_zone,
        within_hours=timedelta(minutes=brand.reply_within_minutes),
        outside_hours=timedelta(minutes=brand.reply_outside_minutes),
        hours=parse_business_hours(brand.business_hours),
        holidays=frozenset(brand.holidays.values_list("day", flat=True)),
    )


def _ensure_admin(user, brand):
    if not can(user, "manage", brand):
        raise PermissionDenied("reply settings: brand admins only")


def change_settings(user, brand, **values):
    """Set the brand's reply settings (the names of ``SETTINGS``). Returns the
    names of those that changed; nothing is recorded when none did."""
    _ensure_admin(user, brand)
    unknown = set(values) - set(SETTINGS)
    if unknown:
        raise ValueError(f"not reply settings: {sorted(unknown)}")
    with transaction.atomic():
        brand = Brand.objects.select_for_update(no_key=True).get(pk=brand.pk)
        changed = sorted(name for name, value in values.items()
                         if getattr(brand, name) != value)
        if not changed:
            return []
        before = {name: getattr(brand, name) for name in changed}
        for name in changed:
            setattr(brand, name, values[name])
        brand.full_clean(exclude=[f.name for f in Brand._meta.fields if f.name not in changed])
        brand.save(update_fields=changed)
        record("reply_settings_changed", actor=user, brand=brand, change="settings",
               fields=changed, before=before, after={name: values[name] for name in changed})
    return changed


def add_holiday(user, brand, day, name):
    _ensure_admin(user, brand)
    name = " ".join((name or "").split())
    if not name:
        raise ReplySettingsError(_("Name the holiday."))
    try:
        with transaction.atomic():
            holiday = Holiday.objects.create(brand=brand, day=day, name=name)
            record("reply_settings_changed", actor=user, brand=brand, change="holiday_added",
                   holiday=holiday.pk, day=day.isoformat(), name=name)
    except IntegrityError:
        raise ReplySettingsError(_("%(day)s is already a holiday.") % {
            "day": day.isoformat()}) from None
    return holiday


def remove_holiday(user, holiday):
    brand = holiday.brand
    _ensure_admin(user, brand)
    with transaction.atomic():
        record("reply_settings_changed", actor=user, brand=brand, change="holiday_removed",
               holiday=holiday.pk, day=holiday.day.isoformat(), name=holiday.name)
        holiday.delete()


def _saved_reply_data(saved):
    return {"name": saved.name, "language": saved.language, "text": saved.text}


def save_saved_reply(user, brand, saved, *, name, language, text):
    """Create (``saved`` None) or change one of the brand's saved replies; the
    text is a template (socialgov.brands.saved_replies). Returns it."""
    _ensure_admin(user, brand)
    creating = saved is None
    if creating:
        saved = SavedReply(brand=brand)
    elif saved.brand_id != brand.pk:
        raise PermissionDenied("another brand's saved reply")
    before = None if creating else _saved_reply_data(saved)
    saved.name, saved.language, saved.text = name, language, text
    saved.full_clean(exclude=["brand"], validate_unique=False, validate_constraints=False)
    after = _saved_reply_data(saved)
    if before == after:
        return saved
    try:
        with transaction.atomic():
            saved.save()
            record("saved_reply_changed", actor=user, brand=brand,
                   change="added" if creating else "changed", saved_reply=saved.pk,
                   before=before, after=after)
    except IntegrityError:
        raise ReplySettingsError(_("The brand already has a saved reply named “%(name)s”.")
                                 % {"name": name}) from None
    return saved


def delete_saved_reply(user, saved):
    """Posts filled in from it keep their text; they no longer count as filled in
    from a saved reply, so they are reviewed."""
    _ensure_admin(user, saved.brand)
    with transaction.atomic():
        record("saved_reply_changed", actor=user, brand=saved.brand, change="deleted",
               saved_reply=saved.pk, before=_saved_reply_data(saved))
        saved.delete()
