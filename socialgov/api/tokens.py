"""API tokens: made, revoked, and read back into a person acting with a role.

A token acts on behalf of its owner in its brand, with the LOWER of its own
role and the owner's role now, read as the web reads it
(``permissions.role_in``). So it stops working when it is revoked or expired,
when its owner leaves the brand, loses their membership or is deactivated,
and it narrows with the owner's role. Two-factor authentication: a program
has no session to confirm a code in; in a brand that requires it, a token
acts above a drafter only while its owner has a confirmed authenticator app,
as it was when they made it (the page that makes tokens above a drafter asks
for a verified session, like every page of such a brand). Review groups let
their members decide whatever their role: they count for a token only when
its role is the owner's own, not a narrowed one.

The owner is then handed to the table of moves and the services as is, with
the effective role remembered for the request (``permissions.remember_roles``):
nothing in the API decides again what a role may do.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from socialgov.accounts import twofactor
from socialgov.accounts.models import ROLE_RANK, Role, hash_token
from socialgov.accounts.permissions import forget_roles, remember_roles, role_in
from socialgov.api.models import ApiToken
from socialgov.audit.events import record

SECRET_PREFIX = "sgv_"
# Writing the last use on every call would make every read a write.
LAST_USED_PRECISION = timedelta(minutes=1)


def lower(first, second):
    if first is None or second is None:
        return None
    return first if ROLE_RANK[first] <= ROLE_RANK[second] else second


def roles_grantable(user, brand):
    """The roles ``user`` may give a token in ``brand``: up to their own."""
    own = role_in(user, brand)
    if own is None:
        return []
    return [role for role in Role.values if ROLE_RANK[role] <= ROLE_RANK[own]]


def make(user, brand, *, name, role, expires_at=None):
    """A new token of ``user`` in ``brand``; returns (token, secret), the
    secret to be shown once."""
    if role not in roles_grantable(user, brand):
        raise PermissionDenied("a token's role is at most its maker's")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            brand=brand, owner=user, name=name, role=role, expires_at=expires_at,
            secret_hash=hash_token(secret), prefix=secret[:len(SECRET_PREFIX) + 6])
        record("api_token_made", actor=user, brand=brand, token=token.pk, name=name,
               role=role, expires_at=expires_at.isoformat() if expires_at else None)
    return token, secret


def may_revoke(user, token):
    """Its owner, or a brand admin of its brand."""
    return token.owner_id == user.pk or role_in(user, token.brand) == Role.BRAND_ADMIN


def revoke(user, token):
    if not may_revoke(user, token):
        raise PermissionDenied("revoke a token")
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        token.revoked_at = timezone.now()
        token.revoked_by = user
        token.save(update_fields=["revoked_at", "revoked_by"])
        record("api_token_revoked", actor=user, brand=token.brand, token=token.pk,
               name=token.name)
    return token


@dataclass
class Caller:
    """Who a request's token acts as: the owner, with the effective role."""

    token: ApiToken
    user: object
    role: str

    @property
    def brand(self):
        return self.token.brand


def owner_role(token):
    """The owner's role in the token's brand now, as the web reads it, with the
    brand's two-factor requirement applied (see the module docstring)."""
    owner, brand = token.owner, token.brand
    role = role_in(owner, brand)
    if (role not in (None, Role.DRAFTER) and brand.require_two_factor
            and not twofactor.is_on(owner)):
        return Role.DRAFTER
    return role


def caller_of(secret):
    """The Caller a secret stands for, or None when it opens nothing."""
    if not secret or not secret.startswith(SECRET_PREFIX) or len(secret) > 200:
        return None
    token = (ApiToken.objects.select_related("brand", "owner")
             .filter(secret_hash=hash_token(secret)).first())
    if token is None or not token.live:
        return None
    role = lower(token.role, owner_role(token))
    if role is None:
        return None
    user = token.owner
    narrowed = role != role_in(user, token.brand)  # below the owner's own role
    forget_roles(user)
    # In memory only, for this request: a superuser's token acts with its role
    # like anyone's (role_in would make them a brand admin).
    user.is_superuser = False
    remember_roles(user, {token.brand_id: role})
    if narrowed:
        user.__dict__["_socialgov_groups"] = set()
    _note_use(token)
    return Caller(token, user, role)


def _note_use(token):
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
