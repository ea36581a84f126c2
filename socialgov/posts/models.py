import datetime
import hashlib
import json
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialgov.accounts.models import Membership
from socialgov.brands.models import (  # noqa: F401  (Risk, RISK_ORDER, DecisionKind read from here)
    LANGUAGE_CHOICES,
    RISK_ORDER,
    Brand,
    DecisionKind,
    Risk,
    Rule,
    Severity,
    VoiceGuideline,
)
from socialgov.images.models import ImageFile
from socialgov.lib.errors import ImmutableError  # noqa: F401  (raised and read from here)
from socialgov.lib.models import KeptAsWritten
from socialgov.lib.typography import in_language
from socialgov.posts import attachments
from socialgov.posts import variants as post_variants


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CHECKING = "checking", _("Checking")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    # The check found an error: back to the author, who fixes it or asks for a waiver.
    SENT_BACK = "sent_back", _("Sent back by the check")
    REJECTED = "rejected", _("Rejected")
    PAUSED = "paused", _("Paused")
    EXPIRED = "expired", _("Expired")
    PUBLISHED = "published", _("Published")


class Network(models.TextChoices):
    X = "x", "X"
    LINKEDIN = "linkedin", "LinkedIn"
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    THREADS = "threads", "Threads"
    BLUESKY = "bluesky", "Bluesky"
    MASTODON = "mastodon", "Mastodon"

    def hosts_url(self, url):
        """Is ``url`` (a valid http(s) address) on one of this network's hosts?"""
        hosts = NETWORK_HOSTS.get(self.value)
        if hosts is None:
            return True
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
        return any(host == name or host.endswith("." + name) for name in hosts)


# Where each network's posts live; Mastodon's are on any server of the federation.
NETWORK_HOSTS = {
    "x": ("x.com", "twitter.com"),
    "linkedin": ("linkedin.com", "lnkd.in"),
    "facebook": ("facebook.com", "fb.com", "fb.watch"),
    "instagram": ("instagram.com", "instagr.am"),
    "threads": ("threads.net", "threads.com"),
    "bluesky": ("bsky.app",),
    "mastodon": None,
}


class Objective(models.TextChoices):
    INFORM = "inform", _("Inform")
    ENGAGE = "engage", _("Engage")
    SELL = "sell", _("Sell")
    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    RECRUIT = "recruit", _("Recruit")



# The fields a check reads. A version snapshots all of them: change any one
# and the post gets a new version, so a check result never describes text
# that is not the one a reviewer sees. The variants (see PostVariant) and the
# images (VersionImage) are rows of their own; the others are the version's columns.
# ``replying_to`` (the customer's message a reply answers, which the tone rule
# reads) is a column too, optional: "" for a post that answers nobody.
VERSION_COLUMNS = ("text", "networks", "objective", "planned_at", "language")
CHECKED_FIELDS = (*VERSION_COLUMNS, "replying_to", "variant_specs", "image_specs")


class PostQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The posts of the brands where ``user`` is an active member (all for a
        superuser). A semi-join: no duplicate rows, so no DISTINCT to sort away."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(brand_id__in=Membership.objects.active().filter(user=user)
                           .values("brand_id"))

    def current(self):
        """Not archived: what the lists show by default."""
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)


