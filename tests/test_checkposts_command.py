"""``manage.py checkposts`` as an operator runs it: a subprocess fed JSON Lines on stdin."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def checkposts(*args, stdin="", env=None):
    return subprocess.run(
        [sys.executable, "manage.py", "checkposts", *args],
        cwd=ROOT,
        input=stdin.encode("utf-8"),
        capture_output=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def jsonl(*posts):
    return "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in posts)


def test_checkposts_with_a_pack_needs_no_database(tmp_path):
    stdin = (
        jsonl(
            {"id": 1, "text": "Thank f*** it's Friday!", "networks": ["x"], "lang": "en"},
            {"id": 2, "text": "Fresh bagels every Friday.", "lang": "en"},
        )
        + "this is not json\n"
        + jsonl(
            {
                "id": "é",
                "text": "Our boots are back.",
                "lang": None,
                "planned_at": None,
                "watch": None,
            },
        )
    )
    # A database URL that cannot be opened: any query would fail the command.
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/db.sqlite3"}
    result = checkposts("--pack", "core-en", "--watch", "boots", stdin=stdin, env=env)
    assert result.returncode == 0, result.stderr.decode()
    lines = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert [r.get("id", r.get("line")) for r in lines] == [1, 2, 3, "é"]
    first, second, error, last = lines
    assert first["blocking"] is True and first["risk"] in ("high", "critical")
    assert {f["rule"] for f in first["findings"]} == {"core-en/profanity"}
    f = first["findings"][0]
    assert "Thank f*** it's Friday!"[f["start"] : f["end"]] == f["match"] == "f***"
    assert set(f) == {"rule", "kind", "severity", "start", "end", "match", "message", "suggestion"}
    assert second == {"id": 2, "risk": "none", "blocking": False, "findings": []}
    assert error["line"] == 3 and error["error"]
    assert [x["match"] for x in last["findings"]] == ["boots"]  # --watch applies to every post
    assert '"id": "é"' in result.stdout.decode("utf-8")


def test_checkposts_defaults_to_both_core_packs():
    stdin = jsonl({"id": 1, "text": "Tabarnak que c'est bon !", "lang": "fr"})
    result = checkposts(stdin=stdin)
    assert result.returncode == 0, result.stderr.decode()
    [out] = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert out["findings"][0]["rule"] == "core-fr/sacres"
    assert out["findings"][0]["message"].startswith("Sacre")


def test_checkposts_rejects_an_unknown_pack():
    result = checkposts("--pack", "nope", stdin="")
    assert result.returncode != 0
    assert b"nope" in result.stderr
