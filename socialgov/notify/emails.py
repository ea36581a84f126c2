"""The e-mails: one per notice sent at once, one per person's daily digest.

Each is written in its recipient's language (plain text, with an HTML
alternative), names the brand, the post and what happened, and links to the
notice on the site (SITE_URL): opening it marks the notice read and goes to
the post or the brand's page. A batch goes through one connection to the
mail server; a failure is logged, and the notices stay in the app.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

logger = logging.getLogger(__name__)


def absolute(path):
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def open_link(notice):
    return absolute(reverse("notify:open", args=[notice.pk]))


def _message(subject, template, context, address, language):
    with override(language):
        context = {**context, "settings_link": absolute(reverse("notify:settings")),
                   "list_link": absolute(reverse("notify:list")), "language": language}
        text = render_to_string(f"notify/email/{template}.txt", context)
        html = render_to_string(f"notify/email/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, None, [address])
    message.attach_alternative(html, "text/html")
    return message


def notice_email(told, address, language):
    """The e-mail of one notice (``told``: present.Told in ``language``)."""
    subject = f"[{told.brand_name}] {told.headline}"
    return _message(subject, "notice", {"told": told, "link": open_link(told.notice)},
                    address, language)


def digest_email(items, address, language, day):
    """The daily digest of ``items`` (present.Told in ``language``) for ``day``."""
    with override(language):
        subject = _("Your SocialGov digest for %(day)s") % {"day": day.isoformat()}
    entries = [{"told": told, "link": open_link(told.notice)} for told in items]
    return _message(subject, "digest", {"entries": entries, "count": len(entries),
                                        "day": day.isoformat()}, address, language)


def send(messages):
    """Send ``messages`` through one connection. Returns how many went; a
    failure is logged, never raised: the notices are in the app whatever happens."""
    if not messages:
        return 0
    try:
        with get_connection() as connection:
            return connection.send_messages(messages) or 0
    except Exception:
        logger.exception("could not send %d notification e-mail(s)", len(messages))
        return 0
