"""Checkers made of packs: compile rule specs once, check many posts.

Plain Python: no Django here.
"""

from __future__ import annotations

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
