"""What makes a brand's rule one that can be saved, said once.

The rule form, the rules file (a YAML import, a Vale style, and a restore of the history,
which reads its version as a file) and the demo seed all ask here, so that whatever one
accepts the others accept: any rule saved can be exported, imported again and restored.

A rule can be saved when its texts hold no control character (PostgreSQL stores no NUL,
nor a lone surrogate); when its parameters are a set of keys that JSON keeps as they are
(finite numbers of at most 15 digits, text keys, a bounded depth and size); when the engine
compiles it; and when its patterns take less than ``PATTERN_SECONDS`` on a long post.
Its name is its own within the brand (the form and the file each check that). Empty
messages are allowed: the finding then says the default message of the rule's kind.

Each problem is said in the reader's language, the engine's refusals (``RuleError``)
from their code.
"""

from __future__ import annotations

import json
import math
import re
import time
from dataclasses import dataclass

import yaml
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socialgov.checks import yamlfile
from socialgov.checks.base import NETWORKS, PostInput, RuleError, RuleSpec
from socialgov.checks.engine import compile as compile_rules
from socialgov.checks.engine import unscoped
from socialgov.lib.parse_errors import json_problem

MAX_DEPTH = 20  # lists and sets of keys inside one another, in a rule's parameters
MAX_VALUES = 20_000  # values in a rule's parameters (a YAML alias can repeat many)
MAX_DIGITS = 15  # of a whole number: every JSON reader keeps it exactly
MAX_INTEGER = 10**MAX_DIGITS - 1

# Characters no text of a rule may hold: the C0 controls but tab and line breaks, DEL,
# and the halves of a surrogate pair on their own (which UTF-8 cannot write).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

# A rule's patterns are timed on these when it is saved or read (long posts, and the
# repetitions that make a backtracking pattern blow up), each with this budget.
PATTERN_SECONDS = 0.2
TIMING_SAMPLES = (
    "a" * 4000 + "!",
    ("word " * 800).strip() + " ?",
    "Nouveau : " + "é" * 3000 + " #tag @name https://exemple.ca/x 14 h 30",
)


@dataclass(frozen=True)
class BadNumber:
    """A number read from JSON or YAML that cannot be saved, as it was written: infinite
    or not a number (``1e400``, ``.inf``, ``NaN``), or too long (``large``)."""

    text: str
    large: bool = False


def character_code(text: str) -> str:
    """``U+0007`` for the first control character in ``text``, else ""."""
    found = CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else ""


# -- reading parameters ---------------------------------------------------------------


class Unreadable(ValueError):
    """Parameters that cannot be read; the message says why, in the reader's language."""


def _json_int(text: str):
    return BadNumber(text, large=True) if len(text.lstrip("-")) > MAX_DIGITS else int(text)


def _json_float(text: str):
    value = float(text)
    return value if math.isfinite(value) else BadNumber(text)


def read_json(text: str):
    """The value of a JSON text, numbers that cannot be saved kept as ``BadNumber``
    (``params_problem`` names them); ``Unreadable`` when it is not JSON."""
    try:
        return json.loads(text, parse_int=_json_int, parse_float=_json_float,
                          parse_constant=BadNumber)
    except json.JSONDecodeError as error:
        raise Unreadable(json_problem(error)) from error
    except RecursionError as error:
        raise Unreadable(_nested_too_deeply()) from error


def _yaml_int(loader, node):
    if len(node.value.lstrip("+-")) > MAX_DIGITS + 2:  # room for "0x", "0o", "_"
        return BadNumber(node.value, large=True)
    return loader.construct_yaml_int(node)


def _yaml_float(loader, node):
    value = loader.construct_yaml_float(node)
    return value if math.isfinite(value) else BadNumber(node.value)


class RulesLoader(yamlfile.SafeLoader):
    """The safe loader, numbers that cannot be saved kept as ``BadNumber`` (a whole
    number of thousands of digits would otherwise stop the reading with a ValueError)."""


RulesLoader.add_constructor("tag:yaml.org,2002:int", _yaml_int)
RulesLoader.add_constructor("tag:yaml.org,2002:float", _yaml_float)


def read_yaml(text: str):
    """The content of a YAML text, read as ``RulesLoader`` reads it (``yaml.YAMLError``
    when it is not YAML)."""
    return yaml.load(text, Loader=RulesLoader)  # noqa: S506 (a safe loader)


# -- the parts of a rule ----------------------------------------------------------------


def _nested_too_deeply() -> str:
    return _("The parameters are nested too deeply: at most %(depth)s levels of lists and "
             "keys inside one another.") % {"depth": MAX_DEPTH}


