import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles accumulate: each one can do everything the one before it can."""

    DRAFTER = "drafter", _("Drafter")
    APPROVER = "approver", _("Approver")
    BRAND_ADMIN = "brand_admin", _("Brand admin")

    @property
    def rank(self):
        return ROLE_RANK[self.value]


ROLE_RANK = {Role.DRAFTER: 1, Role.APPROVER: 2, Role.BRAND_ADMIN: 3}


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    brand = models.ForeignKey(
        "brands.Brand", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.DRAFTER)
    created_at = models.DateTimeField(auto_now_add=True)
    # A deactivated member keeps their row (their history reads the same) but
    # has no access to the brand: permissions only ever read active rows.
    is_active = models.BooleanField(_("active"), default=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    deactivated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["brand__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "brand"], name="one_membership_per_user_brand")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} @ {self.brand}: {self.get_role_display()}"

    def has_role(self, role):
        return ROLE_RANK[self.role] >= ROLE_RANK[role]


INVITATION_LIFETIME = timedelta(days=7)


def hash_token(token):
    """Only this hash is stored: a leaked table opens no invitation."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Neither accepted nor revoked (an expired one can still be resent)."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class Invitation(models.Model):
    """A brand admin's invitation to join a brand, sent by e-mail as a one-time link."""

    brand = models.ForeignKey(
        "brands.Brand", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.DRAFTER)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            # One open invitation per address and brand: resend it, don't stack them.
            models.UniqueConstraint(
                fields=["brand", "email"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_brand_email",
            )
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} → {self.brand}: {self.get_role_display()}"

    def new_token(self, now=None):
        """A fresh one-time token; the previous link stops working. Returns the
        token itself, which is only ever put in the e-mail."""
        now = now or timezone.now()
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        self.sent_at = now
        self.expires_at = now + INVITATION_LIFETIME
        return token

    @property
    def status(self):
        if self.accepted_at is not None:
            return InvitationStatus.ACCEPTED
        if self.revoked_at is not None:
            return InvitationStatus.REVOKED
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    @property
    def is_usable(self):
        return self.status == InvitationStatus.PENDING
# -- Away and backup (issue 6, approval paths) ---------------------------------------------


class Absence(models.Model):
    """Dates on which a person is away: no step of any approval path waits on them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="absences"
    )
    starts_on = models.DateField(_("away from"))
    ends_on = models.DateField(_("away until"), help_text=_("The last day away."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="absence_ends_after_it_starts")
        ]

    def __str__(self):
        return f"{self.user} away {self.starts_on} – {self.ends_on}"

    def covers(self, day):
        return self.starts_on <= day <= self.ends_on


# -- Sessions (issue 15: the account page's list, "Log out everywhere") --------------------


class UserSessionQuerySet(models.QuerySet):
    def live(self):
        return self.filter(session__expire_date__gt=timezone.now())


class UserSession(models.Model):
    """Whose a session is, and what the account page says about it.

    One row per logged-in session, written when the person logs in (and when
    Django changes the session's key), so a person's sessions are found without
    decoding every session in the table. It goes when the session goes: logging
    out, ending it from the account page, or ``clearsessions``.
    """

    # Its own id names it in pages and forms: a session key is a credential.
    session = models.OneToOneField("sessions.Session", on_delete=models.CASCADE,
                                   related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="tracked_sessions")
    started_at = models.DateTimeField(default=timezone.now)
    # Approximate: written at most every SESSION_SEEN_EVERY seconds.
    last_seen = models.DateTimeField(default=timezone.now)
    user_agent = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = UserSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-last_seen", "-started_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return f"{self.user} since {self.started_at:%Y-%m-%d %H:%M}"
