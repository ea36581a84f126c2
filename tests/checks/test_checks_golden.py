"""The engine's findings on 300 generated posts do not change by accident.

``fixtures/golden_findings.json`` holds 300 posts of bench/engine.py's mix (seed 20250103)
and the findings of the default packs plus one rule of every other kind and 500 extra
banned terms (rule id, kind, severity, span, matched text, and the post's risk). It was
written by the engine before its speed-ups and is byte for byte what the engine writes
now.

When a change of the rules, the packs or the matching is *meant* to change findings,
regenerate it and review the diff (one post per line)::

    .venv/bin/python bench/engine.py --write-golden tests/checks/fixtures/golden_findings.json
"""

import json
from datetime import datetime
from pathlib import Path

import pytest

from socialgov.checks.base import PostInput, RuleSpec
from socialgov.checks.engine import compile
from socialgov.checks.packs import load_default_packs

GOLDEN = Path(__file__).parent / "fixtures" / "golden_findings.json"


@pytest.fixture(scope="module")
def golden():
    data = json.loads(GOLDEN.read_text(encoding="utf-8"))
    rules = [RuleSpec(**rule) for rule in data["rules"]]
    posts = []
    for row in data["posts"]:
        fields = dict(row["post"])
        fields["networks"] = tuple(fields["networks"])
        fields["watch"] = tuple(fields["watch"])
        if fields["planned_at"]:
            fields["planned_at"] = datetime.fromisoformat(fields["planned_at"])
        posts.append((PostInput(**fields), row["findings"]))
    return compile(load_default_packs() + rules), posts


def row(result):
    return [result.risk] + [
        [f.rule_id, f.kind, f.severity, f.start, f.end, f.matched] for f in result.findings
    ]


def test_findings_match_the_golden_file(golden):
    checker, posts = golden
    assert len(posts) == 300
    changed = [i for i, (post, want) in enumerate(posts) if row(checker.check(post)) != want]
    assert changed == [], f"findings changed for posts {changed[:10]} (see this module's doc)"


def test_shared_scans_find_what_each_rule_finds_alone(golden):
    """The term index and the literal index only share work: without them (every matcher
    scans for itself, every pattern checks its own literals) the findings are the same."""
    checker, posts = golden
    alone = compile(checker.rules)
    alone._term_index = alone._literal_index = None
    for post, _ in posts[:100]:
        assert row(alone.check(post)) == row(checker.check(post))
