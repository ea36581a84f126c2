"""Writes to a brand's voice rules that go beyond one rule (imports, changes to the
shipped rules): each checks, changes inside a transaction, makes one new version of the
rule set and records one audit event, which starts the re-check of the brand's live
posts (socialgov/posts/reactions.py). And the brand's settings, whose event makes a
version and re-checks only when checks read a setting changed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from socialgov.accounts.permissions import can
from socialgov.audit.events import record
from socialgov.brands.models import (
    BRAND_SETTINGS,
    CHECKED_SETTINGS,
    PACK_CHOICES,
    PACK_DEFAULT_CALENDAR,
    PackRuleOverride,
    Rule,
    SensitiveDate,
    Severity,
    VoiceGuideline,
)

ADD = "add"  # the file's rules join the brand's; one of the same name is replaced
REPLACE = "replace"  # the brand's rules become the file's


def plan_import(brand, rules, mode: str) -> dict[str, list[str]]:
    """The names of the rules an import would add, replace and delete."""
    existing = set(brand.ruleset.rules.values_list("name", flat=True))
    names = [rule.name for rule in rules]
    return {
        "added": [name for name in names if name not in existing],
        "replaced": [name for name in names if name in existing],
        "deleted": sorted(existing - set(names)) if mode == REPLACE else [],
    }


def import_rules(actor, brand, rules, mode: str, source: str = "") -> dict[str, list[str]]:
    """Save ``rules`` (``rules_file.RuleData``, already checked) as the brand's, in one
    change of its rule set, and say what changed (see ``plan_import``)."""
    with transaction.atomic():
        plan = replace_rules(brand, rules, mode)
        record("rules_imported", actor=actor, brand=brand, subject=source, mode=mode, **plan)
    return plan


def replace_rules(brand, rules, mode: str) -> dict[str, list[str]]:
    """The write shared by imports and restores, inside the caller's transaction (which
    records the change's event): one new version of the rule set."""
    if mode not in (ADD, REPLACE):
        raise ValueError(f"unknown import mode {mode!r}")
    guidelines = {g.title: g for g in brand.guidelines.all()}
    rule_set = type(brand.ruleset).objects.select_for_update().get(pk=brand.ruleset.pk)
    plan = plan_import(brand, rules, mode)
    gone = set(plan["replaced"]) | set(plan["deleted"])
    # One change of the rule set, however many rules: a queryset delete and a bulk create
    # do not bump the version per rule as Rule.save and Rule.delete do.
    rule_set.rules.filter(name__in=gone).delete()
    Rule.objects.bulk_create([
        Rule(
            rule_set=rule_set, name=rule.name, kind=rule.kind, params=rule.params,
            severity=rule.severity, enabled=rule.enabled,
            message_en=rule.message_en, message_fr=rule.message_fr,
            suggestion_en=rule.suggestion_en, suggestion_fr=rule.suggestion_fr,
            guideline=guidelines.get(rule.guideline),
        )
        for rule in rules
    ])
    rule_set.bump()
    return plan


# --- the shipped packs, tuned per brand ------------------------------------------------


class VoiceError(ValueError):
    """A change that cannot be made; the message says why, in the reader's language."""


def pack_sizes(names) -> list[tuple[str, int]]:
    """``(pack label, number of rules)`` of each shipped pack named, its own rules only
    (not those it shares with the other packs)."""
    from socialgov.checks import packs

    labels = dict(PACK_CHOICES)
    sizes = []
    for name in names:
        own = [spec for spec in packs.load_pack(name) if spec.id.startswith(f"{name}/")]
        sizes.append((str(labels.get(name, name)), len(own)))
    return sizes


def shipped_rules(brand) -> dict:
    """``{rule id: RuleSpec}`` of the packs the brand runs, as the packs ship them (the
    calendar rule aside: the brand's own calendar replaces it)."""
    from socialgov.checks import packs

    specs, _fingerprint = packs.load_packs_cached(tuple(brand.packs or ()))
    return {spec.id: spec for spec in specs if spec.id != PACK_DEFAULT_CALENDAR}


def change_shipped_rule(actor, brand, rule_id: str, *, enabled: bool, severity: str,
                        reason: str) -> PackRuleOverride | None:
    """Turn a shipped rule off for the brand, or check it at another severity, with the
    reason; on at the pack's own severity, the brand's change is removed. One new version
    of the rule set, one audit event, one re-check."""
    spec = shipped_rules(brand).get(rule_id)
    if spec is None:
        raise VoiceError(_("“%(rule)s” is not a rule of this brand's packs.") % {"rule": rule_id})
    reason = (reason or "").strip()
    if not reason or "\x00" in reason:
        raise VoiceError(_("Say why: the reason is kept in the history."))
    if len(reason) > PackRuleOverride._meta.get_field("reason").max_length:
        raise VoiceError(_("The reason is too long."))
    if severity not in ("", *Severity.values):
        raise VoiceError(_("Unknown severity."))
    if severity == spec.severity:
        severity = ""
    with transaction.atomic():
        rule_set = type(brand.ruleset).objects.select_for_update().get(pk=brand.ruleset.pk)
        before = brand.pack_overrides.filter(rule_id=rule_id).first()
        _refuse_no_change(spec, rule_id, before, enabled, severity)
        if enabled and not severity:
            brand.pack_overrides.filter(rule_id=rule_id).delete()
            override = None
        else:
            override, _created = PackRuleOverride.objects.update_or_create(
                brand=brand, rule_id=rule_id,
                defaults={"enabled": enabled, "severity": severity, "reason": reason,
                          "changed_by": actor})
        rule_set.bump()
        record("pack_rule_changed", actor=actor, brand=brand, subject=rule_id,
               before=before.as_mapping() if before else None,
               after=override.as_mapping() if override else None, reason=reason)
    return override


