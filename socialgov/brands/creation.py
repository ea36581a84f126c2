"""A new brand, made by a superuser (in Django's admin) with its first brand admin.

The only write to a brand that Django's admin still makes: everything else about a brand
(its settings, voice, rules, team) changes on the brand's own pages, through their
services. Like them, this one checks, changes inside a transaction and records its audit
event in that same transaction.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from socialgov.accounts.models import Membership, Role
from socialgov.accounts.permissions import forget_roles
from socialgov.audit.events import record


def create_brand(actor, brand, first_admin):
    """Save ``brand`` (a new, validated ``Brand``) and make ``first_admin`` its brand admin.

    Only an active superuser creates a brand, and only for an active account: the brand
    is never left without someone to run it.
    """
    if not (actor.is_active and actor.is_superuser):
        raise PermissionDenied("create_brand")
    if brand.pk is not None:
        raise ValueError("the brand already exists")
    if not first_admin.is_active:
        raise ValueError("the first brand admin's account is deactivated")
    with transaction.atomic():
        brand.save()  # its rule set, review reasons and calendar with it (Brand.save)
        membership = Membership.objects.create(user=first_admin, brand=brand,
                                               role=Role.BRAND_ADMIN)
        record_creation(actor, brand, membership)
    forget_roles(first_admin)
    return brand


def record_creation(actor, brand, membership):
    """The event that starts a brand's history: who made it, and its first brand admin
    (``membership``). Inside the transaction that made them."""
    record("brand_created", actor=actor, brand=brand, slug=brand.slug,
           languages=list(brand.languages), default_language=brand.default_language,
           time_zone=brand.time_zone, member=membership.user.pk,
           username=membership.user.get_username(), role=membership.role)
