"""What the shipped packs hold, read straight from their YAML files.

The pattern module asks it which regular expressions are the packs' own (they
run without the time budget, see socialgov.checks.patterns); it reads the
files without compiling anything, so it needs neither the engine nor the
pack loader.

Plain Python: no Django here.
"""

from __future__ import annotations

import functools
from pathlib import Path

from socialgov.checks import yamlfile

PACKS_DIR = Path(__file__).resolve().parent / "packs"


@functools.cache
def shipped_param_strings() -> frozenset[str]:
    """Every string in the params of the shipped packs' rules: among them, the regular
    expressions that ``socialgov.checks.patterns`` trusts to run without a timeout."""
    found: set[str] = set()

    def collect(value) -> None:
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list | tuple):
            for item in value:
                collect(item)

    for path in sorted(PACKS_DIR.glob("*.yml")):
        pack = yamlfile.read(path) or {}
        for rule in pack.get("rules") or ():
            if isinstance(rule, dict):
                collect(rule.get("params") or {})
    return frozenset(found)
