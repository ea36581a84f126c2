"""The JSON Lines contract of ``manage.py checkposts`` (socialgov.checks.cli), without Django."""

import io
import json
import os
import threading

import pytest

from socialgov.checks import cli
from socialgov.checks.checkers import checker_for
from socialgov.checks.packs import load_pack


@pytest.fixture(scope="module")
def checker():
    return cli.load_checker([])[0]  # the default packs


def run_lines(checker, lines, watch=()):
    out = io.StringIO()
    cli.process(lines, checker, out.write, watch)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def line(**fields):
    return json.dumps(fields, ensure_ascii=False)


def test_output_fields_and_finding_fields(checker):
    [result] = run_lines(
        checker,
        [
            line(
                id=7, text="This storm blows, but free shipping doesn't.", networks=["x"], lang="en"
            )
        ],
    )
    assert list(result) == ["id", "risk", "blocking", "findings"]
    assert result["id"] == 7
    assert result["risk"] in ("high", "critical")
    assert result["blocking"] is True
    finding = result["findings"][0]
    assert list(finding) == [
        "rule",
        "kind",
        "severity",
        "start",
        "end",
        "match",
        "message",
        "suggestion",
    ]
    assert finding["rule"] == "core-en/newsjacking"
    assert finding["match"] == "storm"
    assert isinstance(finding["message"], str) and "storm" in finding["message"]
    assert isinstance(finding["suggestion"], str) and finding["suggestion"]


def test_clean_post_has_no_findings(checker):
    [result] = run_lines(checker, [line(id="a", text="Fresh bagels every Friday.", lang="en")])
    assert result == {"id": "a", "risk": "none", "blocking": False, "findings": []}


def test_one_output_line_per_post_in_order(checker):
    texts = ["Mon tabarnak de menteur!", "Bonne semaine à tous.", "Thank f*** it's Friday"]
    results = run_lines(checker, [line(id=i, text=t) for i, t in enumerate(texts)])
    assert [r["id"] for r in results] == [0, 1, 2]
    assert [r["blocking"] for r in results] == [True, False, True]


def test_messages_are_in_the_posts_language(checker):
    fr, en = run_lines(
        checker,
        [
            line(id="fr", text="Calle ta bière, c'est vendredi !", lang="fr"),
            line(id="en", text="Get wasted this weekend with us!", lang="en"),
        ],
    )
    assert "banalise" in fr["findings"][0]["message"]
    assert "makes light" in en["findings"][0]["message"]


def test_language_is_detected_when_lang_is_null(checker):
    [result] = run_lines(
        checker,
        [
            line(
                id=1, text="Félicitations, vous avez survécu au marathon ! Merci à tous.", lang=None
            )
        ],
    )
    assert result["findings"], result
    assert "survivre" in result["findings"][0]["message"]


def test_offsets_slice_the_text(checker):
    text = "🎉🎉 Nouveauté ! Ostie que c’est bon 😋 and so f*cking good"
    [result] = run_lines(checker, [line(id=1, text=text)])
    assert result["findings"]
    for f in result["findings"]:
        assert text[f["start"] : f["end"]] == f["match"]


def test_malformed_lines_report_their_number_and_the_rest_goes_on(checker):
    lines = [
        line(id=1, text="ok"),
        "{not json",
        "",  # blank lines are skipped but counted
        json.dumps([1, 2]),
        line(id=5, text=None),
        line(id=6, text="ok", lang="de"),
        line(id=7, text="ok", networks="x"),
        line(id=8, text="ok", planned_at="tomorrow"),
        line(id=9, text="ok", watch="storm"),
        b"\xff\xfe not utf-8",
        line(id=11, text="still fine"),
    ]
    results = run_lines(checker, lines)
    assert results[0]["id"] == 1
    errors = results[1:-1]
    assert [e["line"] for e in errors] == [2, 4, 5, 6, 7, 8, 9, 10]
    assert all(set(e) == {"line", "error"} and e["error"] for e in errors)
    assert results[-1]["id"] == 11


def strict_json(text):
    """``json.loads`` that refuses NaN and Infinity, which are not JSON."""
    def refuse(name):
        raise ValueError(f"{name} is not JSON")
    return json.loads(text, parse_constant=refuse)


def test_ids_json_cannot_carry_are_line_errors_and_the_run_goes_on(checker):
    lines = [
        '{"id": 1e999, "text": "ok"}',  # read as infinity
        '{"id": ' + "9" * 5000 + ', "text": "ok"}',  # beyond Python's int conversion
        '{"id": NaN, "text": "ok"}',
        '{"id": -Infinity, "text": "ok"}',
        '{"id": 1.5e300, "text": "ok", "networks": [' + "1" * 4301 + "]}",
        '{"id": ' + "9" * 4300 + ', "text": "still fine"}',
    ]
    out = io.StringIO()
    cli.process(lines, checker, out.write)
    results = [strict_json(text) for text in out.getvalue().splitlines()]
    assert [r.get("line") for r in results[:5]] == [1, 2, 3, 4, 5]
    assert all(set(r) == {"line", "error"} and r["error"] for r in results[:5])
    assert results[5]["id"] == int("9" * 4300)


