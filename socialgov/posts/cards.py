"""Findings as cards: one idea, one card.

A rule that matches the same concept several times ("STORM", "ice storm",
"storm", "IceStorm") says one thing, so its matches make one card listing the
places. Two matches are the same concept when, read without case, accents,
spaces or punctuation, one contains the other. Cards are ordered by severity,
then by where their first place is (text by text, then by offset). The editor's
live check and the post page show the same cards.
"""

import unicodedata
from dataclasses import dataclass, field

from django.urls import reverse

from socialgov.posts import resemblance

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass
class Place:
    """One match of a card: where it is, in which text, and what can replace it."""

    start: int
    end: int
    matched: str
    text_key: str  # which text the offsets point into (a form field, or a variant)
    text_label: str
    text_rank: int
    finding: object  # the finding it comes from (a stored Finding on the post page)
    replacement: str = ""
    number: int = 0

    @property
    def image(self):
        """The position of the image this place is, when the finding is about an image."""
        return getattr(self.finding, "image", None)

    @property
    def image_number(self):
        return None if self.image is None else self.image + 1


@dataclass
class Card:
    rule: str
    kind: str
    severity: str
    message: str
    suggestion: str
    guideline: str
    places: list = field(default_factory=list)

    @property
    def spans(self):
        """The places that mark a passage (a finding about the whole post has none)."""
        return [place for place in self.places if place.end > place.start]

    @property
    def images(self):
        """The places that are images."""
        return [place for place in self.places if place.image is not None]

    @property
    def link(self):
        """The post a "Resembles a post this brand sent back" card names, else ""."""
        post_id = resemblance.post_id_of(self.rule)
        return reverse("posts:detail", args=[post_id]) if post_id else ""

    @property
    def whole_post(self):
        """The places that are the post as a whole: neither a passage nor an image."""
        return [p for p in self.places if p.end <= p.start and p.image is None]

    @property
    def first(self):
        return self.places[0]

    def order(self):
        first = min(self.places, key=lambda p: (p.text_rank, p.start))
        return (SEVERITY_RANK.get(self.severity, 3), first.text_rank, first.start)


@dataclass
class Item:
    """What grouping reads of a finding, whichever kind of finding it is."""

    rule: str
    kind: str
    severity: str
    start: int
    end: int
    matched: str
    message: str
    suggestion: str
    guideline: str
    text_key: str
    text_label: str
    text_rank: int
    finding: object = None
    replacement: str = ""


def concept(matched):
    """The words of a match without case, accents, spaces or punctuation."""
    text = unicodedata.normalize("NFKD", matched.casefold())
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))


def _same(a, b):
    return bool(a and b) and (a in b or b in a)


def group(items):
    """Cards for ``items`` (Item), in the order they are read."""
    by_rule = {}
    for item in items:
        by_rule.setdefault((item.rule, item.kind), []).append(item)
    cards = []
    for (rule, kind), found in by_rule.items():
        # Union-find over the rule's matches: a match joins every group whose
        # concept it contains or is contained in.
        clusters = []  # [concepts, items]
        for item in sorted(found, key=lambda i: (i.text_rank, i.start)):
            key = concept(item.matched) or f"\0{item.message}"
            joined = [c for c in clusters if any(_same(key, k) or key == k for k in c[0])]
            if joined:
                keep = joined[0]
                for other in joined[1:]:
                    keep[0] |= other[0]
                    keep[1].extend(other[1])
                    clusters.remove(other)
                keep[0].add(key)
                keep[1].append(item)
            else:
                clusters.append([{key}, [item]])
        for _concepts, members in clusters:
            members.sort(key=lambda i: (i.text_rank, i.start))
            worst = min(members, key=lambda i: SEVERITY_RANK.get(i.severity, 3))
            first = members[0]
            cards.append(Card(
                rule=rule, kind=kind, severity=worst.severity, message=first.message,
                suggestion=first.suggestion, guideline=first.guideline,
                places=[Place(i.start, i.end, i.matched, i.text_key, i.text_label, i.text_rank,
                              i.finding, i.replacement) for i in members],
            ))
    cards.sort(key=Card.order)
    number = 1
    for card in cards:
        for place in card.places:
            place.number = number
            number += 1
    return cards


def rule_of(finding):
    """The rule a stored finding comes from: the engine's id, else its kind and name."""
    return finding.rule_key or f"{finding.kind}:{finding.rule_id or finding.rule_name}"
