"""The dashboard of one brand (its approvers and brand admins), the one across brands
(superusers; anyone else finds their brands' dashboards there), and each chart's CSV
file. Thin: the filters make a scope, the charts are ``charts``'s."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from socialgov.accounts.models import Membership, Role
from socialgov.accounts.permissions import can
from socialgov.analytics import charts
from socialgov.analytics.forms import FilterForm
from socialgov.brands.models import Brand


def _brand(request, slug):
    brand = get_object_or_404(Brand.objects.for_user(request.user), slug=slug)
    if not can(request.user, "review", brand):
        raise PermissionDenied("analytics: approvers and brand admins")
    return brand


def _everywhere(request):
    if not request.user.is_superuser:
        raise PermissionDenied("analytics across brands: superusers")
    return tuple(Brand.objects.where(request.user, Role.BRAND_ADMIN).values_list("pk", flat=True))


def _authors(brand_ids):
    members = Membership.objects.filter(brand_id__in=brand_ids)
    return list(members.order_by("user__username").values_list("user_id", "user__username")
                .distinct())


def _filters(request, brand_ids):
    form = FilterForm(request.GET or None, _authors(brand_ids))
    return form, form.scope(brand_ids)


def _page(request, brand, brand_ids):
    form, scope = _filters(request, brand_ids)
    ignored = form.ignored_said()
    if ignored:
        # Said above the page, not in the filters' row: the row shows the filters
        # applied, each where it was.
        messages.warning(request, _("Some filters could not be read and were left out: "
                                    "%(filters)s. The charts show the other filters.")
                         % {"filters": "; ".join(ignored)})
    applied = form.applied() if form.is_bound else form
    return render(request, "analytics/dashboard.html", {
        "brand": brand, "form": applied,
        "charts": charts.dashboard(scope, brand, timezone.now()),
        "query": applied.data.urlencode() if applied.is_bound else "",
        "since": scope.since, "until": scope.until - datetime.timedelta(days=1),
        "approver_only": brand is not None and not can(request.user, "manage", brand),
    })


def _csv(request, key, brand, brand_ids):
    if key not in charts.CHARTS:
        raise Http404("no such chart")
    form, scope = _filters(request, brand_ids)
    if form.is_bound and not form.is_valid():
        return HttpResponse(_("Some filters could not be read: correct them on the "
                              "dashboard, then download again."),
                            status=400, content_type="text/plain; charset=utf-8")
    chart = charts.chart(key, scope, brand, timezone.now())
    name = f"{slugify(brand.slug if brand else 'all-brands')}-{key}-" \
           f"{scope.since.date().isoformat()}.csv"
    response = HttpResponse(chart.csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_safe
def brand_dashboard(request, slug):
    brand = _brand(request, slug)
    return _page(request, brand, (brand.pk,))


@login_required
@require_safe
def brand_csv(request, slug, chart):
    brand = _brand(request, slug)
    return _csv(request, chart, brand, (brand.pk,))


@login_required
@require_safe
def everywhere(request):
    """The header's "Analytics": across brands for a superuser; for anyone else the
    dashboard of their one brand, or the list of their brands' dashboards."""
    if request.user.is_superuser:
        return _page(request, None, _everywhere(request))
    brands = list(Brand.objects.where(request.user, Role.APPROVER).order_by("name"))
    if not brands:
        raise PermissionDenied("analytics: approvers and brand admins")
    if len(brands) == 1:
        return redirect("analytics:brand", brands[0].slug)
    return render(request, "analytics/brands.html", {"brands": brands})


@login_required
@require_safe
def everywhere_csv(request, chart):
    return _csv(request, chart, None, _everywhere(request))
