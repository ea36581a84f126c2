"""The editor's live check: the check the worker will run, on the fields being
written, before anything is saved.

Read-only: it reads the brand's rule inputs and runs the same engine on the
same texts (``pipeline.check_texts``), with a short time budget; nothing is
stored and nothing moves. Offsets point into each form field's text as the
browser holds it (line breaks as "\\n"), so the page can mark them in place.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from socialgov.brands.models import rule_inputs
from socialgov.checks import networks as network_counts
from socialgov.lib.typography import in_language
from socialgov.posts import attachments, cards, content_mix, pipeline, previews
from socialgov.posts.models import Network
from socialgov.posts.variant_forms import LANGUAGE_NAMES, PREFIX, other_language
from socialgov.posts.variants import check_targets

MAIN = "text"
OTHER = "other_text"


@dataclass
class Text:
    """One text the author is writing, as check_targets reads a variant."""

    field: str
    language: str
    network: str
    text: str


@dataclass
class Count:
    network: str
    name: str
    count: int
    limit: int

    @property
    def over(self):
        return self.count > self.limit


@dataclass
class Live:
    cards: list
    counts: dict = field(default_factory=dict)  # form field → [Count]
    errors: int = 0
    notes: list = field(default_factory=list)  # (level, message) about the fields
    checked: bool = True
    previews: list = field(default_factory=list)  # previews.Card, one per network

    @property
    def send_back(self):
        """What submitting would do, said to the author before they submit."""
        if not self.errors:
            return ""
        return ngettext(
            "%(count)d error will send this back: fix it or ask for a waiver.",
            "%(count)d errors will send this back: fix them or ask for a waiver.",
            self.errors) % {"count": self.errors}


def _plain(value):
    return (value or "").replace("\r\n", "\n")


def texts_of(data, language):
    """The texts of an editor form's data: the main text, the other language's,
    and each network's own (with its form field's name)."""
    found = []
    other = _plain(data.get(OTHER))
    if other.strip():
        found.append(Text(OTHER, other_language(language), "", other))
    for n in range(_total_forms(data)):
        text = _plain(data.get(f"{PREFIX}-{n}-text"))
        network = data.get(f"{PREFIX}-{n}-network", "")
        written_in = data.get(f"{PREFIX}-{n}-language") or language
        if text.strip() and network in Network.values and written_in in LANGUAGE_NAMES:
            found.append(Text(f"{PREFIX}-{n}-text", written_in, network, text))
    return found


def _total_forms(data):
    try:
        return max(0, min(int(data.get(f"{PREFIX}-TOTAL_FORMS", 0)), 2 * len(Network.values)))
    except (TypeError, ValueError):
        return 0


def check(brand, data, planned_at, *, language, networks, objective, images=(), replying_to="",
          post_id=None):
    """The live check of an editor's ``data`` for ``brand``: cards, counts per
    field, how many errors would send it back, notes on the planned time, and
    the preview. ``images`` are the post's images (attachments.Row) in order;
    ``replying_to`` the customer's message the post answers; ``post_id`` the post
    edited (None: a new one), left out of the brand's content mix it is counted in."""
    main = _plain(data.get(MAIN))
    variants = texts_of(data, language)
    targets = check_targets(main, language, networks, variants)
    counts = counts_of(data, targets)
    notes = planned_time_notes(planned_at)
    shown = previews.of_targets(brand_name=brand.name, networks=networks, language=language,
                                targets=targets, images=attachments.previews_of(images))
    if not main.strip():
        return Live([], counts, notes=notes, checked=False, previews=shown)
    inputs = rule_inputs(brand)
    result = pipeline.check_texts(
        pipeline.checker_of(inputs), inputs, targets, objective or "", planned_at,
        settings.LIVE_CHECK_RULE_SECONDS, settings.LIVE_CHECK_SECONDS,
        attachments.engine_images(images), replying_to=replying_to)
    # As the worker will add them (pipeline._prepare): the brand's mix and rhythm.
    result.findings.extend((None, finding) for finding in content_mix.findings(
        brand, post_id, objective or "", networks, planned_at))
    rank = {_field_of(t): n for n, t in enumerate(targets)}
    labels = {MAIN: _("Text"), OTHER: _("Other language")}
    labels.update({t.field: network_counts.display_name(t.network) for t in variants})
    language_code = translation_language()
    items = []
    for variant, finding in result.findings:
        key = variant.field if variant else MAIN
        label = labels.get(key, key)
        if finding.image is not None and finding.image < len(images):
            # About an image: its place leads to the image's alt text field.
            key = images[finding.image].field_name
            label = _("Image %(number)s") % {"number": finding.image + 1}
        items.append(cards.Item(
            rule=finding.rule_id, kind=finding.kind, severity=finding.severity,
            start=finding.start, end=finding.end, matched=finding.matched,
            message=_in(finding.message, language_code),
            suggestion=_in(finding.suggestion, language_code), guideline=finding.guideline or "",
            text_key=key, text_label=label, text_rank=rank.get(key, len(targets)),
            finding=finding, replacement=getattr(finding, "replacement", None) or "",
        ))
    found = cards.group(items)
    # Said as the author reads them: one error per card, whatever its places.
    errors = sum(1 for card in found if card.severity == "error")
    return Live(found, counts, errors, notes, previews=shown)


def _field_of(target):
    return target.variant.field if target.variant else MAIN


def counts_of(data, targets):
    """Each text field's counts, for the networks it goes to, as the check counts
    them; a field that goes nowhere (empty, or replaced everywhere) gets none, so
    its old counts are cleared."""
    fields = [MAIN, OTHER] + [f"{PREFIX}-{n}-text" for n in range(_total_forms(data))]
    counts = {key: [] for key in fields}
    for target in targets:
        counts[_field_of(target)] = [
            Count(n, network_counts.display_name(n), count, limit)
            for n, (count, limit) in network_counts.lengths(target.text, target.networks).items()
        ]
    return counts


def planned_time_notes(planned_at, now=None):
    """What the author should know of the planned time: in the past, an error;
    within the hour, a warning that review may not finish in time."""
    if planned_at is None:
        return []
    now = now or timezone.now()
    if planned_at <= now:
        return [("error", _("The planned time is in the past: choose a time to come."))]
    if planned_at - now < timedelta(hours=1):
        return [("warning", _("The planned time is less than an hour away: the review may "
                              "not finish in time."))]
    return []


def translation_language():
    from django.utils.translation import get_language

    return (get_language() or "en")[:2]


def _in(messages, language):
    text = messages.get(language) or messages.get("en") or next(iter(messages.values()), "")
    return in_language(text, language) if messages.get(language) else text
