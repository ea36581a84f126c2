"""A check engine whose checks take thirty seconds, for fault tests.

Worker subprocesses load it with ``CHECKS_ENGINE=tests.support.slow_engine``.
Each of its three hundred "rules" catches its own Exception, as the real
engine does to report a failing rule: a timeout that is an Exception would be
swallowed here and the check would run its full thirty seconds.
"""

import time

from socialgov.checks.engine import CheckResult


class SlowChecker:
    def __init__(self, specs):
        self.specs = list(specs)

    def check(self, post, **limits):
        for _rule in range(300):
            try:
                time.sleep(0.1)
            except Exception:  # noqa: S110  (what a rule engine does with a failing rule)
                pass
        return CheckResult([], "none")


def compile(specs):  # noqa: A001  (the engine contract's name)
    return SlowChecker(specs)
