"""The post page's texts when a version has variants: one section per
language, each text with its own highlighted findings."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from socialgov.posts.highlight import segments
from socialgov.posts.models import Network
from socialgov.posts.variants import check_targets

# Each language under its own name, as language switchers show them.
LANGUAGE_TITLES = {"fr": "Français", "en": "English"}
NETWORK_NAMES = dict(Network.choices)


@dataclass
class VariantText:
    text: str
    language: str
    network: str  # blank: the language's text, on the networks listed in `applies_to`
    applies_to: str
    segments: list


@dataclass
class LanguageSection:
    language: str
    title: str
    texts: list = field(default_factory=list)


def variant_sections(version, findings):
    """The sections of a version with variants, or ``[]`` for a single text.

    Orders ``findings`` in place text by text and numbers them across texts,
    so the list beside the texts reads in the same order; each finding gets a
    ``variant_label`` naming its text.
    """
    variants = list(version.variants.all())
    if not variants:
        return []
    targets = check_targets(version.text, version.language, version.networks, variants)
    position = {(t.variant.pk if t.variant else None): n for n, t in enumerate(targets)}
    findings.sort(key=lambda f: (position.get(f.variant_id, len(targets)), f.start, f.end, f.pk))
    sections = {}
    number = 1
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
        for finding in own:
            finding.variant_label = label
        section.texts.append(VariantText(target.text, target.language, target.network,
                                         applies_to, segments(target.text, own, number)))
        number += len(own)
    return list(sections.values())
