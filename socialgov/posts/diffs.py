"""Word-level differences between two versions of a post. Pure: no database.

Text is cut into tokens that keep everything (words, runs of whitespace, each
punctuation mark or symbol) so that joining the tokens gives the text back
exactly, and a diff shown to a reviewer never loses a character. Tokens are
made of whole grapheme clusters: an accent written as a combining mark stays
on its letter, and an emoji with a skin tone or a family joined by ZWJ stays
one symbol, so a diff never cuts a character in half.

The diff itself (``opcodes``) does near-linear work whatever the texts: it
trims what both ends share, anchors on tokens found exactly once on each side
(patience diff), and hands difflib.SequenceMatcher, whose cost grows with the
cube of the input on repetitive text, only regions of at most ``MATCHER_CAP``
token pairs and at most ``MATCHER_BUDGET`` pairs in all; any other region
without an anchor is reported as replaced. ``measure()`` counts the work done.
"""

import contextvars
import difflib
import unicodedata
from collections import Counter
from contextlib import contextmanager
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
    chunks = []

    def add(op, parts):
        text = "".join(parts)
        if not text:
            return
        if chunks and chunks[-1].op == op:
            chunks[-1] = Chunk(op, chunks[-1].text + text)
        else:
            chunks.append(Chunk(op, text))

    for tag, i1, i2, j1, j2 in opcodes(a, b):
        if tag == "equal":
            add(EQUAL, a[i1:i2])
            continue
        if tag in ("delete", "replace"):
            add(DELETE, a[i1:i2])
        if tag in ("insert", "replace"):
            add(INSERT, b[j1:j2])
    return _tidy(chunks)


# -- the diff ---------------------------------------------------------------------

# The most pairs (len(a) * len(b)) one difflib.SequenceMatcher run may cover.
# Its time grows with pairs * min(len(a), len(b)) on repetitive input: 200 x
# 200 tokens of "a " against "b " take about 40 ms, 2,000 x 2,000 about 30 s.
# 40,000 pairs is 200 tokens, about 100 words, on each side: a whole rewritten
# 280-character post still gets a word diff, while a longer passage where no
# word occurs once on each side reads better as "text replaced" than as a diff
# pinned on spaces and "the".
MATCHER_CAP = 40_000
# The most pairs all the SequenceMatcher runs of one diff may cover, so that a
# text cut into many capped regions costs no more than four of them (under
# 0.2 s here). Up to 300 edits to a 63,206-character text of real prose used at
# most 25,000; once it is spent, regions without an anchor are reported as
# replaced.
MATCHER_BUDGET = 4 * MATCHER_CAP
# Looking for anchors reads every token of a region, and each split can reveal
# new anchors inside, so texts built for it can make a diff read them once per
# anchor. A diff reads at most this many times len(a) + len(b) tokens; edits to
# real prose needed less than two.
SCAN_PASSES = 8


@dataclass
class Work:
    """Diff work counted by ``measure``."""

    matcher: int = 0  # pairs given to difflib.SequenceMatcher: len(a) * len(b) per run
    scanned: int = 0  # tokens read while looking for anchors
    diffs: int = 0  # calls of ``opcodes``: each pair of texts diffed


_meters = contextvars.ContextVar("diff_meters", default=())


@contextmanager
def measure():
    """Count the diff work done while the block runs, in this context only: the
    thread or asyncio task, and code run in a copy of its context such as
    asgiref's sync_to_async (the meters are context variables)::

        with measure() as work:
            diff_words(old, new)
        assert work.matcher <= MATCHER_BUDGET

    ``work.matcher`` adds up len(a) * len(b) of every difflib.SequenceMatcher
    run, here and in anchors.reanchor; ``work.scanned`` the tokens read while
    looking for anchors. Blocks nest: each counts everything done inside it."""
    meter = Work()
    token = _meters.set((*_meters.get(), meter))
    try:
        yield meter
    finally:
        _meters.reset(token)


def record(matcher=0, scanned=0, diffs=0):
    """Add work to every ``measure`` block open in this context."""
    for meter in _meters.get():
        meter.matcher += matcher
        meter.scanned += scanned
        meter.diffs += diffs


