"""The history of a brand's rules: each version (``RuleSetVersion``, kept by
``RuleSet.bump``) is told who made it and why by the audit event of its change, and any
version can be compared with the one before and restored.

Beside the versions, the history lists the changes that can be undone from their audit
events, which keep what they took away: a member removed, a step of the approval path
deleted, a change of the settings (``UNDOABLE``; one that made a version is shown with
it, as one entry). Each is undone through the service that makes such changes, as a new
event. What each entry changed is said when the page is read (``changes``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils.translation import gettext as _

from socialgov.accounts import teams
from socialgov.accounts.erasure import shown_name
from socialgov.accounts.models import Role
from socialgov.audit import signals
from socialgov.audit.events import record
from socialgov.audit.models import Action, AuditEvent
from socialgov.brands import changes, paths, rules_file, voice
from socialgov.brands.models import (
    CHECKED_SETTINGS,
    Deciders,
    Risk,
    RuleSetVersion,
    StepRule,
)
from socialgov.brands.words import quoted

# The changes of a brand's rules, each of which makes a version.
RULE_CHANGES = {Action.RULE_CREATED, Action.RULE_CHANGED, Action.RULE_DELETED,
                Action.RULES_IMPORTED, Action.RULES_RESTORED, Action.PACK_RULE_CHANGED,
                Action.GUIDELINE_CHANGED, Action.CALENDAR_CHANGED,
                # Watch words make versions too (they are read by checks); a restore
                # leaves them as they are: they belong to the crisis desk.
                Action.WATCH_WORD_ADDED, Action.WATCH_WORD_REMOVED}


@receiver(signals.recorded, dispatch_uid="brands.history")
def name_the_version(sender, event, **kwargs):
    """The version the change made takes its author, the change and what it was made on
    (a rule's name, a watch word...) from the event. What changed is read from the
    versions themselves when shown (``socialgov.brands.changes``), in the reader's
    language: no prose is kept."""
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
    )


@receiver(signals.recorded, dispatch_uid="brands.history.erasure")
def forget_an_erased_person(sender, event, **kwargs):
    """The rules' versions name their author as the audit does: by the pseudonym
    once they are erased (socialgov/accounts/erasure.py)."""
    if event.action == Action.PERSON_ERASED:
        RuleSetVersion.objects.filter(actor_id=event.data["member"]).update(
            actor_name=event.data["pseudonym"])


def restore(actor, brand, version: RuleSetVersion) -> dict[str, list[str]]:
    """Make the brand's rules those of ``version`` again: a new version, one audit event,
    one re-check. Rules whose guideline is gone since keep no guideline."""
    titles = ({g["title"] for g in version.guidelines} if version.guidelines
              else set(brand.guidelines.values_list("title", flat=True)))
    mappings = [dict(rule) for rule in version.rules]
    for rule in mappings:
        if rule.get("guideline") not in titles:
            rule.pop("guideline", None)
    found = rules_file.read_yaml(rules_file.dump_mappings(mappings), titles)
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
    """One item of the history: a version of the rule set, or a change an event tells,
    described in the reader's language from stored data (``changes``)."""

    kind: str  # "version", or a key of UNDOABLE
    created_at: datetime
    actor_name: str
    change: str  # what was done, in the reader's language
    changes: list = field(default_factory=list)  # changes.Change
    version: RuleSetVersion | None = None
    event: AuditEvent | None = None  # the change to undo (a version's too: settings)
    is_current: bool = False  # a version: the brand's rules now
    undone: bool = False  # an event: undone since
    subject: str = ""  # a member removed: their username; a step deleted: its name
    role: str = ""  # a member removed: the role they had

    HEADLINES = 5  # changes named under the heading; the others are in "What changed"

    @property
    def headlines(self):
        return [change.headline for change in self.changes[:self.HEADLINES]]

    @property
    def more(self):
        """How many changes the headlines leave out."""
        return max(len(self.changes) - self.HEADLINES, 0)

    @property
    def groups(self):
        """``(label, changes)`` of the changes, added, changed then removed: each label
        once, over all the changes of its kind."""
        labels = ((changes.ADDED, _("Added")), (changes.CHANGED, _("Changed")),
                  (changes.REMOVED, _("Removed")))
        return [(label, items) for kind, label in labels
                if (items := [c for c in self.changes if c.kind == kind and c.details])]


def entries(brand, length: int) -> list[Entry]:
    """The ``length`` newest entries of the brand's history, newest first, in three
    queries however many. One save of the settings is one entry: its event (the
    settings that checks do not read) joins the version it made, if any."""
    # One more than shown: the oldest shown is compared with the one before it.
    versions = list(brand.rule_versions.all()[: length + 1])
    current = versions[0].number if versions else None
    out = [
        Entry("version", version.created_at, shown_name(version.actor_name),
              Action(version.change).label if version.change in Action.values else "",
              changes=_told(version) + changes.between(
                  versions[i + 1] if i + 1 < len(versions) else None, version),
              version=version, is_current=version.number == current)
        for i, version in enumerate(versions[:length])
    ]
    events = list(undoable_events(brand)[:length])
    undone = {undoes for undoes in AuditEvent.objects.filter(
        brand=brand, data__undoes__in=[event.pk for event in events])
        .values_list("data__undoes", flat=True)}
    by_number = {entry.version.number: entry for entry in out}
    for event in events:
        entry = _event_entry(event, event.pk in undone)
        made = by_number.get(_version_made(event, versions))
        if made is None:
            out.append(entry)
        else:
            made.event, made.undone, made.kind = event, entry.undone, "settings"
            made.changes = _merged_settings(made.changes + entry.changes)
    out.sort(key=lambda entry: (entry.created_at, entry.version is not None), reverse=True)
    return out[:length]


def _told(version) -> list:
    """What a version's data cannot say: the version a restore went back to, the watch
    word added or removed (watch words belong to the crisis desk, not to the versions)."""
    subject = version.subject
    if version.change == Action.RULES_RESTORED and subject.isdigit():
        return [changes.Change(changes.CHANGED, _("Back to the rules of version %(number)s")
                               % {"number": subject})]
    if version.change == Action.WATCH_WORD_ADDED:
        return [changes.Change(changes.ADDED, _("Watch word %(word)s added")
                               % {"word": quoted(subject)})]
    if version.change == Action.WATCH_WORD_REMOVED:
        return [changes.Change(changes.REMOVED, _("Watch word %(word)s removed")
                               % {"word": quoted(subject)})]
    return []


def _version_made(event: AuditEvent, versions) -> int | None:
    """The number of the version a change of the settings made too (settings that checks
    read), or None. Events record it; older ones are matched by author and time."""
    if event.action != Action.BRAND_CHANGED or not (set(event.data.get("fields", ()))
                                                     & CHECKED_SETTINGS):
        return None
    if "rule_set_version" in event.data:
        return event.data["rule_set_version"]
    for version in versions:
        if (version.change == Action.BRAND_CHANGED and version.actor_id == event.actor_id
                and abs((version.created_at - event.created_at).total_seconds()) < 2):
            return version.number
    return None


def _merged_settings(found):
    """The changes with those of the settings as one."""
    settings = [change for change in found if change.headline == _("Settings changed")]
    if len(settings) < 2:
        return found
    details = {detail.label: detail for change in settings for detail in change.details}
    merged = changes.Change(changes.CHANGED, _("Settings changed"), list(details.values()))
    return [change for change in found if change not in settings] + [merged]


def _event_entry(event: AuditEvent, undone: bool) -> Entry:
    """An event's entry, told in the reader's language from the event's data (not from
    its summary, written in the language of the person who made the change)."""
    kind = kind_of(event)
    data = event.data
    entry = Entry(kind, event.created_at, shown_name(event.actor_name), Action(event.action).label,
                  event=event, undone=undone)
    if kind == "member":
        role = data.get("role")
        entry.subject = shown_name(data.get("username", ""))
        entry.role = str(Role(role).label) if role in Role.values else str(role)
        entry.changes = [changes.Change(changes.REMOVED, _(
            "%(username)s removed from the brand; their role was %(role)s.") % {
                "username": entry.subject, "role": quoted(entry.role)})]
    elif kind == "step":
        step = data["deleted"]
        entry.subject = step.get("name", "")
        entry.changes = [changes.Change(
            changes.REMOVED, _("Step %(name)s deleted from the approval path")
            % {"name": quoted(entry.subject)},
            [changes.Detail(_("Decided by"), value=_describe_step(step))])]
    else:
        entry.changes = changes.settings_changes(data.get("before") or {},
                                                 data.get("after") or {})
    return entry


def _describe_step(step: dict) -> str:
    """Who decided a deleted step, and how, as the approval path page says it."""
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
