"""E-mails to people: sent once the change they describe has committed."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django.utils.translation import override

from socialgov.accounts.models import Role

logger = logging.getLogger(__name__)


def approvers_of(brand):
    """Approvers and brand admins of the brand who have an e-mail address."""
    User = get_user_model()
    return list(
        User.objects.filter(
            memberships__brand=brand,
            memberships__is_active=True,
            memberships__role__in=[Role.APPROVER, Role.BRAND_ADMIN],
            is_active=True,
        ).exclude(email="").order_by("pk").values_list("email", flat=True).distinct()
    )


def sent_back_by_recheck(post, findings):
    """Tell the brand's approvers that a re-check sent a post back to its author."""
    recipients = approvers_of(post.brand)
    if not recipients:
        return
    with override(post.brand.default_language):
        subject = _("Post #%(number)s of %(brand)s sent back by a re-check") % {
            "number": post.pk, "brand": post.brand.name}
        lines = [
            _("The brand's rules or watch words changed; post #%(number)s now has an error "
              "and went back to its author, %(author)s.") % {
                "number": post.pk, "author": post.author.get_username()},
            "",
            *(f"- {finding.message(post.brand.default_language)}" for finding in findings),
            "",
            f"{settings.SITE_URL}{post.get_absolute_url()}" if getattr(settings, "SITE_URL", "")
            else post.get_absolute_url(),
        ]
    try:
        send_mail(subject, "\n".join(lines), None, recipients)
    except Exception:
        logger.warning("could not e-mail the approvers of post %s", post.pk, exc_info=True)
