from django.conf import settings
from django.db.models import Exists, OuterRef

from socialgov.accounts.models import ROLE_RANK, Membership, Role
from socialgov.accounts.permissions import remember_roles
from socialgov.brands.models import ReviewGroup


def navigation(request):
    """What the header shows: the links this user's roles open. One query: the
    user's active memberships, which also answer the page's later questions
    about their roles."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}, "LANGUAGES": settings.LANGUAGES}
    if user.is_superuser:
        nav = {"can_draft": True, "can_review": True, "can_manage": True,
               "can_see_analytics": True}
    else:
        grouped = ReviewGroup.members.through.objects.filter(
            user_id=user.pk, reviewgroup__brand_id=OuterRef("brand_id"))
        rows = list(Membership.objects.active().filter(user=user)
                    .annotate(grouped=Exists(grouped))
                    .values_list("brand_id", "role", "grouped"))
        remember_roles(user, {brand_id: role for brand_id, role, _grouped in rows})
        ranks = [ROLE_RANK[role] for _brand, role, _grouped in rows]
        nav = {
            "can_draft": bool(ranks),
            "can_review": any(rank >= ROLE_RANK[Role.APPROVER] for rank in ranks)
            or any(grouped for _brand, _role, grouped in rows),
            "can_manage": any(rank >= ROLE_RANK[Role.BRAND_ADMIN] for rank in ranks),
            # A brand's dashboard: its approvers and brand admins (a review group
            # alone does not open it).
            "can_see_analytics": any(rank >= ROLE_RANK[Role.APPROVER] for rank in ranks),
        }
    # The service's status page: superusers and brand admins.
    nav["can_see_status"] = nav["can_manage"]
    return {"nav": nav, "LANGUAGES": settings.LANGUAGES}
