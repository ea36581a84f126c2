"""User-written regular expressions, run with a time budget.

Patterns compile with the ``regex`` module (lookarounds, possessive quantifiers, Unicode
word boundaries where an accented letter is a letter) and every search gets a timeout:
a catastrophic pattern such as ``(a|aa)+$`` raises ``RuleTimeout`` after
``RULE_TIMEOUT`` seconds instead of stalling the check. The engine turns that into a
``check_incomplete`` finding with the rule's own severity (see ``check_incomplete``): a
rule that could not finish has not cleared the post. A check may set other limits for
its duration (``limits``): another budget per rule, and a deadline for all of its rules.

The patterns of the shipped packs are the exception: they are reviewed and tested with
the packs, so they run without the timeout's bookkeeping (a fifth of their time). That
holds for the same pattern text wherever it comes from (a pack rule copied into a
brand's rules); any other pattern keeps its budget.

Before running a pattern, ``Budget`` checks that the text contains the literals every
match needs (``socialgov.checks.literals``); most posts do not, and the pattern is
skipped: the findings are the same, the time is not. The patterns compiled for one
checker (``collecting``) share one scan of each text per post (``LiteralIndex``, made
current by the engine with ``scanning``).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from contextvars import ContextVar

import regex

from socialgov.checks import literals
from socialgov.checks.base import SEVERITIES, Finding, RuleError, RuleSpec
from socialgov.checks.shipped import shipped_param_strings

RULE_TIMEOUT = 0.05  # seconds of regular-expression work per rule per post


class RuleTimeout(TimeoutError):
    """A rule's patterns used up their time budget on one post."""


def compile_pattern(rule: RuleSpec, pattern: str, *, ignorecase: bool = False) -> regex.Pattern:
    """Compile a user-written pattern (``regex`` V0 syntax, like ``re``); ``RuleError`` if
    it is invalid."""
    flags = regex.IGNORECASE if ignorecase else 0
    try:
        compiled = regex.compile(pattern, flags)
    except (regex.error, ValueError, TypeError, OverflowError, RecursionError) as exc:
        # regex.error says what is wrong (msg) and where (pos); the others only what.
        raise RuleError(rule.id, f"invalid regular expression {pattern!r}: {exc}", "regex",
                        pattern=pattern, reason=getattr(exc, "msg", None) or str(exc),
                        position=getattr(exc, "pos", None)) from exc
    group = _collecting.get()
    if pattern in _trusted_texts():
        _TRUSTED.add(compiled)
        plan = _BRANCH_PLANS.get(compiled) or _BranchPlan.of(compiled)
        if plan is not None:
            _BRANCH_PLANS[compiled] = plan
            if group is not None:  # the branches' literals are scanned with the rest
                group.extend(plan.needed)
    needed = _needed(compiled)  # read its required literals now, not during a check
    if needed is not None and group is not None:
        group.append(needed)
    return compiled


# Compiled patterns whose text is a shipped pack's (see the module docstring).
_TRUSTED: set[regex.Pattern] = set()

# What reads the branches of a pattern apart: an escape, a class, a group's bracket, "|".
_PATTERN_TOKEN = regex.compile(r"\\.|\[\^?\]?(?:\\.|[^\]])*\]|[()|]", regex.DOTALL)
# Syntax whose meaning depends on other branches or on comments: references to groups,
# conditionals, recursion, branch reset, verbose mode.
_BRANCH_BOUND = regex.compile(r"\\[1-9g]|\(\?(?:P=|P>|\(|R|&|\||[0-9+-]|#)|\(\?[a-zA-Z]*x")
_GLOBAL_FLAGS = regex.compile(r"\(\?[a-zA-Z]+\)")


