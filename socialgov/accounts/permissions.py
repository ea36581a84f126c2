"""A person's role in a brand, and what each role may do to the brand.

What a person may do to a post, and when, is the table of moves'
(socialgov/posts/moves.py); this module only answers for the person.
Deactivated memberships count for nothing: every question reads the active
ones only (``Membership.objects.active()``).

Two-factor authentication is decided here too, once: in a brand that requires
it, an approver or brand admin (or a superuser) whose session has not
confirmed a second factor acts as a drafter (``role_in``), is in none of its
review groups, and the brand is not among those they review or manage
(socialgov/brands/models.py). What they are refused then sends them to set it
up or enter a code (socialgov/accounts/middleware.py).
"""

from socialgov.accounts.models import ROLE_RANK, Membership, Role

# Actions on a brand and the least role they need.
BRAND_ACTION_ROLES = {
    "view": Role.DRAFTER,
    "create_post": Role.DRAFTER,
    "review": Role.APPROVER,
    # Watch words and crisis mode: the people who decide what goes out.
    "watch": Role.APPROVER,
    "crisis": Role.APPROVER,
    "manage": Role.BRAND_ADMIN,
}


def _role(user, brand_id):
    """The role of the user's active membership of the brand, read once per user
    object and brand."""
    roles = user.__dict__.setdefault("_socialgov_roles", {})
    if brand_id not in roles:
        roles[brand_id] = (Membership.objects.active().filter(user=user, brand_id=brand_id)
                           .values_list("role", flat=True).first())
    return roles[brand_id]


def remember_roles(user, roles):
    """Let a query that read all the user's active memberships anyway (the
    navigation) answer the later questions of this request: ``roles`` maps
    brand ids to roles."""
    user.__dict__.setdefault("_socialgov_roles", {}).update(roles)


def forget_roles(user):
    user.__dict__.pop("_socialgov_roles", None)
    user.__dict__.pop("_socialgov_groups", None)


def unverified(user):
    """Is ``user`` a person in a request whose session has not confirmed a second
    factor? (django-otp's middleware gives a request's user ``is_verified``.)
    Outside requests (jobs, the scheduler, the shell) there is no session, and
    no one to ask for a code: the question does not arise."""
    is_verified = getattr(user, "is_verified", None)
    return is_verified is not None and not is_verified()


def needs_second_factor(user, brand):
    """Does ``brand`` ask ``user`` for a code before they act above a drafter?"""
    return brand.require_two_factor and unverified(user)


def role_in(user, brand):
    """The user's role in the brand, or None. Superusers act as brand admins.
    Above a drafter, only with a second factor where the brand requires it."""
    if not user.is_authenticated or not user.is_active:
        return None
    role = Role.BRAND_ADMIN if user.is_superuser else _role(user, brand.pk)
    if role not in (None, Role.DRAFTER) and needs_second_factor(user, brand):
        return Role.DRAFTER
    return role


def has_role(user, brand, role):
    current = role_in(user, brand)
    return current is not None and ROLE_RANK[current] >= ROLE_RANK[role]


def can(user, action, brand):
    """May ``user`` make ``action`` (a key of BRAND_ACTION_ROLES) on ``brand``?"""
    return has_role(user, brand, BRAND_ACTION_ROLES[action])


def in_review_group(user, brand):
    """Is the user an active member of the brand in one of its review groups?"""
    if role_in(user, brand) is None or needs_second_factor(user, brand):
        return False
    groups = user.__dict__.get("_socialgov_groups")
    if groups is None:
        groups = user.__dict__["_socialgov_groups"] = set(
            user.review_groups.values_list("brand_id", flat=True))
    return brand.pk in groups


def roles_allowing(role):
    """The roles at least as high as ``role``."""
    return [r for r, rank in ROLE_RANK.items() if rank >= ROLE_RANK[role]]
