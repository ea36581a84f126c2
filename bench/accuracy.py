"""Accuracy of the default rule packs on the labelled posts.

Runs every post of the development set (``../shared/evals-dev/*.yaml``, beside the repo)
and of ``tests/evals/*.yaml`` (every file; a file whose name contains "gaffe" holds
gaffes, any other ordinary posts; ``--no-synthetic`` leaves out the files whose name
contains "synthetic", gaffes written for the project rather than real incidents) through
the default packs (core-en + core-fr) with its language, and prints:

* recall on gaffes (all, and text-only: ``requires_media: false``);
* the false-alarm rate on ordinary posts (all, and near misses);

overall and per language, twice: without context, and with context (the post's
``watch`` words as crisis watch words, scheduled at ``planned_at``). A post is flagged
when one finding has severity warning or error. Severity agreement: ``block`` gaffes
should carry an error, ``flag`` gaffes at least a warning.

Then the external corpora (``../shared/evals-dev/external/*.csv``: real speech nobody
on the project wrote, read at run time and never copied into the project): each row goes
through the same packs with ``lang`` from the row and ``networks`` = ``[network]``, as
their README says (X leaves out the @handles that open a reply, and so does the length
rule). For each corpus and class it prints the rows flagged (caught, for the classes
that should be flagged) against the issue's goal, then the rules that flag the rows that
should pass, with the number of rows each flags. It prints rule names and counts only,
never a row's text.

Run: .venv/bin/python bench/accuracy.py [--dev PATH] [--verbose] [--only dev|extra]
     [--no-synthetic] [--external-only] [--no-external] [--top N]
Targets: >= 70 % of text-only gaffes flagged without context, >= 90 % with context,
<= 5 % of ordinary posts flagged; the external goals are in the table it prints.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from socialgov.checks.base import PostInput  # noqa: E402
from socialgov.checks.checkers import default_checker  # noqa: E402

DEFAULT_DEV = ROOT.parent / "shared" / "evals-dev"
EXTRA = ROOT / "tests" / "evals"
FLAGGING = ("warning", "error")

# (corpus file stem, class) -> (what is wanted, goal as a fraction, or None: no goal).
# "pass": the rows should pass (flagged % is a false-alarm rate, at most the goal);
# "flag": they should be flagged (caught %, at least the goal); "report": no expectation
# or not to tune on (mlma "normal" was collected by slur keywords), shown for reference.
EXTERNAL_CLASSES = {
    ("brand-care-en", "agent-reply"): ("pass", 0.05),
    ("brand-care-en", "customer"): ("report", None),
    ("davidson-en", "neither"): ("pass", 0.15),
    ("davidson-en", "hate"): ("flag", 0.92),
    ("davidson-en", "offensive"): ("flag", 0.88),
    ("vader-tweets-en", "positive"): ("pass", None),
    ("vader-tweets-en", "neutral"): ("pass", None),
    ("vader-tweets-en", "negative"): ("report", None),
    ("mlma-fr", "hateful"): ("flag", 0.85),
    ("mlma-fr", "other-hostile"): ("flag", 0.75),
    ("mlma-fr", "normal"): ("report", None),
}
# The benign classes whose flagging rules are listed (mlma "normal" is reported only).
BENIGN = {
    ("brand-care-en", "agent-reply"),
    ("davidson-en", "neither"),
    ("vader-tweets-en", "positive"),
    ("vader-tweets-en", "neutral"),
    ("mlma-fr", "normal"),
}


def load(path: Path) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    for item in data:
        item["_file"] = f"{path.parent.name}/{path.name}"
    return data


def planned(value) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value
    text = str(value).strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    return datetime.fromisoformat(text)


def post_for(item: dict, context: bool) -> PostInput:
    network = str(item.get("network") or "")
    networks = tuple(
        n.strip()
        for n in network.split(";")
        if n.strip() in ("x", "facebook", "instagram", "linkedin", "threads", "bluesky", "mastodon")
    )
    return PostInput(
        text=item["text"],
        networks=networks,
        language=item.get("language"),
        watch=tuple(item.get("watch") or ()) if context else (),
        planned_at=planned(item.get("planned_at")) if context else None,
    )


def pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f}% ({n}/{d})" if d else "   n/a"


def flagged(findings) -> bool:
    return any(f.severity in FLAGGING for f in findings)


def describe(findings) -> str:
    return (
        "; ".join(
            f"{f.severity}:{f.rule_id} “{f.matched}”" for f in findings if f.severity in FLAGGING
        )
        or "(no warning or error)"
    )


def external_post(row: dict) -> PostInput:
    network = (row.get("network") or "").strip()
    return PostInput(
        text=row.get("text") or "",
        networks=(network,) if network else (),
        language=(row.get("lang") or "").strip() or None,
    )


def external_report(folder: Path, checker, top: int) -> int:
    """Print flagged % per corpus and class and the rules flagging the benign rows."""
    paths = sorted(folder.glob("*.csv"))
    if not paths:
        print(f"no external corpora found in {folder}", file=sys.stderr)
        return 2
    # (corpus, class) -> [rows, rows flagged, Counter of rule ids flagging a row]
    tallies: dict[tuple[str, str], list] = {}
    n_rows = 0
    started = time.perf_counter()
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                findings = checker.check(external_post(row)).findings
                rules = {f.rule_id for f in findings if f.severity in FLAGGING}
                tally = tallies.setdefault((path.stem, row.get("label") or "?"), [0, 0, Counter()])
                tally[0] += 1
                tally[1] += bool(rules)
                tally[2].update(rules)
                n_rows += 1
    elapsed = time.perf_counter() - started
    print(
        f"== EXTERNAL dev halves ({folder}): {n_rows} rows in {elapsed:.2f} s "
        f"({1e6 * elapsed / max(n_rows, 1):.0f} µs/row)"
    )
    print("| corpus | class | rows | measure | now | goal |")
    print("|---|---|---|---|---|---|")
    order = list(EXTERNAL_CLASSES) + sorted(k for k in tallies if k not in EXTERNAL_CLASSES)
    for key in order:
        if key not in tallies:
            continue
        rows, hit, _ = tallies[key]
        want, goal = EXTERNAL_CLASSES.get(key, ("report", None))
        measure = {"pass": "flagged", "flag": "caught", "report": "flagged (report)"}[want]
        if goal is None:
            goal_text = "as low as possible" if want == "pass" else "–"
        else:
            ok = hit / rows <= goal if want == "pass" else hit / rows >= goal
            sign = "≤" if want == "pass" else "≥"
            goal_text = f"{sign} {100 * goal:.0f} % {'ok' if ok else 'MISSED'}"
        print(
            f"| {key[0]} | {key[1]} | {rows} | {measure} | "
            f"{100 * hit / rows:.1f} % ({hit}) | {goal_text} |"
        )
    print()
    print(f"Top rules on the rows that should pass (rows flagged by each, top {top}):")
    for key in order:
        if key not in tallies or key not in BENIGN:
            continue
        rows, hit, rules = tallies[key]
        listed = ", ".join(f"{rule} {count}" for rule, count in rules.most_common(top))
        print(f"  {key[0]} {key[1]} ({hit}/{rows} flagged): {listed or '-'}")
    print()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="the dev set folder")
    parser.add_argument("--only", choices=("dev", "extra"), help="score one set only")
    parser.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="print each missed gaffe and each flagged ordinary post",
    )
    parser.add_argument(
        "--no-synthetic",
        action="store_true",
        help="leave out tests/evals files whose name contains 'synthetic'",
    )
    parser.add_argument(
        "--external-only",
        action="store_true",
        help="score the external corpora only (a quick run)",
    )
    parser.add_argument("--no-external", action="store_true", help="leave out the external corpora")
    parser.add_argument(
        "--top", type=int, default=8, help="rules listed per benign class (default 8)"
    )
    args = parser.parse_args()

    if args.external_only:
        started = time.perf_counter()
        checker = default_checker()
        print(
            f"default packs: {len(checker)} rules, compiled in "
            f"{1000 * (time.perf_counter() - started):.0f} ms"
        )
        return external_report(args.dev / "external", checker, args.top)

    gaffes: list[dict] = []
    ordinary: list[dict] = []
    sources = []
    if args.only != "extra":
        if not args.dev.is_dir():
            print(f"dev set not found at {args.dev} (use --dev PATH)", file=sys.stderr)
            return 2
        sources += sorted(args.dev.glob("*.yaml"))
    if args.only != "dev":
        sources += sorted(
            p for p in EXTRA.glob("*.yaml") if not (args.no_synthetic and "synthetic" in p.stem)
        )
    for path in sources:
        items = load(path)
        (gaffes if "gaffe" in path.stem else ordinary).extend(items)

    started = time.perf_counter()
    checker = default_checker()
    print(
        f"default packs: {len(checker)} rules, compiled in "
        f"{1000 * (time.perf_counter() - started):.0f} ms"
    )
    print("files: " + ", ".join(f"{p.parent.name}/{p.name}" for p in sources))

    results: dict[tuple[str, bool], list] = {}
    started = time.perf_counter()
    for context in (False, True):
        for item in gaffes + ordinary:
            results[(id(item), context)] = checker.check(post_for(item, context)).findings
    elapsed = time.perf_counter() - started
    n_posts = 2 * (len(gaffes) + len(ordinary))
    print(
        f"checked {n_posts} posts in {elapsed:.2f} s "
        f"({1e6 * elapsed / max(n_posts, 1):.0f} µs/post)\n"
    )

    langs = ("all", "en", "fr")

    def subset(items, lang):
        return [i for i in items if lang == "all" or i.get("language") == lang]

    for context in (False, True):
        label = "WITH CONTEXT (watch words + planned_at)" if context else "TEXT ONLY (no context)"
        print(f"== {label}")
        print(f"{'':34}" + "".join(f"{lang:>20}" for lang in langs))
        rows = []
        for name, pick in (
            ("gaffes flagged (recall), all", lambda i: True),
            ("gaffes flagged, text-only", lambda i: not i.get("requires_media")),
        ):
            cells = []
            for lang in langs:
                items = [i for i in subset(gaffes, lang) if pick(i)]
                hit = sum(flagged(results[(id(i), context)]) for i in items)
                cells.append(pct(hit, len(items)))
            rows.append((name, cells))
        cells = []
        for lang in langs:
            items = subset(gaffes, lang)
            agree = 0
            for i in items:
                sev = {f.severity for f in results[(id(i), context)]}
                want = "error" if i.get("expected") == "block" else None
                agree += ("error" in sev) if want else bool(sev & set(FLAGGING))
            cells.append(pct(agree, len(items)))
        rows.append(("severity agreement", cells))
        for name, pick in (
            ("ordinary flagged (false alarms)", lambda i: True),
            ("near-miss ordinary flagged", lambda i: i.get("near_miss")),
        ):
            cells = []
            for lang in langs:
                items = [i for i in subset(ordinary, lang) if pick(i)]
                hit = sum(flagged(results[(id(i), context)]) for i in items)
                cells.append(pct(hit, len(items)))
            rows.append((name, cells))
        for name, cells in rows:
            print(f"{name:34}" + "".join(f"{c:>20}" for c in cells))
        by_file = []
        for path in sources:
            key = f"{path.parent.name}/{path.name}"
            items = [i for i in gaffes + ordinary if i["_file"] == key]
            if "gaffe" in path.stem:
                items = [i for i in items if not i.get("requires_media")]
                hit = sum(flagged(results[(id(i), context)]) for i in items)
                by_file.append(f"{key}: text-only recall {pct(hit, len(items))}")
            else:
                hit = sum(flagged(results[(id(i), context)]) for i in items)
                by_file.append(f"{key}: flagged {pct(hit, len(items))}")
        print("  per file: " + " | ".join(by_file))
        print()

    if not args.no_external and args.only != "extra":
        status = external_report(args.dev / "external", checker, args.top)
        if status:
            return status

    if args.verbose:
        for context in (False, True):
            tag = "with context" if context else "text only"
            print(f"-- missed gaffes ({tag})")
            for i in gaffes:
                if not flagged(results[(id(i), context)]):
                    media = " [media]" if i.get("requires_media") else ""
                    print(f"  {i['id']}{media} ({i['language']}, {i.get('why')}): {i['text']}")
        print("-- flagged ordinary posts (text only)")
        for i in ordinary:
            findings = results[(id(i), False)]
            if flagged(findings):
                print(f"  {i['id']} ({i['language']}): {i['text']}\n      -> {describe(findings)}")
        print("-- caught gaffes (text only): rule, matched text")
        for i in gaffes:
            findings = results[(id(i), False)]
            if flagged(findings):
                print(f"  {i['id']}: {describe(findings)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
