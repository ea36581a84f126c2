""""Try it": a rule as edited, not saved, run on a text the brand admin pastes, its
matches marked in place."""

from __future__ import annotations

from dataclasses import dataclass

from socialgov.brands.models import Severity
from socialgov.checks.base import PostInput
from socialgov.checks.engine import compile as compile_rules
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

    @property
    def segments(self):
        return segments(self.sample, self.findings)


def try_rule(spec, sample: str, language: str) -> Trial:
    """What ``spec`` finds in ``sample`` (its own findings only, not the built-ins'),
    messages in ``language``."""
    sample = sample[:MAX_SAMPLE]
    result = compile_rules([spec]).check(PostInput(text=sample), total_seconds=2)
    found = [
        TriedFinding(
            start=f.start, end=f.end, severity=f.severity, matched=f.matched,
            message=in_language(f.message.get(language) or f.message.get("en", ""), language),
            suggestion=in_language(
                f.suggestion.get(language) or f.suggestion.get("en", ""), language),
        )
        for f in result.findings if f.rule_id == spec.id
    ]
    return Trial(sample, found)
