"""Validation helpers for rule params; every failure is a ``RuleError``."""

from __future__ import annotations

from socialgov.checks.base import RuleError, RuleSpec

_MISSING = object()


def str_list(rule: RuleSpec, key: str, *, required: bool = True) -> list[str]:
    value = rule.params.get(key, _MISSING)
    if value is _MISSING or value is None:
        if required:
            raise RuleError(rule.id, f"param {key!r} is required")
        return []
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise RuleError(rule.id, f"param {key!r} must be a list of strings")
    if not all(isinstance(item, str) for item in value):
        raise RuleError(rule.id, f"param {key!r} must contain only strings")
    items = [item for item in value if item.strip()]
    if required and not items:
        raise RuleError(rule.id, f"param {key!r} must not be empty")
    return items


def str_dict(rule: RuleSpec, key: str) -> dict[str, str]:
    value = rule.params.get(key)
    if not isinstance(value, dict) or not value:
        raise RuleError(rule.id, f"param {key!r} must be a non-empty mapping")
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise RuleError(rule.id, f"param {key!r} must map strings to strings")
    return value


def non_negative_int(rule: RuleSpec, key: str, default: int | None = None) -> int:
    value = rule.params.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RuleError(rule.id, f"param {key!r} must be a non-negative integer")
    return value


def boolean(rule: RuleSpec, key: str, default: bool) -> bool:
    value = rule.params.get(key, default)
    if not isinstance(value, bool):
        raise RuleError(rule.id, f"param {key!r} must be true or false")
    return value