def _refuse_no_change(spec, rule_id, before, enabled, severity) -> None:
    """A change that leaves the rule as it runs for the brand records no version."""
    if before is None:
        unchanged = enabled and not severity
    elif not before.enabled:
        unchanged = not enabled
    else:
        unchanged = enabled and before.severity == severity
    if not unchanged:
        return
    if not enabled:
        raise VoiceError(_("“%(rule)s” is already off for this brand: nothing changed.")
                         % {"rule": rule_id})
    runs_at = severity or spec.severity
    raise VoiceError(_("“%(rule)s” already runs at “%(severity)s” for this brand: nothing "
                       "changed.") % {"rule": rule_id, "severity": Severity(runs_at).label})


def restore_overrides(brand, overrides: list[dict]) -> None:
    """The brand's changes to the shipped rules become ``overrides`` (a version's), inside
    the caller's transaction."""
    brand.pack_overrides.all().delete()
    PackRuleOverride.objects.bulk_create([
        PackRuleOverride(brand=brand, rule_id=item["rule"], enabled=item.get("enabled", True),
                         severity=item.get("severity", ""), reason=item.get("reason", ""))
        for item in overrides
    ])


def restore_settings(brand, settings: dict) -> None:
    """The brand's settings that checks read become ``settings`` (a version's), inside
    the caller's transaction; a version from before they were kept changes nothing."""
    known = {key: value for key, value in (settings or {}).items() if key in CHECKED_SETTINGS}
    if known:
        type(brand).objects.filter(pk=brand.pk).update(**known)
        for key, value in known.items():
            setattr(brand, key, value)


def restore_guidelines(brand, guidelines: list[dict]) -> None:
    """The brand's voice guidelines become ``guidelines`` (a version's), inside the
    caller's transaction; a version from before they were kept changes nothing. Those of
    the same title are edited in place, so rules and findings keep their link."""
    if not guidelines:
        return
    current = {g.title: g for g in brand.guidelines.all()}
    wanted = {g["title"] for g in guidelines}
    brand.guidelines.exclude(title__in=wanted).delete()
    for item in guidelines:
        guideline = current.get(item["title"]) or VoiceGuideline(brand=brand,
                                                                 title=item["title"])
        guideline.text = item.get("text", "")
        guideline.position = item.get("position", 0)
        guideline.save()


def restore_dates(brand, dates: list[dict] | None) -> None:
    """The brand's sensitive dates become ``dates`` (a version's), inside the caller's
    transaction; None (a version from before dates were kept) changes nothing."""
    if dates is None:
        return
    brand.sensitive_dates.all().delete()
    SensitiveDate.objects.bulk_create([SensitiveDate(brand=brand, **day) for day in dates])


# --- the brand's settings -------------------------------------------------------------


def settings_of(brand) -> dict:
    """The values of the brand's settings page (``BRAND_SETTINGS``), as plain data."""
    return {name: getattr(brand, name) for name in BRAND_SETTINGS}


def change_settings(actor, brand, values: dict, *, restores: int | None = None) -> list[str]:
    """Give the brand the settings in ``values`` (setting → value, already valid), in one
    transaction with one audit event (``brand_changed``, naming the settings changed), and
    return the settings changed (none: nothing is recorded).

    A change of a setting that checks read is a new version of the rule set (the event
    names it: ``rule_set_version``), and its event re-checks the brand's posts
    (socialgov/posts/reactions.py). The event keeps every setting before and after it
    (``before``, ``after``): the history shows the change as one entry, with its version
    if it made one, and can bring back ``before`` (``restores`` names the event it goes
    back before)."""
    if not can(actor, "manage", brand):
        raise PermissionDenied("manage")
    unknown = set(values) - set(BRAND_SETTINGS)
    if unknown:
        raise ValueError(f"not a setting of the brand: {sorted(unknown)}")
    with transaction.atomic():
        locked = type(brand).objects.select_for_update(no_key=True).get(pk=brand.pk)
        before = settings_of(locked)
        changed = sorted(name for name, value in values.items() if before[name] != value)
        if not changed:
            return []
        for name in changed:
            setattr(locked, name, values[name])
        locked.save(update_fields=changed)
        made = {}
        if CHECKED_SETTINGS & set(changed):
            locked.ruleset.bump()  # checks read them: stored results are stale
            made = {"rule_set_version": locked.ruleset.version}
        record("brand_changed", actor=actor, brand=locked, fields=changed,
               subject=locked.name, restores=restores, before=before,
               after=settings_of(locked), **made)
    for name in changed:
        setattr(brand, name, getattr(locked, name))
    return changed


def restore_settings_before(actor, brand, event) -> list[str]:
    """The brand's settings become what they were before the change of ``event`` (a
    ``brand_changed`` event that kept them; older events kept only the settings that
    checks do not read): a change of its own, see ``change_settings``."""
    before = event.data.get("before") or {}
    values = {name: before[name] for name in BRAND_SETTINGS if name in before}
    return change_settings(actor, brand, values, restores=event.pk)
