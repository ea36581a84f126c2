"""A check engine that always fails, for fault tests.

Worker subprocesses load it with ``CHECKS_ENGINE=tests.support.exploding_engine``:
``compile()`` works like the real engine's, but every ``check()`` raises.
"""


class ExplodingChecker:
    def __init__(self, specs):
        self.specs = list(specs)

    def check(self, post, **limits):
        raise RuntimeError("engine exploded")


def compile(specs):  # noqa: A001  (the engine contract's name)
    return ExplodingChecker(specs)
