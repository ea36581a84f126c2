"""YAML for the packs and data files, parsed by libyaml when PyYAML has it.

The pure-Python parser spends most of ``checkposts``' start-up reading the default
packs; the C one reads them about ten times faster into the same Python objects.
"""

from __future__ import annotations

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAMLError = yaml.YAMLError


def safe_load(stream):
    return yaml.load(stream, Loader=SafeLoader)  # noqa: S506 (a safe loader)