class Post(models.Model):
    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    current_version = models.ForeignKey(
        "PostVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The check that last moved the post out of `checking`; its risk is copied
    # so the review queue can sort on it.
    current_check = models.ForeignKey(
        "CheckRun", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    risk = models.CharField(max_length=10, choices=Risk.choices, blank=True)
    # Set when the author sends an error finding back to review as wrong.
    waiver_requested = models.BooleanField(default=False)
    waiver_note = models.TextField(blank=True)
    # A crisis response may be approved during crisis mode, with a brand
    # admin's sign-off after the approver's decision.
    crisis_response = models.BooleanField(_("crisis response"), default=False)
    duplicated_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    # Archiving hides a post from the lists without touching its workflow
    # state: a restored post is exactly where it was.
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            models.Index(fields=["brand", "state"]),
            # The lists' order (most recently changed first): read in index order,
            # a page of 20 needs no sort of every visible post.
            models.Index(fields=["-updated_at", "-id"], name="post_recent"),
            models.Index(fields=["author", "-updated_at", "-id"], name="post_author_recent"),
        ]

    def __str__(self):
        version = self.current_version
        excerpt = version.text[:60] if version else ""
        return f"#{self.pk} {excerpt}"

    def get_absolute_url(self):
        return reverse("posts:detail", args=[self.pk])

    @property
    def is_archived(self):
        return self.archived_at is not None

    @property
    def reply(self):
        """The customer's message this post answers (CustomerReply), or None."""
        try:
            return self.customer_reply
        except CustomerReply.DoesNotExist:
            return None

    @property
    def check_job(self):
        """The latest request to check the current version, if any."""
        if self.current_version_id is None:
            return None
        return self.check_jobs.filter(version_id=self.current_version_id).first()

    @property
    def check_failed(self):
        job = self.check_job
        return self.state == State.CHECKING and job is not None and job.status == "failed"

    @property
    def findings(self):
        """The findings of the current version's check, or none before it ran."""
        check = self.current_check
        if check is None or check.version_id != self.current_version_id:
            return Finding.objects.none()
        return check.findings.select_related("waiver", "waiver__waived_by")

    @property
    def time_left(self):
        """For a post in review, the time until its planned time (negative once
        it has passed: it expires at the scheduler's next run); else None."""
        version = self.current_version
        if self.state != State.IN_REVIEW or version is None or version.planned_at is None:
            return None
        return version.planned_at - timezone.now()

    @property
    def late(self):
        left = self.time_left
        return left is not None and left.total_seconds() <= 0

    @property
    def planned_ahead(self):
        """Its planned time is still to come (publishing it now would be early)."""
        version = self.current_version
        return (version is not None and version.planned_at is not None
                and version.planned_at > timezone.now())

    @property
    def overdue(self):
        """Approved, its planned time passed, and not marked as published."""
        version = self.current_version
        return (
            self.state == State.APPROVED and version is not None
            and version.planned_at is not None and version.planned_at < timezone.now()
        )


def _instant(value):
    # The same instant hashes the same whatever zone the form or the DB gave it in.
    if value is None:
        return None
    if timezone.is_aware(value):
        value = value.astimezone(datetime.UTC)
    return value.isoformat()


def content_hash(fields):
    content = {
        "text": fields["text"],
        "networks": sorted(fields["networks"]),
        "objective": fields["objective"],
        "planned_at": _instant(fields["planned_at"]),
        "language": fields["language"],
    }
    variants = post_variants.normalized(fields.get("variant_specs"))
    if variants:
        # Only when there are some: a single-text version hashes as it always did.
        content["variants"] = variants
    images = attachments.normalized(fields.get("image_specs"))
    if images:
        content["images"] = images
    if fields.get("replying_to"):
        content["replying_to"] = fields["replying_to"]
    canonical = json.dumps(
        content,
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class PostVersion(KeptAsWritten, models.Model):
    """An immutable snapshot of every field the check reads."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("text"))
    networks = models.JSONField(_("networks"), default=list)
    objective = models.CharField(_("objective"), max_length=20, choices=Objective.choices)
    planned_at = models.DateTimeField(_("planned time"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    replying_to = models.TextField(_("customer's message"), blank=True)
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["post", "number"]
        constraints = [
            models.UniqueConstraint(fields=["post", "number"], name="version_number_unique")
        ]
        # The posts planned in some days: the content mix's check
        # (socialgov/posts/content_mix.py) and the analytics' period.
        indexes = [models.Index(fields=["planned_at"], name="version_planned")]

    def __str__(self):
        return f"post #{self.post_id} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("a post version never changes; create a new one")
        variants, images = self.variant_specs, self.image_specs
        self.content_hash = content_hash(self.fields())
        with transaction.atomic():
            super().save(*args, **kwargs)
            PostVariant.objects.bulk_create(PostVariant(version=self, **spec) for spec in variants)
            VersionImage.objects.bulk_create(
                VersionImage(version=self, image_id=spec["image"], position=n, alt=spec["alt"])
                for n, spec in enumerate(images))


    def fields(self):
        return {name: getattr(self, name) for name in CHECKED_FIELDS}

    @property
    def variant_specs(self):
        """The version's variants as plain dicts (see ``variants.normalized``)."""
        if self.pk is None:
            return getattr(self, "_pending_variants", [])
        return post_variants.normalized(
            {"language": v.language, "network": v.network, "text": v.text}
            for v in self.variants.all()
        )

    @variant_specs.setter
    def variant_specs(self, specs):
        # Given when the version is made (PostVersion(..., variant_specs=...)),
        # stored with it by save(): a version never changes afterwards.
        if self.pk is not None:
            raise ImmutableError("a post version never changes; create a new one")
        self._pending_variants = post_variants.normalized(specs)

    @property
    def image_specs(self):
        """The version's images in order, as plain dicts (see ``attachments.normalized``)."""
        if self.pk is None:
            return getattr(self, "_pending_images", [])
        return attachments.normalized(
            {"image": i.image_id, "alt": i.alt} for i in self.images.all())

    @image_specs.setter
    def image_specs(self, specs):
        if self.pk is not None:
            raise ImmutableError("a post version never changes; create a new one")
        self._pending_images = attachments.normalized(specs)

    def network_labels(self):
        labels = dict(Network.choices)
        return [labels.get(n, n) for n in self.networks]

    def network_choices(self):
        """(network, its label) for each of the version's networks, in order."""
        return list(zip(self.networks, self.network_labels(), strict=True))


class CheckJobStatus(models.TextChoices):
    QUEUED = "queued", _("Check pending")
    DONE = "done", _("Checked")
    FAILED = "failed", _("Check failed")


class CheckJob(models.Model):
    """One request to check a version: what was put on the queue, and how it went.

    A submission makes the first; "Retry check" and the reconciler make the
    next ones. The RQ job id names the check key and the attempt number, so
    each attempt is a job of its own (RQ refuses to reuse an id).
    """

    post = models.ForeignKey("Post", on_delete=models.PROTECT, related_name="check_jobs")
    version = models.ForeignKey(PostVersion, on_delete=models.PROTECT, related_name="check_jobs")
    job_id = models.CharField(max_length=200, unique=True)
    attempt = models.PositiveIntegerField()
    status = models.CharField(
        max_length=10, choices=CheckJobStatus.choices, default=CheckJobStatus.QUEUED
    )
    # Executions that raised, RQ's own retries included, and the last error.
    failures = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "attempt"], name="one_job_per_attempt")
        ]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self):
        return self.job_id