def _number_problem(number) -> str:
    if isinstance(number, BadNumber) and not number.large:
        return _("The parameters hold a number that cannot be saved (%(number)s): give an "
                 "ordinary number.") % {"number": number.text[:20]}
    if isinstance(number, float):  # read by another reader than ours (json, yaml)
        return _("The parameters hold a number that cannot be saved (%(number)s): give an "
                 "ordinary number.") % {"number": number}
    text = number.text if isinstance(number, BadNumber) else str(number)
    shown = text if len(text) <= 20 else text[:16] + "…"
    return _("The parameters hold a number too large (%(number)s): give a number of at most "
             "%(digits)s digits.") % {"number": shown, "digits": MAX_DIGITS}


def params_problem(params) -> str:
    """Why ``params`` (a dict) cannot be saved as they are, or ""."""
    stack = [(params, 1)]
    count = 0
    while stack:
        value, depth = stack.pop()
        count += 1
        if count > MAX_VALUES:
            return _("The parameters are too large: at most %(count)s values.") % {
                "count": f"{MAX_VALUES:,}".replace(",", "\u00a0")}
        if isinstance(value, str):
            code = character_code(value)
            if code:
                return _("The parameters hold an invisible control character (%(character)s), "
                         "which cannot be saved: remove it.") % {"character": code}
        elif isinstance(value, BadNumber) or (
            isinstance(value, float) and not math.isfinite(value)
        ) or (isinstance(value, int) and not isinstance(value, bool)
              and abs(value) > MAX_INTEGER):
            return _number_problem(value)
        elif isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                return _nested_too_deeply()
            if isinstance(value, dict):
                for key in value:
                    if not isinstance(key, str):
                        return _("The parameters have a key that is not a text (%(key)s): "
                                 "put it in quotes.") % {"key": str(key)[:20]}
                    stack.append((key, depth))
                items = value.values()
            else:
                items = value
            stack.extend((item, depth + 1) for item in items)
        elif value is not None and not isinstance(value, bool | int | float):
            return _("The parameters hold a value that is not a text, a number, true, false, "
                     "null, a list or a set of keys.")
    return ""


def spec_of(kind: str, params: dict, name: str = "") -> RuleSpec:
    """The rule as the engine judges it: switched on (a rule saved off must work the day
    it is switched on), its messages aside (they are free texts)."""
    return RuleSpec(id=name or "new", kind=kind, params=params, name=name)


def compiled(spec: RuleSpec):
    """``(checker, "")`` of a rule the engine compiles, ``(None, why not)`` otherwise."""
    try:
        return compile_rules([spec]), ""
    except RuleError as error:
        return None, explain(error)


def slow_problem(spec: RuleSpec) -> str:
    """Why the rule is refused for the time its patterns take on a long post, or "". A
    rule scoped to some languages is timed on them all."""
    checker = compile_rules([unscoped(spec)])
    for sample in TIMING_SAMPLES:
        result = checker.check(PostInput(text=sample), rule_seconds=PATTERN_SECONDS)
        if any(f.kind == "check_incomplete" for f in result.findings):
            return _("A pattern of this rule takes more than %(ms)s ms on a long post: "
                     "simplify it (nested repetitions such as (a+)+ are the usual cause).") % {
                         "ms": int(PATTERN_SECONDS * 1000)}
    return ""


class PatternClock:
    """The time a file's rules may spend being timed, all together: past it, the rules
    left are not timed and the file is refused (``exhausted``)."""

    def __init__(self, seconds: float):
        self.left = seconds
        self.exhausted = False

    def slow_problem(self, spec: RuleSpec) -> str:
        if self.left <= 0:
            self.exhausted = True
            return ""
        start = time.monotonic()
        try:
            return slow_problem(spec)
        finally:
            self.left -= time.monotonic() - start


def rule_problems(rule, clock: PatternClock | None = None) -> list[str]:
    """Why ``rule`` (a ``rules_file.RuleData``, or anything with its fields) cannot be
    saved, or []: what the rule form checks, said the same way."""
    problems = []
    for label, text in ((_("The name"), rule.name),
                        (_("The English message"), rule.message_en),
                        (_("The French message"), rule.message_fr),
                        (_("The English suggestion"), rule.suggestion_en),
                        (_("The French suggestion"), rule.suggestion_fr)):
        code = character_code(text)
        if code:
            problems.append(_("%(text)s holds an invisible control character (%(character)s), "
                              "which cannot be saved: remove it.")
                            % {"text": label, "character": code})
    problem = params_problem(rule.params)
    if problem:
        return [*problems, problem]
    spec = spec_of(rule.kind, rule.params, rule.name)
    _checker, problem = compiled(spec)
    if problem:
        return [*problems, problem]
    problem = clock.slow_problem(spec) if clock is not None else slow_problem(spec)
    return [*problems, problem] if problem else problems


