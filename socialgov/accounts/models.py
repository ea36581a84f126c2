from django.conf import settings
from django.db import models
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


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    brand = models.ForeignKey(
        "brands.Brand", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.DRAFTER)
    created_at = models.DateTimeField(auto_now_add=True)

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
