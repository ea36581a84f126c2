"""Checkers made of packs: compile rule specs once, check many posts.

Plain Python: no Django here.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from socialgov.checks import engine
from socialgov.checks.base import RuleSpec
from socialgov.checks.packs import load_default_packs


def checker_for(specs: Iterable[RuleSpec]) -> engine.Checker:
    """Compile specs (pack rules, brand rules, or both) once; ``RuleError`` if one is bad.
    The engine honours each rule's language scope and runs a rule id only once."""
    return engine.compile(specs)


def default_checker() -> engine.Checker:
    """The shipped default packs (``core-en`` + ``core-fr``), compiled."""
    return checker_for(load_default_packs())


@functools.cache
def warm_up() -> None:
    """Make now what the engine otherwise makes on first use (the URL patterns, the
    hostile-speech alternations, the tone lexicons): for long-lived processes, whose
    first check has a time budget. ``checkposts`` does not, to start fast."""
    from socialgov.checks import groups, tone, urls

    urls.warm_up()
    groups.OnFirstUse.compile_all()
    tone.warm_up()
