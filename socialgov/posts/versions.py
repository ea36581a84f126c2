"""Versions of a post as a reviewer sees them: the list, what each person last
saw, and the differences between two versions (text, other checked fields,
findings)."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from socialgov.posts.diffs import changed, diff_words, finding_changes
from socialgov.posts.models import LANGUAGE_CHOICES, Network, PostVersion, VersionView

# Where the version a diff starts from came from.
SINCE_LAST_LOOK = "since_last_look"
CHOSEN = "chosen"
PREVIOUS = "previous"


def record_view(user, post):
    """Remember that ``user`` has the current version in front of them; return
    the view as it was before (None on a first visit)."""
    current = post.current_version_id
    if current is None or not user.is_authenticated:
        return None
    before = VersionView.objects.filter(user=user, post=post).first()
    now = timezone.now()
    if before is None:
        try:
            with transaction.atomic():
                VersionView.objects.create(user=user, post=post, version_id=current, seen_at=now)
        except IntegrityError:
            pass  # the same person in two tabs at once: one row is enough
        return None
    if before.version_id != current:
        # Written only when there is something new to remember: reading the
        # same version again writes nothing.
        VersionView.objects.filter(pk=before.pk).update(
            seen_at=now, version_id=current, previously_seen_id=before.version_id)
    return before


def check_of(post, version):
    """The check run that speaks for ``version``: the post's current check for
    the current version, else the version's latest run. None when unchecked."""
    if post.current_check_id and post.current_check.version_id == version.pk:
        return post.current_check
    return version.check_runs.order_by("-created_at", "-pk").first()


def _shown(findings, language):
    for finding in findings:
        finding.shown_message = finding.message(language)
        finding.shown_suggestion = finding.suggestion(language)
    return findings


def _planned(version, tz):
    if version.planned_at is None:
        return "—"
    return formats.date_format(version.planned_at.astimezone(tz), "DATETIME_FORMAT")


def field_changes(old, new, tz):
    """The checked fields other than the text that differ, as (label, before, after)."""
    rows = [
        (_("Networks"), ", ".join(old.network_labels()) or "—",
         ", ".join(new.network_labels()) or "—"),
        (_("Objective"), old.get_objective_display(), new.get_objective_display()),
        (_("Planned time"), _planned(old, tz), _planned(new, tz)),
        (_("Language"), old.get_language_display(), new.get_language_display()),
        (_("Customer's message"), old.replying_to or "—", new.replying_to or "—"),
    ]
    return [row for row in rows if row[1] != row[2]]


@dataclass
class VariantChange:
    """One of a version's other texts (another language, one network), before and after."""

    label: str
    language: str
    chunks: list


def _variant_label(language, network):
    name = dict(LANGUAGE_CHOICES).get(language, language)
    if not network:
        return str(name)
    return _("%(language)s · %(network)s") % {"language": name,
                                               "network": Network(network).label}


def variant_changes(old, new):
    """The other texts that differ between two versions, word by word: added,
    removed or edited. The versions' own texts are compared by ``compare``."""
    before = {(v.language, v.network): v.text for v in old.variants.all()}
    after = {(v.language, v.network): v.text for v in new.variants.all()}
    rows = []
    for key in sorted(before.keys() | after.keys()):
        old_text, new_text = before.get(key, ""), after.get(key, "")
        if old_text != new_text:
            rows.append(VariantChange(_variant_label(*key), key[0],
                                      diff_words(old_text, new_text)))
    return rows


@dataclass
class ImageChange:
    """What happened to one image between two versions, said in words; the
    alt text's words when it changed."""

    image_id: int
    summary: str
    alt_chunks: list


