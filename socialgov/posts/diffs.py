"""Word-level differences between two versions of a post. Pure: no database.

Text is cut into tokens that keep everything (words, runs of whitespace, each
punctuation mark or symbol) so that joining the tokens gives the text back
exactly, and a diff shown to a reviewer never loses a character. Tokens are
made of whole grapheme clusters: an accent written as a combining mark stays
on its letter, and an emoji with a skin tone or a family joined by ZWJ stays
one symbol, so a diff never cuts a character in half.
"""

import difflib
import unicodedata
from collections import Counter
from dataclasses import dataclass

import regex

# A word: graphemes that start with a letter or digit. French elisions
# (l’, qu’, aujourd’hui) split at the apostrophe, so changing "l’été" to
# "l’automne" shows only the word that changed.
TOKEN = regex.compile(r"(?:(?=\w)\X)+|(?:(?=\s)\X)+|\X", regex.VERSION1)

EQUAL, INSERT, DELETE = "equal", "insert", "delete"


def tokens(text):
    return TOKEN.findall(text)


@dataclass(frozen=True)
class Chunk:
    op: str  # equal, insert or delete
    text: str


def diff_words(old, new):
    """The chunks that turn ``old`` into ``new``; equal + delete chunks join to
    ``old``, equal + insert chunks to ``new``. Neighbouring chunks of the same
    kind are merged, and a replacement reads as its deletion then its insertion."""
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    chunks = []

    def add(op, parts):
        text = "".join(parts)
        if not text:
            return
        if chunks and chunks[-1].op == op:
            chunks[-1] = Chunk(op, chunks[-1].text + text)
        else:
            chunks.append(Chunk(op, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add(EQUAL, a[i1:i2])
            continue
        if tag in ("delete", "replace"):
            add(DELETE, a[i1:i2])
        if tag in ("insert", "replace"):
            add(INSERT, b[j1:j2])
    return _tidy(chunks)


REPLACE_SPACE_REPLACE = [DELETE, INSERT, EQUAL, DELETE, INSERT]


def _tidy(chunks):
    """Read "del ins del ins" with only spaces kept between as one deletion and
    one insertion: "<del>a b</del><ins>c d</ins>" reads better than four."""
    out = []
    for chunk in chunks:
        out.append(chunk)
        while (len(out) >= 5 and [c.op for c in out[-5:]] == REPLACE_SPACE_REPLACE
               and not out[-3].text.strip()):
            ins2, del2, space, ins1, del1 = (out.pop() for _ in range(5))
            out.append(Chunk(DELETE, del1.text + space.text + del2.text))
            out.append(Chunk(INSERT, ins1.text + space.text + ins2.text))
    return out


def side(chunks, which):
    """The text of one side of a diff: "old" or "new"."""
    keep = DELETE if which == "old" else INSERT
    return "".join(c.text for c in chunks if c.op in (EQUAL, keep))


def changed(chunks):
    return any(c.op != EQUAL for c in chunks)


# -- findings -----------------------------------------------------------------


def normalise_match(text):
    """The matched text as it is compared across versions: case, accents'
    encoding and spacing do not make a finding new."""
    return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())


def finding_key(finding):
    """What makes two findings of two versions the same finding: the rule that
    raised it and what it matched, never where (offsets move with every edit)."""
    rule = finding.rule_id or finding.rule_name or finding.kind
    return (str(rule), finding.kind, normalise_match(finding.matched))


@dataclass(frozen=True)
class FindingChanges:
    appeared: list
    disappeared: list


def finding_changes(old_findings, new_findings):
    """Findings of the new version that the old one did not have, and findings
    of the old version gone from the new; a finding raised twice and now once
    has one resolved."""
    old_left = Counter(finding_key(f) for f in old_findings)
    appeared = []
    for finding in new_findings:
        key = finding_key(finding)
        if old_left[key] > 0:
            old_left[key] -= 1
        else:
            appeared.append(finding)
    new_left = Counter(finding_key(f) for f in new_findings)
    disappeared = []
    for finding in old_findings:
        key = finding_key(finding)
        if new_left[key] > 0:
            new_left[key] -= 1
        else:
            disappeared.append(finding)
    return FindingChanges(appeared, disappeared)
