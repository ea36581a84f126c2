"""Helpers imported by worker subprocesses started from the tests."""
