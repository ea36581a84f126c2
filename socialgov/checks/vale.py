"""Load Vale styles (https://vale.sh) as rule specs.

A Vale style is a folder of YAML rules (``Weasel.yml``: ``extends: existence``,
``message``, ``level``, and the keys of its kind). The kinds this engine runs with the
same names and keys: existence, substitution, occurrence, repetition, consistency,
conditional, capitalization. Others (spelling, script, metric, readability, sequence...)
are skipped with a reason.

* ``level``: suggestion -> info, warning -> warning, error -> error (default warning);
* ``message``: used for both languages, ``%s`` filled like Vale does;
* ``link``: becomes the finding's guideline; the rule id is ``Style.Rule``.

    specs, skipped = load_vale_style("styles/write-good")

Needs PyYAML (imported on first use).
"""

from __future__ import annotations

from pathlib import Path

from socialgov.checks import yamlfile
from socialgov.checks.base import RuleSpec

LEVELS = {"suggestion": "info", "warning": "warning", "error": "error"}
SUPPORTED = (
    "existence",
    "substitution",
    "occurrence",
    "repetition",
    "consistency",
    "conditional",
    "capitalization",
)
# Keys passed on to each kind (others are ignored).
_KEYS = {
    "existence": {"tokens", "raw", "ignorecase", "nonword", "append", "exceptions"},
    "substitution": {"swap", "ignorecase", "nonword", "exceptions"},
    "occurrence": {"token", "min", "max", "ignorecase"},
    "repetition": {"tokens", "alpha", "ignorecase", "max"},
    "consistency": {"either", "ignorecase", "nonword"},
    "conditional": {"first", "second", "ignorecase", "exceptions"},
    "capitalization": {"match", "exceptions", "threshold"},
}


class ValeError(ValueError):
    """A Vale rule file cannot be mapped (the message says why)."""


def rule_from_mapping(data: dict, rule_id: str) -> RuleSpec:
    """Map one parsed Vale rule to a ``RuleSpec``; ``ValeError`` if it cannot be."""
    if not isinstance(data, dict):
        raise ValeError("not a YAML mapping")
    kind = data.get("extends")
    if not isinstance(kind, str):
        raise ValeError("no 'extends' key")
    if kind not in SUPPORTED:
        raise ValeError(f"unsupported kind {kind!r}")
    level = data.get("level", "warning")
    if level not in LEVELS:
        raise ValeError(f"unknown level {level!r}")
    params = {key: value for key, value in data.items() if key in _KEYS[kind]}
    if kind == "substitution":
        params["vale"] = True
    if kind == "capitalization" and "scope" in data:
        params["scope"] = data["scope"]
    for key in ("tokens", "raw", "exceptions"):
        if isinstance(params.get(key), str):
            params[key] = [params[key]]
    if kind == "substitution" and isinstance(params.get("swap"), dict):
        params["swap"] = {str(k): str(v) for k, v in params["swap"].items()}
    if kind == "consistency" and isinstance(params.get("either"), dict):
        params["either"] = {str(k): str(v) for k, v in params["either"].items()}
    if kind == "existence" and isinstance(params.get("tokens"), list):
        params["tokens"] = [str(t) for t in params["tokens"]]
    message = data.get("message") or ""
    if not isinstance(message, str):
        raise ValeError("'message' must be a string")
    link = data.get("link")
    return RuleSpec(
        id=rule_id,
        kind=kind,
        params=params,
        severity=LEVELS[level],
        message={"en": message, "fr": message} if message else {},
        suggestion={},
        guideline=link if isinstance(link, str) and link else rule_id,
    )


def load_vale_rule(path: str | Path, style: str | None = None) -> RuleSpec | None:
    """The ``RuleSpec`` of one Vale rule file, or None when its kind is not supported or it
    cannot be read (``load_vale_style`` tells why)."""
    try:
        return _load(Path(path), style)
    except ValeError:
        return None


def _load(path: Path, style: str | None) -> RuleSpec:
    try:
        data = yamlfile.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yamlfile.YAMLError) as exc:
        raise ValeError(f"cannot read: {exc}") from exc
    style = style or path.parent.name
    return rule_from_mapping(data, f"{style}.{path.stem}")


def load_vale_style(folder: str | Path) -> tuple[list[RuleSpec], list[tuple[str, str]]]:
    """``(specs, skipped)`` for every ``*.yml``/``*.yaml`` rule of a Vale style folder.

    Each spec is also compiled on its own, so a rule the engine rejects (a regex it
    cannot compile...) is skipped with the reason rather than breaking the whole set.
    """
    from socialgov.checks.base import RuleError
    from socialgov.checks.engine import compile as compile_rules

    folder = Path(folder)
    specs: list[RuleSpec] = []
    skipped: list[tuple[str, str]] = []
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())
    for path in files:
        try:
            spec = _load(path, folder.name)
            compile_rules([spec])
        except ValeError as exc:
            skipped.append((path.name, str(exc)))
            continue
        except RuleError as exc:
            skipped.append((path.name, exc.message))
            continue
        specs.append(spec)
    return specs, skipped
