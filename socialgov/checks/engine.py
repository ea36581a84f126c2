"""The rule engine: compile rule specs once, check many posts.

    checker = compile(rule_specs)          # RuleError on an invalid rule
    findings, risk = checker.check(PostInput(text="...", networks=("x",)))

Plain Python: no Django import here or in any module this one imports.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable
from typing import NamedTuple

from socialgov.checks import literals, patterns, registry, terms
from socialgov.checks import rules as _rules  # noqa: F401  (registers the rule kinds)
from socialgov.checks.base import (
    LANGUAGES,
    NETWORKS,
    RISK_LEVELS,
    SEVERITIES,
    Finding,
    ImageInput,
    PostInput,
    RuleError,
    RuleSpec,
)
from socialgov.checks.language import detect_language, post_language
from socialgov.checks.normalize import normalize
from socialgov.checks.patterns import check_incomplete, rule_error
from socialgov.checks.registry import Check

# Part of every check key: raise it whenever the same rules and text could
# give different findings, so stored results from the old engine are not reused.
# 2: normalisation (invisibles, confusables, leetspeak, stretched and spelled-out letters),
#    contractions, hashtag readings, idioms, Vale kinds, rule_error findings; social-media
#    kinds, built-in length/watch rules, exact per-network counting.
# 3: a rule out of time gives check_incomplete with the rule's severity (was a rule_error
#    warning); a failing rule's rule_error has the rule's severity, at least warning.
# 4: images (PostInput.images; image_alt and image_limits kinds, built-ins
#    builtin:image_alt and builtin:image_limits; Finding.image), one-click fixes
#    (Finding.replacement); X counts as twitter-text does (its URL finder and TLDs,
#    invalid characters refused, reply handles free).
ENGINE_VERSION = 4

logger = logging.getLogger(__name__)

# Built-in rules, added by compile() to every rule set that lacks a rule of their kind:
# the post must fit the networks it targets, crisis watch words always count, every
# image needs an alt text, and the images must fit the networks the post targets.
BUILTIN_LENGTH = RuleSpec(id="builtin:length", kind="max_length", params={}, severity="error")
BUILTIN_WATCH = RuleSpec(id="builtin:watch", kind="watch", params={}, severity="error")
BUILTIN_IMAGE_ALT = RuleSpec(
    id="builtin:image_alt", kind="image_alt", params={}, severity="warning"
)
BUILTIN_IMAGE_LIMITS = RuleSpec(
    id="builtin:image_limits", kind="image_limits", params={}, severity="error"
)
BUILTINS = (BUILTIN_LENGTH, BUILTIN_WATCH, BUILTIN_IMAGE_ALT, BUILTIN_IMAGE_LIMITS)

__all__ = [
    "BUILTINS",
    "BUILTIN_IMAGE_ALT",
    "BUILTIN_IMAGE_LIMITS",
    "BUILTIN_LENGTH",
    "BUILTIN_WATCH",
    "ENGINE_VERSION",
    "LANGUAGES",
    "NETWORKS",
    "RISK_LEVELS",
    "SEVERITIES",
    "CheckResult",
    "Checker",
    "Finding",
    "ImageInput",
    "PostInput",
    "RuleError",
    "RuleSpec",
    "compile",
    "risk_level",
]


def risk_level(findings: Iterable[Finding]) -> str:
    """none: no findings; low: only info; medium: a warning; high: one error; critical: 2+."""
    severities = [f.severity for f in findings]
    errors = severities.count("error")
    if errors >= 2:
        return "critical"
    if errors == 1:
        return "high"
    if "warning" in severities:
        return "medium"
    if severities:
        return "low"
    return "none"


class CheckResult(NamedTuple):
    findings: list[Finding]
    risk: str

    @property
    def blocking(self) -> bool:
        """True iff a finding has severity "error"."""
        return any(f.severity == "error" for f in self.findings)

    @property
    def incomplete(self) -> bool:
        """True iff a rule ran out of time (a finding of kind "check_incomplete"): a check
        with a larger budget may find more."""
        return any(f.kind == "check_incomplete" for f in self.findings)


# A rule's params may scope it to some languages: {"languages": ["fr"]} runs it only
# on French posts (pack rules use this: "con" is an insult in French, not in English).
LANGUAGES_PARAM = "languages"


def rule_languages(rule: RuleSpec) -> frozenset[str] | None:
    """The languages a rule is scoped to, or ``None`` for every language."""
    value = rule.params.get(LANGUAGES_PARAM) if isinstance(rule.params, dict) else None
    if isinstance(value, list | tuple) and value:
        return frozenset(str(language) for language in value)
    return None


def unscoped(rule: RuleSpec) -> RuleSpec:
    """The rule without its ``languages`` param: what its kind compiles."""
    if not isinstance(rule.params, dict) or LANGUAGES_PARAM not in rule.params:
        return rule
    params = {k: v for k, v in rule.params.items() if k != LANGUAGES_PARAM}
    return dataclasses.replace(rule, params=params)


class Checker:
    """A compiled rule set. Thread-safe and reusable; build it once per rule set."""

    def __init__(
        self,
        compiled: list[tuple[RuleSpec, Check]],
        builtins: list[tuple[RuleSpec, Check]] | None = None,
        term_index: terms.TermIndex | None = None,
        literal_index: literals.LiteralIndex | None = None,
    ):
        self._compiled = compiled
        self._builtins = builtins or []
        self._all = [(rule, rule_languages(rule), check)
                     for rule, check in compiled + self._builtins]
        # The term matchers of the rules, scanned together (see terms.TermIndex), and the
        # literals their regular expressions need (see patterns.can_match).
        self._term_index = term_index
        self._literal_index = literal_index
        self._plans_of: list | None = None  # the _all the plans below were made from
        self._plans: dict[frozenset[str], tuple[list[_Step], list[_Step]]] = {}

    def _plans_for(self, languages: frozenset[str]) -> tuple[list[_Step], list[_Step]]:
        """``(every rule, text rules)`` for ``languages``, made once per language set (see
        ``_plan``). The text rules leave out those that find nothing in a post without
        images (their check has ``images_only``): a text-only post does not run them."""
        if self._plans_of is not self._all:  # made anew if _all was replaced
            self._plans_of, self._plans = self._all, {}
        plans = self._plans.get(languages)
        if plans is None:
            index = self._term_index
            steps = [
                (rule, check, _needed_slots(index, check))
                for rule, scope, check in self._all
                if scope is None or not languages or scope & languages
            ]
            text = [step for step in steps if not getattr(step[1], "images_only", False)]
            plans = self._plans[languages] = (steps, text)
        return plans

    def _plan(self, languages: frozenset[str]) -> list[_Step]:
        """The rules that run for ``languages`` (all of them when it is empty: an undecided
        language errs toward caution), each with the term slots it needs (see
        ``terms.requires``)."""
        return self._plans_for(languages)[0]

    @property
    def rules(self) -> tuple[RuleSpec, ...]:
        """The brand's enabled rules (built-ins not included)."""
        return tuple(rule for rule, _ in self._compiled)

    @property
    def builtins(self) -> tuple[RuleSpec, ...]:
        """Built-in rules added by ``compile`` (``builtin:length``, ``builtin:watch``,
        ``builtin:image_alt``, ``builtin:image_limits``)."""
        return tuple(rule for rule, _ in self._builtins)

    def __len__(self) -> int:
        return len(self._compiled)

    def check(
        self,
        post: PostInput,
        *,
        rule_seconds: float | None = None,
        total_seconds: float | None = None,
    ) -> CheckResult:
        """Findings for ``post``. Never raises for a post: a rule that runs out of time (a
        catastrophic pattern, a long post) gives a ``check_incomplete`` finding, a rule that
        fails a ``rule_error``, each with (at least) the rule's severity, in place of the
        rule's findings. A ``BaseException`` that is not an ``Exception`` (KeyboardInterrupt,
        a job's time-out) propagates.

        ``rule_seconds``: the time each rule may spend in user-written regular
        expressions on this post (``patterns.RULE_TIMEOUT`` when None). ``total_seconds``:
        counted from the start of this call, after which every further budgeted search
        times out at once, so the rules that would run one give ``check_incomplete`` (None:
        no such deadline). What needs no budget still runs: term lists, the packs' trusted
        patterns, and a search that the pattern's required literals rule out (its answer,
        no match, is exact). ``ValueError`` if either is negative or NaN.
        """
        with patterns.limits(rule_seconds, total_seconds):
            return self._check(post)

    def _check(self, post: PostInput) -> CheckResult:
        language = post_language(post)
        if language and language != post.language:
            post = dataclasses.replace(post, language=language)
        # Scoped rules run for the declared language and for the one the text
        # reads as: an English post saved as French still meets core-en.
        detected = detect_language(post.text) if post.language else None
        languages = frozenset((language, detected)) - {None}
        normalized = normalize(post.text)
        scan = self._term_index.attach(normalized) if self._term_index is not None else None
        present = None
        findings: list[Finding] = []
        every_rule, text_rules = self._plans_for(languages)
        steps = every_rule if post.images else text_rules
        with patterns.scanning(self._literal_index):
            for rule, check, slots in steps:
                if slots is not None:
                    if present is None:
                        present = scan.present(normalized)
                    if not slots <= present:
                        continue  # a term list it needs has no match: it finds nothing
                # Exception, not BaseException: an interrupt or the worker's job time-out
                # is not this rule's failure and must stop the check.
                try:
                    findings.extend(check(post, normalized))
                except TimeoutError:
                    findings.append(check_incomplete(rule))
                except Exception:
                    logger.exception("rule %s (%s) failed", rule.id, rule.kind)
                    findings.append(rule_error(rule, timed_out=False))
        findings.sort(key=lambda f: (f.start, f.end, f.rule_id))
        return CheckResult(findings, risk_level(findings))


