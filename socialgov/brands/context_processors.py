from socialgov.accounts.models import Membership
from socialgov.brands.models import CrisisPeriod


def open_crises(request):
    """The crisis periods under way in the person's brands: every page shows
    their banner, to every member (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    periods = CrisisPeriod.objects.filter(ended_at__isnull=True)
    if not user.is_superuser:
        periods = periods.filter(brand_id__in=Membership.objects.active().filter(user=user)
                                 .values("brand_id"))
    return {"open_crises": periods.select_related("brand", "started_by")
            .order_by("started_at")}