def test_watch_words_from_the_command_add_to_each_line(checker):
    posts = [
        line(id=1, text="Our new boots are in stores Friday.", watch=["boots"]),
        line(id=2, text="Gold medal coffee, all week.", watch=None),
        line(id=3, text="Quiet day at the shop."),
    ]
    r1, r2, r3 = run_lines(checker, posts, watch=["gold medal"])
    assert {f["match"] for f in r1["findings"]} == {"boots"}
    assert {f["match"] for f in r2["findings"]} == {"Gold medal"}
    assert all(f["severity"] == "error" for f in r1["findings"] + r2["findings"])
    assert r3["findings"] == []


def test_parse_post_builds_the_engine_input():
    post_id, post = cli.parse_post(
        line(
            id={"k": 1},
            text="Salut",
            networks=["X", "facebook"],
            lang="fr",
            planned_at="2024-11-11T10:00:00Z",
            watch=["a", " ", "b"],
        ),
        extra_watch=["b", "c"],
    )
    assert post_id == {"k": 1}
    assert post.networks == ("x", "facebook")
    assert post.language == "fr"
    assert post.planned_at.isoformat() == "2024-11-11T10:00:00+00:00"
    assert post.watch == ("a", "b", "c")


def test_missing_optional_fields_default():
    post_id, post = cli.parse_post('{"text": "hi"}')
    assert post_id is None
    assert post.networks == () and post.language is None and post.watch == ()
    assert post.planned_at is None


def test_default_packs_are_core_en_and_core_fr(checker):
    ids = {rule.id for rule in checker.rules}
    assert any(i.startswith("core-en/") for i in ids)
    assert any(i.startswith("core-fr/") for i in ids)
    assert any(i.startswith("core/") for i in ids)


def test_a_named_pack_only_runs_that_pack():
    checker, notes = cli.load_checker(["core-en"])
    assert notes == []
    ids = {rule.id for rule in checker.rules}
    assert not any(i.startswith("core-fr/") for i in ids)
    [result] = run_lines(checker, [line(id=1, text="Tabarnak!", lang="fr")])
    assert result["findings"] == []  # the sacres live in core-fr


def test_read_lines_batches_and_flushes_before_waiting():
    read_fd, write_fd = os.pipe()
    payload = "".join(line(id=i, text=f"post {i}") + "\n" for i in range(2000)).encode()

    def feed():
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(payload[:100])
            pipe.write(payload[100:] + b'{"id": "last", "text": "no newline"}')

    thread = threading.Thread(target=feed)
    thread.start()
    flushes = []
    lines = list(cli.read_lines(read_fd, lambda: flushes.append(1)))
    thread.join()
    os.close(read_fd)
    assert len(lines) == 2001
    assert json.loads(lines[0])["id"] == 0 and json.loads(lines[-1])["id"] == "last"
    assert 2 <= len(flushes) < 2001  # flushed per chunk, not per line


def test_run_writes_utf8_to_a_binary_stdout():
    checker = checker_for(load_pack("core-fr"))
    stdin = io.StringIO(line(id="é", text="Ce crisse de menteur", lang="fr") + "\n")
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    cli.run(checker, (), stdin, stdout)
    raw = stdout.buffer.getvalue().decode("utf-8")
    assert '"id": "é"' in raw  # ensure_ascii=False
    assert json.loads(raw)["blocking"] is True


def test_main_runs_without_django(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(line(id=1, text="Thank f*** it's Friday")))
    assert cli.main(["--pack", "core-en"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out)["blocking"] is True


def test_main_reports_an_unknown_pack(capsys):
    assert cli.main(["--pack", "no-such-pack"]) == 2
    assert "no-such-pack" in capsys.readouterr().err


class _CountingRaw(io.RawIOBase):
    """An unbuffered binary stdout (what ``python -u`` or PYTHONUNBUFFERED gives): every
    write is a system call."""

    def __init__(self):
        self.writes: list[bytes] = []

    def writable(self):
        return True

    def write(self, data):
        self.writes.append(bytes(data))
        return len(data)


class _UnbufferedStdout:
    def __init__(self):
        self.buffer = _CountingRaw()


def test_run_writes_in_batches_when_stdout_is_unbuffered():
    checker = checker_for(load_pack("core-en"))
    read_fd, write_fd = os.pipe()
    payload = "".join(line(id=i, text=f"post number {i}") + "\n" for i in range(500))
    with os.fdopen(write_fd, "wb") as pipe:  # 500 short lines fit in the pipe's buffer
        pipe.write(payload.encode())
    stdout = _UnbufferedStdout()
    with os.fdopen(read_fd, "r") as stdin:
        assert cli.run(checker, (), stdin, stdout) == (500, 0)
    written = b"".join(stdout.buffer.writes).decode().splitlines()
    assert [json.loads(out)["id"] for out in written] == list(range(500))
    assert len(stdout.buffer.writes) < 10  # not one system call per post


def test_run_answers_a_line_before_waiting_for_the_next():
    checker = checker_for(load_pack("core-en"))
    read_fd, write_fd = os.pipe()
    stdout = _UnbufferedStdout()
    answered = threading.Event()

    class _Raw(_CountingRaw):
        def write(self, data):
            answered.set()
            return super().write(data)

    stdout.buffer = _Raw()
    stdin = os.fdopen(read_fd, "r")
    thread = threading.Thread(target=cli.run, args=(checker, (), stdin, stdout))
    thread.start()
    with os.fdopen(write_fd, "wb") as pipe:
        pipe.write((line(id="first", text="Hello") + "\n").encode())
        pipe.flush()
        # The run must write the answer while it waits for a second line.
        assert answered.wait(10)
        assert json.loads(b"".join(stdout.buffer.writes))["id"] == "first"
    thread.join()
    stdin.close()