# -- the engine's refusals, in the reader's language ----------------------------------------

# RuleError.code -> what it says, filled with RuleError.details.
ENGINE_PROBLEMS = {
    "required": gettext_lazy("The parameter “%(param)s” is required."),
    "list_of_strings": gettext_lazy("The parameter “%(param)s” must be a list of texts."),
    "not_empty": gettext_lazy("The parameter “%(param)s” must not be empty."),
    "text_pairs": gettext_lazy(
        "The parameter “%(param)s” must pair texts with texts (such as a word and its "
        "replacement), at least one pair."),
    "text_lists": gettext_lazy(
        "The parameter “%(param)s” must pair each text with a list of texts."),
    "non_negative_int": gettext_lazy(
        "The parameter “%(param)s” must be a whole number, 0 or more."),
    "boolean": gettext_lazy("The parameter “%(param)s” must be true or false."),
    "non_empty_regex": gettext_lazy(
        "The parameter “%(param)s” must be a regular expression, not empty."),
    "one_of_required": gettext_lazy("Give the parameter “%(first)s” or “%(second)s”."),
    "literal_with_raw": gettext_lazy(
        "The parameter “literal” cannot be used with “raw” or “nonword”."),
    "empty_term": gettext_lazy("The parameter “%(param)s” holds an empty word."),
    "listed_twice": gettext_lazy(
        "The parameter “%(param)s” lists “%(term)s” twice, with different replacements."),
    "network_numbers": gettext_lazy(
        "The parameter “%(param)s” must give a number per network (such as 280 for x)."),
    "unknown_network": gettext_lazy(
        "“%(network)s” is not a network (in the parameter “%(param)s”); the networks are: "
        "%(networks)s."),
    "limit_integer": gettext_lazy(
        "The limit for the network “%(network)s” must be a whole number, or null."),
    "limit_positive": gettext_lazy(
        "The limit for the network “%(network)s” must be 1 or more."),
    "capitalization_match": gettext_lazy(
        "The parameter “match” must be $sentence, $title, $lower, $upper or a regular "
        "expression."),
    "unknown_kind": gettext_lazy("Unknown kind of rule “%(kind)s”."),
    "unknown_severity": gettext_lazy("Unknown severity “%(severity)s”."),
    "params_mapping": gettext_lazy("The parameters must be a set of keys."),
}

# What the ``regex`` module says is wrong with a pattern (the start of its message).
REGEX_PROBLEMS = (
    ("missing )", gettext_lazy("a closing parenthesis is missing")),
    ("unbalanced parenthesis", gettext_lazy("a closing parenthesis has no opening one")),
    ("nothing to repeat", gettext_lazy(
        "a repetition sign (such as *, + or {…}) follows nothing it can repeat")),
    ("multiple repeat", gettext_lazy("two repetition signs follow each other")),
    ("unterminated character set", gettext_lazy("a “[” is not closed")),
    ("bad escape", gettext_lazy("a backslash (\\) is followed by an unknown character")),
    ("bad character range", gettext_lazy("a range of characters is backwards (such as z-a)")),
    ("invalid group reference", gettext_lazy("it refers to a group that does not exist")),
    ("unknown group", gettext_lazy("it refers to a group that does not exist")),
    ("unknown extension", gettext_lazy(
        "what follows an opening parenthesis and a question mark is not understood")),
    ("missing >", gettext_lazy("a group name is not closed by “>”")),
    ("bad group name", gettext_lazy("a group name is not valid")),
    ("min repeat greater than max repeat", gettext_lazy(
        "a repetition {m,n} has its minimum above its maximum")),
)


def explain(error: RuleError) -> str:
    """The engine's refusal of a rule, as a sentence in the reader's language."""
    details = dict(error.details)
    if error.code == "regex":
        said = str(details.get("reason") or "")
        reason = next((phrase for start, phrase in REGEX_PROBLEMS if said.startswith(start)),
                      None) or _("it cannot be read")
        values = {"pattern": str(details.get("pattern", ""))[:80], "reason": reason}
        if details.get("position") is None:
            return _("“%(pattern)s” is not a valid regular expression: %(reason)s.") % values
        # regex counts from 0; a reader counts from 1.
        return _("“%(pattern)s” is not a valid regular expression: %(reason)s (at character "
                 "%(position)s).") % {**values, "position": details["position"] + 1}
    template = ENGINE_PROBLEMS.get(error.code)
    if template is None:
        return _("The checker cannot use these parameters: %(problem)s.") % {
            "problem": error.message}
    details.setdefault("networks", ", ".join(NETWORKS))
    return template % {key: str(value)[:80] for key, value in details.items()}