def image_changes(old, new):
    """Images added, removed or moved, and alt texts changed, in the new
    version's order (then the removed ones)."""
    before = {i.image_id: i for i in old.images.all()}
    after = {i.image_id: i for i in new.images.all()}
    kept_before = [i for i in before if i in after]
    kept_after = [i for i in after if i in before]
    rows = []
    for image_id, image in after.items():
        number = image.position + 1
        if image_id not in before:
            rows.append(ImageChange(image_id, _("Image %(number)d added") % {"number": number},
                                    []))
            continue
        said = []
        if kept_before.index(image_id) != kept_after.index(image_id):
            said.append(_("Image %(number)d moved (it was image %(was)d)")
                        % {"number": number, "was": before[image_id].position + 1})
        old_alt = before[image_id].alt
        if old_alt != image.alt:
            said.append(_("Image %(number)d: alt text changed") % {"number": number})
        if said:
            rows.append(ImageChange(image_id, "; ".join(said),
                                    diff_words(old_alt, image.alt) if old_alt != image.alt
                                    else []))
    for image_id, image in before.items():
        if image_id not in after:
            rows.append(ImageChange(image_id, _("Image %(number)d removed")
                                    % {"number": image.position + 1}, []))
    return rows


@dataclass
class Comparison:
    base: PostVersion
    version: PostVersion
    mode: str
    chunks: list
    fields: list
    checked: bool  # both versions have a check to compare
    new_findings: list
    resolved_findings: list
    variants: list
    images: list

    @property
    def text_changed(self):
        return changed(self.chunks)


def compare(post, base, version, mode=CHOSEN, language="en"):
    chunks = diff_words(base.text, version.text)
    base_run, run = check_of(post, base), check_of(post, version)
    appeared = disappeared = []
    if base_run is not None and run is not None:
        found = finding_changes(list(base_run.findings.all()), list(run.findings.all()))
        appeared, disappeared = found.appeared, found.disappeared
    return Comparison(
        base=base, version=version, mode=mode, chunks=chunks,
        fields=field_changes(base, version, post.brand.tz),
        checked=base_run is not None and run is not None,
        new_findings=_shown(appeared, language),
        resolved_findings=_shown(disappeared, language),
        variants=variant_changes(base, version),
        images=image_changes(base, version),
    )


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def base_for(post, view, against=None):
    """The version to compare the current one with, and why: the one asked for
    (``?against=<n>``), else the one this person last saw before the current
    one, else the previous version. None when there is nothing to compare."""
    current = post.current_version
    versions = post.versions.exclude(pk=current.pk)
    number = _number(against)
    if number is not None:
        chosen = versions.filter(number=number).first()
        if chosen is not None:
            return chosen, CHOSEN
    if view is not None:
        seen = view.version_id if view.version_id != current.pk else view.previously_seen_id
        if seen is not None and seen != current.pk:
            return versions.get(pk=seen), SINCE_LAST_LOOK
    previous = versions.filter(number__lt=current.number).order_by("-number").first()
    return (previous, PREVIOUS) if previous is not None else (None, None)


def version_rows(post):
    """Every version, newest first, with its check's risk and its decisions."""
    rows = list(post.versions.select_related("author")
                .prefetch_related("check_runs", "decisions__decided_by", "decisions__reasons")
                .order_by("-number"))
    for version in rows:
        runs = sorted(version.check_runs.all(), key=lambda r: (r.created_at, r.pk))
        if post.current_check_id and post.current_check.version_id == version.pk:
            version.check = post.current_check
        else:
            version.check = runs[-1] if runs else None
        version.decision_list = list(version.decisions.all())
        version.is_current = version.pk == post.current_version_id
    return rows


def detail_context(user, post, against=None):
    """What the post page shows of versions, for ``user``, and note that they saw it."""
    if post.current_version_id is None:
        return {}
    view = record_view(user, post)
    base, mode = base_for(post, view, against)
    language = (get_language() or "en")[:2]
    rows = version_rows(post)
    return {
        "version_rows": rows,
        "comparison": compare(post, base, post.current_version, mode, language) if base else None,
        "compare_choices": [v for v in rows if not v.is_current],
    }