def opcodes(a, b):
    """How to turn the list of strings ``a`` into ``b`` (tokens), in the shape
    of difflib.SequenceMatcher's get_opcodes(): (tag, i1, i2, j1, j2) tuples,
    tag one of "equal", "replace", "delete", "insert", covering both lists in
    order, with no two neighbouring tuples both "equal" or both not.

    Common ends are trimmed; then the strings found exactly once on each side
    are matched (patience diff: of those in the same order on both sides, the
    ones with the most characters) and the gaps between them are diffed the
    same way. A gap with no such string, or any gap once anchors have been
    looked for over SCAN_PASSES * (len(a) + len(b)) tokens, goes to
    SequenceMatcher when it has at most MATCHER_CAP pairs and this call's
    MATCHER_BUDGET is not spent, and is otherwise one "replace". The work is
    near linear in len(a) + len(b) and is counted by ``measure``."""
    record(diffs=1)
    out = []
    scan_left = SCAN_PASSES * (len(a) + len(b))
    matcher_left = MATCHER_BUDGET
    # Regions (alo, ahi, blo, bhi) still to diff and ready "equal" tuples, the
    # next one last: a loop, not recursion, as anchors can nest thousands deep.
    todo = [(0, len(a), 0, len(b))]
    while todo:
        item = todo.pop()
        if len(item) == 5:
            out.append(item)
            continue
        alo, ahi, blo, bhi = item
        start = alo
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            alo += 1
            blo += 1
        if alo > start:
            out.append(("equal", start, alo, blo - (alo - start), blo))
        end = ahi
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi -= 1
            bhi -= 1
        if ahi < end:
            todo.append(("equal", ahi, end, bhi, bhi + (end - ahi)))
        if alo == ahi or blo == bhi:
            out.append(("delete" if blo == bhi else "insert", alo, ahi, blo, bhi))
            continue
        size = (ahi - alo) + (bhi - blo)
        if size <= scan_left:
            scan_left -= size
            record(scanned=size)
            anchors = _anchors(a, alo, ahi, b, blo, bhi)
            if anchors:
                todo.append((anchors[-1][0] + 1, ahi, anchors[-1][1] + 1, bhi))
                for (i, j), (next_i, next_j) in zip(anchors[-2::-1], anchors[:0:-1],
                                                    strict=True):
                    todo.append(("equal", next_i, next_i + 1, next_j, next_j + 1))
                    todo.append((i + 1, next_i, j + 1, next_j))
                todo.append(("equal", anchors[0][0], anchors[0][0] + 1,
                             anchors[0][1], anchors[0][1] + 1))
                todo.append((alo, anchors[0][0], blo, anchors[0][1]))
                continue
        pairs = (ahi - alo) * (bhi - blo)
        if pairs > MATCHER_CAP or pairs > matcher_left:
            out.append(("replace", alo, ahi, blo, bhi))
            continue
        matcher_left -= pairs
        record(matcher=pairs)
        matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            out.append((tag, alo + i1, alo + i2, blo + j1, blo + j2))
    return _joined(out)


def _anchors(a, alo, ahi, b, blo, bhi):
    """The (i, j) of the strings found once in a[alo:ahi] and once in
    b[blo:bhi], a[i] == b[j]: of the lists of them in the same order on both
    sides, the one with the most characters."""
    in_a, in_b = Counter(a[alo:ahi]), Counter(b[blo:bhi])
    at_b = {item: j for j, item in enumerate(b[blo:bhi], blo) if in_b[item] == 1}
    pairs = [(i, at_b[item]) for i, item in enumerate(a[alo:ahi], alo)
             if item in at_b and in_a[item] == 1]
    # Heaviest increasing subsequence of the j's (pairs come in order of i),
    # each pair weighing its length: counting pairs alone would rather keep
    # three lone ".", "Sale" and "on" than two words of a moved sentence.
    # A Fenwick tree over j - blo gives the heaviest run ending before j.
    size = bhi - blo
    tree_weight, tree_at = [0] * (size + 1), [-1] * (size + 1)
    weight, before = [], []
    for n, (i, j) in enumerate(pairs):
        best, best_at, k = 0, -1, j - blo  # positions 1..k hold the j's below this one
        while k > 0:
            if tree_weight[k] > best:
                best, best_at = tree_weight[k], tree_at[k]
            k &= k - 1
        weight.append(best + len(a[i]))
        before.append(best_at)
        k = j - blo + 1
        while k <= size:
            if weight[n] > tree_weight[k]:
                tree_weight[k], tree_at[k] = weight[n], n
            k += k & -k
    run, n = [], max(range(len(pairs)), key=weight.__getitem__, default=-1)
    while n >= 0:
        run.append(pairs[n])
        n = before[n]
    return run[::-1]


def _joined(ops):
    """Ops without empty ones, neighbours of the same kind made one: equal with
    equal, and any changes in a row into one replace, delete or insert."""
    out = []
    for op in ops:
        tag, i1, i2, j1, j2 = op
        if i1 == i2 and j1 == j2:
            continue
        if out and (out[-1][0] == "equal") == (tag == "equal"):
            i1, j1 = out[-1][1], out[-1][3]
            if tag != "equal":
                tag = "replace" if i1 < i2 and j1 < j2 else "delete" if i1 < i2 else "insert"
            out[-1] = (tag, i1, i2, j1, j2)
        else:
            out.append(op)
    return out


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
