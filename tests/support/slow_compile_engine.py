"""The real check engine, except that compiling a brand's rules takes 0.6 s
(as a fresh worker's first compile and warm-up can on a busy machine), for
the test that compile time is not counted as a check's cost."""

import time

from socialgov.checks import engine

COMPILE_SECONDS = 0.6


def compile(specs):  # noqa: A001  (the engine contract's name)
    time.sleep(COMPILE_SECONDS)
    return engine.compile(specs)
