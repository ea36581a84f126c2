"""How each network counts characters.

* X (twitter-text v3 ``parseTweet``): the text is NFC-normalised; each URL (see
  ``socialgov.checks.urls``: with ``https://`` or a bare ``exemple.com``) counts 23;
  an emoji sequence (ZWJ sequence, flag, keycap, skin tone, ``❤️``) counts 2 as a whole;
  any other code point weighs 1 in U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F and
  U+2032–U+2037, else 2. Limit 280 (28,000 at twitter-text's scale of 100). The handles
  that open a reply (``@marie @jean `` at the very start: each ``@`` and 1–15 letters,
  digits or ``_``, then spaces) count 0. A text holding one of twitter-text's invalid
  characters (U+FFFE, U+FEFF, U+FFFF) is refused whatever its length (``x_count``).
* Bluesky: extended grapheme clusters (``regex``'s ``\\X``); URLs count in full.
* Mastodon (``StatusLengthValidator``): grapheme clusters, every ``http(s)://`` URL
  counts 23 and a remote mention ``@user@domain`` counts as ``@user``.
* Threads, LinkedIn, Instagram, Facebook: code points after NFC.

Instagram also caps hashtags (30 per post), reported by ``max_length`` as a separate
finding (see ``HASHTAG_LIMITS`` and ``hashtag_spans``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import NamedTuple

import regex

from socialgov.checks import urls

LIMITS: dict[str, int] = {
    "x": 280,
    "linkedin": 3000,
    "facebook": 63206,
    "instagram": 2200,
    "threads": 500,
    "bluesky": 300,
    "mastodon": 500,
}

HASHTAG_LIMITS: dict[str, int] = {"instagram": 30}

# twitter-text's invalidCharsGroup: X refuses a text holding one, whatever its length.
X_INVALID_CHARACTERS = "\ufffe\ufeff\uffff"

DISPLAY_NAMES: dict[str, str] = {
    "x": "X",
    "linkedin": "LinkedIn",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "threads": "Threads",
    "bluesky": "Bluesky",
    "mastodon": "Mastodon",
}

URL_LENGTH = 23
GRAPHEME_NETWORKS = frozenset({"bluesky", "mastodon"})

# twitter-text v3 code point ranges that weigh 1 (scale 100, weight 100); default weight 2.
_X_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))

# Characters that are a grapheme cluster of their own whatever surrounds them: ASCII
# (but CR), Latin, IPA and spacing modifiers, general punctuation (but ZWNJ and ZWJ),
# currency, letterlike, arrows, maths and other symbols. For X they must also weigh 1.
# Text made of these weighs 1 per character; anything else (accents typed as combining
# marks, emoji, flags, Hangul jamo, CJK...) is cut into clusters with ``regex``'s \X.
_GRAPHEME_NOTABLE = re.compile(r"[^\x00-\x0c\x0e-\u02ff\u2000-\u200b\u200e-\u20cf\u2100-\u2bff]+")
_X_NOTABLE = re.compile(r"[^\x00-\u02ff\u2000-\u200b\u2010-\u201f\u2032-\u2037]+")
# A code point that weighs 2 on X (outside _X_LIGHT_RANGES).
_X_HEAVY = re.compile(r"[^\x00-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]")
_CLUSTER = regex.compile(r"\X")
_PREPEND = regex.compile(r"\p{GCB=Prepend}")
_X_EMOJI_START = regex.compile(r"[#*0-9]\ufe0f?\u20e3|\p{RI}\p{RI}|\p{ExtPict}")
# The "@" first, then a look-behind past it (as _HASHTAG below): the scan runs in C from
# one "@" to the next.
_MASTODON_MENTION = re.compile(
    r"(@(?<![/\w]@)[a-z0-9_]+(?:[a-z0-9_.-]*[a-z0-9_])?)@[\w.-]*\w", re.IGNORECASE
)
# The "#" first, then a look-behind past it, so re scans from one "#" to the next in C
# (the same matches as the look-behind first: see tests/checks/test_checks_speedups.py).
_HASHTAG = re.compile(r"[#＃](?<![\w&#＃][#＃])\w+")
_X_INVALID = re.compile(f"[{X_INVALID_CHARACTERS}]")
# The handles X fills in at the start of a reply, which it does not count.
_X_REPLY_HANDLES = re.compile(r"(?:[@＠][A-Za-z0-9_]{1,15} +)+")


def display_name(network: str) -> str:
    return DISPLAY_NAMES.get(network, network)


@functools.lru_cache(maxsize=1 << 14)
def _x_heavy(char: str) -> bool:
    cp = ord(char)
    return not any(lo <= cp <= hi for lo, hi in _X_LIGHT_RANGES)


def _x_weight(cluster: str) -> int:
    """Weight of one grapheme cluster on X (1 or 2 per code point, 2 for an emoji)."""
    if len(cluster) == 1:
        return 2 if _x_heavy(cluster) else 1
    if "\ufe0e" not in cluster and _X_EMOJI_START.match(cluster):
        first = cluster[0]
        if first in "#*0123456789" or ord(first) > 0x10FF:
            return 2
    return sum(2 if _x_heavy(c) else 1 for c in unicodedata.normalize("NFC", cluster))


class Run(NamedTuple):
    start: int
    end: int
    weight: int
    per_char: bool  # True: every character weighs exactly 1 (the run can be cut anywhere)
    nfc: bool = False  # True: weight is len(NFC(text)), a prefix weighs len(NFC(prefix))


def _one(cluster: str) -> int:
    return 1


class _Runs:
    """Collects runs, merging neighbouring runs where each character weighs 1."""

    def __init__(self) -> None:
        self.out: list[Run] = []

    def plain(self, start: int, end: int) -> None:
        if end <= start:
            return
        last = self.out[-1] if self.out else None
        if last is not None and last.per_char and last.end == start:
            self.out[-1] = Run(last.start, end, last.weight + end - start, True)
        else:
            self.out.append(Run(start, end, end - start, True))

    def cluster(self, start: int, end: int, weight: int) -> None:
        if weight == end - start == 1:
            self.plain(start, end)
        else:
            self.out.append(Run(start, end, weight, False))


def _cluster_runs(notable, weigh, text: str, start: int, end: int) -> list[Run]:
    """Runs of ``text[start:end]``: per-character stretches, and the grapheme clusters
    (weighed with ``weigh``) around the ``notable`` characters."""
    spans: list[list[int]] = []
    for m in notable.finditer(text, start, end):
        a, b = m.span()
        if a > start and text[a - 1] not in "\r\n":
            a -= 1  # the character before may be the base of a combining mark
        if b < end and (text[b - 1] in "\u200d\r" or _PREPEND.match(text, b - 1)):
            b += 1  # a joiner, CR or a prepended mark takes the next character
        if spans and a <= spans[-1][1]:
            spans[-1][1] = max(b, spans[-1][1])
        else:
            spans.append([a, b])
    runs = _Runs()
    position = start
    for a, b in spans:
        runs.plain(position, a)
        for m in _CLUSTER.finditer(text, a, b):
            runs.cluster(m.start(), m.end(), weigh(m.group()))
        position = b
    runs.plain(position, end)
    return runs.out


def _plain_runs(network: str, text: str, start: int, end: int) -> list[Run]:
    """Runs for a stretch of text without URLs or mentions."""
    if end <= start:
        return []
    region = text[start:end]
    if network == "x":
        if region.isascii():
            return [Run(start, end, end - start, True)]
        return _cluster_runs(_X_NOTABLE, _x_weight, text, start, end)
    if network in GRAPHEME_NETWORKS:
        if region.isascii() and "\r\n" not in region:
            return [Run(start, end, end - start, True)]
        return _cluster_runs(_GRAPHEME_NOTABLE, _one, text, start, end)
    if region.isascii() or unicodedata.is_normalized("NFC", region):
        return [Run(start, end, end - start, True)]
    # Code points after NFC; where the limit falls is found by bisection in measure().
    return [Run(start, end, len(unicodedata.normalize("NFC", region)), False, nfc=True)]


def _special_runs(network: str, text: str) -> list[Run]:
    if network == "x":
        return [Run(u.start, u.end, URL_LENGTH, False) for u in urls.find_urls(text)]
    if network != "mastodon":
        return []
    special = [Run(u.start, u.end, URL_LENGTH, False) for u in urls.find_urls(text, bare=False)]
    if "@" in text:
        for m in _MASTODON_MENTION.finditer(text):
            if not any(r.start <= m.start() < r.end for r in special):
                special.append(Run(m.start(), m.end(), len(m.group(1)), False))
        special.sort()
    return special


def reply_handles_end(text: str) -> int:
    """End of the handles that open a reply on X (``@marie @jean `` then the text), 0 when
    ``text`` does not start with one."""
    if not text.startswith(("@", "＠")):
        return 0
    m = _X_REPLY_HANDLES.match(text)
    return m.end() if m else 0


def runs(network: str, text: str) -> list[Run]:
    """Pieces of ``text`` with their weight as ``network`` counts them, in order."""
    out: list[Run] = []
    position = 0
    if network == "x":
        position = reply_handles_end(text)
        if position:
            out.append(Run(0, position, 0, False))
    for run in _special_runs(network, text):
        if run.start < position:
            continue
        out.extend(_plain_runs(network, text, position, run.start))
        out.append(run)
        position = run.end
    out.extend(_plain_runs(network, text, position, len(text)))
    return out


def _nfc_cut(text: str, start: int, end: int, room: int) -> int:
    """Index of the character that takes ``len(NFC(text[start:i]))`` beyond ``room``.

    The NFC length of a prefix never decreases as the prefix grows, so bisect."""
    lo, hi = start + 1, end  # smallest i in [lo, hi] with NFC length of text[start:i] > room
    while lo < hi:
        mid = (lo + hi) // 2
        if len(unicodedata.normalize("NFC", text[start:mid])) > room:
            hi = mid
        else:
            lo = mid + 1
    return lo - 1


def surely_fits(network: str, text: str, limit: int) -> bool:
    """True when ``text`` is within ``limit`` on ``network``, known without counting: a
    character weighs 1 (ASCII, or NFC text off X), 2 at most on X, 3 at most otherwise
    (NFC turns one code point into 3 at most), and each link ``URL_LENGTH``; on X, in NFC
    text, 1 plus 1 for each code point outside its light ranges."""
    if text.isascii():
        weight = len(text)
    elif network == "x":
        # In NFC text, a code point weighs 1 and a heavy one 2, an emoji sequence (two
        # code points or more) 2 in all: the length plus the heavy code points bounds it.
        weight = len(text) + (
            len(_X_HEAVY.findall(text)) if unicodedata.is_normalized("NFC", text)
            else len(text)
        )
    else:
        weight = (1 if unicodedata.is_normalized("NFC", text) else 3) * len(text)
    if weight <= limit and ("." in text or "://" in text):
        weight += URL_LENGTH * len(urls.find_urls(text, bare=network == "x"))
    return weight <= limit


def measure(network: str, text: str, limit: int | None = None) -> tuple[int, int | None]:
    """Return ``(count, overflow)``: the length as ``network`` counts it and the index of
    the first original character beyond ``limit`` (``None`` when the text fits)."""
    total = 0
    overflow = None
    for run in runs(network, text):
        if overflow is None and limit is not None and total + run.weight > limit:
            if run.per_char:
                overflow = run.start + (limit - total)
            elif run.nfc:
                overflow = _nfc_cut(text, run.start, run.end, limit - total)
            else:
                overflow = run.start
        total += run.weight
    return total, overflow


def count(network: str, text: str) -> int:
    """Length of ``text`` as ``network`` counts it."""
    return measure(network, text)[0]


def lengths(
    text: str,
    networks: Iterable[str],
    limits: Mapping[str, int | None] | None = None,
) -> dict[str, tuple[int, int]]:
    """``{network: (count, limit)}`` for each of ``networks`` that has a limit: the counts
    and limits the ``max_length`` rule checks (X's count on its scale of 280, reply
    handles left out). ``limits`` overrides ``LIMITS`` as that rule's ``limits`` param does
    (``None`` leaves a network out); unknown networks are left out."""
    merged = dict(LIMITS)
    if limits:
        merged.update(limits)
    out: dict[str, tuple[int, int]] = {}
    for network in networks:
        network = network.lower()
        limit = merged.get(network)
        if limit is not None and network not in out:
            out[network] = (measure(network, text)[0], limit)
    return out


class XCount(NamedTuple):
    """A text as X counts and judges it (twitter-text's ``parseTweet``)."""

    weighted_length: int  # on X's scale of 280 (twitter-text's weightedLength)
    valid: bool  # X accepts it: no invalid character, 0 < weighted_length <= limit
    overflow: int | None  # index of the first character beyond the limit, None if it fits
    invalid: tuple[int, ...]  # indexes of the invalid characters (U+FFFE, U+FEFF, U+FFFF)
    reply_end: int  # text[:reply_end] is the reply's opening handles, not counted


def x_count(text: str, limit: int = LIMITS["x"]) -> XCount:
    """``text`` as X counts it, and whether X accepts it with ``limit``."""
    weighted, overflow = measure("x", text, limit)
    invalid = x_invalid(text)
    valid = not invalid and 0 < weighted <= limit
    return XCount(weighted, valid, overflow, invalid, reply_handles_end(text))


def x_invalid(text: str) -> tuple[int, ...]:
    """Indexes of the characters that make X refuse ``text`` (U+FFFE, U+FEFF, U+FFFF)."""
    if text.isascii() or not any(char in text for char in X_INVALID_CHARACTERS):
        return ()
    return tuple(m.start() for m in _X_INVALID.finditer(text))


def hashtag_spans(text: str) -> list[tuple[int, int]]:
    """Hashtags (``#mot``, ``＃mot``; not ``&#39;`` nor ``a#b``) as original spans."""
    if "#" not in text and "＃" not in text:
        return []
    return [m.span() for m in _HASHTAG.finditer(text)]
