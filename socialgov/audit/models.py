"""What happened, who did it, and on what: the one record every page, e-mail
and integration reads.

An event is written by ``socialgov.audit.events.record`` in the same
transaction as the change it describes, and never changed nor deleted (the
database refuses it too: migration 0006_append_only). It
holds an enumerated action and structured data (ids, states, the version,
the reasons picked, the text a person typed); the sentence a reader sees is
rendered when it is read, in the reader's language (``socialgov.posts.history``
for a post's events). Names are copied (actor, brand) so the history reads
the same after a person or a brand is gone. Two changes only are let through:
a deleted post, brand, version or person clears its key, and the erasure of a
person (socialgov/audit/pseudonyms.py) replaces their name by a pseudonym.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from socialgov.lib.errors import ImmutableError
from socialgov.lib.models import KeptAsWritten


class Action(models.TextChoices):
    # A post's moves (their names in socialgov.posts.moves).
    CREATE = "create", _("created the post")
    EDIT = "edit", _("edited the post")
    SUBMIT = "submit", _("submitted the post")
    CHECK_DONE = "check_done", _("checked the post")
    WITHDRAW = "withdraw", _("withdrew the post")
    APPROVE = "approve", _("approved the post")
    STEP_APPROVED = "step_approved", _("approved a step")
    REQUEST_CHANGES = "request_changes", _("requested changes")
    REJECT = "reject", _("rejected the post")
    ADVISE = "advise", _("gave an advisory opinion")
    CRISIS_SIGNOFF = "crisis_signoff", _("signed off the crisis response")
    ASK_WAIVER = "ask_waiver", _("asked for a waiver")
    WAIVE = "waive", _("waived a finding")
    DUPLICATE = "duplicate", _("duplicated a post")
    CHECK_FAILED = "check_failed", _("could not check the post")
    RETRY_CHECK = "retry_check", _("retried the check")
    CHECK_REQUEUED = "check_requeued", _("queued the check again")
    RECHECK = "recheck", _("sent the post back after a re-check")
    PAUSE = "pause", _("paused the post")
    RESUME = "resume", _("resumed the post")
    EXPIRE = "expire", _("expired the post")
    PUBLISH = "publish", _("marked the post as published")
    ARCHIVE = "archive", _("archived the post")
    RESTORE = "restore", _("restored the post")
    CLAIM = "claim", _("claimed the review")
    RELEASE = "release", _("released the review")
    RELEASE_CLAIM = "release_claim", _("released someone else's claim")
    APPROVAL_CARRIED = "approval_carried", _("kept the approval")
    APPROVAL_NOT_CARRIED = "approval_not_carried", _("did not keep the approval")
    COMMENT_ADDED = "comment_added", _("commented on the text")
    COMMENT_REPLIED = "comment_replied", _("replied to a comment")
    COMMENT_RESOLVED = "comment_resolved", _("resolved a comment")
    COMMENT_REOPENED = "comment_reopened", _("reopened a comment")
    # The system's reminders (the scheduler records each one once).
    REVIEW_REMINDER = "review_reminder", _("reminded the approvers")
    EXPIRY_WARNING = "expiry_warning", _("warned that the post will expire")
    # Customer replies.
    REPLY_PREAPPROVED = "reply_preapproved", _("sent a reply from a pre-approved template")
    # A brand's rules, voice and crisis reflex.
    RULE_CREATED = "rule_created", _("created a rule")
    RULE_CHANGED = "rule_changed", _("changed a rule")
    RULE_DELETED = "rule_deleted", _("deleted a rule")
    RULES_IMPORTED = "rules_imported", _("imported rules")
    RULES_RESTORED = "rules_restored", _("restored an earlier version of the rules")
    PACK_RULE_CHANGED = "pack_rule_changed", _("changed a shipped rule for the brand")
    GUIDELINE_CHANGED = "guideline_changed", _("changed a voice guideline")
    BRAND_CREATED = "brand_created", _("created the brand")
    BRAND_CHANGED = "brand_changed", _("changed the brand's settings")
    WATCH_WORD_ADDED = "watch_word_added", _("added a watch word")
    WATCH_WORD_REMOVED = "watch_word_removed", _("removed a watch word")
    CALENDAR_CHANGED = "calendar_changed", _("changed the sensitive-dates calendar")
    CRISIS_STARTED = "crisis_started", _("started crisis mode")
    CRISIS_ENDED = "crisis_ended", _("ended crisis mode")
    REASONS_CHANGED = "reasons_changed", _("changed the review reasons")
    APPROVAL_PATH_CHANGED = "approval_path_changed", _("changed the approval path")
    REVIEW_GROUP_CHANGED = "review_group_changed", _("changed a review group")
    REPLY_SETTINGS_CHANGED = "reply_settings_changed", _("changed the reply targets")
    SAVED_REPLY_CHANGED = "saved_reply_changed", _("changed a saved reply")
    # A brand's team.
    MEMBER_ADDED = "member_added", _("added a member")
    MEMBER_CHANGED = "member_changed", _("changed a member's role")
    MEMBER_REMOVED = "member_removed", _("removed a member")
    MEMBER_INVITED = "member_invited", _("invited a member")
    INVITATION_RESENT = "invitation_resent", _("resent an invitation")
    INVITATION_REVOKED = "invitation_revoked", _("revoked an invitation")
    INVITATION_ACCEPTED = "invitation_accepted", _("accepted an invitation")
    MEMBER_DEACTIVATED = "member_deactivated", _("deactivated a member")
    MEMBER_REACTIVATED = "member_reactivated", _("reactivated a member")
    AWAY_SET = "away_set", _("marked themself away")
    AWAY_REMOVED = "away_removed", _("removed an absence")
    # A person's calendar feed (socialgov/planning).
    CALENDAR_FEED_MADE = "calendar_feed_made", _("made their calendar feed address")
    CALENDAR_FEED_RENEWED = "calendar_feed_renewed", _("renewed their calendar feed address")
    # Québec's Law 25 (the scheduler's purge; an export of a person's data).
    POSTS_PURGED = "posts_purged", _("deleted posts past the brand's retention period")
    PERSON_DATA_EXPORTED = "person_data_exported", _("exported a person's data")
    # Erasure of a person (Québec's Law 25, socialgov/accounts/erasure.py).
    PERSON_ERASED = "person_erased", _("erased a person's personal data")
    # A person's account (socialgov/accounts/twofactor.py, sessions.py, password_views.py,
    # and the Django admin's page of a person).
    TWO_FACTOR_ON = "two_factor_on", _("turned on two-factor authentication")
    TWO_FACTOR_OFF = "two_factor_off", _("turned off two-factor authentication")
    RECOVERY_CODES_MADE = "recovery_codes_made", _("made new recovery codes")
    RECOVERY_CODE_USED = "recovery_code_used", _("logged in with a recovery code")
    SESSION_ENDED = "session_ended", _("ended one of their sessions")
    SESSIONS_ENDED = "sessions_ended", _("logged out everywhere else")
    PASSWORD_CHANGED = "password_changed", _("changed their password")
    PASSWORD_RESET = "password_reset", _("reset their password by e-mail")
    ACCOUNT_CHANGED = "account_changed", _("changed a person's account")
    # Webhooks (socialgov/webhooks): a brand's outgoing webhooks.
    WEBHOOK_ADDED = "webhook_added", _("added a webhook")
    WEBHOOK_CHANGED = "webhook_changed", _("changed a webhook")
    WEBHOOK_DELETED = "webhook_deleted", _("deleted a webhook")
    WEBHOOK_SECRET_RENEWED = "webhook_secret_renewed", _("renewed a webhook's secret")
    WEBHOOK_TESTED = "webhook_tested", _("sent a test to a webhook")
    # The JSON API (socialgov/api): its tokens, and a post marked published on one network.
    API_TOKEN_MADE = "api_token_made", _("made an API token")
    API_TOKEN_REVOKED = "api_token_revoked", _("revoked an API token")
    PUBLISHED_ON_NETWORK = "published_on_network", _(
        "marked the post as published on one network")


# The keys Django clears (on_delete=SET_NULL) when the post, brand, version or
# person an event names is deleted: the event stays, naming them by its copies.
KEYS_CLEARED_ON_DELETE = ("actor", "brand", "post", "version")


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if kwargs and all(name in KEYS_CLEARED_ON_DELETE and value is None
                          for name, value in kwargs.items()):
            return super().update(**kwargs)
        raise ImmutableError("audit events are never changed")

    def delete(self):
        raise ImmutableError("audit events are never deleted")


class AuditEvent(KeptAsWritten, models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    # Empty for the system's own moves (the check, the scheduler).
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=40, choices=Action.choices)
    brand = models.ForeignKey("brands.Brand", on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+")
    brand_name = models.CharField(max_length=120, blank=True)
    post = models.ForeignKey("posts.Post", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="audit_events")
    version = models.ForeignKey("posts.PostVersion", on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="+")
    version_number = models.PositiveIntegerField(null=True, blank=True)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    # Ids and values, never sentences: see the module docstring.
    data = models.JSONField(default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["post", "created_at"], name="audit_post_time"),
            models.Index(fields=["brand", "action", "created_at"], name="audit_brand_action_time"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name or '-'} {self.action}"

    @property
    def by_system(self):
        return self.actor_id is None and not self.actor_name
