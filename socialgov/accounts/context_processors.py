from django.conf import settings

from socialgov.accounts.models import Role
from socialgov.accounts.permissions import brands_where, review_brands


def navigation(request):
    """What the header shows: the links this user's roles open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}, "LANGUAGES": settings.LANGUAGES}
    can_manage = brands_where(user, Role.BRAND_ADMIN).exists()
    return {
        "nav": {
            "can_draft": brands_where(user, Role.DRAFTER).exists(),
            "can_review": review_brands(user).exists(),
            "can_manage": can_manage,
            # The service's status page: superusers and brand admins.
            "can_see_status": user.is_superuser or can_manage,
        },
        "LANGUAGES": settings.LANGUAGES,
    }
