"""How well the word lists survive simple obfuscation, and what de-obfuscating costs.

Takes the default packs' own listed single words (the ``banned_terms`` rules of severity
error: profanity, slurs), hides each one in three ways inside neutral sentence frames,
and prints the share still caught (a warning or an error over the hidden word) per form:

* ``dot``: dots inside the word ("st.u.pid");
* ``emoji``: an emoji inside the word ("stu🔥pid");
* ``spaced``: letters spaced after a one-letter word ("you are a s t u p i d").

Then the false-match rate: the share of benign posts (``ordinary.yaml`` of the dev set,
and the rows of ``../shared/evals-dev/external/`` that should pass) that get a warning or
an error only through the de-obfuscating readings (the same posts checked again with
``join_broken_words`` and ``join_spelled_out_after_word`` left out of the readings). The
external rows are read at run time only.

Run: .venv/bin/python bench/obfuscation.py [--verbose]
Target: >= 95 % caught for each form; no new false match.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from socialgov.checks import normalize as norm  # noqa: E402
from socialgov.checks.base import PostInput  # noqa: E402
from socialgov.checks.checkers import default_checker  # noqa: E402
from socialgov.checks.packs import load_default_packs  # noqa: E402

DEV = ROOT.parent / "shared" / "evals-dev"
EXTERNAL = DEV / "external"
BENIGN = {
    "brand-care-en.csv": {"agent-reply"},
    "davidson-en.csv": {"neither"},
    "vader-tweets-en.csv": {"positive", "neutral"},
}
FLAGGING = ("warning", "error")
FRAMES = {
    "en": ["Honestly, {} is what I heard today.", "He wrote {} on the board again."],
    "fr": ["Franchement, {} est ce que j'ai entendu.", "Il a encore écrit {} au tableau."],
}
SPACED_FRAMES = {
    "en": ["you are a {} and everyone knows it", "I said a {} yesterday"],
    "fr": ["il y a {} partout ici", "t'es à {} près"],
}
EMOJI = "🔥"
NEW_STEPS = (norm.join_broken_words, norm.join_spelled_out_after_word)


def listed_words() -> dict[str, list[str]]:
    """The single plain words of the error-severity word lists, by language."""
    out: dict[str, set[str]] = {"en": set(), "fr": set()}
    for spec in load_default_packs():
        if spec.kind != "banned_terms" or spec.severity != "error":
            continue
        lang = "fr" if spec.id.startswith("core-fr") else "en"
        for term in spec.params.get("terms", ()):
            if term.isalpha() and len(term) >= 4:
                out[lang].add(term.lower())
    return {lang: sorted(words) for lang, words in out.items()}


def dotted(word: str) -> str:
    a, b = max(1, len(word) // 3), max(2, 2 * len(word) // 3)
    return f"{word[:a]}.{word[a:b]}.{word[b:]}"


def with_emoji(word: str) -> str:
    middle = len(word) // 2
    return f"{word[:middle]}{EMOJI}{word[middle:]}"


def spaced(word: str) -> str:
    return " ".join(word)


FORMS = {"dot": dotted, "emoji": with_emoji, "spaced": spaced}


def caught(checker, text: str, lang: str, start: int, end: int) -> bool:
    findings = checker.check(PostInput(text=text, language=lang)).findings
    return any(
        f.severity in FLAGGING and f.start < end and start < f.end for f in findings
    )


def flags(checker, text: str, lang: str) -> set[tuple[int, int, str]]:
    findings = checker.check(PostInput(text=text, language=lang)).findings
    return {(f.start, f.end, f.rule_id) for f in findings if f.severity in FLAGGING}


def benign_posts():
    for item in yaml.safe_load((DEV / "ordinary.yaml").read_text(encoding="utf-8")) or []:
        yield "ordinary.yaml", item["text"], item.get("language") or "en"
    for name, labels in BENIGN.items():
        path = EXTERNAL / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row["label"] in labels:
                    yield name, row["text"], row["lang"] or "en"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="print each miss")
    args = parser.parse_args()
    checker = default_checker()
    words = listed_words()
    print("Words still caught after obfuscation (the packs' own error-list words):")
    for form, hide in FORMS.items():
        frames = SPACED_FRAMES if form == "spaced" else FRAMES
        total = hits = 0
        for lang, listed in words.items():
            for word in listed:
                hidden = hide(word)
                for frame in frames[lang]:
                    text = frame.format(hidden)
                    start = text.index(hidden)
                    total += 1
                    if caught(checker, text, lang, start, start + len(hidden)):
                        hits += 1
                    elif args.verbose:
                        print(f"  missed ({form}, {lang}): {text}")
        print(f"  {form:7} {100 * hits / total:5.1f}% ({hits}/{total})")
    print("Benign posts flagged only through the de-obfuscating readings:")
    posts = list(benign_posts())
    flagging = [flags(checker, text, lang) for _, text, lang in posts]
    steps = norm.VARIANT_STEPS
    norm.VARIANT_STEPS = tuple(
        tuple(step for step in variant if step not in NEW_STEPS)
        for variant in steps
        if norm.join_spelled_out_after_word not in variant
    )
    try:
        without = [flags(default_checker(), text, lang) for _, text, lang in posts]
    finally:
        norm.VARIANT_STEPS = steps
    counts: dict[str, list[int]] = {}
    for (source, text, _), now, before in zip(posts, flagging, without, strict=True):
        tally = counts.setdefault(source, [0, 0])
        tally[1] += 1
        if now - before:
            tally[0] += 1
            if args.verbose:
                start, end, rule_id = sorted(now - before)[0]
                print(f"  {source}: {rule_id} “{text[start:end]}”")
    for source, (n, d) in counts.items():
        print(f"  {source:22} {100 * n / d:5.2f}% ({n}/{d})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
