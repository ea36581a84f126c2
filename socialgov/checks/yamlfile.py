"""YAML for the packs and data files, parsed by libyaml when PyYAML has it.

The pure-Python parser spends most of ``checkposts``' start-up reading the default
packs; the C one reads them about ten times faster into the same Python objects.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAMLError = yaml.YAMLError


def safe_load(stream):
    return yaml.load(stream, Loader=SafeLoader)  # noqa: S506 (a safe loader)


def read(path: Path):
    """The parsed content of the YAML file at ``path``, a copy of its own for each caller:
    a file is parsed once per version (size and time of change), as both the pack loader
    and ``socialgov.checks.shipped`` read the shipped packs."""
    stat = path.stat()
    return copy.deepcopy(_parsed(str(path.resolve()), stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=64)
def _parsed(path: str, mtime_ns: int, size: int):
    return safe_load(Path(path).read_text(encoding="utf-8"))