class CheckRun(models.Model):
    """The stored result of checking one version against one rule-set version.

    The check key names everything the check read and is unique, so two runs
    of the same check, even at the same moment, store one set of findings.
    """

    version = models.ForeignKey(PostVersion, on_delete=models.PROTECT, related_name="check_runs")
    check_key = models.CharField(max_length=200, unique=True)
    rule_set_version = models.PositiveIntegerField()
    risk = models.CharField(max_length=10, choices=Risk.choices)
    blocking = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The analytics count the findings of the checks run in a period.
        indexes = [models.Index(fields=["created_at"], name="check_run_time")]

    def __str__(self):
        return self.check_key


class Finding(models.Model):
    check_run = models.ForeignKey(CheckRun, on_delete=models.CASCADE, related_name="findings")
    version = models.ForeignKey(PostVersion, on_delete=models.PROTECT, related_name="findings")
    rule = models.ForeignKey(Rule, on_delete=models.SET_NULL, null=True, related_name="+")
    rule_name = models.CharField(max_length=120, blank=True)
    # The engine's id of the rule: a brand rule's pk, a pack rule's name
    # ("core/reply-tone"), "builtin:watch"… It names the rule when it is gone.
    rule_key = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=40)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    matched = models.TextField(blank=True)
    message_en = models.TextField()
    message_fr = models.TextField()
    suggestion_en = models.TextField(blank=True)
    suggestion_fr = models.TextField(blank=True)
    guideline = models.ForeignKey(
        VoiceGuideline, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    guideline_title = models.CharField(max_length=200, blank=True)
    # The image a finding is about (its position in the version), when it is
    # about an image rather than a passage of text.
    image = models.PositiveSmallIntegerField(null=True, blank=True)
    # The text the offsets point into: a variant's, or the version's own (null).
    variant = models.ForeignKey(
        "PostVariant", on_delete=models.PROTECT, null=True, blank=True, related_name="findings"
    )

    class Meta:
        ordering = ["start", "end", "pk"]

    def __str__(self):
        return f"{self.severity}: {self.message_en}"

    # French messages come from rules people typed: shown with French typography.
    def message(self, language):
        return in_language(self.message_fr if language == "fr" else self.message_en, language)

    def suggestion(self, language):
        return in_language(self.suggestion_fr if language == "fr" else self.suggestion_en,
                           language)

    @property
    def is_waived(self):
        return hasattr(self, "waiver")


class Publication(models.Model):
    """Where a published post went live on one of its networks."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="publications")
    network = models.CharField(_("network"), max_length=20, choices=Network.choices)
    url = models.URLField(_("live address"), max_length=500)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["post", "pk"]
        constraints = [models.UniqueConstraint(fields=["post", "network"],
                                               name="one_publication_per_post_network")]
        # The content mix's posts published on some days without a planned time.
        indexes = [models.Index(fields=["published_at"], name="publication_published_at")]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self):
        return f"#{self.post_id} on {self.network}: {self.url}"


class Waiver(models.Model):
    """An approver's decision that an error finding is wrong for this post."""

    finding = models.OneToOneField(Finding, on_delete=models.CASCADE, related_name="waiver")
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"waiver of finding {self.finding_id} by {self.waived_by_id}"


class DecisionStep(models.TextChoices):
    REVIEW = "review", _("Review")
    CRISIS = "crisis", _("Crisis sign-off")


class Decision(models.Model):
    """A reviewer's decision on one step of the approval path of one version.

    The database holds the four-eyes rules: within a review round of a version,
    a step decided by "any one" takes one decision, and one person fills at
    most one step (advisory opinions fill none). ``step`` is the step's key
    (``review``, ``crisis``, or ``s<id>`` of the brand's ApprovalStep); its
    name and rule are copied so history reads the same after the path changes.
    """

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="decisions")
    version = models.ForeignKey(PostVersion, on_delete=models.PROTECT, related_name="decisions")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    step = models.CharField(max_length=40, default=DecisionStep.REVIEW)
    # Which time this version was in review (a withdrawn, or paused and
    # resumed, version starts its path again in a new round).
    round_number = models.PositiveIntegerField(default=1)
    step_name = models.CharField(max_length=80, blank=True)
    step_rule = models.CharField(max_length=3, default="any")
    advisory = models.BooleanField(default=False)
    # A decision carried over from the previous version when only the planned
    # time changed and its check found nothing new.
    carried_from = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    reason = models.TextField(blank=True)
    # Picked from the brand's list when rejecting or requesting changes.
    reasons = models.ManyToManyField("brands.ReviewReason", blank=True, related_name="decisions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        # The analytics count a period's decisions (socialgov/analytics/queries.py).
        indexes = [models.Index(fields=["created_at"], name="decision_time")]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "round_number", "step"],
                condition=models.Q(step_rule="any", advisory=False),
                name="one_decision_per_any_step",
            ),
            models.UniqueConstraint(
                fields=["version", "round_number", "decided_by"],
                condition=models.Q(advisory=False),
                name="one_step_per_person_per_round",
            ),
            models.UniqueConstraint(
                fields=["version", "round_number", "step", "decided_by"],
                condition=models.Q(advisory=True),
                name="one_opinion_per_advisory_reviewer",
            ),
        ]

    def __str__(self):
        return f"{self.kind} on version {self.version_id}"


