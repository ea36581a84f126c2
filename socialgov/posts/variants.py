"""A version's texts: its own, the other language's, and per-network texts.

A version's ``text`` is its primary variant, in the version's ``language``. It can
also carry a text in the other language and, in either language, a text of its own
for one network (a shorter X text, say). Each published text is checked once, with
its own language's rules and only against the networks it is published to.

Pure functions on plain values: the models and the check job both build on them.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from socialgov.checks.base import NETWORKS, Finding
from socialgov.checks.engine import CheckResult, risk_level

# A variant's ``network`` when it applies to every network its language is not
# overridden for.
ALL_NETWORKS = ""


def normalized(specs) -> list[dict]:
    """Variants as ``{"language", "network", "text"}`` dicts in one canonical
    order, blank texts dropped: what a version stores and its hash covers."""
    out = []
    for spec in specs or ():
        text = spec["text"]
        if not text.strip():
            continue
        out.append({
            "language": spec["language"],
            "network": spec.get("network") or ALL_NETWORKS,
            "text": text,
        })
    return sorted(out, key=lambda s: (s["language"], s["network"]))


class CheckTarget(NamedTuple):
    """One text to check: ``variant`` is the stored variant it comes from
    (``None`` for the version's own text)."""

    variant: Any
    language: str
    networks: tuple[str, ...]
    text: str

    @property
    def network(self) -> str:
        return getattr(self.variant, "network", ALL_NETWORKS) if self.variant else ALL_NETWORKS


def _network_order(network):
    return NETWORKS.index(network) if network in NETWORKS else len(NETWORKS)


def check_targets(text, language, networks, variants) -> list[CheckTarget]:
    """The texts a version publishes, each with its language and networks.

    ``variants`` are objects with ``language``, ``network`` and ``text``. A
    per-network text replaces its language's text on that network; the
    language's text is checked against the remaining networks. The version's
    own language comes first, then each language by its base text and its
    per-network texts in network order.
    """
    networks = tuple(networks)
    variants = list(variants)
    languages = [language] + sorted({v.language for v in variants} - {language})
    targets = []
    for lang in languages:
        own = [v for v in variants if v.language == lang]
        overrides = sorted((v for v in own if v.network), key=lambda v: _network_order(v.network))
        overridden = {v.network for v in overrides}
        remaining = tuple(n for n in networks if n not in overridden)
        if lang == language:
            targets.append(CheckTarget(None, lang, remaining, text))
        else:
            base = next((v for v in own if not v.network), None)
            if base is not None:
                targets.append(CheckTarget(base, lang, remaining, base.text))
        for variant in overrides:
            # A text for a network the post is not published to is still read
            # by reviewers, so still checked; it just has no limit to meet.
            published = (variant.network,) if variant.network in networks else ()
            targets.append(CheckTarget(variant, lang, published, variant.text))
    return targets


class VariantsResult(NamedTuple):
    """The check of every text of a version: ``findings`` pairs each finding
    with the variant whose text its offsets point into."""

    findings: list[tuple[Any, Finding]]
    risk: str

    @property
    def blocking(self) -> bool:
        return any(f.severity == "error" for _variant, f in self.findings)


def _about_the_whole_post(finding: Finding) -> bool:
    # Date and calendar rules read the planned time, not the text, and image
    # rules the images: the same finding comes back from every text that has them.
    return finding.image is not None or finding.start == finding.end == 0 and not finding.matched


def combine(results: list[tuple[CheckTarget, CheckResult]]) -> VariantsResult:
    """One result for a version from the results of its texts.

    A finding about the whole post (not about a passage) is kept once, on the
    first text that has it. The risk is the engine's over all findings: an
    error in each language is two errors to fix, as in one text.
    """
    findings = []
    seen = set()
    for target, result in results:
        for finding in result.findings:
            if _about_the_whole_post(finding):
                key = (finding.rule_id, finding.kind, finding.severity, finding.image,
                       tuple(sorted(finding.message.items())))
                if key in seen:
                    continue
                seen.add(key)
            findings.append((target.variant, finding))
    return VariantsResult(findings, risk_level(f for _variant, f in findings))
