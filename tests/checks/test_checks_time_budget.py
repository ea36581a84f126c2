"""A rule that runs out of time never yields less than it would have found.

A user-written pattern runs with a time budget per rule and post (``patterns.Budget``);
when it runs out, the rule gives a ``check_incomplete`` finding with its own severity, so
padding a post until the pattern times out does not let a blocked phrase through. Budgets
here are 0 s (certain to be used up) or patterns that backtrack exponentially on the
padding (certain to use any budget up): no test depends on how fast the machine is.
"""

import re
import threading

import pytest

from socialgov.checks import patterns, registry
from socialgov.checks.engine import ENGINE_VERSION, CheckResult, PostInput, RuleSpec, compile
from socialgov.checks.packs import load_default_packs

SHORT = "Try our miracle cure."
# 36 kB of plain words after the phrase, as in the report.
PADDING = ("Lorem ipsum dolor sit amet consectetur adipiscing elit " * 700)[:36_000]
PADDED = SHORT + " " + PADDING + "."

PHRASE = r"miracle\s+cure"
# The phrase, or a run of words and spaces ending in "!!": the second alternative tries
# every way to split a run into one- and two-letter pieces, exponential in its length (a
# few dozen letters are enough for seconds), so on the padding no budget is ever enough.
CATASTROPHIC = r"miracle cure|(?:\s|\w|\w\w)+!!$"


def regex_rule(pattern, severity="error", id_="blocked", guideline="No miracle claims"):
    return RuleSpec(
        id=id_,
        kind="existence",
        params={"tokens": [pattern], "nonword": True},
        severity=severity,
        guideline=guideline,
    )


def terms_rule(term, severity="error", id_="terms"):
    return RuleSpec(id=id_, kind="banned_terms", params={"terms": [term]}, severity=severity)


def by_kind(result, kind):
    return [f for f in result.findings if f.kind == kind]


def test_engine_version_was_bumped_for_check_incomplete():
    assert ENGINE_VERSION >= 3


# --- the reported failure ---------------------------------------------------------------


def test_a_blocked_phrase_stays_blocked_when_padding_makes_the_pattern_time_out():
    checker = compile([regex_rule(CATASTROPHIC)])
    short = checker.check(PostInput(text=SHORT))
    assert [f.matched for f in by_kind(short, "existence")] == ["miracle cure"]
    assert short.blocking and not short.incomplete

    padded = checker.check(PostInput(text=PADDED))  # the default budget, RULE_TIMEOUT
    assert padded.blocking and padded.risk == short.risk == "high"
    assert padded.incomplete and not by_kind(padded, "rule_error")
    (finding,) = padded.findings
    assert (finding.rule_id, finding.kind, finding.severity) == (
        "blocked", "check_incomplete", "error",
    )  # fmt: skip
    assert (finding.start, finding.end, finding.matched) == (0, 0, "")
    assert finding.guideline == "No miracle claims"


def test_a_tiny_budget_still_finds_the_phrase_or_blocks():
    checker = compile([regex_rule(PHRASE)])
    for seconds in (0, 1e-9, 1e-6):
        result = checker.check(PostInput(text=PADDED), rule_seconds=seconds)
        assert result.blocking
        found = [f.matched for f in by_kind(result, "existence")]
        incomplete = [f.severity for f in by_kind(result, "check_incomplete")]
        assert found == ["miracle cure"] or incomplete == ["error"]


def test_a_generous_budget_gives_the_real_finding_where_none_gave_check_incomplete():
    checker = compile([regex_rule(PHRASE)])
    post = PostInput(text=PADDED)
    first = checker.check(post, rule_seconds=0)
    assert first.incomplete and first.blocking
    retried = checker.check(post, rule_seconds=10)  # the worker's retry, a larger budget
    assert not retried.incomplete
    (finding,) = retried.findings
    assert (finding.kind, finding.severity) == ("existence", "error")
    assert PADDED[finding.start : finding.end] == "miracle cure"


def test_a_pattern_its_literals_rule_out_answers_without_a_budget():
    # No "miracle" in the post: the pattern cannot match, whatever the budget.
    result = compile([regex_rule(PHRASE)]).check(PostInput(text=PADDING), rule_seconds=0)
    assert result.findings == [] and not result.incomplete


# --- severities ---------------------------------------------------------------------------


@pytest.mark.parametrize("severity", ["info", "warning", "error"])
def test_a_rule_out_of_time_gives_its_own_severity(severity):
    result = compile([regex_rule(PHRASE, severity)]).check(PostInput(text=SHORT), rule_seconds=0)
    (finding,) = result.findings
    assert (finding.kind, finding.severity) == ("check_incomplete", severity)
    assert result.blocking == (severity == "error")