# -- Variants: a version's text in the other language, and per-network texts --


class PostVariant(KeptAsWritten, models.Model):
    """Another text of a version, as immutable as the version itself.

    ``language`` is the text's language; ``network`` blank means every network
    of the post that has no text of its own in that language. The version's
    own ``text`` is its primary variant and is not repeated here.
    """

    version = models.ForeignKey(PostVersion, on_delete=models.PROTECT, related_name="variants")
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    network = models.CharField(_("applies to"), max_length=20, choices=Network.choices,
                               blank=True)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["version", "language", "network"]
        constraints = [
            models.UniqueConstraint(fields=["version", "language", "network"],
                                    name="one_variant_per_language_network")
        ]

    def __str__(self):
        return f"{self.version} {self.language}{':' + self.network if self.network else ''}"



class VersionImage(KeptAsWritten, models.Model):
    """An image of a version, at its place, with its alt text: as immutable as
    the version. The same accepted image may serve many versions."""

    version = models.ForeignKey(PostVersion, on_delete=models.PROTECT, related_name="images")
    image = models.ForeignKey(ImageFile, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"))
    alt = models.TextField(_("alt text"), blank=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="one_image_per_place")
        ]

    def __str__(self):
        return f"{self.version} image {self.position + 1}"

    @property
    def number(self):
        """Its place as people count: 1 for the first."""
        return self.position + 1


