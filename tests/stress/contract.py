"""The stress run's contract: the one line it prints last, and how to read it back.

    stress: submitted=N checked=N decided=N lost=N duplicates=N errors_5xx=N rps=X p95_ms=X
    submit_to_review_p95_ms=X recovered_s=X

(one line). Counts are integers; the other figures have one decimal, or ``nan``
when the run could not measure them (no post submitted after the Redis restart,
say), which fails the goals.
"""

import math
import re

COUNTS = ("submitted", "checked", "decided", "lost", "duplicates", "errors_5xx")
MEASURES = ("rps", "p95_ms", "submit_to_review_p95_ms", "recovered_s")
FIELDS = COUNTS + MEASURES

_LINE = re.compile(
    r"^stress: " + " ".join(rf"{name}=(?P<{name}>\d+)" for name in COUNTS) + " "
    + " ".join(rf"{name}=(?P<{name}>\d+(?:\.\d+)?|nan)" for name in MEASURES) + r"$"
)


def _measure(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "nan"
    return f"{float(value):.1f}"


def contract_line(figures):
    """The line for ``figures`` (a mapping with every name of FIELDS)."""
    missing = [name for name in FIELDS if name not in figures]
    if missing:
        raise ValueError(f"figures missing: {', '.join(missing)}")
    counts = " ".join(f"{name}={int(figures[name])}" for name in COUNTS)
    measures = " ".join(f"{name}={_measure(figures[name])}" for name in MEASURES)
    return f"stress: {counts} {measures}"


def parse_contract_line(line):
    """The figures of a contract line (counts as int, the others as float,
    ``nan`` as float('nan')); ValueError for any other line."""
    found = _LINE.match(line.strip())
    if found is None:
        raise ValueError(f"not a stress contract line: {line!r}")
    return {
        **{name: int(found[name]) for name in COUNTS},
        **{name: float(found[name]) for name in MEASURES},
    }
