"""Where a commented passage sits in a later version of the text. Pure: no database.

A comment is anchored to a passage of the version it was made on: the quoted
text, its offsets (Python string indices, i.e. code points) and a little of
the text before and after it. In another version the passage is found again:

1. exactly: the quote itself; when it occurs several times, the occurrence
   where the diff between the two texts carries the old one, else the one
   whose surroundings match the stored context best, else the nearest;
2. else approximately: the span the old passage became through the word diff,
   kept when it still resembles the quote closely enough, letter by letter
   (compared only when quote and span make at most diffs.MATCHER_CAP pairs of
   characters: longer ones count as not found);
3. else nowhere: the comment is outdated and shows its original quote.

The work done is near linear in the texts' length, as in diffs.opcodes, and is
counted by diffs.measure.
"""

import difflib
from dataclasses import dataclass

from socialgov.posts.diffs import MATCHER_CAP, opcodes, record, tokens

CONTEXT = 32  # characters kept on each side of a passage for re-anchoring
FUZZY_THRESHOLD = 0.6


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    exact: bool  # False: the passage was edited, and this is what it became


def context_around(text, start, end, size=CONTEXT):
    return text[max(0, start - size):start], text[end:end + size]


def occurrences(quote, text):
    found, at = [], text.find(quote)
    while quote and at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


class OffsetMap:
    """Carries character offsets of ``old`` over to ``new`` through their word diff."""

    def __init__(self, old, new):
        a, b = tokens(old), tokens(new)
        a_at, b_at = _starts(a), _starts(b)
        self.old_length, self.new_length = len(old), len(new)
        self.blocks = []  # (tag, old start, old end, new start, new end) in characters
        for tag, i1, i2, j1, j2 in opcodes(a, b):
            self.blocks.append((tag, a_at[i1], a_at[i2], b_at[j1], b_at[j2]))

    def start(self, offset):
        """Where a passage starting at ``offset`` starts in the new text."""
        if offset >= self.old_length:
            return self.new_length
        for tag, o1, o2, n1, _n2 in self.blocks:
            if o1 <= offset < o2:
                return n1 + (offset - o1) if tag == "equal" else n1
        return self.new_length

    def end(self, offset):
        """Where a passage ending at ``offset`` ends in the new text."""
        if offset <= 0:
            return 0
        for tag, o1, o2, n1, n2 in self.blocks:
            if o1 < offset <= o2:
                return n1 + (offset - o1) if tag == "equal" else n2
        return self.new_length

    def carries(self, start, end):
        """True when the whole span [start, end) of the old text is unchanged."""
        return any(tag == "equal" and o1 <= start and end <= o2
                   for tag, o1, o2, _n1, _n2 in self.blocks)


def _starts(parts):
    offsets, at = [0], 0
    for part in parts:
        at += len(part)
        offsets.append(at)
    return offsets


def _common_prefix(a, b):
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _context_score(text, start, end, prefix, suffix):
    before = text[max(0, start - len(prefix)):start]
    after = text[end:end + len(suffix)]
    return _common_prefix(before[::-1], prefix[::-1]) + _common_prefix(after, suffix)


def reanchor(quote, old_text, start, end, new_text, prefix=None, suffix=None, offsets=None):
    """The passage ``quote`` (at ``start:end`` of ``old_text``) in ``new_text``,
    as an Anchor, or None when it no longer exists there. ``offsets``: the
    OffsetMap of the two texts, when the caller places several passages of the
    same pair (one diff for all of them)."""
    if not quote:
        return None
    if prefix is None or suffix is None:
        prefix, suffix = context_around(old_text, start, end)
    if old_text == new_text and new_text[start:end] == quote:
        return Anchor(start, end, True)
    offsets = offsets or OffsetMap(old_text, new_text)
    expected = offsets.start(start)
    carried = offsets.carries(start, end) and old_text[start:end] == quote
    candidates = occurrences(quote, new_text)
    if candidates:
        best = max(candidates, key=lambda at: (
            carried and at == expected,
            _context_score(new_text, at, at + len(quote), prefix, suffix),
            -abs(at - expected),
        ))
        return Anchor(best, best + len(quote), True)
    new_start, new_end = offsets.start(start), offsets.end(end)
    if new_end <= new_start:
        return None
    became = new_text[new_start:new_end]
    if not became.strip():
        return None
    if not _resembles(quote, became):
        return None
    return Anchor(new_start, new_end, False)


def _resembles(quote, became):
    """True when ``became`` is still close enough, letter by letter, to ``quote``."""
    matcher = difflib.SequenceMatcher(None, quote, became, autojunk=False)
    # Both quick ratios are upper bounds of ratio() that take linear time: a
    # passage they rule out needs no letter-by-letter comparison.
    if matcher.real_quick_ratio() < FUZZY_THRESHOLD or matcher.quick_ratio() < FUZZY_THRESHOLD:
        return False
    # ratio() costs up to pairs * min(length) on repetitive text: 200 characters
    # of "ab" against "a b " take about 40 ms, 2,000 about 40 s. Past the cap
    # the diff uses for its own matcher runs, the passage counts as not found.
    pairs = len(quote) * len(became)
    if pairs > MATCHER_CAP:
        return False
    record(matcher=pairs)
    return matcher.ratio() >= FUZZY_THRESHOLD
