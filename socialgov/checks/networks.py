"""How each network counts characters.

* X (twitter-text v3, approximately): text is NFC-normalised; every URL counts 23; code
  points in U+0000–U+10FF and a few punctuation ranges weigh 1, everything else (CJK,
  emoji...) weighs 2, and an emoji sequence (ZWJ, skin tone, flag, keycap...) weighs 2
  as a whole.
* Mastodon: every URL counts 23, a remote mention ``@user@domain`` counts as ``@user``,
  the rest by code points.
* Bluesky: grapheme clusters (what a reader sees as one character), approximated without
  external libraries.
* Others: code points after NFC.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

LIMITS: dict[str, int] = {
    "x": 280,
    "linkedin": 3000,
    "facebook": 63206,
    "instagram": 2200,
    "threads": 500,
    "bluesky": 300,
    "mastodon": 500,
}

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

# Written so that the regex engine can skip ahead to an "h"/"w"; the character before a
# URL is checked in Python (a lookbehind at the start would make every position a try).
_URL_RE = re.compile(r"(?:[hH](?i:ttps?://)|[wW](?i:ww\.))[^\s<>\"]+")
_NOT_BEFORE_URL = re.compile(r"[\w@/.]")
_URL_TRAILING = ".,;:!?'\"»…’”)]}"
_REMOTE_MENTION_RE = re.compile(r"(@\w+)@[\w-]+(?:\.[\w-]+)+")

# twitter-text v3 code point ranges that weigh 1 (scale 100, weight 100); default weight 2.
_X_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))

_ZWJ = "\u200d"
_KEYCAP = "\u20e3"


def display_name(network: str) -> str:
    return DISPLAY_NAMES.get(network, network)


def _is_regional_indicator(char: str) -> bool:
    return "\U0001f1e6" <= char <= "\U0001f1ff"


@functools.lru_cache(maxsize=1 << 14)
def _is_extender(char: str) -> bool:
    """Characters that attach to the previous one in a grapheme cluster."""
    if char < "\u0300":
        return False
    return (
        unicodedata.category(char)[0] == "M"  # combining marks, keycap U+20E3
        or "\ufe00" <= char <= "\ufe0f"  # variation selectors
        or "\U0001f3fb" <= char <= "\U0001f3ff"  # skin-tone modifiers
        or "\U000e0020" <= char <= "\U000e007f"  # tags (subdivision flags)
        or "\U000e0100" <= char <= "\U000e01ef"  # variation selectors supplement
    )


@functools.lru_cache(maxsize=256)
def _cluster_regex(joiners: str) -> re.Pattern[str]:
    extend = f"[{re.escape(joiners)}]|" if joiners else ""
    return re.compile(
        rf"\r\n|(?:[\U0001f1e6-\U0001f1ff]{{2}}|.)(?:{extend}\u200d[^\r\n]?)*", re.DOTALL
    )


def graphemes(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Approximate extended grapheme clusters of ``text[start:end]`` as ``(start, end)``.

    A cluster is CR LF, a regional-indicator pair (a flag) or any character, followed by
    combining marks, variation selectors, skin-tone modifiers, tags, and ZWJ + character.
    """
    end = len(text) if end is None else end
    region = text[start:end]
    joiners = "".join(sorted(c for c in set(region) if _is_extender(c)))
    return [(start + m.start(), start + m.end()) for m in _cluster_regex(joiners).finditer(region)]


def _is_emoji_sequence(cluster: str) -> bool:
    return len(cluster) > 1 and any(
        c == _ZWJ
        or c == _KEYCAP
        or "\ufe00" <= c <= "\ufe0f"
        or _is_regional_indicator(c)
        or "\U0001f3fb" <= c <= "\U0001f3ff"
        or "\U000e0020" <= c <= "\U000e007f"
        for c in cluster
    )


def _x_weight(cluster: str) -> int:
    if len(cluster) == 1:
        return 2 if _x_heavy(cluster) else 1
    if _is_emoji_sequence(cluster):
        return 2
    return sum(2 if _x_heavy(char) else 1 for char in unicodedata.normalize("NFC", cluster))


