"""SocialGov rule engine: checks a post against a brand's tone-and-risk rules.

Plain Python, no Django. Entry points live in ``socialgov.checks.engine``.
"""

from socialgov.checks.engine import (
    NETWORKS,
    RISK_LEVELS,
    SEVERITIES,
    Checker,
    CheckResult,
    Finding,
    ImageInput,
    PostInput,
    RuleError,
    RuleSpec,
    compile,
    risk_level,
)

__all__ = [
    "NETWORKS",
    "RISK_LEVELS",
    "SEVERITIES",
    "CheckResult",
    "Checker",
    "Finding",
    "ImageInput",
    "PostInput",
    "RuleError",
    "RuleSpec",
    "compile",
    "risk_level",
]
