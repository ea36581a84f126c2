"""Rule health: per rule of a brand, over the last 90 days, how often it fired, how often
reviewers waived it or approved despite it, and how often the posts it flagged were
then rejected; with a suggestion when a rule is mostly overridden or never fires.
Counted in SQL, per post (a rule firing twice on one post counts once)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialgov.brands.models import Severity
from socialgov.posts.models import Finding, State

DAYS = 90
OVERRIDDEN_SHARE = 0.6  # waived or approved despite it on this share of its posts…
OVERRIDDEN_AT_LEAST = 5  # …of at least this many
APPROVED_STATES = (State.APPROVED, State.PUBLISHED, State.PAUSED)
LOWER = {"error": Severity.WARNING, "warning": Severity.INFO}


@dataclass
class RuleHealth:
    key: str  # the engine's id: a brand rule's pk, a pack rule's name
    name: str
    severity: str
    fired: int = 0
    waived: int = 0
    approved: int = 0
    rejected: int = 0
    rule_pk: int | None = None

    @property
    def severity_label(self) -> str:
        return Severity(self.severity).label

    @property
    def overridden(self) -> int:
        return self.waived + self.approved

    @property
    def suggestion(self) -> str:
        if not self.fired:
            return str(_("Never fired in 90 days: is it still needed?"))
        lower = LOWER.get(self.severity)
        if (lower and self.fired >= OVERRIDDEN_AT_LEAST
                and self.overridden / self.fired >= OVERRIDDEN_SHARE):
            return str(_("Mostly overridden: lower it to %(severity)s?")
                       % {"severity": Severity(lower).label.lower()})
        return ""


def health(brand, own_rules, shipped: dict, now=None) -> list[RuleHealth]:
    """One row per rule the brand runs (``own_rules``: its Rule objects; ``shipped``:
    ``{id: RuleSpec}`` of its packs), most fired first, then those that never fired."""
    since = (now or timezone.now()) - timedelta(days=DAYS)
    counts = {
        row["rule_key"]: row
        for row in Finding.objects.filter(
            check_run__version__post__brand=brand, check_run__created_at__gte=since)
        .values("rule_key")
        .annotate(
            fired=Count("version__post", distinct=True),
            waived=Count("version__post", distinct=True, filter=Q(waiver__isnull=False)),
            approved=Count("version__post", distinct=True,
                           filter=Q(version__post__state__in=APPROVED_STATES)),
            rejected=Count("version__post", distinct=True,
                           filter=Q(version__post__state=State.REJECTED)),
        )
    }
    rows = [RuleHealth(str(rule.pk), rule.name, rule.severity, rule_pk=rule.pk)
            for rule in own_rules]
    rows += [RuleHealth(rule_id, rule_id, spec.severity) for rule_id, spec in shipped.items()]
    for row in rows:
        found = counts.get(row.key)
        if found:
            row.fired, row.waived = found["fired"], found["waived"]
            row.approved, row.rejected = found["approved"], found["rejected"]
    return sorted(rows, key=lambda row: (-row.fired, row.name))