_Step = tuple[RuleSpec, Check, "frozenset[int] | None"]


def _needed_slots(index: terms.TermIndex | None, check: Check) -> frozenset[int] | None:
    matchers = getattr(check, "required_matchers", None)
    if index is None or not matchers:
        return None
    return index.slots_of(matchers)


def _validate(rule: RuleSpec) -> None:
    if rule.severity not in SEVERITIES:
        raise RuleError(rule.id, f"unknown severity {rule.severity!r}", "unknown_severity",
                        severity=rule.severity)
    if not isinstance(rule.params, dict):
        raise RuleError(rule.id, "params must be a mapping", "params_mapping")
    for name in ("message", "suggestion"):
        value = getattr(rule, name)
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise RuleError(rule.id, f"{name} must map languages to strings")


def compile(rules: Iterable[RuleSpec]) -> Checker:  # noqa: A001  (the contract's name)
    """Compile enabled rules into a ``Checker``; raise ``RuleError`` for an invalid rule.

    Unless the rule set has an enabled rule of that kind, the checker also runs the
    built-ins ``builtin:length`` (``max_length`` with the network defaults, severity
    error), ``builtin:watch`` (``watch``: ``PostInput.watch`` words, severity error),
    ``builtin:image_alt`` (``image_alt``: every image has an alt text that describes it,
    severity warning) and ``builtin:image_limits`` (``image_limits``: the images fit the
    targeted networks, see ``socialgov.checks.media``, severity error).
    """
    compiled: list[tuple[RuleSpec, Check]] = []
    seen: set[str] = set()
    with terms.collecting() as matchers, patterns.collecting() as requirements:
        for rule in rules:
            if not rule.enabled or rule.id in seen:
                continue  # the same rule twice (a pack included by two packs) runs once
            seen.add(rule.id)
            _validate(rule)
            compile_kind = registry.get(rule.kind)
            if compile_kind is None:
                raise RuleError(rule.id, f"unknown rule kind {rule.kind!r}", "unknown_kind",
                            kind=rule.kind)
            compiled.append((rule, compile_kind(unscoped(rule))))
        kinds = {rule.kind for rule, _ in compiled}
        builtins = [
            (builtin, registry.get(builtin.kind)(builtin))
            for builtin in BUILTINS
            if builtin.kind not in kinds
        ]
    term_index = terms.TermIndex(matchers) if matchers else None
    literal_index = literals.LiteralIndex(requirements) if requirements else None
    return Checker(compiled, builtins, term_index, literal_index)