def test_a_warning_rule_out_of_time_gives_a_warning():
    result = compile([regex_rule(CATASTROPHIC, "warning")]).check(PostInput(text=PADDED))
    (finding,) = result.findings
    assert (finding.kind, finding.severity) == ("check_incomplete", "warning")
    assert result.risk == "medium" and not result.blocking and result.incomplete


class Boom(RuntimeError):
    pass


@pytest.fixture
def raising_kind(monkeypatch):
    """A rule kind ``raising`` whose check raises ``params["error"]``."""

    def compile_raising(rule):
        def check(post, normalized):
            raise rule.params["error"]

        return check

    monkeypatch.setitem(registry._REGISTRY, "raising", compile_raising)
    return "raising"


@pytest.mark.parametrize(
    ("severity", "expected"), [("error", "error"), ("warning", "warning"), ("info", "warning")]
)
def test_a_failing_rule_gives_a_rule_error_never_below_its_severity(
    raising_kind, severity, expected
):
    failing = RuleSpec("broken", raising_kind, {"error": Boom("bug")}, severity, guideline="G")
    result = compile([failing, terms_rule("zut", "info")]).check(PostInput(text="zut alors"))
    (error,) = by_kind(result, "rule_error")
    assert (error.rule_id, error.severity) == ("broken", expected)
    assert (error.start, error.end, error.matched) == (0, 0, "")
    assert "G" in error.message["en"] and "G" in error.message["fr"]
    assert [f.rule_id for f in by_kind(result, "banned_terms")] == ["terms"]
    assert not result.incomplete


def test_a_rule_that_raises_timeout_error_of_its_own_is_incomplete(raising_kind):
    failing = RuleSpec("slow", raising_kind, {"error": TimeoutError("slow")}, "error")
    result = compile([failing]).check(PostInput(text="Bonjour"))
    assert [(f.kind, f.severity) for f in result.findings] == [("check_incomplete", "error")]


def test_rule_error_keeps_its_signature():
    rule = regex_rule(PHRASE, "error")
    assert patterns.rule_error(rule, timed_out=True) == patterns.check_incomplete(rule)
    assert patterns.rule_error(rule, False).kind == "rule_error"
    assert patterns.rule_error(rule).severity == "error"


# --- the message ------------------------------------------------------------------------


def test_check_incomplete_says_what_happened_in_both_languages():
    finding = patterns.check_incomplete(regex_rule(PHRASE, guideline="Pas de miracle"))
    assert set(finding.message) == set(finding.suggestion) == {"en", "fr"}
    assert "“Pas de miracle”" in finding.message["en"]
    assert "«\u00a0Pas de miracle\u00a0»" in finding.message["fr"]
    assert "could not finish" in finding.message["en"]
    assert "n’a pas pu terminer" in finding.message["fr"]
    assert "brand admin" in finding.suggestion["en"] and "simplify" in finding.suggestion["en"]
    assert "lever" in finding.suggestion["fr"] and "simplifier" in finding.suggestion["fr"]
    # Named by its id when it has no guideline.
    unnamed = patterns.check_incomplete(regex_rule(PHRASE, id_="r42", guideline=None))
    assert "r42" in unnamed.message["en"] and "r42" in unnamed.message["fr"]


@pytest.mark.parametrize("make", [patterns.check_incomplete, patterns.rule_error])
def test_french_follows_the_oqlf_spacing(make):
    finding = make(regex_rule(PHRASE, guideline="Règle"))
    for text in (finding.message["fr"], finding.suggestion["fr"]):
        # A no-break space (U+00A0) inside « » and before ; : ! ?, never another space.
        assert re.findall(r"«(.)", text) == ["\u00a0"] * text.count("«")
        assert re.findall(r"(.)»", text) == ["\u00a0"] * text.count("»")
        assert all(text[i - 1] == "\u00a0" for i, c in enumerate(text) if c in ":;!?")
    assert "«" in finding.message["fr"]


# --- total_seconds ------------------------------------------------------------------------


def test_once_the_total_is_used_up_later_pattern_rules_are_incomplete_and_term_rules_run():
    rules = [
        # Runs first and uses up the whole total: it can never finish on the padding.
        regex_rule(CATASTROPHIC, "warning", id_="1-slow"),
        regex_rule(PHRASE, "error", id_="2-phrase"),
        RuleSpec("3-count", "max_count", {"pattern": r"lorem", "max": 1}, "info"),
        terms_rule("miracle cure", "warning", id_="4-terms"),
    ]
    result = compile(rules).check(PostInput(text=PADDED), rule_seconds=10, total_seconds=0.02)
    incomplete = {f.rule_id: f.severity for f in by_kind(result, "check_incomplete")}
    assert incomplete == {"1-slow": "warning", "2-phrase": "error", "3-count": "info"}
    assert [f.matched for f in by_kind(result, "banned_terms")] == ["miracle cure"]
    assert result.blocking and result.incomplete


