"""The stress run prints its contract line last, after pytest's own summary."""

import sys

import pytest

CONTRACT_LINE = pytest.StashKey[str]()
DETAILS = pytest.StashKey[list]()


def pytest_terminal_summary(terminalreporter, config):
    details = config.stash.get(DETAILS, None)
    if details:
        terminalreporter.section("stress")
        for line in details:
            terminalreporter.write_line(line)


def pytest_unconfigure(config):
    line = config.stash.get(CONTRACT_LINE, None)
    if line:
        sys.__stdout__.write(line + "\n")
        sys.__stdout__.flush()