class _BranchPlan:
    """A pattern whose top level is an alternation (``a|b|c``), with what each branch
    needs (``literals.required``). In a text that lacks a branch's literals, that branch
    matches nowhere: the pattern without it finds the same matches, and a search tries
    one alternative less at every position. The shipped packs' alternations of phrases
    ("tag 3 friends", "like if", "share to win"...) keep one or two of five or six."""

    __slots__ = ("pattern", "prefix", "branches", "needed", "_pruned")

    def __init__(self, pattern: regex.Pattern, prefix: str, branches: list[str]):
        self.pattern = pattern
        self.prefix = prefix  # the global flags that open the pattern, as "(?i)"
        self.branches = branches
        ignorecase = bool(pattern.flags & regex.IGNORECASE)
        self.needed = [literals.required(prefix + branch, ignorecase) for branch in branches]
        self._pruned: dict[tuple[int, ...], regex.Pattern] = {}

    @classmethod
    def of(cls, pattern: regex.Pattern) -> _BranchPlan | None:
        """The plan of ``pattern``, or None: no top-level alternation, a branch without
        required literals, or syntax that ties branches together."""
        text = pattern.pattern
        if _BRANCH_BOUND.search(text):
            return None
        opening = _GLOBAL_FLAGS.match(text)
        prefix = opening.group() if opening else ""
        body = text[len(prefix):]
        branches, depth, start = [], 0, 0
        for token in _PATTERN_TOKEN.finditer(body):
            kind = token.group()
            if kind == "(":
                depth += 1
            elif kind == ")":
                depth -= 1
            elif kind == "|" and depth == 0:
                branches.append(body[start:token.start()])
                start = token.end()
        branches.append(body[start:])
        if len(branches) < 2 or depth != 0:
            return None
        plan = cls(pattern, prefix, branches)
        if any(needed is None for needed in plan.needed):
            return None  # that branch may match anywhere: nothing to leave out
        return plan

    def for_text(self, text: str) -> regex.Pattern | None:
        """The pattern without the branches ``text`` lacks the literals of (the pattern
        itself when none is left out, None when every one is)."""
        counts = _counts(self.needed[0], text)
        if counts is None:
            return self.pattern
        kept = tuple(i for i, needed in enumerate(self.needed) if needed.satisfied(counts))
        if len(kept) == len(self.branches):
            return self.pattern
        if not kept:
            return None
        pruned = self._pruned.get(kept)
        if pruned is None:
            pruned = self._pruned[kept] = regex.compile(
                self.prefix + "|".join(self.branches[i] for i in kept), self.pattern.flags
            )
        return pruned


_BRANCH_PLANS: dict[regex.Pattern, _BranchPlan] = {}


def _for_text(pattern: regex.Pattern, text: str) -> regex.Pattern | None:
    """A trusted ``pattern`` without the branches ``text`` lacks the literals of (see
    ``_BranchPlan.for_text``)."""
    plan = _BRANCH_PLANS.get(pattern)
    return pattern if plan is None else plan.for_text(text)


@functools.cache
def _trusted_texts() -> frozenset[str]:
    return shipped_param_strings()


_collecting: ContextVar[list | None] = ContextVar("socialgov_literals", default=None)
_current: ContextVar[PostLiterals | None] = ContextVar("socialgov_post_literals", default=None)


@contextmanager
def collecting() -> Iterator[list]:
    """Collect the required literals of the patterns compiled inside the block."""
    requirements: list = []
    token = _collecting.set(requirements)
    try:
        yield requirements
    finally:
        _collecting.reset(token)


class PostLiterals:
    """The texts of one post scanned with a checker's ``LiteralIndex`` (folded once)."""

    __slots__ = ("index", "_counts")

    def __init__(self, index: literals.LiteralIndex):
        self.index = index
        self._counts: dict[str, literals.Occurrences] = {}  # text -> occurrences

    def counts(self, text: str) -> literals.Occurrences:
        found = self._counts.get(text)
        if found is None:
            found = self._counts[text] = self.index.counts(literals.fold(text))
        return found


class _Setting:
    """A context variable set to a value for the duration of a ``with`` block. A class
    rather than ``@contextmanager``: the engine enters two per post, and a generator
    costs several times as much to make, enter and leave."""

    __slots__ = ("_variable", "_value", "_token")

    def __init__(self, variable: ContextVar, value: object):
        self._variable = variable
        self._value = value

    def __enter__(self) -> None:
        self._token = self._variable.set(self._value)

    def __exit__(self, *exc_info: object) -> None:
        self._variable.reset(self._token)


def scanning(index: literals.LiteralIndex | None) -> AbstractContextManager[None]:
    """Within the block (the check of one post), patterns of ``index`` share its scans."""
    if index is None:
        return nullcontext()
    return _Setting(_current, PostLiterals(index))


@functools.lru_cache(maxsize=4096)
def _needed(pattern: regex.Pattern) -> literals.Required | None:
    return literals.required(pattern.pattern, bool(pattern.flags & regex.IGNORECASE))


def _counts(needed: literals.Required, text: str) -> literals.Occurrences | None:
    post = _current.get()
    if post is not None and needed in post.index.members:
        return post.counts(text)
    return None


def can_match(pattern: regex.Pattern, text: str) -> bool:
    """False when ``text`` lacks the literals that a match of ``pattern`` needs."""
    needed = _needed(pattern)
    if needed is None:
        return True
    counts = _counts(needed, text)
    if counts is not None:
        return needed.satisfied(counts)
    return needed.found_in(literals.fold(text))