def test_a_total_of_zero_leaves_term_rules_and_trusted_pack_patterns_alone():
    checker = compile(load_default_packs() + [terms_rule("zut"), regex_rule(PHRASE)])
    post = PostInput(
        text="Zut! Our miracle cure is the sh*t!!! Call 514-555-0123 #blessed", networks=("x",)
    )
    plain = checker.check(post)
    rushed = checker.check(post, total_seconds=0)
    assert [f for f in plain.findings if f.rule_id != "blocked"] == [
        f for f in rushed.findings if f.rule_id != "blocked"
    ]
    assert len(plain.findings) > 3  # the packs do find things here
    assert [(f.kind, f.severity) for f in rushed.findings if f.rule_id == "blocked"] == [
        ("check_incomplete", "error")
    ]


def test_the_defaults_change_nothing():
    checker = compile([regex_rule(PHRASE), terms_rule("zut")])
    for text in (SHORT, PADDED, "zut " + SHORT):
        post = PostInput(text=text)
        assert checker.check(post) == checker.check(post, rule_seconds=None, total_seconds=None)


@pytest.mark.parametrize("kwargs", [{"rule_seconds": -1}, {"total_seconds": float("nan")}])
def test_negative_or_nan_limits_are_refused(kwargs):
    with pytest.raises(ValueError):
        compile([regex_rule(PHRASE)]).check(PostInput(text=SHORT), **kwargs)
    assert patterns._limits.get() is None


# --- CheckResult.incomplete -------------------------------------------------------------


def test_incomplete_is_true_iff_a_finding_is_check_incomplete():
    rule = regex_rule(PHRASE, "info")
    incomplete = patterns.check_incomplete(rule)
    failed = patterns.rule_error(rule)
    assert CheckResult([incomplete], "low").incomplete
    assert CheckResult([failed, incomplete], "medium").incomplete
    assert not CheckResult([failed], "medium").incomplete
    assert not CheckResult([], "none").incomplete


# --- what the engine must not swallow, and the context variable -------------------------


class JobTimeout(BaseException):
    """Like the worker's job time-out: not an Exception."""


@pytest.mark.parametrize("error", [KeyboardInterrupt(), JobTimeout(), SystemExit(3)])
def test_base_exceptions_propagate_and_the_limits_are_reset(raising_kind, error):
    checker = compile([regex_rule(PHRASE), RuleSpec("x", raising_kind, {"error": error})])
    assert patterns._limits.get() is None
    with pytest.raises(type(error)):
        checker.check(PostInput(text=SHORT), rule_seconds=0, total_seconds=5)
    assert patterns._limits.get() is None
    # The next check has the defaults again: the phrase is found, not timed out.
    after = compile([regex_rule(PHRASE)]).check(PostInput(text=SHORT))
    assert [f.kind for f in after.findings] == ["existence"]


def test_the_limits_hold_during_the_check_only(monkeypatch):
    seen = []

    def compile_spy(rule):
        def check(post, normalized):
            seen.append(patterns._limits.get())
            seen.append(patterns.Budget().deadline)
            return []

        return check

    monkeypatch.setitem(registry._REGISTRY, "spy", compile_spy)
    checker = compile([RuleSpec("spy", "spy", {})])
    checker.check(PostInput(text=SHORT), rule_seconds=7, total_seconds=3)
    limits, deadline = seen[0], seen[1]
    assert limits[0] == 7 and limits[1] is not None
    assert deadline == limits[1]  # the check's deadline comes before the rule's 7 s
    assert patterns._limits.get() is None
    seen.clear()
    checker.check(PostInput(text=SHORT))
    assert seen[0] is None


def test_a_check_with_the_defaults_inside_limits_gets_the_defaults():
    with patterns.limits(rule_seconds=0):
        result = compile([regex_rule(PHRASE)]).check(PostInput(text=SHORT))
        assert not result.incomplete
        assert patterns._limits.get() == (0, None)
    assert patterns._limits.get() is None


def test_concurrent_checks_in_threads_keep_their_own_limits(monkeypatch):
    inside, release = threading.Event(), threading.Event()

    def compile_waiting(rule):
        def check(post, normalized):
            inside.set()
            release.wait(5)
            return []

        return check

    monkeypatch.setitem(registry._REGISTRY, "waiting", compile_waiting)
    waiting = compile([RuleSpec("w", "waiting", {}), regex_rule(PHRASE)])
    results = {}

    def limited():
        results["limited"] = waiting.check(PostInput(text=SHORT), rule_seconds=0)

    thread = threading.Thread(target=limited)
    thread.start()
    try:
        assert inside.wait(5)  # the other thread is inside its check, with its limits
        results["default"] = compile([regex_rule(PHRASE)]).check(PostInput(text=SHORT))
    finally:
        release.set()
        thread.join()
    assert results["limited"].incomplete and not results["default"].incomplete
