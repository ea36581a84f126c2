"""The rule engine: compile rule specs once, check many posts.

    checker = compile(rule_specs)          # RuleError on an invalid rule
    findings, risk = checker.check(PostInput(text="...", networks=("x",)))

Plain Python: no Django import here or in any module this one imports.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from socialgov.checks import registry
from socialgov.checks import rules as _rules  # noqa: F401  (registers the rule kinds)
from socialgov.checks.base import (
    LANGUAGES,
    NETWORKS,
    RISK_LEVELS,
    SEVERITIES,
    Finding,
    PostInput,
    RuleError,
    RuleSpec,
)
from socialgov.checks.normalize import normalize
from socialgov.checks.registry import Check

# Part of every check key: raise it whenever the same rules and text could
# give different findings, so stored results from the old engine are not reused.
ENGINE_VERSION = 1

__all__ = [
    "ENGINE_VERSION",
    "LANGUAGES",
    "NETWORKS",
    "RISK_LEVELS",
    "SEVERITIES",
    "CheckResult",
    "Checker",
    "Finding",
    "PostInput",
    "RuleError",
    "RuleSpec",
    "compile",
    "risk_level",
]


def risk_level(findings: Iterable[Finding]) -> str:
    """none: no findings; low: only info; medium: a warning; high: one error; critical: 2+."""
    severities = [f.severity for f in findings]
    errors = severities.count("error")
    if errors >= 2:
        return "critical"
    if errors == 1:
        return "high"
    if "warning" in severities:
        return "medium"
    if severities:
        return "low"
    return "none"


class CheckResult(NamedTuple):
    findings: list[Finding]
    risk: str

    @property
    def blocking(self) -> bool:
        """True iff a finding has severity "error"."""
        return any(f.severity == "error" for f in self.findings)


class Checker:
    """A compiled rule set. Thread-safe and reusable; build it once per rule set."""

    def __init__(self, compiled: list[tuple[RuleSpec, Check]]):
        self._compiled = compiled

    @property
    def rules(self) -> tuple[RuleSpec, ...]:
        return tuple(rule for rule, _ in self._compiled)

    def __len__(self) -> int:
        return len(self._compiled)

    def check(self, post: PostInput) -> CheckResult:
        normalized = normalize(post.text)
        findings: list[Finding] = []
        for _rule, check in self._compiled:
            findings.extend(check(post, normalized))
        findings.sort(key=lambda f: (f.start, f.end, f.rule_id))
        return CheckResult(findings, risk_level(findings))


def _validate(rule: RuleSpec) -> None:
    if rule.severity not in SEVERITIES:
        raise RuleError(rule.id, f"unknown severity {rule.severity!r}")
    if not isinstance(rule.params, dict):
        raise RuleError(rule.id, "params must be a mapping")
    for name in ("message", "suggestion"):
        value = getattr(rule, name)
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise RuleError(rule.id, f"{name} must map languages to strings")


def compile(rules: Iterable[RuleSpec]) -> Checker:  # noqa: A001  (the contract's name)
    """Compile enabled rules into a ``Checker``; raise ``RuleError`` for an invalid rule."""
    compiled: list[tuple[RuleSpec, Check]] = []
    for rule in rules:
        if not rule.enabled:
            continue
        _validate(rule)
        compile_kind = registry.get(rule.kind)
        if compile_kind is None:
            raise RuleError(rule.id, f"unknown rule kind {rule.kind!r}")
        compiled.append((rule, compile_kind(rule)))
    return Checker(compiled)