def can_match_more_than(pattern: regex.Pattern, text: str, limit: int) -> bool:
    """False when ``pattern`` cannot match more than ``limit`` times (without overlap) in
    ``text``: each match holds occurrences of its own of the required literals, and
    ``text`` has too few of them ("#" four times: at most four hashtags)."""
    needed = _needed(pattern)
    if needed is None:
        return True
    counts = _counts(needed, text)
    if counts is not None:
        return needed.satisfied(counts) and (limit <= 0 or needed.exceeds(counts, limit))
    folded = literals.fold(text)
    return needed.found_in(folded) and (limit <= 0 or needed.count_in(folded) > limit)


# The limits of the check running in this context, read by every Budget: (seconds per
# rule or None for RULE_TIMEOUT, the check's deadline or None). A context variable, so the
# rules' check functions need no new argument and checks in other threads keep their own.
_limits: ContextVar[tuple[float | None, float | None] | None] = ContextVar(
    "socialgov_check_limits", default=None
)


def limits(
    rule_seconds: float | None = None, total_seconds: float | None = None
) -> AbstractContextManager[None]:
    """Within the block (the check of one post), a ``Budget`` made without ``seconds``
    gets ``rule_seconds`` instead of ``RULE_TIMEOUT``, and every ``Budget`` ends at the
    latest ``total_seconds`` after the block was entered. ``None``: ``RULE_TIMEOUT``, and
    no deadline for the block. ``ValueError`` if either is negative or not a number."""
    for name, value in (("rule_seconds", rule_seconds), ("total_seconds", total_seconds)):
        if value is not None and not value >= 0:  # also refuses NaN
            raise ValueError(f"{name} must be a number of seconds >= 0, not {value!r}")
    deadline = None if total_seconds is None else time.monotonic() + total_seconds
    # Both None is set too (not skipped): a check with the defaults inside another
    # check's block must get the defaults, not that block's limits.
    return _Setting(
        _limits, None if rule_seconds is None and deadline is None else (rule_seconds, deadline)
    )


