"""Check posts given as JSON Lines: the logic behind ``manage.py checkposts``.

Input, one post per line::

    {"id": any, "text": str, "networks": ["x", ...], "lang": "en"|"fr"|null,
     "planned_at": ISO-8601|null, "watch": [str]|null, "replying_to": str|null}

``replying_to`` is the customer's message a reply answers (its tone is judged against it).

Output, one line per input line, in order::

    {"id", "risk", "blocking", "findings": [{"rule", "kind", "severity", "start", "end",
                                             "match", "message", "suggestion"}]}

``message`` and ``suggestion`` are strings in the post's language (the detected one when
``lang`` is null, English when undecided). ``start``/``end`` index the post's text (Python
string offsets: ``text[start:end] == match``). A line that cannot be read gives
``{"line": N, "error": "..."}`` (N counted from 1) and the next lines go on. Blank lines
are skipped (they still count for N).

No Django here: ``python -m socialgov.checks.cli --pack core-en`` runs the same loop
without settings, and the management command is a thin wrapper around ``run``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, TextIO

from socialgov.checks.base import LANGUAGES, PostInput, RuleSpec
from socialgov.checks.checkers import checker_for
from socialgov.checks.engine import Checker, CheckResult
from socialgov.checks.language import post_language
from socialgov.checks.packs import DEFAULT_PACKS, load_pack_with_notes

_FIELDS = {"id", "text", "networks", "lang", "planned_at", "watch"}


class LineError(ValueError):
    """A line is not a valid post."""


def parse_post(line: str | bytes, extra_watch: Sequence[str] = ()) -> tuple[Any, PostInput]:
    """``(id, PostInput)`` for one JSON line; ``LineError`` when it is malformed."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise LineError(f"not UTF-8: {exc.reason} at byte {exc.start}") from exc
    try:
        data = _DECODER.decode(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        message = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
        raise LineError(f"invalid JSON: {message}") from exc
    if not isinstance(data, dict):
        raise LineError("a post must be a JSON object")
    text = data.get("text")
    if not isinstance(text, str):
        raise LineError("'text' must be a string")
    networks = data.get("networks")
    if networks is None:
        networks = []
    if not isinstance(networks, list) or not all(isinstance(n, str) for n in networks):
        raise LineError("'networks' must be a list of strings")
    lang = data.get("lang")
    if lang is not None and lang not in LANGUAGES:
        raise LineError(f"'lang' must be one of {', '.join(LANGUAGES)} or null")
    planned_at = _parse_datetime(data.get("planned_at"))
    watch = data.get("watch")
    if watch is None:
        watch = []
    if not isinstance(watch, list) or not all(isinstance(w, str) for w in watch):
        raise LineError("'watch' must be a list of strings or null")
    replying_to = data.get("replying_to")
    if replying_to is None:
        replying_to = ""
    if not isinstance(replying_to, str):
        raise LineError("'replying_to' must be a string or null")
    words = [w for w in watch if w.strip()]
    for word in extra_watch:
        if word.strip() and word not in words:
            words.append(word)
    post = PostInput(
        text=text,
        networks=tuple(n.strip().lower() for n in networks),
        planned_at=planned_at,
        language=lang,
        watch=tuple(words),
        replying_to=replying_to,
    )
    return data.get("id"), post


def _not_a_json_number(name: str):
    """NaN, Infinity and -Infinity: Python's json reads them, but they are not JSON."""
    raise LineError(f"invalid JSON: {name} is not a JSON number")


def _integer(digits: str) -> int:
    """An integer, unless it has more digits than Python converts (a number that long is
    no post id, and converting it would take time quadratic in its length)."""
    if len(digits.lstrip("-")) > sys.get_int_max_str_digits() > 0:
        raise LineError(f"a number of {len(digits.lstrip('-'))} digits is too long")
    return int(digits)


def _finite_float(text: str) -> float:
    """A number with a fraction or an exponent, unless it is too large for a float (1e999
    would be read as infinity, which JSON cannot write back)."""
    value = float(text)
    if not math.isfinite(value):
        raise LineError(f"the number {text[:20]} is too large")
    return value


# Made once: json.loads with these hooks would make a decoder for every line.
_DECODER = json.JSONDecoder(parse_constant=_not_a_json_number, parse_int=_integer,
                            parse_float=_finite_float)


def _parse_datetime(value) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise LineError("'planned_at' must be an ISO-8601 date-time string or null")
    text = value.strip()
    if text[-1:] in ("Z", "z"):
        text = text[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(text)
    except ValueError as exc:
        raise LineError(f"'planned_at' is not an ISO-8601 date-time: {value!r}") from exc


def _localized(texts: dict, lang: str) -> str:
    if not texts:
        return ""
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


def result_dict(post_id: Any, post: PostInput, result: CheckResult) -> dict:
    """The output object for one checked post."""
    lang = post_language(post) or "en"
    return {
        "id": post_id,
        "risk": result.risk,
        "blocking": result.blocking,
        "findings": [
            {
                "rule": f.rule_id,
                "kind": f.kind,
                "severity": f.severity,
                "start": f.start,
                "end": f.end,
                "match": f.matched,
                "message": _localized(f.message, lang),
                "suggestion": _localized(f.suggestion, lang),
            }
            for f in result.findings
        ],
    }


def process(
    lines: Iterable[str | bytes],
    checker: Checker,
    write: Callable[[str], Any],
    extra_watch: Sequence[str] = (),
) -> tuple[int, int]:
    """Check each line and ``write`` one JSON line per post; returns ``(posts, errors)``."""
    posts = errors = 0
    dumps = json.dumps
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            post_id, post = parse_post(line, extra_watch)
        except LineError as exc:
            errors += 1
            write(dumps({"line": number, "error": str(exc)}, ensure_ascii=False) + "\n")
            continue
        try:
            out = result_dict(post_id, post, checker.check(post))
        except Exception as exc:  # one bad post must not stop the stream
            errors += 1
            out = {"line": number, "error": f"check failed: {type(exc).__name__}: {exc}"}
            if post_id is not None:
                out["id"] = post_id
        posts += 1
        try:
            write(dumps(out, ensure_ascii=False, allow_nan=False) + "\n")
        except (TypeError, ValueError):  # an id JSON cannot carry back
            errors += 1
            write(dumps({"line": number, "error": "id cannot be written as JSON"}) + "\n")
    return posts, errors


def read_lines(fd: int, before_wait: Callable[[], Any] = lambda: None) -> Iterator[bytes]:
    """Lines of a file descriptor, read in large chunks.

    ``before_wait`` runs before every read that may block (flush the output there): a
    bulk run writes in big batches, while a caller that sends one line and waits for its
    answer still gets it.
    """
    pending = b""
    while True:
        before_wait()
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            break
        pending += chunk
        if b"\n" not in chunk:
            continue
        *complete, pending = pending.split(b"\n")
        for line in complete:
            yield line[:-1] if line.endswith(b"\r") else line
    if pending:
        yield pending


def load_checker(
    packs: Sequence[str] = (), extra_specs: Sequence[RuleSpec] = ()
) -> tuple[Checker, list[str]]:
    """Compile the given packs (the default packs when none) plus extra specs."""
    specs: list[RuleSpec] = list(extra_specs)
    notes: list[str] = []
    for name in packs or (DEFAULT_PACKS if not extra_specs else ()):
        pack_specs, pack_notes = load_pack_with_notes(name)
        specs.extend(pack_specs)
        notes.extend(f"{name}: skipped {note}" for note in pack_notes)
    return checker_for(specs), notes


def run(
    checker: Checker,
    extra_watch: Sequence[str] = (),
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> tuple[int, int]:
    """Stream stdin to stdout (binary buffers, UTF-8), writing only before a read waits
    or when 64 KiB of answers are waiting."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    out = stdout.buffer if hasattr(stdout, "buffer") else None
    if out is None:  # a text stream (tests): plain writes
        return process(stdin, checker, stdout.write, extra_watch)
    batch = _Batch(out)
    try:
        fd = stdin.fileno()
    except (AttributeError, OSError, ValueError):
        fd = None
    if fd is None:
        result = process(stdin, checker, batch.write, extra_watch)
    else:
        result = process(read_lines(fd, batch.flush), checker, batch.write, extra_watch)
    batch.flush()
    return result


class _Batch:
    """Output lines gathered and written together. Python's stdout may be unbuffered
    (``python -u``, PYTHONUNBUFFERED): a system call per line then costs a tenth of the
    time of checking a short post."""

    LIMIT = 1 << 16

    def __init__(self, out):
        self._out = out
        self._lines: list[str] = []
        self._size = 0

    def write(self, text: str) -> None:
        self._lines.append(text)
        self._size += len(text)
        if self._size >= self.LIMIT:
            self.flush()

    def flush(self) -> None:
        if self._lines:
            self._out.write("".join(self._lines).encode("utf-8"))
            self._lines, self._size = [], 0
        self._out.flush()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m socialgov.checks.cli",
        description="Check JSON Lines posts from stdin against rule packs (no database).",
    )
    parser.add_argument("--pack", action="extend", nargs="+", default=[], metavar="PACK")
    parser.add_argument("--watch", action="extend", nargs="+", default=[], metavar="WORD")
    args = parser.parse_args(argv)
    try:
        checker, notes = load_checker(args.pack)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for note in notes:
        print(note, file=sys.stderr)
    run(checker, args.watch)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
