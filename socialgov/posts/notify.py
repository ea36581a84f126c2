"""E-mails to people, sent once the change they describe has committed.

They are told from the events (socialgov/audit): a receiver of
``signals.committed`` picks the events that concern someone.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django.utils.translation import override

from socialgov.accounts.models import Membership, Role
from socialgov.audit import signals
from socialgov.audit.models import Action
from socialgov.posts.models import Finding

logger = logging.getLogger(__name__)


def approvers_of(brand):
    """Active approvers and brand admins of the brand who have an e-mail address."""
    members = Membership.objects.active().filter(
        brand=brand, role__in=[Role.APPROVER, Role.BRAND_ADMIN]).values("user_id")
    return list(
        get_user_model().objects.filter(pk__in=members, is_active=True).exclude(email="")
        .order_by("pk").values_list("email", flat=True)
    )


def absolute(path):
    return f"{settings.SITE_URL.rstrip('/')}{path}" if settings.SITE_URL else path


@receiver(signals.committed, dispatch_uid="posts.notify")
def on_committed(sender, event, **kwargs):
    if event.action == Action.RECHECK and event.post_id is not None:
        sent_back_by_recheck(event)


def sent_back_by_recheck(event):
    """Tell the brand's approvers that a re-check sent a post back to its author."""
    post = event.post
    recipients = approvers_of(post.brand)
    if not recipients:
        return
    language = post.brand.default_language
    errors = Finding.objects.filter(pk__in=event.data.get("errors", ())).order_by("pk")
    with override(language):
        subject = _("Post #%(number)s of %(brand)s sent back by a re-check") % {
            "number": post.pk, "brand": post.brand.name}
        lines = [
            _("The brand's rules or watch words changed; post #%(number)s now has an error "
              "and went back to its author, %(author)s.") % {
                "number": post.pk, "author": post.author.get_username()},
            "",
            *(f"- {finding.message(language)}" for finding in errors),
            "",
            absolute(post.get_absolute_url()),
        ]
    try:
        send_mail(subject, "\n".join(lines), None, recipients)
    except Exception:
        logger.warning("could not e-mail the approvers of post %s", post.pk, exc_info=True)
