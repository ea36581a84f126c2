"""Benchmarks (scripts, not tests). bench.jobs holds jobs the queue bench enqueues."""
