"""Writes to a brand's approval path that can be undone: deleting a step, and putting a
deleted step back from the brand's history. Each checks, changes inside a transaction
and records one audit event (``approval_path_changed``). The event of a deletion keeps
the step's settings and place, so the step can come back as it was."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from socialgov.accounts.permissions import can
from socialgov.audit.events import record
from socialgov.audit.models import AuditEvent
from socialgov.brands.models import ApprovalStep, Brand
from socialgov.brands.path_forms import describe_step
from socialgov.lib.errors import Refused

# What a deleted step's event keeps of it, besides its place and its group's name.
STEP_FIELDS = ("name", "decided_by", "group_id", "rule", "advisory", "applies_from_risk")


class PathError(Refused):
    """A change of the path that cannot be made; the message says why."""


def _check(actor, brand):
    if not can(actor, "manage", brand):
        raise PermissionDenied("manage")
    # One change of the path at a time (two undos of the same deletion at once).
    Brand.objects.select_for_update(no_key=True).get(pk=brand.pk)


def delete_step(actor, brand, step) -> None:
    """Take ``step`` out of the brand's path. Reviews under way keep the path they began
    with; posts that enter review afterwards skip the step."""
    with transaction.atomic():
        _check(actor, brand)
        steps = list(brand.approval_steps.select_for_update(of=("self",)).select_related("group"))
        place = next((i for i, s in enumerate(steps) if s.pk == step.pk), None)
        if place is None:
            raise ApprovalStep.DoesNotExist
        step = steps[place]
        kept = {name: getattr(step, name) for name in STEP_FIELDS}
        kept.update(group_name=step.group.name if step.group_id else "", place=place)
        record("approval_path_changed", actor=actor, brand=brand, step=step.pk,
               change="deleted", subject=step.name, deleted=kept,
               summary=_("Deleted step: %(step)s") % {"step": describe_step(step)})
        step.delete()


def restore_step(actor, brand, deletion: AuditEvent) -> tuple[ApprovalStep, bool]:
    """Undo ``deletion`` (the event of a step deleted from the brand's path): the step
    comes back with its settings at its place, or at the end of the path when the path is
    now shorter than that place. Returns the step and whether it is at its place. A new
    event names the deletion it undoes; a deletion is undone once, and not when the review
    group that decided the step is gone."""
    kept = deletion.data.get("deleted")
    if (deletion.brand_id != brand.pk or deletion.action != "approval_path_changed"
            or not kept):
        raise ValueError("not a step deleted from this brand's path")
    with transaction.atomic():
        _check(actor, brand)
        if AuditEvent.objects.filter(brand=brand, data__undoes=deletion.pk).exists():
            raise PathError(_("This deletion has already been undone."))
        group = None
        if kept.get("group_id"):
            group = brand.review_groups.filter(pk=kept["group_id"]).first()
            if group is None:
                raise PathError(_("The review group “%(group)s” that decided this step no "
                                  "longer exists: add the step again on the approval path "
                                  "page.") % {"group": kept.get("group_name", "")})
        steps = list(brand.approval_steps.select_for_update())
        place = kept.get("place", len(steps))
        at_its_place = place <= len(steps)
        place = min(place, len(steps))
        step = ApprovalStep(
            brand=brand, group=group,
            **{name: kept[name] for name in STEP_FIELDS if name != "group_id" and name in kept})
        steps.insert(place, step)
        for position, each in enumerate(steps):
            if each.pk is None:
                each.position = position
                each.save()
            elif each.position != position:
                each.position = position
                each.save(update_fields=["position"])
        record("approval_path_changed", actor=actor, brand=brand, step=step.pk,
               change="restored", undoes=deletion.pk, subject=step.name,
               summary=_("Restored step: %(step)s") % {"step": describe_step(step)})
    return step, at_its_place