class Budget:
    """The time one rule may spend in regular expressions on one post: ``seconds``, else
    the check's ``rule_seconds`` (see ``limits``), else ``RULE_TIMEOUT``; never past the
    check's deadline. A search that its literals rule out, or of a trusted pattern, runs
    without the budget, so it still answers once the budget is used up."""

    def __init__(self, seconds: float | None = None):
        now = time.monotonic()
        limit = _limits.get()
        if limit is None:
            self.deadline = now + (RULE_TIMEOUT if seconds is None else seconds)
            return
        rule_seconds, check_deadline = limit
        if seconds is None:
            seconds = RULE_TIMEOUT if rule_seconds is None else rule_seconds
        deadline = now + seconds
        self.deadline = deadline if check_deadline is None else min(deadline, check_deadline)

    def remaining(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise RuleTimeout("time budget used up")
        return left

    def finditer(self, pattern: regex.Pattern, text: str, pos: int = 0, endpos: int | None = None):
        """All matches of ``pattern`` in ``text`` (a list), within the budget."""
        if not can_match(pattern, text):
            return []
        end = len(text) if endpos is None else endpos
        if pattern in _TRUSTED:
            pattern = _for_text(pattern, text)
            return [] if pattern is None else list(pattern.finditer(text, pos, end))
        try:
            return list(pattern.finditer(text, pos, end, timeout=self.remaining()))
        except TimeoutError as exc:
            raise RuleTimeout(str(exc)) from exc

    def search(self, pattern: regex.Pattern, text: str):
        if not can_match(pattern, text):
            return None
        if pattern in _TRUSTED:
            pattern = _for_text(pattern, text)
            return None if pattern is None else pattern.search(text)
        try:
            return pattern.search(text, timeout=self.remaining())
        except TimeoutError as exc:
            raise RuleTimeout(str(exc)) from exc

    def fullmatch(self, pattern: regex.Pattern, text: str):
        if not can_match(pattern, text):
            return None
        if pattern in _TRUSTED:
            return pattern.fullmatch(text)
        try:
            return pattern.fullmatch(text, timeout=self.remaining())
        except TimeoutError as exc:
            raise RuleTimeout(str(exc)) from exc


def rule_name(rule: RuleSpec) -> str:
    return rule.name or rule.guideline or rule.id


def check_incomplete(rule: RuleSpec) -> Finding:
    """The finding that stands for a rule that ran out of time on this post: it has the
    rule's own severity, since the rule may have found something (an error-level rule
    gives an error, which makes the result ``blocking``)."""
    name = rule_name(rule)
    # French per the OQLF: a no-break space (U+00A0) inside « » and before ; : ! ?
    message = {
        "en": f"The check could not finish rule “{name}” on this post in the time allowed; "
        "it counts as a finding of that rule.",
        "fr": f"La vérification n’a pas pu terminer la règle «\u00a0{name}\u00a0» sur cette "
        "publication dans le temps imparti\u00a0; cela compte comme un constat de cette règle.",
    }
    suggestion = {
        "en": "A brand admin may waive this finding after reading the post, or simplify the rule.",
        "fr": "Un administrateur de la marque peut lever ce constat après avoir lu la "
        "publication, ou simplifier la règle.",
    }
    return Finding(
        rule_id=rule.id,
        kind="check_incomplete",
        severity=rule.severity,
        start=0,
        end=0,
        matched="",
        message=message,
        suggestion=suggestion,
        guideline=rule.guideline,
    )


def rule_error(rule: RuleSpec, timed_out: bool = False) -> Finding:
    """The finding that stands for a rule that could not finish on this post:
    ``check_incomplete`` if it ran out of time (``timed_out``), else a ``rule_error``
    with the rule's severity, and at least "warning"."""
    if timed_out:
        return check_incomplete(rule)
    name = rule_name(rule)
    message = {
        "en": f"Rule “{name}” failed on this post and was skipped.",
        "fr": f"La règle «\u00a0{name}\u00a0» a échoué sur cette publication et a été ignorée.",
    }
    suggestion = {
        "en": "Ask an administrator to simplify or fix this rule.",
        "fr": "Demandez à un administrateur de simplifier ou de corriger cette règle.",
    }
    # Never below the rule's severity: a failed error rule must keep the post from review
    # as its finding would have. Never below "warning" either (what every failure gave
    # before), so a broken info rule still shows.
    severity = max(rule.severity, "warning", key=_severity_rank)
    return Finding(
        rule_id=rule.id,
        kind="rule_error",
        severity=severity,
        start=0,
        end=0,
        matched="",
        message=message,
        suggestion=suggestion,
        guideline=rule.guideline,
    )


def _severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


# --- Vale conventions ------------------------------------------------------------------

WORD_TEMPLATE = r"(?m)\b(?:%s)\b"  # Vale's default word template
_PLAIN_TOKEN = regex.compile(r"[^\W_][\w' \-]*")


def is_plain(token: str) -> bool:
    """A token that is just words (no regular-expression syntax)."""
    return bool(_PLAIN_TOKEN.fullmatch(token)) and not token.endswith(" ")


def vale_regex(
    tokens: list[str],
    raw: list[str] = (),
    *,
    ignorecase: bool = False,
    nonword: bool = False,
    append: bool = False,
) -> str:
    """The regular expression Vale builds for ``tokens`` and ``raw`` (Vale's makeRegexp):
    tokens are alternatives inside the word template unless ``nonword``; ``raw`` pieces
    are concatenated before them (after them with ``append``)."""
    template = WORD_TEMPLATE if (not nonword and tokens) else "(?:%s)"
    body = template.replace("%s", "|".join(tokens))
    raw_text = "".join(raw)
    pattern = body + raw_text if append else raw_text + body
    return ("(?i)" + pattern) if ignorecase else pattern


def fill_positional(template: str, *values: str) -> str:
    """Fill ``%s`` in order with ``values`` (Vale's messages: "Use '%s' instead of '%s'");
    extra ``%s`` get the last value."""
    if not values:
        return template
    parts = template.split("%s")
    out = [parts[0]]
    for i, part in enumerate(parts[1:]):
        out.append(values[min(i, len(values) - 1)])
        out.append(part)
    return "".join(out)


def render_positional(templates: dict, defaults: dict, *values: str) -> dict:
    """Like ``base.render`` with positional ``%s`` values."""
    custom = {k: v for k, v in (templates or {}).items() if isinstance(v, str) and v.strip()}
    langs = list(dict.fromkeys(["en", "fr", *custom]))
    out = {}
    for lang in langs:
        template = custom.get(lang) or defaults.get(lang) or next(iter(custom.values()), "")
        out[lang] = fill_positional(template, *values)
    return out


class Exceptions:
    """Vale ``exceptions``: a match that is (fully) one of these regexes is not reported."""

    def __init__(self, rule: RuleSpec, items: list[str], ignorecase: bool):
        self.pattern = (
            compile_pattern(rule, "(?:" + "|".join(items) + ")", ignorecase=ignorecase)
            if items
            else None
        )

    def excludes(self, text: str, budget: Budget) -> bool:
        return self.pattern is not None and budget.fullmatch(self.pattern, text.strip()) is not None
