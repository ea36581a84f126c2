import dataclasses
import hashlib
import json
import zoneinfo
from datetime import timedelta
from typing import NamedTuple

import markdown
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from socialgov.accounts.models import Membership, Role
from socialgov.accounts.permissions import roles_allowing, unverified
from socialgov.brands.reply_targets import default_business_hours, validate_business_hours
from socialgov.brands.saved_replies import placeholders as template_placeholders
from socialgov.brands.saved_replies import validate_template
from socialgov.lib.html import sanitize

LANGUAGE_CHOICES = [("fr", _("French")), ("en", _("English"))]
LANGUAGE_CODES = [code for code, _label in LANGUAGE_CHOICES]


def validate_languages(value):
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one language."))
    unknown = [code for code in value if code not in LANGUAGE_CODES]
    if unknown or len(set(value)) != len(value):
        raise ValidationError(_("Languages must be French and/or English, each once."))


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(zone)s” is not a known time zone."), params={"zone": value})


# The rule packs a brand can switch on, shipped as YAML in socialgov/checks/packs/.
PACK_CHOICES = [
    ("core-en", _("Core tone and risk rules (English)")),
    ("core-fr", _("Core tone and risk rules (French)")),
]


def default_packs():
    return [name for name, _label in PACK_CHOICES]


def validate_packs(value):
    known = {name for name, _label in PACK_CHOICES}
    if not isinstance(value, list) or any(name not in known for name in value):
        raise ValidationError(_("Unknown rule pack."))


def default_reminder_hours():
    return [2, 8, 24]


def validate_reminder_hours(value):
    if not isinstance(value, list) or not all(
            isinstance(hours, int) and not isinstance(hours, bool) and 0 < hours <= 24 * 14
            for hours in value):
        raise ValidationError(_("Give whole numbers of hours between 1 and 336."))


# A retention period of a week at least (time to notice a wrong rejection) and ten
# years at most.
RETENTION_MIN_DAYS = 7
RETENTION_MAX_DAYS = 3650
MIX_WINDOW_MAX_DAYS = 90

# A reply target of at most a week.
REPLY_TARGET_MAX_MINUTES = 7 * 24 * 60


class RepliesNeed(models.TextChoices):
    FULL_PATH = "full_path", _("The brand's full approval path")
    ONE_APPROVER = "one_approver", _("One approver")


class BrandQuerySet(models.QuerySet):
    def for_user(self, user):
        """The brands a user may see: all for a superuser, else their memberships."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(pk__in=_active_brand_ids(user))

    def where(self, user, role):
        """The brands in which the user holds at least ``role`` (all for a superuser).
        Above a drafter, not those requiring a second factor the session lacks."""
        if not user.is_authenticated:
            return self.none()
        brands = self._verified_for(user) if role != Role.DRAFTER else self
        if user.is_superuser:
            return brands
        return brands.filter(pk__in=_active_brand_ids(user).filter(
            role__in=roles_allowing(role)))

    def reviewed_by(self, user):
        """The brands whose posts the user may review: as an approver, or as an
        active member in one of the brand's review groups."""
        if not user.is_authenticated or user.is_superuser:
            return self.where(user, Role.APPROVER)
        grouped = ReviewGroup.objects.filter(members=user).values("brand_id")
        return self._verified_for(user).filter(
            Q(pk__in=_active_brand_ids(user).filter(role__in=roles_allowing(Role.APPROVER)))
            | Q(pk__in=_active_brand_ids(user).filter(brand_id__in=grouped))
        )

    def _verified_for(self, user):
        # See socialgov/accounts/permissions.py: the same rule as role_in's.
        return self.exclude(require_two_factor=True) if unverified(user) else self


def _active_brand_ids(user):
    # A subquery, not a join: no duplicate rows, so no DISTINCT to sort them away.
    return Membership.objects.active().filter(user=user, user__is_active=True).values("brand_id")


class Severity(models.TextChoices):
    INFO = "info", _("Info")
    WARNING = "warning", _("Warning")
    ERROR = "error", _("Error")


