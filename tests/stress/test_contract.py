"""The stress contract line's format (not a stress test: it runs in `make test`)."""

import math

import pytest

from tests.stress.contract import FIELDS, contract_line, parse_contract_line

FIGURES = {"submitted": 152, "checked": 152, "decided": 118, "lost": 0, "duplicates": 0,
           "errors_5xx": 0, "rps": 31.46, "p95_ms": 212.04, "submit_to_review_p95_ms": 640.0,
           "recovered_s": 2.35}


def test_the_line_reads_exactly_as_the_contract_says():
    assert contract_line(FIGURES) == (
        "stress: submitted=152 checked=152 decided=118 lost=0 duplicates=0 errors_5xx=0 "
        "rps=31.5 p95_ms=212.0 submit_to_review_p95_ms=640.0 recovered_s=2.4")


def test_a_line_reads_back_as_its_figures():
    parsed = parse_contract_line(contract_line(FIGURES) + "\n")
    assert list(parsed) == list(FIELDS)
    assert parsed["submitted"] == 152 and isinstance(parsed["lost"], int)
    assert parsed["rps"] == 31.5 and parsed["recovered_s"] == 2.4


def test_a_figure_that_could_not_be_measured_is_nan_both_ways():
    line = contract_line({**FIGURES, "recovered_s": None})
    assert line.endswith(" recovered_s=nan")
    assert math.isnan(parse_contract_line(line)["recovered_s"])


@pytest.mark.parametrize("line", [
    "",
    "stress: submitted=1",
    # out of order
    "stress: checked=1 submitted=1 decided=1 lost=0 duplicates=0 errors_5xx=0 rps=1.0 "
    "p95_ms=1.0 submit_to_review_p95_ms=1.0 recovered_s=1.0",
    # a count with decimals
    "stress: submitted=1.5 checked=1 decided=1 lost=0 duplicates=0 errors_5xx=0 rps=1.0 "
    "p95_ms=1.0 submit_to_review_p95_ms=1.0 recovered_s=1.0",
    # something after it
    "stress: submitted=1 checked=1 decided=1 lost=0 duplicates=0 errors_5xx=0 rps=1.0 "
    "p95_ms=1.0 submit_to_review_p95_ms=1.0 recovered_s=1.0 extra=1",
])
def test_any_other_line_is_refused(line):
    with pytest.raises(ValueError, match="not a stress contract line"):
        parse_contract_line(line)


def test_figures_missing_a_name_make_no_line():
    figures = dict(FIGURES)
    del figures["duplicates"]
    with pytest.raises(ValueError, match="duplicates"):
        contract_line(figures)
