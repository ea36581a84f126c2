"""The history of a brand's rules: each version (``RuleSetVersion``, kept by
``RuleSet.bump``) is told who made it and why by the audit event of its change, and any
version can be compared with the one before and restored.

Beside the versions, the history lists the changes that are no version of the rule set
but can be undone, from their audit events, which keep what they took away: a member
removed, a step of the approval path deleted, a change of the settings that checks do not
read (``UNDOABLE``). Each is undone through the service that makes such changes, as a new
event."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import datetime

import yaml
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils.translation import gettext as _

from socialgov.accounts import teams
from socialgov.accounts.models import Role
from socialgov.audit import signals
from socialgov.audit.events import record
from socialgov.audit.models import Action, AuditEvent
from socialgov.brands import paths, rules_file, voice
from socialgov.brands.models import (
    CHECKED_SETTINGS,
    UNCHECKED_SETTINGS,
    Brand,
    Deciders,
    Risk,
    RuleSetVersion,
    StepRule,
)

# The changes of a brand's rules, each of which makes a version.
RULE_CHANGES = {Action.RULE_CREATED, Action.RULE_CHANGED, Action.RULE_DELETED,
                Action.RULES_IMPORTED, Action.RULES_RESTORED, Action.PACK_RULE_CHANGED,
                Action.GUIDELINE_CHANGED, Action.CALENDAR_CHANGED,
                # Watch words make versions too (they are read by checks); a restore
                # leaves them as they are: they belong to the crisis desk.
                Action.WATCH_WORD_ADDED, Action.WATCH_WORD_REMOVED}


@receiver(signals.recorded, dispatch_uid="brands.history")
def name_the_version(sender, event, **kwargs):
    """The version the change made takes its author and reason from the event."""
    if event.brand is None:
        return
    # A change of the settings that checks read makes a version too (RuleSet.bump).
    checked = (event.action == Action.BRAND_CHANGED
               and set(event.data.get("fields", ())) & CHECKED_SETTINGS)
    if event.action not in RULE_CHANGES and not checked:
        return
    RuleSetVersion.objects.filter(brand=event.brand, number=event.brand.ruleset.version).update(
        actor=event.actor, actor_name=event.actor_name, change=event.action,
        subject=str(event.data.get("subject", ""))[:300],
        summary=str(event.data.get("summary", ""))[:500],
    )


def as_text(version: RuleSetVersion | None) -> str:
    """The rules of ``version`` as the rules file writes them, then its changes to the
    shipped rules (empty for None)."""
    if version is None:
        return ""
    content = {"rules": version.rules}
    if version.overrides:
        content["shipped"] = version.overrides
    if version.guidelines:
        content["guidelines"] = version.guidelines
    if version.brand_settings:
        content["settings"] = version.brand_settings
    if version.dates:
        content["dates"] = version.dates
    return yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=100)


def diff(before: RuleSetVersion | None, after: RuleSetVersion) -> list[tuple[str, str]]:
    """``(kind, line)`` of what changed from ``before`` to ``after``: kind is "added",
    "removed" or "context" (a line around a change), by the lines of their files."""
    return diff_texts(as_text(before), as_text(after))


def diff_texts(before: str, after: str) -> list[tuple[str, str]]:
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=2)
    out = []
    for line in lines:
        if line.startswith(("---", "+++", "@@")):
            continue
        kind = {"+": "added", "-": "removed"}.get(line[:1], "context")
        out.append((kind, line[1:]))
    return out


def restore(actor, brand, version: RuleSetVersion) -> dict[str, list[str]]:
    """Make the brand's rules those of ``version`` again: a new version, one audit event,
    one re-check. Rules whose guideline is gone since keep no guideline."""
    titles = ({g["title"] for g in version.guidelines} if version.guidelines
              else set(brand.guidelines.values_list("title", flat=True)))
    mappings = [dict(rule) for rule in version.rules]
    for rule in mappings:
        if rule.get("guideline") not in titles:
            rule.pop("guideline", None)
    found = rules_file.read_yaml(yaml.safe_dump({"version": rules_file.FORMAT_VERSION,
                                                 "rules": mappings}, allow_unicode=True),
                                 titles)
    if found.problems:
        raise RestoreError(found.problems)
    with transaction.atomic():
        # Settings, guidelines and overrides first: the version that replace_rules makes
        # keeps them too.
        voice.restore_settings(brand, version.brand_settings)
        voice.restore_guidelines(brand, version.guidelines)
        voice.restore_dates(brand, version.dates)
        voice.restore_overrides(brand, version.overrides)
        plan = voice.replace_rules(brand, found.rules, voice.REPLACE)
        record("rules_restored", actor=actor, brand=brand, restored=version.number,
               subject=str(version.number), **plan)
    return plan


class RestoreError(ValueError):
    """The rules of a version no longer pass the engine's checks."""

    def __init__(self, problems):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


# -- the changes listed beside the versions, and undone --------------------------------

# The events the history lists beside the versions, by the kind of entry they make: the
# events of those changes that keep what they took away (a removal always kept the member
# and their role; older deletions of a step and changes of settings kept nothing).
UNDOABLE = {"member": Q(action=Action.MEMBER_REMOVED),
            "step": Q(action=Action.APPROVAL_PATH_CHANGED, data__has_key="deleted"),
            "settings": Q(action=Action.BRAND_CHANGED, data__has_key="before")}


