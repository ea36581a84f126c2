""""Try it": a rule as edited, not saved, run on a text the brand admin pastes, its
matches marked in place."""

from __future__ import annotations

from dataclasses import dataclass

from socialgov.brands.models import Severity
from socialgov.checks.base import NETWORKS, PostInput
from socialgov.checks.engine import compile as compile_rules
from socialgov.checks.networks import display_name
from socialgov.lib.marks import segments
from socialgov.lib.typography import in_language

MAX_SAMPLE = 5000  # characters of the sample read


@dataclass
class TriedFinding:
    start: int
    end: int
    severity: str
    matched: str
    message: str
    suggestion: str
    number: int = 0

    @property
    def severity_label(self):
        return Severity(self.severity).label


@dataclass
class Trial:
    sample: str
    findings: list[TriedFinding]
    # The networks the sample was tried as a post for, named, when the rule's findings
    # depend on them (a maximum length); else empty.
    networks: tuple[str, ...] = ()

    @property
    def segments(self):
        return segments(self.sample, self.findings)


def networks_tried(spec) -> tuple[str, ...]:
    """The networks a sample is tried as a post for: those a length rule sets a limit
    for (every network when it keeps their own limits); none for the other kinds, which
    read no network."""
    if spec.kind != "max_length":
        return ()
    limits = spec.params.get("limits") if isinstance(spec.params, dict) else None
    limited = tuple(network for network in NETWORKS
                    if isinstance(limits, dict) and limits.get(network) is not None)
    return limited or NETWORKS


def try_rule(spec, sample: str, language: str) -> Trial:
    """What ``spec`` finds in ``sample`` (its own findings only, not the built-ins'),
    messages in ``language``; a length rule's on a post for the networks it limits."""
    sample = sample[:MAX_SAMPLE]
    networks = networks_tried(spec)
    result = compile_rules([spec]).check(PostInput(text=sample, networks=networks),
                                         total_seconds=2)
    found = [
        TriedFinding(
            start=f.start, end=f.end, severity=f.severity, matched=f.matched,
            message=in_language(f.message.get(language) or f.message.get("en", ""), language),
            suggestion=in_language(
                f.suggestion.get(language) or f.suggestion.get("en", ""), language),
        )
        for f in result.findings if f.rule_id == spec.id
    ]
    return Trial(sample, found, tuple(display_name(network) for network in networks))