class Brand(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    languages = models.JSONField(_("languages"), default=list, validators=[validate_languages])
    default_language = models.CharField(
        _("default language"), max_length=2, choices=LANGUAGE_CHOICES, default="fr"
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="America/Toronto", validators=[validate_time_zone]
    )
    voice_summary = models.TextField(_("voice summary"), blank=True)
    alt_text_severity = models.CharField(
        _("an image without alt text is"), max_length=10, choices=Severity.choices,
        default=Severity.WARNING,
        help_text=_("How the check treats an image without an alt text: a warning by default; "
                    "an error sends the post back."),
    )
    french_address = models.CharField(
        _("in French, the brand says"), max_length=4, blank=True,
        choices=[("vous", _("“vous” (vouvoiement)")), ("tu", _("“tu” (tutoiement)"))],
        help_text=_("The check warns on the other form in French posts. Empty: either."),
    )
    hashtag_limit = models.PositiveSmallIntegerField(
        _("hashtags per post, at most"), null=True, blank=True,
        validators=[MaxValueValidator(30)],
        help_text=_("Empty: the shipped rules' limit (6)."),
    )
    emoji_limit = models.PositiveSmallIntegerField(
        _("emoji per post, at most"), null=True, blank=True,
        validators=[MaxValueValidator(30)],
        help_text=_("Empty: the shipped rules' limit (6)."),
    )
    packs = models.JSONField(
        _("rule packs"), default=default_packs, blank=True, validators=[validate_packs],
        help_text=_("Ready-made rules that run before the brand's own."),
    )
    # Reminders (the scheduler): the approvers of a waiting step are reminded
    # this many hours after submission, until the step is decided; the brand
    # admins are warned when a post will expire within the margin undecided.
    reminder_hours = models.JSONField(
        _("remind the approvers after (hours)"), default=default_reminder_hours, blank=True,
        validators=[validate_reminder_hours],
    )
    escalation_margin_hours = models.PositiveSmallIntegerField(
        _("warn the brand admins this many hours before expiry"), default=2,
    )
    # Customer replies (socialgov.brands.reply_targets): the time to answer a
    # message received during business hours and outside them, the hours
    # (on the brand's clock; Holiday rows close whole days), and the path
    # replies follow.
    reply_within_minutes = models.PositiveIntegerField(
        _("time to respond to a message received during business hours (minutes)"), default=60,
        validators=[MinValueValidator(1), MaxValueValidator(REPLY_TARGET_MAX_MINUTES)],
    )
    reply_outside_minutes = models.PositiveIntegerField(
        _("time to respond to a message received outside business hours (minutes)"), default=240,
        validators=[MinValueValidator(1), MaxValueValidator(REPLY_TARGET_MAX_MINUTES)],
    )
    business_hours = models.JSONField(
        _("business hours"), default=default_business_hours,
        validators=[validate_business_hours],
    )
    replies_need = models.CharField(
        _("replies to customers need"), max_length=20, choices=RepliesNeed.choices,
        default=RepliesNeed.FULL_PATH,
    )
    saved_replies_skip_review = models.BooleanField(
        _("a filled saved reply may go out without review"), default=False,
        help_text=_("When the post's text is exactly a saved reply with its placeholders "
                    "filled in, and the check finds nothing above information, the reply "
                    "is approved at once, without a review round."),
    )
    # Québec's Law 25: personal information is kept no longer than needed. The
    # scheduler deletes the brand's posts that never went out (socialgov/posts/retention.py)
    # this many days after their last change; empty keeps them.
    retention_days = models.PositiveSmallIntegerField(
        _("delete rejected, expired and archived posts after (days)"), null=True, blank=True,
        validators=[MinValueValidator(RETENTION_MIN_DAYS), MaxValueValidator(RETENTION_MAX_DAYS)],
        help_text=_("Rejected and expired posts, and archived posts that were never "
                    "published, are deleted with their versions, comments and images this "
                    "many days after their last change. Published posts are kept. Empty: "
                    "keep them all."),
    )
    require_two_factor = models.BooleanField(
        _("require two-factor authentication for approvers and brand admins"), default=False,
        help_text=_("Approvers and brand admins then review and manage this brand only "
                    "after entering a code from their authenticator app."),
    )
    # The content strategy (socialgov/brands/strategy.py reads and checks it): the
    # largest share of each objective among the brand's planned and published posts
    # over any ``mix_window_days`` days, and the most posts a day per network. An
    # objective or network left out has no target.
    mix_targets = models.JSONField(_("content mix targets"), default=dict, blank=True)
    mix_window_days = models.PositiveSmallIntegerField(
        _("content mix window (days)"), default=7,
        validators=[MinValueValidator(1), MaxValueValidator(MIX_WINDOW_MAX_DAYS)],
    )
    rhythm_per_day = models.JSONField(_("posting rhythm"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BrandQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("brand")
        verbose_name_plural = _("brands")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        creating = self.pk is None
        super().save(*args, **kwargs)
        if creating:
            SensitiveDate.prefill(self)
            ReviewReason.prefill(self)
            # Last: its first version keeps the calendar just made.
            RuleSet.objects.get_or_create(brand=self)

    def clean(self):
        if self.languages and self.default_language not in self.languages:
            raise ValidationError(
                {"default_language": _("The default language must be one of the brand's.")}
            )

    @property
    def tz(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def ruleset(self):
        return RuleSet.objects.get_or_create(brand=self)[0]

    def today(self):
        """Today's date on the brand's clock."""
        return timezone.localdate(timezone=self.tz)

    def active_watch_words(self):
        return tuple(self.watch_words.active(self.today()).values_list("term", flat=True))

    @property
    def open_crisis(self):
        """The crisis period under way, or None."""
        if not hasattr(self, "_open_crisis"):
            self._open_crisis = (
                self.crisis_periods.filter(ended_at__isnull=True).select_related("started_by")
                .first()
            )
        return self._open_crisis


# Tables ("| a | b |") and fenced code ("```"), beside Markdown's own.
MARKDOWN_EXTENSIONS = ("tables", "fenced_code")


class VoiceGuideline(models.Model):
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="guidelines")
    title = models.CharField(_("title"), max_length=200)
    # What the brand admin writes (Markdown); ``body`` is it as HTML, sanitised.
    text = models.TextField(_("text"), blank=True)
    body = models.TextField(_("body"), blank=True, editable=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("voice guideline")
        verbose_name_plural = _("voice guidelines")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Rendered and sanitised on the way in, so every page can show it as written.
        self.body = sanitize(markdown.markdown(
            self.text or "", output_format="html", extensions=MARKDOWN_EXTENSIONS,
            extension_configs={"tables": {"use_align_attribute": True}}))
        super().save(*args, **kwargs)


# The content strategy (its own page, socialgov/brands/strategy.py).
STRATEGY_SETTINGS = ("mix_targets", "mix_window_days", "rhythm_per_day")
# The brand settings a check reads: changing one is a new version of the rule set (stored
# results are stale) and re-checks the brand's posts. The check warns of the content mix
# and rhythm against the strategy's targets (socialgov/posts/content_mix.py).
CHECKED_SETTINGS = frozenset({"packs", "time_zone", "alt_text_severity", "french_address",
                              "hashtag_limit", "emoji_limit", *STRATEGY_SETTINGS})
# Every setting of the brand's settings and content strategy pages, all kept before and
# after in the event of each change (socialgov.brands.voice.change_settings), which the
# history lists and undoes.
BRAND_SETTINGS = ("name", "languages", "default_language", "time_zone", "voice_summary",
                  "french_address", "hashtag_limit", "emoji_limit", "alt_text_severity",
                  "packs", "reminder_hours", "escalation_margin_hours", "retention_days",
                  "require_two_factor", *STRATEGY_SETTINGS)
# The shipped rules whose limit a brand sets in its settings, by setting.
LIMITED_RULES = {"hashtag_limit": "core/hashtag-overload", "emoji_limit": "core/emoji-overload"}


class RuleSet(models.Model):
    """A brand's rules. Its version changes with every change to any rule, so a
    check result names exactly which rules produced it."""

    brand = models.OneToOneField(Brand, on_delete=models.CASCADE, related_name="rule_set")
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rule set")

    def __str__(self):
        return f"{self.brand} v{self.version}"

    def save(self, *args, **kwargs):
        created = self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            if created:
                self.keep_version()  # the first version: the history starts here

    def bump(self):
        """A new version: the number goes up and the rules as they now are are kept
        (``RuleSetVersion``; the change's audit event then names who and why)."""
        RuleSet.objects.filter(pk=self.pk).update(version=F("version") + 1,
                                                  updated_at=timezone.now())
        self.refresh_from_db(fields=["version", "updated_at"])
        self.keep_version()

    def keep_version(self):
        RuleSetVersion.objects.create(brand_id=self.brand_id, number=self.version,
                                      rules=self.snapshot(),
                                      overrides=self.overrides_snapshot(),
                                      guidelines=self.guidelines_snapshot(),
                                      brand_settings=self.settings_snapshot(),
                                      dates=self.dates_snapshot())

    def snapshot(self):
        """Every rule, as the rules file writes it, by name."""
        return [rule.as_mapping() for rule in self.rules.select_related("guideline")
                .order_by("name", "pk")]

    def guidelines_snapshot(self):
        """The brand's voice guidelines as their writers wrote them."""
        return [{"title": g.title, "text": g.text, "position": g.position}
                for g in VoiceGuideline.objects.filter(brand_id=self.brand_id)]

    def dates_snapshot(self):
        return [day.as_mapping() for day in
                SensitiveDate.objects.filter(brand_id=self.brand_id)]

    def settings_snapshot(self):
        """The brand's settings that checks read (``CHECKED_SETTINGS``)."""
        brand = Brand.objects.filter(pk=self.brand_id).values(*sorted(CHECKED_SETTINGS)).first()
        return brand or {}

    def overrides_snapshot(self):
        """The brand's changes to the shipped rules, by rule id."""
        return [override.as_mapping() for override in
                PackRuleOverride.objects.filter(brand_id=self.brand_id).order_by("rule_id")]


class RuleSetVersion(models.Model):
    """The brand's rules after one change of its rule set: who made it, which change,
    and the rules themselves (each as the rules file writes it, see
    ``socialgov.brands.rules_file``), so any version can be read, compared and restored.
    Made by ``socialgov.brands.history`` from the change's audit event."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="rule_versions")
    number = models.PositiveIntegerField()  # RuleSet.version once the change was made
    rules = models.JSONField(default=list)
    overrides = models.JSONField(default=list)  # PackRuleOverride.as_mapping of each
    guidelines = models.JSONField(default=list)  # title, text (Markdown), position
    brand_settings = models.JSONField(default=dict)  # the brand's CHECKED_SETTINGS
    # The brand's sensitive dates (SensitiveDate.as_mapping of each); None in the versions
    # made before they were kept, which leave the calendar alone when restored.
    dates = models.JSONField(null=True, default=None)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150, blank=True)
    change = models.CharField(max_length=40, blank=True)  # the audit action; "" at the start
    subject = models.CharField(max_length=300, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["brand", "number"],
                                               name="one_rule_set_version_per_number")]
        verbose_name = _("rule set version")

    def __str__(self):
        return f"{self.brand} v{self.number}"


class PackRuleOverride(models.Model):
    """A brand's change to one rule of a shipped pack: turned off, or checked at another
    severity, with the reason. Read by every check of the brand (``read_rule_inputs``)."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="pack_overrides")
    rule_id = models.CharField(_("shipped rule"), max_length=100)
    enabled = models.BooleanField(_("on"), default=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices,
                                blank=True)  # blank: the pack's
    reason = models.CharField(_("reason"), max_length=300)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["rule_id"]
        constraints = [models.UniqueConstraint(fields=["brand", "rule_id"],
                                               name="one_override_per_shipped_rule")]
        verbose_name = _("change to a shipped rule")

    def __str__(self):
        return f"{self.brand}: {self.rule_id}"

    def as_mapping(self):
        out = {"rule": self.rule_id, "enabled": self.enabled, "reason": self.reason}
        if self.severity:
            out["severity"] = str(self.severity)
        return out

    def applied_to(self, spec):
        """The pack's rule as this brand runs it, or None when it is turned off."""
        if not self.enabled:
            return None
        return dataclasses.replace(spec, severity=self.severity) if self.severity else spec


class Risk(models.TextChoices):
    """How risky a check found a post (``socialgov.checks.engine.risk_level``)."""

    NONE = "none", _("None")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


RISK_ORDER = {risk: rank for rank, risk in enumerate(Risk.values)}


class RuleKind(models.TextChoices):
    BANNED_TERMS = "banned_terms", _("Banned terms")
    SUBSTITUTION = "substitution", _("Preferred substitutions")
    MAX_COUNT = "max_count", _("Maximum count of a pattern")
    MAX_LENGTH = "max_length", _("Maximum length per network")
    # The kinds a Vale style brings (socialgov.checks.vale), kept when it is imported.
    EXISTENCE = "existence", _("Words and patterns to avoid")
    OCCURRENCE = "occurrence", _("Number of occurrences")
    REPETITION = "repetition", _("Repeated words")
    CONSISTENCY = "consistency", _("Consistent spelling")
    CONDITIONAL = "conditional", _("Defined before use")
    CAPITALIZATION = "capitalization", _("Capitalization")


def rule_mapping(rule, guideline_title: str) -> dict:
    """A rule (a ``Rule``, or a rule read from a file with the same field names) as a
    brand's rules file writes it (``socialgov.brands.rules_file``): plain values, the
    guideline by its title, an empty suggestion and guideline left out."""
    out = {
        "name": rule.name,
        "kind": str(rule.kind),
        "severity": str(rule.severity),
        "enabled": rule.enabled,
        "message": {"en": rule.message_en, "fr": rule.message_fr},
    }
    if rule.suggestion_en or rule.suggestion_fr:
        out["suggestion"] = {"en": rule.suggestion_en, "fr": rule.suggestion_fr}
    if guideline_title:
        out["guideline"] = guideline_title
    out["params"] = rule.params or {}
    return out


class Rule(models.Model):
    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="rules")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=40, choices=RuleKind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.WARNING
    )
    # An empty message: the finding says the default message of the rule's kind.
    message_en = models.CharField(_("message (English)"), max_length=300, blank=True)
    message_fr = models.CharField(_("message (French)"), max_length=300, blank=True)
    suggestion_en = models.CharField(_("suggestion (English)"), max_length=300, blank=True)
    suggestion_fr = models.CharField(_("suggestion (French)"), max_length=300, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    guideline = models.ForeignKey(
        VoiceGuideline,
        verbose_name=_("guideline"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rules",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("rule")
        verbose_name_plural = _("rules")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.rule_set.bump()

    def get_absolute_url(self):
        return reverse("brands:rule_edit", args=[self.rule_set.brand.slug, self.pk])

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            self.rule_set.bump()
        return result

    @property
    def brand(self):
        return self.rule_set.brand

    def clean(self):
        # The engine is the one judge of valid parameters (said in the reader's language).
        from socialgov.brands.rule_checks import compiled

        _checker, problem = compiled(self.as_spec())
        if problem:
            raise ValidationError({"params": problem})

    def as_mapping(self):
        """The rule as a brand's rules file writes it (see ``rule_mapping``)."""
        return rule_mapping(self, self.guideline.title if self.guideline_id else "")

    def as_spec(self):
        from socialgov.checks.engine import RuleSpec

        return RuleSpec(
            id=str(self.pk),
            kind=self.kind,
            params=self.params or {},
            severity=self.severity,
            message={"en": self.message_en, "fr": self.message_fr},
            suggestion={"en": self.suggestion_en, "fr": self.suggestion_fr},
            guideline=self.guideline.title if self.guideline_id else None,
            enabled=self.enabled,
            name=self.name,
        )


class WatchWordQuerySet(models.QuerySet):
    def active(self, today):
        """Watch words that have not expired by ``today`` (the brand's date)."""
        return self.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))


class ReadByChecks:
    """A row a check reads (a watch word, a day of the calendar): saving or
    deleting it makes the brand's stored check results stale, so its rule set's
    version goes up in the same transaction."""

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.brand.ruleset.bump()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            self.brand.ruleset.bump()
        return result


class WatchWord(ReadByChecks, models.Model):
    """A word that, while active, makes every post of the brand using it an error."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="watch_words")
    term = models.CharField(_("watch word"), max_length=100)
    expires_on = models.DateField(
        _("expires on"), null=True, blank=True,
        help_text=_("Optional: the last day it is watched. Empty: until removed."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WatchWordQuerySet.as_manager()

    class Meta:
        ordering = ["term", "pk"]
        verbose_name = _("watch word")
        verbose_name_plural = _("watch words")

    def __str__(self):
        return self.term


class RecheckBatchQuerySet(models.QuerySet):
    def latest_for(self, brand, user):
        """The last re-check this person started for the brand, shown while it
        runs and for a while after (an hour)."""
        since = timezone.now() - timedelta(hours=1)
        return self.filter(brand=brand, requested_by=user, created_at__gte=since).first()


class RecheckBatch(models.Model):
    """One re-check of a brand's live posts after its rules changed, for the
    progress shown to the person who changed them."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="recheck_batches")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    sent_back = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = RecheckBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"re-check of {self.brand} ({self.done}/{self.total})"

    @property
    def finished(self):
        return self.finished_at is not None

    @property
    def percent(self):
        return 100 if not self.total else min(100, self.done * 100 // self.total)


class CrisisPeriod(models.Model):
    """A time during which the brand's approved posts are held back."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="crisis_periods")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    start_reason = models.TextField(_("reason"))
    started_at = models.DateTimeField(auto_now_add=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    end_reason = models.TextField(_("reason for ending"), blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("crisis period")
        verbose_name_plural = _("crisis periods")
        constraints = [
            models.UniqueConstraint(
                fields=["brand"], condition=Q(ended_at__isnull=True),
                name="one_open_crisis_per_brand",
            )
        ]

    def __str__(self):
        return f"crisis of {self.brand} from {self.started_at:%Y-%m-%d %H:%M}"


def shipped_sensitive_dates():
    """The days of remembrance shipped with SocialGov, as (month, day, year, en, fr)."""
    from socialgov.checks.rules.sensitive_dates import default_dates

    out = []
    for item in default_dates():
        parts = [int(p) for p in str(item["date"]).split("-")]
        year = parts[0] if len(parts) == 3 else None
        month, day = parts[-2:]
        out.append((month, day, year, item["name_en"], item["name_fr"]))
    return out


class SensitiveDate(ReadByChecks, models.Model):
    """A day on which the brand does not promote: a promotional post planned on
    it (on the brand's clock) gets a warning."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="sensitive_dates")
    month = models.PositiveSmallIntegerField(_("month"))
    day = models.PositiveSmallIntegerField(_("day"))
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, help_text=_("Empty: every year."))
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)

    class Meta:
        ordering = ["month", "day", "year", "pk"]
        verbose_name = _("sensitive date")
        verbose_name_plural = _("sensitive dates")

    def __str__(self):
        return f"{self.as_text()} {self.name_en}"

    def clean(self):
        import datetime

        try:
            datetime.date(self.year or 2000, self.month or 0, self.day or 0)
        except (ValueError, TypeError, OverflowError):
            raise ValidationError(_("This is not a date of the calendar.")) from None

    def as_mapping(self):
        return {"month": self.month, "day": self.day, "year": self.year,
                "name_en": self.name_en, "name_fr": self.name_fr}

    @property
    def name(self):
        """The day's name in the reader's language."""
        return self.name_fr if (get_language() or "en")[:2] == "fr" else self.name_en

    @property
    def when(self):
        """The day as the reader writes it ("November 11, every year", "14 avril 2026")."""
        from socialgov.brands.words import day_and_recurrence

        return day_and_recurrence(self.month, self.day, self.year)

    def as_text(self):
        """"MM-DD", or "YYYY-MM-DD" for a one-off day, as the engine reads it."""
        text = f"{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{text}" if self.year else text

    @classmethod
    def prefill(cls, brand):
        cls.objects.bulk_create(
            cls(brand=brand, month=month, day=day, year=year, name_en=en, name_fr=fr)
            for month, day, year, en, fr in shipped_sensitive_dates()
        )


CALENDAR_RULE_ID = "brand:calendar"
# The packs' calendar rule on the shipped dates: the brand's own calendar replaces it.
PACK_DEFAULT_CALENDAR = "core/sensitive-date"


def calendar_spec(brand):
    from socialgov.checks.engine import RuleSpec

    dates = [
        {"date": d.as_text(), "name_en": d.name_en, "name_fr": d.name_fr}
        for d in brand.sensitive_dates.order_by("month", "day", "year", "pk")
    ]
    return RuleSpec(
        id=CALENDAR_RULE_ID, kind="calendar", params={"dates": dates}, severity="warning",
        message={"en": "Promotion planned on a sensitive day of the brand's calendar: %s.",
                 "fr": "Promotion prévue un jour sensible du calendrier de la marque : %s."},
        suggestion={"en": "Move the promotion to another day; on this day, post only a "
                          "sober message or nothing.",
                    "fr": "Déplacez la promotion ; ce jour-là, publiez seulement un message "
                          "sobre, ou rien."},
    )


class RuleInputs(NamedTuple):
    """What a check of this brand reads besides the post: its rules, the packs it
    runs, its clock and its watch words. ``fingerprint`` names all of it for the
    check key; ``specs_digest`` names the specs alone, the same for two brands that
    run the same rules (they share one compiled checker)."""

    rule_set_version: int
    fingerprint: str
    specs: list
    time_zone: str
    watch: tuple = ()
    specs_digest: str = ""


def active_rule_specs(brand):
    """The brand's own enabled rules as the engine reads them, and their version."""
    rule_set = brand.ruleset
    rules = rule_set.rules.filter(enabled=True).select_related("guideline").order_by("pk")
    return rule_set.version, [rule.as_spec() for rule in rules]


def brand_rule_specs(brand):
    """Every rule a check of this brand runs: its packs, then its own rules."""
    return rule_inputs(brand).specs


# RuleInputs by what names them: see rule_inputs. One process's own.
_INPUTS = {}
_INPUTS_KEPT = 256


def rule_inputs(brand):
    """What a check of ``brand`` reads besides the post, read once per process and
    rule set version: the version changes with every rule, pack, clock, calendar and
    watch word change (``RuleSet.bump``), and the active watch words with the day."""
    rule_set = (RuleSet.objects.filter(brand=brand).values_list("pk", "version", "updated_at")
                .first())
    if rule_set is None:
        brand.ruleset  # noqa: B018  (made on first use)
        return rule_inputs(brand)
    key = (brand.pk, *rule_set, brand.today(), tuple(brand.packs or ()), brand.time_zone)
    inputs = _INPUTS.get(key)
    if inputs is None:
        if len(_INPUTS) >= _INPUTS_KEPT:
            _INPUTS.clear()
        inputs = _INPUTS[key] = read_rule_inputs(brand)
    return inputs


def _with_brand_limits(brand, spec):
    """A shipped limit rule at the brand's own limit, if it set one: its message then
    says the number (the kind's default message), not the pack's."""
    for setting, rule_id in LIMITED_RULES.items():
        limit = getattr(brand, setting)
        if spec.id == rule_id and limit is not None:
            return dataclasses.replace(spec, params={**spec.params, "max": limit},
                                       message={}, suggestion={})
    return spec


def read_rule_inputs(brand):
    """``rule_inputs`` read from the database now."""
    from socialgov.checks import packs
    from socialgov.checks.engine import RuleSpec

    version, own = active_rule_specs(brand)
    pack_specs, pack_fingerprint = packs.load_packs_cached(tuple(brand.packs or ()))
    watch = tuple(sorted(set(brand.active_watch_words())))
    calendar = calendar_spec(brand)
    # The brand says how much a missing alt text weighs; it replaces the built-in.
    alt_text = RuleSpec(id="builtin:image_alt", kind="image_alt", params={},
                        severity=brand.alt_text_severity)
    # The brand's "tu" or "vous", when it chose one, is checked on every French post.
    address = ([RuleSpec(id="builtin:formality", kind="formality",
                         params={"address": brand.french_address}, severity="warning")]
               if brand.french_address else [])
    overrides = {o.rule_id: o for o in brand.pack_overrides.all()}
    pack_specs = [
        spec if spec.id not in overrides else overrides[spec.id].applied_to(spec)
        for spec in pack_specs if spec.id != PACK_DEFAULT_CALENDAR
    ]
    pack_specs = [_with_brand_limits(brand, spec) for spec in pack_specs if spec is not None]
    dates = json.dumps(calendar.params["dates"], ensure_ascii=False, sort_keys=True)
    specs = [*pack_specs, calendar, alt_text, *address, *own]
    return RuleInputs(
        rule_set_version=version,
        # Job ids carry it: letters, digits and dashes only.
        fingerprint=f"r{version}-" + hashlib.sha256(
            "|".join([pack_fingerprint, brand.time_zone, dates, brand.alt_text_severity,
                      brand.french_address, *watch]).encode()
        ).hexdigest()[:8],
        specs=specs,
        time_zone=brand.time_zone,
        watch=watch,
        specs_digest=specs_digest(specs),
    )


def specs_digest(specs):
    """A digest of rule specs: equal for equal specs (their fields in order, mappings
    by key)."""
    text = json.dumps([dataclasses.astuple(spec) for spec in specs], ensure_ascii=False,
                      sort_keys=True, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()


# -- Review reasons (issue 6: comments and reasons) ---------------------------------

# (English, French): the reasons a new brand starts with; its admins edit them.
DEFAULT_REVIEW_REASONS = [
    ("Off-brand tone", "Ton non conforme à la marque"),
    ("Factual error", "Erreur factuelle"),
    ("Legal risk", "Risque juridique"),
    ("Sensitive timing", "Moment mal choisi"),
    ("Spelling and grammar", "Orthographe et grammaire"),
    ("Missing objective", "Objectif absent"),
]


class DecisionKind(models.TextChoices):
    APPROVE = "approve", _("Approved")
    REQUEST_CHANGES = "request_changes", _("Changes requested")
    REJECT = "reject", _("Rejected")
    # An advisory reviewer's opinion: recorded, never blocks.
    COMMENT = "comment", _("Commented")


class ReviewReason(models.Model):
    """A reason an approver picks when rejecting or requesting changes, from a
    list the brand's admins keep, so decisions can be counted by reason.

    A reason that was used is never deleted, only deactivated: past decisions
    keep naming it."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="review_reasons")
    label_en = models.CharField(_("label (English)"), max_length=120, blank=True)
    label_fr = models.CharField(_("label (French)"), max_length=120, blank=True)
    active = models.BooleanField(_("offered to approvers"), default=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("review reason")
        verbose_name_plural = _("review reasons")

    def __str__(self):
        return self.label_en or self.label_fr

    def label_for(self, language):
        if language == "fr":
            return self.label_fr or self.label_en
        return self.label_en or self.label_fr

    @property
    def label(self):
        """The label in the language of the page being shown."""
        from django.utils.translation import get_language

        return self.label_for((get_language() or "en")[:2])

    @classmethod
    def prefill(cls, brand):
        cls.objects.bulk_create(
            cls(brand=brand, label_en=en, label_fr=fr, position=position)
            for position, (en, fr) in enumerate(DEFAULT_REVIEW_REASONS, start=1)
        )
# -- Approval paths (issue 6) ------------------------------------------------------------


class ReviewGroup(models.Model):
    """A named set of the brand's members, such as "Legal", that a step of the
    approval path can name as its deciders."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="review_groups")
    name = models.CharField(_("name"), max_length=80)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), related_name="review_groups",
        blank=True,
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("review group")
        verbose_name_plural = _("review groups")
        constraints = [
            models.UniqueConstraint(fields=["brand", "name"], name="review_group_name_unique")
        ]

    def __str__(self):
        return self.name


class Deciders(models.TextChoices):
    APPROVERS = "approvers", _("The brand's approvers")
    BRAND_ADMINS = "brand_admins", _("The brand admins")
    GROUP = "group", _("A review group")


class StepRule(models.TextChoices):
    ANY = "any", _("Any one of them")
    ALL = "all", _("All of them")


class ApprovalStep(models.Model):
    """One step of the brand's approval path. A brand without steps has the
    default path: one step that any approver decides."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="approval_steps")
    position = models.PositiveIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=80)
    decided_by = models.CharField(_("decided by"), max_length=20, choices=Deciders.choices,
                                  default=Deciders.APPROVERS)
    group = models.ForeignKey(
        ReviewGroup, verbose_name=_("group"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="steps",
    )
    rule = models.CharField(_("rule"), max_length=3, choices=StepRule.choices,
                            default=StepRule.ANY)
    advisory = models.BooleanField(
        _("advisory"), default=False,
        help_text=_("An advisory step only comments: it never blocks and is never required."),
    )
    applies_from_risk = models.CharField(
        _("applies from risk"), max_length=10, blank=True,
        choices=[choice for choice in Risk.choices if choice[0] != Risk.NONE],
        help_text=_("Empty: every post. Otherwise only posts whose check found this risk "
                    "or higher."),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        constraints = [
            models.CheckConstraint(
                condition=(Q(decided_by="group", group__isnull=False)
                           | (~Q(decided_by="group") & Q(group__isnull=True))),
                name="approval_step_group_iff_group_deciders",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def key(self):
        """Names the step on decisions and on the snapshots of the path."""
        return f"s{self.pk}"

    def deciders_label(self):
        if self.decided_by == Deciders.GROUP and self.group_id:
            return self.group.name
        return self.get_decided_by_display()


# -- Customer replies (issue 12) ------------------------------------------------------


class Holiday(models.Model):
    """A day the brand's team is closed: a message received that day gets the
    target outside business hours."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="holidays")
    day = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["day", "pk"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        constraints = [
            models.UniqueConstraint(fields=["brand", "day"], name="one_holiday_per_brand_day")
        ]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.name}"


class SavedReply(models.Model):
    """An answer the brand's admins approved, with placeholders ({name},
    {order}) an author fills in (socialgov.brands.saved_replies)."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="saved_replies")
    name = models.CharField(_("name"), max_length=80)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    text = models.TextField(_("text"), max_length=5000, validators=[validate_template])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("saved reply")
        verbose_name_plural = _("saved replies")
        constraints = [
            models.UniqueConstraint(fields=["brand", "name"], name="saved_reply_name_unique")
        ]

    def __str__(self):
        return self.name

    @property
    def placeholders(self):
        return template_placeholders(self.text)