def kind_of(event: AuditEvent) -> str:
    if event.action == Action.MEMBER_REMOVED:
        return "member"
    if event.action == Action.APPROVAL_PATH_CHANGED:
        return "step"
    return "settings"


def undoable_events(brand):
    """The brand's events the history lists beside the versions, newest first."""
    either = Q()
    for condition in UNDOABLE.values():
        either |= condition
    return AuditEvent.objects.filter(either, brand=brand).order_by("-created_at", "-pk")


@dataclass
class Entry:
    """One line of the history: a version of the rule set, or a change an event tells."""

    kind: str  # "version", or a key of UNDOABLE
    created_at: datetime
    actor_name: str
    change: str  # what was done, in the reader's language
    subject: str = ""
    summary: str = ""
    diff: list = field(default_factory=list)
    version: RuleSetVersion | None = None
    event: AuditEvent | None = None
    is_current: bool = False  # a version: the brand's rules now
    undone: bool = False  # an event: undone since
    role: str = ""  # a member removed: the role they had


def entries(brand, length: int) -> list[Entry]:
    """The ``length`` newest entries of the brand's history, newest first, in three
    queries however many."""
    # One more than shown: the oldest shown is compared with the one before it.
    versions = list(brand.rule_versions.select_related("actor")[: length + 1])
    current = versions[0].number if versions else None
    out = [
        Entry("version", version.created_at, version.actor_name,
              Action(version.change).label if version.change else "",
              subject=version.subject, summary=version.summary,
              diff=diff(versions[i + 1] if i + 1 < len(versions) else None, version),
              version=version, is_current=version.number == current)
        for i, version in enumerate(versions[:length])
    ]
    events = list(undoable_events(brand)[:length])
    undone = {undoes for undoes in AuditEvent.objects.filter(
        brand=brand, data__undoes__in=[event.pk for event in events])
        .values_list("data__undoes", flat=True)}
    out += [_event_entry(event, event.pk in undone) for event in events]
    out.sort(key=lambda entry: (entry.created_at, entry.kind != "version"), reverse=True)
    return out[:length]


def _event_entry(event: AuditEvent, undone: bool) -> Entry:
    """An event's entry, told in the reader's language from the event's data (not from
    its summary, written in the language of the person who made the change)."""
    kind = kind_of(event)
    data = event.data
    entry = Entry(kind, event.created_at, event.actor_name, Action(event.action).label,
                  event=event, undone=undone)
    if kind == "member":
        role = data.get("role")
        entry.subject = data.get("username", "")
        entry.role = str(Role(role).label) if role in Role.values else str(role)
        entry.summary = _("Role: %(role)s") % {"role": entry.role}
    elif kind == "step":
        step = data["deleted"]
        entry.subject = step.get("name", "")
        entry.summary = _describe_step(step)
    else:
        before, after = data.get("before") or {}, data.get("after") or {}
        entry.subject = ", ".join(
            str(Brand._meta.get_field(name).verbose_name) for name in UNCHECKED_SETTINGS
            if name in data.get("fields", ()))
        entry.diff = diff_texts(_settings_text(before), _settings_text(after))
    return entry


def _settings_text(values: dict) -> str:
    return yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=100)


def _describe_step(step: dict) -> str:
    """A deleted step's settings, as the approval path page shows them."""
    decided_by = step.get("decided_by")
    parts = [step.get("group_name") if decided_by == Deciders.GROUP
             else Deciders(decided_by).label if decided_by in Deciders.values else decided_by,
             StepRule(step["rule"]).label if step.get("rule") in StepRule.values else ""]
    if step.get("advisory"):
        parts.append(_("Advisory"))
    if step.get("applies_from_risk") in Risk.values:
        parts.append(_("Applies from risk: %(risk)s")
                     % {"risk": Risk(step["applies_from_risk"]).label})
    return " · ".join(str(part) for part in parts if part)


def undo(actor, brand, event: AuditEvent) -> str:
    """Undo the change of ``event`` (one of ``undoable_events``) through the service that
    makes such changes; returns what was done, in the reader's language. Raises the
    service's refusal (``socialgov.lib.errors.Refused``) when it cannot be undone."""
    kind = kind_of(event)
    if kind == "member":
        membership = teams.restore_member(actor, brand, event)
        names = {"username": membership.user.get_username(),
                 "role": membership.get_role_display()}
        if not membership.is_active:
            return _("%(username)s is back in the brand as %(role)s, deactivated as they "
                     "were.") % names
        return _("%(username)s is back in the brand as %(role)s.") % names
    if kind == "step":
        step, at_its_place = paths.restore_step(actor, brand, event)
        if at_its_place:
            return _("“%(name)s” is back in the approval path, at step %(place)s.") % {
                "name": step.name, "place": step.position + 1}
        return _("“%(name)s” is back in the approval path, at the end of the path: its "
                 "place (step %(place)s) no longer exists.") % {
                     "name": step.name, "place": event.data["deleted"].get("place", 0) + 1}
    if voice.restore_settings_before(actor, brand, event):
        return _("The brand's settings are those from before this change again.")
    return _("The brand's settings are already those from before this change.")