# -- Versions and comments (issue 6: versions and diffs, comments and reasons) -------


class VersionView(models.Model):
    """The version of a post a person last had in front of them, so the post
    page can show what changed since. ``previously_seen`` is the version they
    had seen before that one: reloading the page keeps showing the changes
    since their last look instead of an empty diff."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="version_views")
    version = models.ForeignKey(PostVersion, on_delete=models.CASCADE, related_name="+")
    previously_seen = models.ForeignKey(PostVersion, on_delete=models.CASCADE, null=True,
                                        blank=True, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="one_version_view_per_user")
        ]

    def __str__(self):
        return f"{self.user_id} saw v{self.version_id} of post #{self.post_id}"


class Comment(models.Model):
    """A remark on a passage of one version of a post, or a reply to one.

    The passage is kept as it was quoted, with its offsets in that version's
    text (Python string indices) and a little text on either side, so it can
    be found again in later versions (socialgov/posts/anchors.py). Comments
    are plain text, never edited nor deleted; a thread is resolved and
    reopened by name and time."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(PostVersion, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    body = models.TextField(_("comment"))
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="replies")
    quote = models.TextField(_("passage"), blank=True)
    # A comment on an image rather than a passage: it stays with the image
    # while later versions keep it.
    image = models.ForeignKey(ImageFile, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"comment {self.pk} on post #{self.post_id}"

    @property
    def is_resolved(self):
        return self.resolved_at is not None
# -- Approval paths (issue 6) --------------------------------------------------------------


class RoundOutcome(models.TextChoices):
    OPEN = "", _("In review")
    APPROVED = "approved", _("Approved")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    REJECTED = "rejected", _("Rejected")
    ENDED = "ended", _("Ended")  # withdrawn, sent back by a re-check, expired


class ReviewRound(models.Model):
    """One time a version is in review, and the approval path it follows.

    The path is copied from the brand's steps (and the check's risk) when the
    version enters review: editing the path later changes only the posts that
    enter review afterwards, never one mid-review.
    """

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="review_rounds")
    version = models.ForeignKey(PostVersion, on_delete=models.PROTECT,
                                related_name="review_rounds")
    number = models.PositiveIntegerField()
    risk = models.CharField(max_length=10, choices=Risk.choices, blank=True)
    outcome = models.CharField(max_length=20, choices=RoundOutcome.choices, blank=True)
    carried_from = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    # The step the open round waits on (None once closed): kept by the approval path.
    current_step = models.ForeignKey("RoundStep", on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="review_round_unique")
        ]
        # The analytics count the rounds closed in a period.
        indexes = [models.Index(fields=["closed_at"], name="review_round_closed")]

    def __str__(self):
        return f"{self.version} round {self.number}"

    @property
    def is_open(self):
        return self.closed_at is None


