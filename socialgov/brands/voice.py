"""Writes to a brand's voice rules that go beyond one rule: each checks, changes inside
a transaction, and records one audit event, which starts the re-check of the brand's
live posts (socialgov/posts/reactions.py)."""

from __future__ import annotations

from django.db import transaction

from socialgov.audit.events import record
from socialgov.brands.models import Rule

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