def _url_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _URL_RE.finditer(text):
        start, end = m.span()
        if start and _NOT_BEFORE_URL.match(text, start - 1):
            continue
        while end > start:
            last = text[end - 1]
            if last not in _URL_TRAILING:
                break
            if last == ")" and text.count("(", start, end) >= text.count(")", start, end):
                break
            end -= 1
        if "." in text[start:end] or "//" in text[start:end]:
            spans.append((start, end))
    return spans


@functools.lru_cache(maxsize=256)
def _notable_cluster_regex(joiners: str, heavy: str) -> re.Pattern[str]:
    """Clusters that are not a lone character of weight 1: multi-character clusters, and
    (for X) lone heavy characters. Everything between two matches weighs 1 per character."""
    extend = f"[{re.escape(joiners)}]|" if joiners else ""
    pattern = (
        rf"\r\n|[\U0001f1e6-\U0001f1ff]{{2}}(?:{extend}\u200d[^\r\n]?)*"
        rf"|.(?:{extend}\u200d[^\r\n]?)+"
    )
    if heavy:
        pattern += f"|[{re.escape(heavy)}]"
    return re.compile(pattern, re.DOTALL)


def _plain_runs(network: str, text: str, start: int, end: int) -> list[Run]:
    """Runs for a stretch of text without URLs."""
    if end <= start:
        return []
    region = text[start:end]
    if _uniform(network, region):
        return [Run(start, end, end - start, True)]
    if network not in ("x", "bluesky"):
        # Code points after NFC; where the limit falls is found by bisection in measure().
        return [Run(start, end, len(unicodedata.normalize("NFC", region)), False, nfc=True)]
    weigh = _x_weight if network == "x" else _one
    chars = [c for c in set(region) if c >= "\x80"]
    joiners = "".join(sorted(c for c in chars if _is_extender(c)))
    heavy = "".join(sorted(c for c in chars if _x_heavy(c))) if network == "x" else ""
    runs: list[Run] = []
    position = start
    for m in _notable_cluster_regex(joiners, heavy).finditer(text, start, end):
        a, b = m.span()
        if a > position:
            runs.append(Run(position, a, a - position, True))
        runs.append(Run(a, b, weigh(m.group()), False))
        position = b
    if end > position:
        runs.append(Run(position, end, end - position, True))
    return runs


def _one(cluster: str) -> int:
    return 1


class Run(NamedTuple):
    start: int
    end: int
    weight: int
    per_char: bool  # True: every character weighs exactly 1 (the run can be cut anywhere)
    nfc: bool = False  # True: weight is len(NFC(text)), a prefix weighs len(NFC(prefix))


@functools.lru_cache(maxsize=1 << 14)
def _is_complex(char: str) -> bool:
    """Can this character join a neighbour into one grapheme?"""
    return _is_extender(char) or char == _ZWJ or _is_regional_indicator(char)


@functools.lru_cache(maxsize=1 << 14)
def _x_heavy(char: str) -> bool:
    cp = ord(char)
    return not any(lo <= cp <= hi for lo, hi in _X_LIGHT_RANGES)


def _uniform(network: str, text: str) -> bool:
    """True when every character of ``text`` counts exactly 1 for ``network``."""
    if text.isascii():
        return network != "bluesky" or "\r\n" not in text
    if network != "bluesky" and not unicodedata.is_normalized("NFC", text):
        return False
    if network not in ("x", "bluesky"):
        return True
    chars = [c for c in set(text) if c >= "\x80"]
    if any(_is_complex(c) for c in chars):
        return False
    if network == "x":
        return not any(_x_heavy(c) for c in chars)
    return "\r\n" not in text


def runs(network: str, text: str) -> list[Run]:
    """Pieces of ``text`` with their weight as ``network`` counts them, in order."""
    special: list[Run] = []
    if network in ("x", "mastodon"):
        special = [Run(s, e, URL_LENGTH, False) for s, e in _url_spans(text)]
    if network == "mastodon":
        special += [
            Run(m.start(), m.end(), len(m.group(1)), False)
            for m in _REMOTE_MENTION_RE.finditer(text)
            if not (m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "@_"))
            and not any(r.start <= m.start() < r.end for r in special)
        ]
        special.sort()
    out: list[Run] = []
    position = 0
    for run in special:
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
