"""Rule packs: ready-made rule sets shipped as YAML data, and how to run them.

A pack is a YAML mapping::

    id: core-en                      # the pack's name, as given to ``load_pack``
    name: {en: "...", fr: "..."}     # display name in both languages
    description: {en: "...", fr: "..."}   # optional
    includes: [core-common]          # optional: packs whose rules come first
    rules:
      - id: core-en/profanity        # unique within the pack; "<pack id>/<slug>"
        kind: existence              # any kind registered in socialgov.checks.rules
        severity: error              # info | warning | error (default: warning)
        params: {...}                # the kind's params
        message: {en: "...", fr: "..."}      # "%s" is filled by the kind (matched text...)
        suggestion: {en: "...", fr: "..."}
        languages: [fr]              # optional: only posts in these languages
        guideline: "..."             # optional
        enabled: true                # optional

A rule id is global: loading two packs that include the same pack runs its rules once
(``checker_for`` keeps the first spec of each id).

``languages`` is stored in the rule's params under the key ``"languages"`` (so a pack
rule can be copied into a brand's rule set as is); the engine honours it: a scoped rule
only runs on posts in one of its languages (the post's ``language``, else the detected
one; when detection is undecided every rule runs).

Entry points:

* ``available_packs()``: the names of the shipped packs (``core-en``, ``core-fr``).
* ``load_pack(name_or_path)``: a shipped pack by name, or a path to a YAML pack or to a
  Vale style folder (read by ``socialgov.checks.vale.load_vale_style``); returns the rule
  specs. ``load_pack_with_notes`` also returns notes on what was skipped.
Compiling them is socialgov.checks.checkers' (``checker_for``): this module only reads
packs, so the engine's pattern module can ask it which patterns are shipped.

Plain Python: no Django here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from socialgov.checks import yamlfile
from socialgov.checks.base import LANGUAGES, SEVERITIES, RuleSpec

PACKS_DIR = Path(__file__).resolve().parent / "packs"
DEFAULT_PACKS = ("core-en", "core-fr")
LANGUAGES_PARAM = "languages"


class PackError(ValueError):
    """A pack cannot be found or read (bad YAML, missing fields...)."""


def available_packs() -> list[str]:
    """Names of the packs shipped with SocialGov, sorted (core-common is the part that
    core-en and core-fr share)."""
    return sorted(path.stem for path in PACKS_DIR.glob("*.yml"))


def pack_path(name: str) -> Path | None:
    """The file of a shipped pack, or ``None`` when ``name`` is not one."""
    if "/" in name or "\\" in name or not name:
        return None
    path = PACKS_DIR / f"{name}.yml"
    return path if path.is_file() else None


def load_pack(name_or_path: str | Path) -> list[RuleSpec]:
    """Rule specs of a shipped pack (by name) or of a YAML pack / Vale style (by path)."""
    return load_pack_with_notes(name_or_path)[0]


def load_pack_with_notes(name_or_path: str | Path) -> tuple[list[RuleSpec], list[str]]:
    """``(specs, notes)``: notes say what was skipped (unsupported Vale rules...)."""
    shipped = pack_path(str(name_or_path)) if isinstance(name_or_path, str) else None
    if shipped is not None:
        return _read_yaml_pack(shipped), []
    path = Path(name_or_path)
    if path.is_dir():
        return _read_vale_style(path)
    if path.is_file():
        return _read_yaml_pack(path), []
    names = ", ".join(available_packs())
    raise PackError(
        f"no pack named {str(name_or_path)!r} (shipped packs: {names}) and no such path"
    )


def load_default_packs() -> list[RuleSpec]:
    specs: list[RuleSpec] = []
    for name in DEFAULT_PACKS:
        specs.extend(load_pack(name))
    return specs


def _read_vale_style(folder: Path) -> tuple[list[RuleSpec], list[str]]:
    try:
        from socialgov.checks import vale
    except ImportError as exc:  # the Vale reader is not there yet
        raise PackError(f"{folder}: Vale styles are not supported yet ({exc})") from exc
    specs, skipped = vale.load_vale_style(folder)
    notes = [
        ": ".join(str(part) for part in note) if isinstance(note, tuple | list) else str(note)
        for note in (skipped or [])
    ]
    return list(specs), notes


def _read_yaml_pack(path: Path, _seen: tuple[str, ...] = ()) -> list[RuleSpec]:
    try:
        data = yamlfile.read(path)
    except (OSError, UnicodeDecodeError, yamlfile.YAMLError) as exc:
        raise PackError(f"{path}: cannot read pack: {exc}") from exc
    specs: list[RuleSpec] = []
    includes = data.get("includes") if isinstance(data, dict) else None
    if includes is not None:
        if not isinstance(includes, list) or not all(isinstance(i, str) for i in includes):
            raise PackError(f"{path}: 'includes' must be a list of pack names")
        for name in includes:
            included = pack_path(name)
            if included is None:
                included = (path.parent / name).with_suffix(".yml")
            if not included.is_file():
                raise PackError(f"{path}: included pack {name!r} not found")
            key = str(included.resolve())
            if key in _seen:
                raise PackError(f"{path}: pack {name!r} includes itself")
            specs.extend(_read_yaml_pack(included, (*_seen, str(path.resolve()), key)))
    return specs + specs_from_data(data, source=str(path))


def _texts(value, where: str, field: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise PackError(f"{where}: {field!r} must map languages to strings")
    return dict(value)


def specs_from_data(data, source: str = "pack") -> list[RuleSpec]:
    """Validate a parsed pack mapping and turn its rules into ``RuleSpec``s."""
    if not isinstance(data, dict):
        raise PackError(f"{source}: a pack is a mapping with 'id', 'name' and 'rules'")
    pack_id = data.get("id")
    if not isinstance(pack_id, str) or not pack_id:
        raise PackError(f"{source}: missing pack 'id'")
    rules = data.get("rules")
    if not isinstance(rules, list):
        raise PackError(f"{source}: 'rules' must be a list")
    specs: list[RuleSpec] = []
    seen: set[str] = set()
    for index, rule in enumerate(rules, 1):
        where = f"{source}: rule {index}"
        if not isinstance(rule, dict):
            raise PackError(f"{where}: must be a mapping")
        rule_id, kind = rule.get("id"), rule.get("kind")
        if not isinstance(rule_id, str) or not rule_id:
            raise PackError(f"{where}: missing 'id'")
        where = f"{source}: rule {rule_id!r}"
        if rule_id in seen:
            raise PackError(f"{where}: duplicate id")
        seen.add(rule_id)
        if not isinstance(kind, str) or not kind:
            raise PackError(f"{where}: missing 'kind'")
        severity = rule.get("severity", "warning")
        if severity not in SEVERITIES:
            raise PackError(f"{where}: unknown severity {severity!r}")
        params = rule.get("params") or {}
        if not isinstance(params, dict):
            raise PackError(f"{where}: 'params' must be a mapping")
        params = dict(params)
        languages = rule.get("languages")
        if languages is not None:
            if (
                not isinstance(languages, list)
                or not languages
                or not all(lang in LANGUAGES for lang in languages)
            ):
                raise PackError(f"{where}: 'languages' must be a list of {LANGUAGES}")
            params[LANGUAGES_PARAM] = list(languages)
        guideline = rule.get("guideline")
        specs.append(
            RuleSpec(
                id=rule_id,
                kind=kind,
                params=params,
                severity=severity,
                message=_texts(rule.get("message"), where, "message"),
                suggestion=_texts(rule.get("suggestion"), where, "suggestion"),
                guideline=guideline if isinstance(guideline, str) else None,
                enabled=bool(rule.get("enabled", True)),
            )
        )
    return specs


_loaded: dict[tuple[str, ...], tuple[list[RuleSpec], str]] = {}


def load_packs_cached(names: Iterable[str]) -> tuple[list[RuleSpec], str]:
    """The rules of several shipped packs, and a fingerprint of the files they came
    from (part of every check key: editing a pack invalidates stored results).
    Read once per process."""
    key = tuple(names)
    if key not in _loaded:
        specs: list[RuleSpec] = []
        digest = hashlib.sha256()
        for name in key:
            specs.extend(load_pack(name))
        for path in sorted(PACKS_DIR.glob("*.yml")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        _loaded[key] = (specs, digest.hexdigest()[:10] if key else "none")
    return _loaded[key]
