"""A version's texts as a page shows them: its own text, the other language's
and the per-network texts, each with its findings marked in place, and the
findings numbered in the same order. The one presenter of a version's texts:
the post page and the version page both use it.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from socialgov.lib.marks import Segment, segments  # noqa: F401  (the post pages' names)
from socialgov.posts import cards
from socialgov.posts.models import Network
from socialgov.posts.variants import check_targets

# Each language under its own name, as language switchers show them.
LANGUAGE_TITLES = {"fr": "Français", "en": "English"}
NETWORK_NAMES = dict(Network.choices)


@dataclass
class TextBlock:
    """One text of a version, its runs marked with the findings in it."""

    text: str
    language: str
    network: str  # blank: the language's text, on the networks listed in `applies_to`
    applies_to: str
    segments: list
    label: str = ""


@dataclass
class LanguageSection:
    language: str
    title: str
    texts: list = field(default_factory=list)


@dataclass
class VersionTexts:
    sections: list
    findings: list  # in the order of the texts, numbered as their cards' places
    has_variants: bool
    cards: list = field(default_factory=list)  # one idea each (socialgov/posts/cards.py)
    targets: list = field(default_factory=list)  # variants.check_targets of the version

    @property
    def main(self):
        return self.sections[0].texts[0]


def _cards(findings):
    """The findings as cards; each finding takes its place's number, so a mark in
    the text and its place in a card say the same number."""
    found = cards.group(cards.Item(
        rule=cards.rule_of(f), kind=f.kind, severity=f.severity, start=f.start, end=f.end,
        matched=f.matched, message=f.shown_message, suggestion=f.shown_suggestion,
        guideline=f.guideline_title, text_key=str(f.variant_id or ""),
        text_label=f.variant_label, text_rank=f.text_rank, finding=f,
    ) for f in findings)
    for card in found:
        for place in card.places:
            place.finding.number = place.number
    return found


def present(version, findings, language):
    """The version's texts with ``findings`` (of one check of this version) placed
    in the text their offsets point into. ``findings`` are ordered text by text
    and numbered; each gets ``shown_message``, ``shown_suggestion`` (in
    ``language``) and ``variant_label`` (the text it is in, when there are several)."""
    variants = list(version.variants.all())
    findings = list(findings)
    for finding in findings:
        finding.shown_message = finding.message(language)
        finding.shown_suggestion = finding.suggestion(language)
        finding.variant_label = ""
    targets = check_targets(version.text, version.language, version.networks, variants)
    position = {(t.variant.pk if t.variant else None): n for n, t in enumerate(targets)}
    for finding in findings:
        finding.text_rank = position.get(finding.variant_id, len(targets))
        if finding.image is not None:  # about an image: listed after the texts
            finding.text_rank = len(targets)
    findings.sort(key=lambda f: (f.text_rank, f.start, f.end, f.pk))
    sections, number = {}, 1
    for target in targets:
        variant_id = target.variant.pk if target.variant else None
        own = [f for f in findings if f.variant_id == variant_id]
        title = LANGUAGE_TITLES.get(target.language, target.language)
        section = sections.setdefault(target.language, LanguageSection(target.language, title))
        if target.network:
            applies_to = NETWORK_NAMES.get(target.network, target.network)
            label = f"{title} · {applies_to}"
        else:
            applies_to = ", ".join(NETWORK_NAMES.get(n, n) for n in target.networks) or _(
                "no network: each has a text of its own")
            label = title
        if variants:
            for finding in own:
                finding.variant_label = label
        section.texts.append(TextBlock(target.text, target.language, target.network,
                                       applies_to, segments(target.text, own, number),
                                       label))
        number += len(own)
    for finding in findings:
        if finding.image is not None:
            finding.variant_label = _("Image %(number)s") % {"number": finding.image + 1}
    # Findings about no text of this version (images) keep their number.
    for finding in findings:
        if not hasattr(finding, "number"):
            finding.number = number
            number += 1
    return VersionTexts(list(sections.values()), findings, bool(variants), _cards(findings),
                        targets)
