"""The shipped packs' rules as the brand admin reads them ("Shipped rules"): grouped by
pack, each with what it looks for and the brand's change to it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from socialgov.brands import voice
from socialgov.brands.models import PACK_CHOICES, RuleKind, Severity
from socialgov.brands.words import quoted_list
from socialgov.lib.typography import in_language

# What each kind of the packs does, in words (the brand's own kinds have RuleKind's).
KIND_LABELS = {
    "aimed_terms": _("Insults aimed at someone"),
    "blame": _("Blaming the customer"),
    "calendar": _("Sensitive dates"),
    "cooccurrence": _("Words close to each other"),
    "dehumanising": _("Dehumanising comparisons"),
    "emoji": _("Emoji"),
    "exclusion": _("Calls to exclude people"),
    "group_hostility": _("Hostility toward a group of people"),
    "links": _("Links"),
    "pii": _("Personal information"),
    "sentiment": _("Tone of replies"),
    "shouting": _("Shouting"),
    "threats": _("Threats and violent wishes"),
}
PACK_LABELS = {"core": _("Common to both languages"), **dict(PACK_CHOICES)}
SHOWN_TERMS = 8


@dataclass
class ShippedRule:
    id: str
    kind: str
    severity: str  # as the pack ships it
    message: str
    looks_for: str
    override: object  # the brand's PackRuleOverride, or None
    pack: str = ""  # the pack's name ("core-fr")
    kind_key: str = ""  # the engine's name of its kind

    def contains(self, text: str) -> bool:
        """Whether ``text`` is in its id, kind, message or what it looks for, whatever
        the capitals."""
        needle = text.casefold()
        return any(needle in part.casefold()
                   for part in (self.id, self.kind, self.message, self.looks_for))

    @property
    def anchor(self):
        return anchor_of(self.id)

    @property
    def severity_label(self):
        return Severity(self.severity).label

    @property
    def runs_at(self):
        """The severity the brand's checks give it ("" when turned off)."""
        if self.override is None:
            return self.severity
        if not self.override.enabled:
            return ""
        return self.override.severity or self.severity


def anchor_of(rule_id: str) -> str:
    """The page anchor of a shipped rule ("rule-core-en--profanity")."""
    return "rule-" + rule_id.replace("/", "--")


def _looks_for(spec) -> str:
    """The words a rule looks for, quoted the reader's way (« » in French)."""
    params = spec.params
    terms = params.get("terms")
    if isinstance(terms, list) and terms:
        return quoted_list(terms, SHOWN_TERMS)
    first, second = params.get("first"), params.get("second")
    if isinstance(first, list) and isinstance(second, list):
        return f"{quoted_list(first, 4)} + {quoted_list(second, 4)}"
    return ""


def groups(brand) -> list[tuple[str, list[ShippedRule]]]:
    """``(pack label, rules)`` for each pack the brand runs, rules by id."""
    language = (get_language() or "en")[:2]
    overrides = {o.rule_id: o for o in brand.pack_overrides.all()}
    by_pack: dict[str, list[ShippedRule]] = {}
    for rule_id, spec in sorted(voice.shipped_rules(brand).items()):
        message = spec.message.get(language) or spec.message.get("en") or ""
        by_pack.setdefault(rule_id.partition("/")[0], []).append(ShippedRule(
            id=rule_id,
            kind=str(RuleKind(spec.kind).label if spec.kind in RuleKind.values
                     else KIND_LABELS.get(spec.kind, spec.kind)),
            severity=spec.severity,
            message=in_language(message.replace("%s", "…"), language),
            looks_for=_looks_for(spec),
            override=overrides.get(rule_id),
            pack=rule_id.partition("/")[0],
            kind_key=spec.kind,
        ))
    return [(str(PACK_LABELS.get(pack, pack)), rules) for pack, rules in by_pack.items()]


def matching(groups, *, pack: str = "", kind: str = "", text: str = ""):
    """``groups`` with only the rules of ``pack``, of ``kind``, containing ``text`` (each
    when given); a pack left without a rule is left out."""
    text = " ".join(text.split())
    kept = []
    for label, rules in groups:
        rules = [rule for rule in rules
                 if (not pack or rule.pack == pack) and (not kind or rule.kind_key == kind)
                 and (not text or rule.contains(text))]
        if rules:
            kept.append((label, rules))
    return kept


def pack_choices(groups):
    """``(pack, label)`` of each pack in ``groups``."""
    return [(rules[0].pack, label) for label, rules in groups]


def kind_choices(groups):
    """``(kind, label)`` of each kind of rule in ``groups``, by label."""
    kinds = {rule.kind_key: rule.kind for _label, rules in groups for rule in rules}
    return sorted(kinds.items(), key=lambda item: item[1].casefold())