class RoundStep(models.Model):
    """A step of a round's path, copied from the brand's ApprovalStep (or the
    default review step, or the crisis sign-off)."""

    review_round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField()
    key = models.CharField(max_length=40)
    name = models.CharField(max_length=80)
    decided_by = models.CharField(max_length=20)
    group = models.ForeignKey("brands.ReviewGroup", on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+")
    group_name = models.CharField(max_length=80, blank=True)
    rule = models.CharField(max_length=3, default="any")
    advisory = models.BooleanField(default=False)

    class Meta:
        ordering = ["review_round", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review_round", "key"], name="round_step_unique")
        ]

    def __str__(self):
        return self.name


class Turn(models.Model):
    """A member who can decide a step of a post's open review round now.

    Derived data, kept by the approval path (``approval.refresh``) whenever a
    round opens or closes, a decision is recorded, or the brand's people
    change (roles, groups, deactivations, absences): the review queue is then
    one query over these rows instead of the path worked out post by post.
    """

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="turns")
    review_round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="turns")
    step = models.ForeignKey(RoundStep, on_delete=models.CASCADE, related_name="turns")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    # A brand admin standing in because nobody who may decide the step is present.
    backup = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["step", "user"], name="one_turn_per_step_user")
        ]
        indexes = [models.Index(fields=["user", "post"], name="turn_user_post")]

    def __str__(self):
        return f"{self.user_id} may decide step {self.step_id} of post #{self.post_id}"


class ReviewClaim(models.Model):
    """An approver says "I am on it" so that two people don't duplicate work.
    Others may still decide; they are warned."""

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="claim")
    version = models.ForeignKey(PostVersion, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    claimed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.user} claims post #{self.post_id}"


class ReviewPresence(models.Model):
    """When a person last had the post's page open (touched by its poll)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="one_presence_per_person")
        ]

    def __str__(self):
        return f"{self.user} on post #{self.post_id} at {self.seen_at:%H:%M:%S}"


# -- Customer replies (issue 12) --------------------------------------------------------


class CustomerReply(models.Model):
    """The post answers a customer: where the customer wrote, when the message
    arrived and by when the brand promised to answer.

    The message itself is the versions' ``replying_to`` (the check reads it).
    ``respond_by`` is worked out from the brand's reply targets when the row
    is made, and again only when ``received_at`` changes: a brand that changes
    its targets never moves a promise already made. ``saved_reply`` and
    ``saved_reply_values`` say which of the brand's saved replies the author
    filled in, and with what (socialgov/posts/replies.py).
    """

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="customer_reply")
    network = models.CharField(_("network"), max_length=20, choices=Network.choices)
    link = models.URLField(_("link to the customer's message"), max_length=500, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    respond_by = models.DateTimeField(_("respond by"))
    saved_reply = models.ForeignKey("brands.SavedReply", on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    saved_reply_values = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("customer reply")
        verbose_name_plural = _("customer replies")
        indexes = [models.Index(fields=["respond_by"], name="customer_reply_respond_by")]

    def __str__(self):
        return f"post #{self.post_id} answers a message on {self.network}"

    # A post in one of these states no longer keeps the customer waiting: it
    # went out, or it never will.
    SETTLED = frozenset({State.PUBLISHED, State.REJECTED, State.EXPIRED})

    @property
    def awaited(self):
        """Does the customer still wait for this reply (a live post, not settled)?"""
        post = self.post
        return post.archived_at is None and post.state not in self.SETTLED

    @property
    def overdue(self):
        """Still awaited, and its deadline has passed."""
        return self.awaited and self.respond_by <= timezone.now()

    @property
    def time_left(self):
        """The time left before the deadline while the reply is awaited and not
        overdue; else None."""
        if not self.awaited:
            return None
        left = self.respond_by - timezone.now()
        return left if left.total_seconds() > 0 else None


class Backtest(models.Model):
    """A brand's rules as edited, before they are saved, run over its last checked posts
    (``socialgov.posts.backtests``): which posts they would newly flag or no longer
    flag, and which rules make the difference."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="backtests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, related_name="+")
    rule_name = models.CharField(max_length=120, blank=True)
    # The edited rule as the engine reads it, and the saved rule it stands for (None: new).
    rule = models.JSONField(default=dict)
    replaces = models.PositiveIntegerField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    results = models.JSONField(default=dict)
    failed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.brand} backtest {self.pk}"

    @property
    def finished(self):
        return self.finished_at is not None
