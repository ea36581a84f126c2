"""The history of a brand's rules: each version (``RuleSetVersion``, kept by
``RuleSet.bump``) is told who made it and why by the audit event of its change, and any
version can be compared with the one before and restored."""

from __future__ import annotations

import difflib

import yaml
from django.db import transaction
from django.dispatch import receiver

from socialgov.audit import signals
from socialgov.audit.events import record
from socialgov.audit.models import Action
from socialgov.brands import rules_file, voice
from socialgov.brands.models import CHECKED_SETTINGS, RuleSetVersion

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
    lines = difflib.unified_diff(as_text(before).splitlines(), as_text(after).splitlines(),
                                 lineterm="", n=2)
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
