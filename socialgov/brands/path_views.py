"""The brand admin's "Approval path" pages: the ordered steps a post goes
through, and the review groups a step can name. Editing the path changes the
posts that enter review afterwards; a review under way keeps the path it
started with. Every change is audited."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Max
from django.db.models.deletion import ProtectedError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from socialgov.audit.events import record
from socialgov.brands import paths
from socialgov.brands.models import ApprovalStep
from socialgov.brands.path_forms import (
    ApprovalStepForm,
    ReviewGroupForm,
    describe_group,
    describe_step,
)
from socialgov.brands.views import _managed_brand


def _back(brand):
    return redirect("brands:approval_path", slug=brand.slug)


@login_required
@require_safe
def approval_path(request, slug):
    brand = _managed_brand(request, slug)
    return render(request, "brands/approval_path.html", {
        "brand": brand,
        "steps": brand.approval_steps.select_related("group"),
        "groups": brand.review_groups.prefetch_related("members"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def step_new(request, slug):
    brand = _managed_brand(request, slug)
    return _step_form(request, brand, ApprovalStep(brand=brand))


@login_required
@require_http_methods(["GET", "POST"])
def step_edit(request, slug, pk):
    brand = _managed_brand(request, slug)
    return _step_form(request, brand, get_object_or_404(brand.approval_steps, pk=pk))


def _step_form(request, brand, step):
    creating = step.pk is None
    form = ApprovalStepForm(request.POST or None, brand=brand, instance=step)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if creating:
                last = brand.approval_steps.aggregate(n=Max("position"))["n"]
                form.instance.position = 0 if last is None else last + 1
            saved = form.save()
            verb = _("Added step") if creating else _("Edited step")
            record("approval_path_changed", actor=request.user, brand=brand, step=saved.pk,
                   change="added" if creating else "changed",
                   summary=f"{verb}: {describe_step(saved)}")
        messages.success(request, _("Step “%(name)s” saved.") % {"name": saved.name})
        return _back(brand)
    return render(request, "brands/path_step_form.html", {
        "brand": brand, "form": form, "step": None if creating else step,
    })


@login_required
@require_POST
def step_move(request, slug, pk):
    brand = _managed_brand(request, slug)
    with transaction.atomic():
        steps = list(brand.approval_steps.select_for_update())
        index = next((i for i, s in enumerate(steps) if s.pk == pk), None)
        if index is None:
            return redirect("brands:approval_path", slug=brand.slug)
        other = index - 1 if request.POST.get("direction") == "up" else index + 1
        if 0 <= other < len(steps):
            steps[index], steps[other] = steps[other], steps[index]
            for position, step in enumerate(steps):
                if step.position != position:
                    step.position = position
                    step.save(update_fields=["position"])
            record("approval_path_changed", actor=request.user, brand=brand, change="moved",
                   order=[s.pk for s in steps],
                   summary=_("New order: %(steps)s") % {
                       "steps": " → ".join(s.name for s in steps)})
    return _back(brand)


@login_required
@require_POST
def step_delete(request, slug, pk):
    brand = _managed_brand(request, slug)
    step = get_object_or_404(brand.approval_steps, pk=pk)
    try:
        paths.delete_step(request.user, brand, step)
    except ApprovalStep.DoesNotExist:  # deleted meanwhile
        return _back(brand)
    messages.success(request, _("Step “%(name)s” deleted.") % {"name": step.name})
    return _back(brand)


@login_required
@require_http_methods(["GET", "POST"])
def group_new(request, slug):
    brand = _managed_brand(request, slug)
    return _group_form(request, brand, None)


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request, slug, pk):
    brand = _managed_brand(request, slug)
    return _group_form(request, brand, get_object_or_404(brand.review_groups, pk=pk))


def _group_form(request, brand, group):
    form = ReviewGroupForm(request.POST or None, brand=brand, instance=group)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            record("review_group_changed", actor=request.user, brand=brand, group=saved.pk,
                   summary=describe_group(saved))
        messages.success(request, _("Group “%(name)s” saved.") % {"name": saved.name})
        return _back(brand)
    return render(request, "brands/path_group_form.html", {
        "brand": brand, "form": form, "group": group,
    })


@login_required
@require_POST
def group_delete(request, slug, pk):
    brand = _managed_brand(request, slug)
    group = get_object_or_404(brand.review_groups, pk=pk)
    name = group.name
    try:
        with transaction.atomic():
            group_id = group.pk
            group.delete()
            record("review_group_changed", actor=request.user, brand=brand, group=group_id,
                   change="deleted", summary=_("Deleted group: %(name)s") % {"name": name})
    except ProtectedError:
        messages.error(request, _("“%(name)s” decides a step of the path: change or delete "
                                  "that step first.") % {"name": name})
        return _back(brand)
    messages.success(request, _("Group “%(name)s” deleted.") % {"name": name})
    return _back(brand)
