"""“Resembles a post this brand sent back”: a draft close to one the brand's reviewers
rejected or sent back with reasons gets an info finding naming that decision, its
reasons and the post (a link on its card, ``cards.Card.link``).

Similarity is the Jaccard index of character 4-gram sets ("shingles") of the texts,
lower-cased with runs of spaces as one. 4-grams are long enough that two unrelated
posts in the same language share few of them (Jaccard ≈ 0.05–0.15 on ordinary posts),
short enough that an edited copy (a word changed, a hashtag added, punctuation moved)
keeps most of them. ``THRESHOLD`` = 0.45: ``bench/resemblance.py`` measures it on
pairs written for it (light rewrites above, same-topic different posts below).

Per brand, the last ``KEPT`` such decisions (rejections and change requests that carry
reasons or a note), read in two queries and kept per process until a newer decision
appears (one cheap query asks for the newest decision's id on every check).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from socialgov.brands.models import DecisionKind
from socialgov.checks import engine
from socialgov.posts.models import Decision

KEPT = 500
THRESHOLD = 0.45
SHINGLE = 4
RULE_PREFIX = "builtin:resembles:"
KIND = "resemblance"
SENT_BACK = (DecisionKind.REJECT, DecisionKind.REQUEST_CHANGES)

_SPACES = re.compile(r"\s+")


def shingles(text: str) -> frozenset[str]:
    text = _SPACES.sub(" ", text.casefold()).strip()
    if len(text) <= SHINGLE:
        return frozenset((text,)) if text else frozenset()
    return frozenset(text[i : i + SHINGLE] for i in range(len(text) - SHINGLE + 1))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


class SentBack(NamedTuple):
    post_id: int
    kind: str
    note: str
    reasons: tuple[tuple[str, str], ...]  # (English, French) labels
    shingles: frozenset[str]


# brand id -> (newest decision id, [SentBack]); one process's own.
_CACHE: dict[int, tuple[int | None, list[SentBack]]] = {}
_CACHE_KEPT = 256


def _sent_back(brand_id: int) -> list[SentBack]:
    decisions = Decision.objects.filter(post__brand_id=brand_id, kind__in=SENT_BACK,
                                        advisory=False)
    newest = decisions.order_by("-pk").values_list("pk", flat=True).first()
    cached = _CACHE.get(brand_id)
    if cached is not None and cached[0] == newest:
        return cached[1]
    rows = []
    recent = (decisions.select_related("version").prefetch_related("reasons")
              .order_by("-pk")[:KEPT])
    for decision in recent:
        reasons = tuple((r.label_en or r.label_fr, r.label_fr or r.label_en)
                        for r in decision.reasons.all())
        if not reasons and not decision.reason.strip():
            continue
        rows.append(SentBack(decision.post_id, decision.kind, decision.reason.strip(),
                             reasons, shingles(decision.version.text)))
    if len(_CACHE) >= _CACHE_KEPT:
        _CACHE.clear()
    _CACHE[brand_id] = (newest, rows)
    return rows


def closest(brand_id: int, post_id: int | None, text: str) -> tuple[SentBack, float] | None:
    """The brand's sent-back decision whose text is closest to ``text`` (another post's
    only), with its similarity, when at or above ``THRESHOLD``."""
    mine = shingles(text)
    best, best_score = None, THRESHOLD
    for row in _sent_back(brand_id):
        if row.post_id == post_id:
            continue
        score = similarity(mine, row.shingles)
        if score >= best_score:
            best, best_score = row, score
    return (best, best_score) if best is not None else None


_KIND_NAMES = {
    DecisionKind.REJECT: ("rejected", "rejetée"),
    DecisionKind.REQUEST_CHANGES: ("sent back for changes", "renvoyée pour modifications"),
}


def finding(brand_id: int, post_id: int | None, text: str) -> engine.Finding | None:
    """The info finding for ``text`` (module docstring), or None."""
    found = closest(brand_id, post_id, text)
    if found is None:
        return None
    row, score = found
    kind_en, kind_fr = _KIND_NAMES[row.kind]
    reasons_en = ", ".join(en for en, _fr in row.reasons)
    reasons_fr = ", ".join(fr for _en, fr in row.reasons)
    percent = round(100 * score)
    message = {
        "en": f"Resembles post #{row.post_id} ({percent} % alike), which this brand "
              f"{kind_en}" + (f": {reasons_en}." if reasons_en else "."),
        "fr": f"Ressemble à la publication nº {row.post_id} (semblable à {percent} %), "
              f"{kind_fr} par cette marque" + (f" : {reasons_fr}." if reasons_fr else "."),
    }
    suggestion = {}
    if row.note:
        suggestion = {"en": f"The reviewer's note: “{row.note}”",
                      "fr": f"La note de l’évaluation : « {row.note} »"}
    return engine.Finding(rule_id=f"{RULE_PREFIX}{row.post_id}", kind=KIND, severity="info",
                          start=0, end=0, matched="", message=message,
                          suggestion=suggestion, guideline=None)


def post_id_of(rule_key: str) -> int | None:
    """The post a resemblance finding's ``rule_key`` names."""
    tail = rule_key[len(RULE_PREFIX):] if rule_key.startswith(RULE_PREFIX) else ""
    return int(tail) if tail.isdigit() else None
