"""Rule health: per rule of a brand, over the last 90 days, how often it fired, how often
reviewers waived it or approved despite it, and how often the posts it flagged were
then rejected; with a suggestion when a rule is mostly overridden or never fires.
Counted in SQL, per post (a rule firing twice on one post counts once).

Each rule is judged as the brand runs it: a shipped rule at the severity the brand gave it,
or off. "Never fires" is suggested only for the brand's own rules, switched on, below the
severity error, and only once enough posts were checked in the period (``ENOUGH_POSTS``):
on a handful of posts, silence proves nothing; a shipped rule is a safety net (slurs,
threats, hate) whose silence is what the brand wants, and it cannot be deleted anyway; and
an error rule guards against what must never be posted, so its silence is its success."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialgov.brands.models import Severity
from socialgov.brands.shipped import PACK_LABELS, anchor_of
from socialgov.posts.models import CheckRun, Finding, State

DAYS = 90
OVERRIDDEN_SHARE = 0.6  # waived or approved despite it on this share of its posts…
OVERRIDDEN_AT_LEAST = 5  # …of at least this many
APPROVED_STATES = (State.APPROVED, State.PUBLISHED, State.PAUSED)
LOWER = {"error": Severity.WARNING, "warning": Severity.INFO}
# Posts checked in the period before a rule's silence means something: about two a week.
ENOUGH_POSTS = 30


@dataclass
class RuleHealth:
    key: str  # the engine's id: a brand rule's pk, a pack rule's name
    name: str
    severity: str  # as the brand runs it
    fired: int = 0
    waived: int = 0
    approved: int = 0
    rejected: int = 0
    rule_pk: int | None = None  # a brand rule's
    enabled: bool = True  # as the brand runs it
    shipped_severity: str = ""  # a shipped rule's, as its pack ships it
    enough_checked: bool = False  # enough posts were checked to judge a silence

    @property
    def severity_label(self) -> str:
        return Severity(self.severity).label

    @property
    def shipped_severity_label(self) -> str:
        return Severity(self.shipped_severity).label if self.shipped_severity else ""

    @property
    def source(self) -> str:
        """Where the rule comes from: its pack, or the brand."""
        if self.rule_pk is not None:
            return str(_("This brand's rule"))
        pack = self.key.partition("/")[0]
        return str(PACK_LABELS.get(pack, pack))

    @property
    def anchor(self) -> str:
        """A shipped rule's place on the page of the shipped rules."""
        return anchor_of(self.key)

    @property
    def overridden(self) -> int:
        return self.waived + self.approved

    @property
    def suggestion(self) -> str:
        if not self.enabled:
            return ""
        if not self.fired:
            if (self.enough_checked and self.rule_pk is not None
                    and self.severity != Severity.ERROR):
                return str(_("Never fired in 90 days: is it still needed?"))
            return ""
        lower = LOWER.get(self.severity)
        if (lower and self.fired >= OVERRIDDEN_AT_LEAST
                and self.overridden / self.fired >= OVERRIDDEN_SHARE):
            return str(_("Mostly overridden: lower it to %(severity)s?")
                       % {"severity": Severity(lower).label.lower()})
        return ""


def health(brand, own_rules, shipped: dict, now=None) -> list[RuleHealth]:
    """One row per rule the brand has (``own_rules``: its Rule objects; ``shipped``:
    ``{id: RuleSpec}`` of its packs, as shipped: the brand's changes are applied here),
    most fired first, then those that never fired, those switched off last."""
    return report(brand, own_rules, shipped, now)[0]


def report(brand, own_rules, shipped: dict, now=None) -> tuple[list[RuleHealth], int]:
    """``health``'s rows, and how many of the brand's posts were checked in the period."""
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
    checked = checked_posts(brand, since)
    overrides = {o.rule_id: o for o in brand.pack_overrides.all()}
    rows = [RuleHealth(str(rule.pk), rule.name, rule.severity, rule_pk=rule.pk,
                       enabled=rule.enabled) for rule in own_rules]
    for rule_id, spec in shipped.items():
        override = overrides.get(rule_id)
        rows.append(RuleHealth(
            rule_id, rule_id, (override.severity if override else "") or spec.severity,
            enabled=override.enabled if override else True, shipped_severity=spec.severity))
    for row in rows:
        row.enough_checked = checked >= ENOUGH_POSTS
        found = counts.get(row.key)
        if found:
            row.fired, row.waived = found["fired"], found["waived"]
            row.approved, row.rejected = found["approved"], found["rejected"]
    return sorted(rows, key=lambda row: (not row.enabled, -row.fired, row.name)), checked


def checked_posts(brand, since) -> int:
    """How many of the brand's posts were checked since ``since``."""
    return (CheckRun.objects.filter(version__post__brand=brand, created_at__gte=since)
            .values("version__post").distinct().count())
