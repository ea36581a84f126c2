"""Validation helpers for rule params; every failure is a ``RuleError``."""

from __future__ import annotations

from socialgov.checks.base import RuleError, RuleSpec

_MISSING = object()


def str_list(rule: RuleSpec, key: str, *, required: bool = True) -> list[str]:
    value = rule.params.get(key, _MISSING)
    if value is _MISSING or value is None:
        if required:
            raise RuleError(rule.id, f"param {key!r} is required", "required", param=key)
        return []
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise RuleError(rule.id, f"param {key!r} must be a list of strings", "list_of_strings",
                        param=key)
    if not all(isinstance(item, str) for item in value):
        raise RuleError(rule.id, f"param {key!r} must contain only strings", "list_of_strings",
                        param=key)
    items = [item for item in value if item.strip()]
    if required and not items:
        raise RuleError(rule.id, f"param {key!r} must not be empty", "not_empty", param=key)
    return items


def str_dict(rule: RuleSpec, key: str) -> dict[str, str]:
    value = rule.params.get(key)
    if not isinstance(value, dict) or not value:
        raise RuleError(rule.id, f"param {key!r} must be a non-empty mapping", "text_pairs",
                        param=key)
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise RuleError(rule.id, f"param {key!r} must map strings to strings", "text_pairs",
                        param=key)
    return value


def non_negative_int(rule: RuleSpec, key: str, default: int | None = None) -> int:
    value = rule.params.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RuleError(rule.id, f"param {key!r} must be a non-negative integer",
                        "non_negative_int", param=key)
    return value


def boolean(rule: RuleSpec, key: str, default: bool) -> bool:
    value = rule.params.get(key, default)
    if not isinstance(value, bool):
        raise RuleError(rule.id, f"param {key!r} must be true or false", "boolean", param=key)
    return value


def str_list_dict(rule: RuleSpec, key: str) -> dict[str, list[str]]:
    """An optional ``{str: [str, ...]}`` mapping (``{}`` when absent)."""
    value = rule.params.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str)
        and isinstance(v, list | tuple)
        and all(isinstance(item, str) for item in v)
        for k, v in value.items()
    ):
        raise RuleError(rule.id, f"param {key!r} must map strings to lists of strings",
                        "text_lists", param=key)
    return {k: list(v) for k, v in value.items()}


def idioms(rule: RuleSpec):
    """The ``Idioms`` of a term rule: ``idioms`` (phrases, ``[masked]`` words in brackets),
    ``unless`` (term -> phrases) and, unless ``default_idioms`` is false, the shipped
    marketing idioms. None when there are none."""
    from socialgov.checks.terms import Idioms, combine

    own = Idioms(str_list(rule, "idioms", required=False), str_list_dict(rule, "unless"))
    default = Idioms.default() if boolean(rule, "default_idioms", True) else None
    return combine(own, default)
