"""The engine as a whole: compiling, ordering, risk, and independence from Django."""

import subprocess
import sys
from pathlib import Path

import pytest

from socialgov.checks.engine import (
    NETWORKS,
    RISK_LEVELS,
    SEVERITIES,
    Checker,
    CheckResult,
    Finding,
    PostInput,
    RuleError,
    RuleSpec,
    compile,
)
from socialgov.checks.samples import SAMPLE_RULES

ROOT = Path(__file__).resolve().parents[2]


def rule(id_, term, severity="warning", **kwargs):
    return RuleSpec(
        id=id_, kind="banned_terms", params={"terms": [term]}, severity=severity, **kwargs
    )


def risk_of(*severities):
    rules = [rule(str(i), f"mot{i}", severity) for i, severity in enumerate(severities)]
    text = " ".join(f"mot{i}" for i in range(len(severities)))
    return compile(rules).check(PostInput(text=text))


def test_constants_are_the_contract():
    assert SEVERITIES == ("info", "warning", "error")
    assert RISK_LEVELS == ("none", "low", "medium", "high", "critical")
    assert NETWORKS == ("x", "linkedin", "facebook", "instagram", "threads", "bluesky", "mastodon")


def test_a_clean_post_has_no_risk():
    result = risk_of()
    assert result.findings == []
    assert result.risk == "none"
    assert not result.blocking


@pytest.mark.parametrize(
    ("severities", "risk", "blocking"),
    [
        (("info",), "low", False),
        (("info", "info"), "low", False),
        (("info", "warning"), "medium", False),
        (("warning", "warning"), "medium", False),
        (("warning", "error"), "high", True),
        (("error",), "high", True),
        (("error", "info", "error"), "critical", True),
    ],
)
def test_risk_grows_with_the_severity_of_findings(severities, risk, blocking):
    result = risk_of(*severities)
    assert len(result.findings) == len(severities)
    assert result.risk == risk
    assert result.blocking is blocking


def test_check_result_unpacks_into_findings_and_risk():
    checker = compile([rule("1", "cheap")])
    assert isinstance(checker, Checker)
    result = checker.check(PostInput(text="cheap"))
    assert isinstance(result, CheckResult)
    findings, risk = result
    assert [type(f) for f in findings] == [Finding]
    assert risk == "medium"


def test_disabled_rules_are_skipped():
    checker = compile([rule("1", "cheap", enabled=False), rule("2", "promo")])
    findings, _ = checker.check(PostInput(text="cheap promo"))
    assert [f.rule_id for f in findings] == ["2"]


def test_disabled_rules_are_not_even_validated():
    broken = RuleSpec(id="9", kind="max_count", params={"pattern": "("}, enabled=False)
    assert len(compile([broken])) == 0


def test_findings_are_sorted_by_position_then_rule():
    rules = [
        rule("b", "promo"),
        rule("a", "promo"),
        RuleSpec(id="c", kind="substitution", params={"swap": {"utilize": "use"}}),
    ]
    findings, _ = compile(rules).check(PostInput(text="utilize the promo"))
    assert [(f.start, f.rule_id) for f in findings] == [(0, "c"), (12, "a"), (12, "b")]


def test_unknown_kind_is_a_rule_error():
    with pytest.raises(RuleError) as excinfo:
        compile([RuleSpec(id="5", kind="no_such_kind", params={})])
    assert excinfo.value.rule_id == "5"
    assert "no_such_kind" in str(excinfo.value)


def test_unknown_severity_is_a_rule_error():
    with pytest.raises(RuleError):
        compile([rule("1", "cheap", severity="fatal")])


def test_sample_rules_compile_and_catch_a_typical_bad_post():
    specs = [
        RuleSpec(
            id=str(i),
            kind=sample["kind"],
            params=sample["params"],
            severity=sample["severity"],
            message={"en": sample["message_en"], "fr": sample["message_fr"]},
            suggestion={"en": sample["suggestion_en"], "fr": sample["suggestion_fr"]},
            guideline=sample["name"],
        )
        for i, sample in enumerate(SAMPLE_RULES)
    ]
    assert {s.kind for s in specs} == {"banned_terms", "substitution", "max_count", "max_length"}
    text = "Pas cher! Écrivez-nous par e-mail. #promo #qc #mtl " + "bla " * 80
    findings, risk = compile(specs).check(PostInput(text=text, networks=("x",)))
    assert {f.kind for f in findings} == {
        "banned_terms",
        "substitution",
        "max_count",
        "max_length",
    }
    assert risk == "critical"
    assert all(f.message["en"] and f.message["fr"] for f in findings)


def test_engine_does_not_import_django():
    code = (
        "import sys, socialgov.checks.engine, socialgov.checks.samples, socialgov.checks; "
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if 'django' in m)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_no_module_of_the_engine_mentions_django_imports():
    package = ROOT / "socialgov" / "checks"
    sources = list(package.rglob("*.py"))
    assert len(sources) >= 8
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert "import django" not in text, path
        assert "from django" not in text, path
