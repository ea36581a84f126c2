"""Who may do what: one place, read by views, templates and the workflow.

``can(user, action, obj)`` answers for the person only (role, authorship);
whether the post's state allows the move is the workflow's business.
"""

from socialgov.accounts.models import ROLE_RANK, Membership, Role

# Actions on a post and the least role they need in the post's brand.
POST_ACTION_ROLES = {
    "view": Role.DRAFTER,
    "duplicate": Role.DRAFTER,
    "edit": Role.DRAFTER,
    "submit": Role.DRAFTER,
    "withdraw": Role.DRAFTER,
    "ask_waiver": Role.DRAFTER,
    "retry_check": Role.DRAFTER,
    "approve": Role.APPROVER,
    "request_changes": Role.APPROVER,
    "reject": Role.APPROVER,
    "waive": Role.APPROVER,
    "publish": Role.APPROVER,
    # The author, or an approver tidying up the brand's lists.
    "archive": Role.DRAFTER,
    "restore": Role.DRAFTER,
    # Any member who sees the post may comment on a passage and reply.
    "comment": Role.DRAFTER,
    # An advisory step's opinion, and claiming a review.
    "advise": Role.APPROVER,
    "claim": Role.APPROVER,
}
# A step of the approval path can name a review group (such as "Legal") whose
# members decide it whatever their role; the path says which step they may fill.
GROUP_MEMBERS_MAY = {"approve", "request_changes", "reject", "advise", "claim"}
AUTHOR_ONLY = {"edit", "submit", "withdraw", "ask_waiver"}
# Four eyes: deciders never decide on a version they wrote.
NOT_THE_AUTHOR = {"approve", "request_changes", "reject", "waive", "advise", "claim"}

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

# Deactivated memberships count for nothing: every question below reads the
# active ones only (``Membership.objects.active()``, ``memberships__is_active``).


def role_in(user, brand):
    """The user's role in the brand, or None. Superusers act as brand admins."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.BRAND_ADMIN
    cache = user.__dict__.setdefault("_socialgov_roles", {})
    if brand.pk not in cache:
        cache[brand.pk] = (
            Membership.objects.active().filter(user=user, brand=brand)
            .values_list("role", flat=True).first()
        )
    return cache[brand.pk]


def has_role(user, brand, role):
    current = role_in(user, brand)
    return current is not None and ROLE_RANK[current] >= ROLE_RANK[role]


def can(user, action, obj):
    from socialgov.brands.models import Brand
    from socialgov.posts.models import Post

    if isinstance(obj, Brand):
        return has_role(user, obj, BRAND_ACTION_ROLES[action])
    if isinstance(obj, Post):
        if not has_role(user, obj.brand, POST_ACTION_ROLES[action]) and not (
            action in GROUP_MEMBERS_MAY and in_review_group(user, obj.brand)
        ):
            return False
        if action in AUTHOR_ONLY:
            return obj.author_id == user.pk
        if action in NOT_THE_AUTHOR:
            version = obj.current_version
            return version is not None and version.author_id != user.pk
        if action in ("retry_check", "archive", "restore"):
            return obj.author_id == user.pk or has_role(user, obj.brand, Role.APPROVER)
        return True
    raise TypeError(f"no permission rules for {type(obj).__name__}")


def in_review_group(user, brand):
    """Is the user a member of the brand in one of its review groups?"""
    if role_in(user, brand) is None:
        return False
    cache = user.__dict__.setdefault("_socialgov_groups", {})
    if brand.pk not in cache:
        cache[brand.pk] = user.review_groups.filter(brand=brand).exists()
    return cache[brand.pk]


def review_brands(user):
    """The brands whose posts the user may review: as an approver, or in a review group."""
    from socialgov.brands.models import Brand

    approver = brands_where(user, Role.APPROVER)
    if not user.is_authenticated or user.is_superuser:
        return approver
    grouped = Brand.objects.filter(review_groups__members=user, memberships__user=user)
    return Brand.objects.filter(pk__in=approver.values("pk")) | Brand.objects.filter(
        pk__in=grouped.values("pk"))


def brands_where(user, role):
    """The brands in which the user holds at least ``role``."""
    from socialgov.brands.models import Brand

    brands = Brand.objects.for_user(user)
    if user.is_authenticated and user.is_superuser:
        return brands
    allowed = [r for r, rank in ROLE_RANK.items() if rank >= ROLE_RANK[role]]
    return brands.filter(
        memberships__user=user, memberships__is_active=True, memberships__role__in=allowed
    ).distinct()


def can_resolve_comment(user, comment):
    """A thread is resolved (or reopened) by whoever opened it, the post's
    author, or anyone who may decide on the brand's posts."""
    post = comment.post
    if not has_role(user, post.brand, Role.DRAFTER):
        return False
    return (comment.author_id == user.pk or post.author_id == user.pk
            or has_role(user, post.brand, Role.APPROVER))
