"""The brand admin's list of review reasons, and how often each was given.

Approvers pick these when they reject a post or ask for changes. A reason is
never deleted, only deactivated, so past decisions keep naming it and the
report keeps counting it.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from socialgov.audit.events import record
from socialgov.brands.models import Brand, DecisionKind
from socialgov.brands.reason_forms import ReviewReasonForm
from socialgov.brands.views import _managed_brand

REPORT_DAYS = 90


def _report(brand):
    """Each reason with its rejections and change requests over the last 90
    days, and how many of those decisions gave only free text."""
    since = timezone.now() - timedelta(days=REPORT_DAYS)
    recent = Q(decisions__created_at__gte=since)
    reasons = brand.review_reasons.annotate(
        rejections=Count("decisions", filter=recent & Q(decisions__kind=DecisionKind.REJECT)),
        change_requests=Count("decisions", filter=recent
                              & Q(decisions__kind=DecisionKind.REQUEST_CHANGES)),
    ).order_by("position", "pk")
    # The brand's decisions reached through its posts: brands know posts only by name.
    text_only = Q(posts__decisions__created_at__gte=since,
                  posts__decisions__reasons__isnull=True)
    counts = Brand.objects.filter(pk=brand.pk).aggregate(
        rejections=Count("posts__decisions", filter=text_only
                         & Q(posts__decisions__kind=DecisionKind.REJECT)),
        change_requests=Count("posts__decisions", filter=text_only
                              & Q(posts__decisions__kind=DecisionKind.REQUEST_CHANGES)),
    )
    return reasons, counts


def _describe(reason):
    state = "" if reason.active else " (inactive)"
    return f"{reason.label_en} / {reason.label_fr}{state}"


@login_required
@require_http_methods(["GET", "POST"])
def reasons(request, slug):
    brand = _managed_brand(request, slug)
    form = ReviewReasonForm(request.POST or None, brand=brand)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            reason = form.save(commit=False)
            reason.brand = brand
            reason.save()
            record("reasons_changed", actor=request.user, brand=brand, reason=reason.pk,
                   change="added", summary=_describe(reason))
        messages.success(request, _("Reason added."))
        return redirect("brands:reasons", slug=brand.slug)
    rows, text_only = _report(brand)
    return render(request, "brands/reasons.html", {
        "brand": brand,
        "form": form,
        "reasons": rows,
        "text_only": text_only,
        "report_days": REPORT_DAYS,
    })


@login_required
@require_http_methods(["GET", "POST"])
def reason_edit(request, slug, pk):
    brand = _managed_brand(request, slug)
    reason = get_object_or_404(brand.review_reasons, pk=pk)
    before = _describe(reason)
    form = ReviewReasonForm(request.POST or None, brand=brand, instance=reason)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            reason = form.save()
            record("reasons_changed", actor=request.user, brand=brand, reason=reason.pk,
                   change="changed", summary=f"{before} → {_describe(reason)}")
        messages.success(request, _("Reason saved."))
        return redirect("brands:reasons", slug=brand.slug)
    return render(request, "brands/reason_form.html", {
        "brand": brand, "form": form, "reason": reason,
    })


@login_required
@require_POST
def reason_toggle(request, slug, pk):
    brand = _managed_brand(request, slug)
    with transaction.atomic():
        reason = get_object_or_404(brand.review_reasons.select_for_update(), pk=pk)
        reason.active = not reason.active
        reason.save(update_fields=["active"])
        record("reasons_changed", actor=request.user, brand=brand, reason=reason.pk,
               change="activated" if reason.active else "deactivated",
               summary=_describe(reason))
    if reason.active:
        messages.success(request, _("“%(label)s” is offered again.") % {"label": reason.label})
    else:
        messages.success(request, _("“%(label)s” is no longer offered; past decisions keep it.")
                         % {"label": reason.label})
    return redirect("brands:reasons", slug=brand.slug)
