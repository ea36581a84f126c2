"""Registry of rule kinds.

Each kind lives in its own module under ``socialgov.checks.rules`` and registers a compile
function ``(RuleSpec) -> check`` where ``check(post, normalized) -> list[Finding]``.
Compile functions validate params and raise ``RuleError``; the returned ``check`` must be
cheap and must not fail on any post text.
"""

from __future__ import annotations

from collections.abc import Callable

from socialgov.checks.base import Finding, PostInput, RuleSpec
from socialgov.checks.normalize import Normalized

Check = Callable[[PostInput, Normalized], list[Finding]]
CompileFn = Callable[[RuleSpec], Check]

_REGISTRY: dict[str, CompileFn] = {}


def register(kind: str) -> Callable[[CompileFn], CompileFn]:
    def decorator(fn: CompileFn) -> CompileFn:
        if kind in _REGISTRY and _REGISTRY[kind] is not fn:
            raise ValueError(f"rule kind {kind!r} is already registered")
        _REGISTRY[kind] = fn
        return fn

    return decorator


def get(kind: str) -> CompileFn | None:
    return _REGISTRY.get(kind)


def kinds() -> tuple[str, ...]:
    return tuple(sorted(_REGISTRY))
