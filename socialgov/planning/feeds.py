"""Each person's calendar feed: a secret address, and the iCalendar it serves.

The feed holds the approved and the published posts of every brand where the
person is an active member, planned from ``FEED_PAST`` ago onwards: what goes
out, and what went out lately. A published post keeps its event, its state
named in the summary, so the calendar does not lose what was posted. A
deactivated member's feed loses that brand's posts at once; a person whose
account is deactivated has no feed at all.

Calendar apps cannot log in: the address's token is the secret. Only its hash
is stored (``accounts.models.hash_token``), so it is shown to its owner once,
when it is made; renewing it makes the old address answer 404 at once.
"""

import datetime
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from socialgov.accounts.models import Membership, hash_token
from socialgov.audit.events import record
from socialgov.brands.models import LANGUAGE_CODES, Brand
from socialgov.planning import ical
from socialgov.planning.models import CalendarFeed
from socialgov.posts.models import Post, State

FEED_STATES = (State.APPROVED, State.PUBLISHED)
FEED_PAST = datetime.timedelta(days=90)
# A post goes out at an instant; a short slot lets calendar apps draw it.
EVENT_LENGTH = "PT15M"
SUMMARY_CHARS = 60
DESCRIPTION_CHARS = 2000
TOKEN_CHARS = 43  # secrets.token_urlsafe(32)


# -- the address ------------------------------------------------------------------------


def renew(user, language):
    """Make ``user``'s feed address, or a new one in place of the old, which stops
    working at once. The events will be written in ``language``. Returns the
    token: it is put in the address shown to its owner, and stored nowhere."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied("calendar feed")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        # One renewal at a time per person: the second waits, then replaces the first.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        feed = CalendarFeed.objects.filter(user=user).first()
        action = "calendar_feed_renewed" if feed is not None else "calendar_feed_made"
        feed = feed or CalendarFeed(user=user)
        feed.token_hash = hash_token(token)
        feed.language = language if language in LANGUAGE_CODES else "en"
        feed.renewed_at = timezone.now()
        feed.save()
        record(action, actor=user)
    return token


def address(token):
    """The feed's address as people reach the site (``SITE_URL``)."""
    return settings.SITE_URL.rstrip("/") + reverse("planning:feed", args=[token])


def feed_of(token):
    """The feed this token opens, of an active person, or None."""
    if not isinstance(token, str) or len(token) != TOKEN_CHARS:
        return None
    return (CalendarFeed.objects.select_related("user")
            .filter(token_hash=hash_token(token), user__is_active=True).first())


# -- what it serves ---------------------------------------------------------------------


def brands_of(user):
    """The brands whose posts a person's feed holds: where they are an active member."""
    return Brand.objects.filter(
        pk__in=Membership.objects.active().filter(user=user).values("brand_id"))


def posts_of(user, now):
    """The posts a person's feed holds, in order of their planned time."""
    return (Post.objects.current()
            .filter(brand__in=brands_of(user), state__in=FEED_STATES,
                    current_version__planned_at__gte=now - FEED_PAST)
            .select_related("brand", "current_version")
            .order_by("current_version__planned_at", "pk"))


def _one_line(text, limit):
    return Truncator(" ".join(text.split())).chars(limit)


def _event(post, host, site):
    version = post.current_version
    excerpt = _one_line(version.text, SUMMARY_CHARS)
    parts = [post.brand.name, excerpt]
    if post.state != State.APPROVED:
        parts.insert(1, post.get_state_display())
    url = site + post.get_absolute_url()
    description = "\n\n".join([
        Truncator(version.text).chars(DESCRIPTION_CHARS),
        _("Networks: %(networks)s") % {"networks": ", ".join(version.network_labels())},
        url,
    ])
    return [
        ("UID", f"post-{post.pk}@{host}"),
        ("DTSTAMP", ical.utc(post.updated_at)),
        ("LAST-MODIFIED", ical.utc(post.updated_at)),
        ("SEQUENCE", str(version.number - 1)),
        ("DTSTART", ical.utc(version.planned_at)),
        ("DURATION", EVENT_LENGTH),
        ("SUMMARY", ical.escape_text(" · ".join(parts))),
        ("DESCRIPTION", ical.escape_text(description)),
        ("URL", url),
        ("STATUS", "CONFIRMED"),
        ("TRANSP", "TRANSPARENT"),
    ]


def render(feed, now=None):
    """The feed's iCalendar text, in its owner's language."""
    now = now or timezone.now()
    site = settings.SITE_URL.rstrip("/")
    host = urlsplit(site).hostname or "socialgov"
    with translation.override(feed.language):
        name = _("SocialGov: approved posts")
        events = [_event(post, host, site) for post in posts_of(feed.user, now)]
    return ical.calendar([
        ("VERSION", "2.0"),
        ("PRODID", "-//SocialGov//Planning calendar//EN"),
        ("CALSCALE", "GREGORIAN"),
        ("X-WR-CALNAME", ical.escape_text(name)),
    ], events)
