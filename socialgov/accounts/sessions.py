"""Ending someone's sessions, whatever session backend stores them."""

import logging
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils import timezone

logger = logging.getLogger(__name__)

# The backends that keep a row per session in django_session, so a user's
# sessions can be found. (Cache-only and signed-cookie sessions cannot be
# listed: there, deactivated members still lose access at once, because
# permissions read active memberships only.)
DB_BACKED = {"django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"}


def end_sessions(user, keep=None):
    """Delete every live session of ``user`` but the one whose key is ``keep``;
    returns how many ended."""
    if settings.SESSION_ENGINE not in DB_BACKED:
        logger.warning("SESSION_ENGINE %s cannot list sessions; %s's stay open",
                       settings.SESSION_ENGINE, user.pk)
        return 0
    from django.contrib.sessions.models import Session

    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    live = Session.objects.filter(expire_date__gt=timezone.now())
    for session in live.iterator():
        if session.session_key == keep:
            continue
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            # Through the store, so a cached_db session leaves the cache too.
            store_class(session.session_key).delete()
            ended += 1
    return ended
