"""A person's sessions: listed, described and ended.

Each logged-in session has a ``UserSession`` row (written at login, see
``track``), so a person's sessions are one indexed query away; the row goes
with its session (a cascade from django_session).
"""

import logging
import re
import time
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.accounts.models import UserSession
from socialgov.accounts.throttling import client_address
from socialgov.audit.events import record

logger = logging.getLogger(__name__)

# The backends that keep a row per session in django_session, so a user's
# sessions can be found. (Cache-only and signed-cookie sessions cannot be
# listed: there, deactivated members still lose access at once, because
# permissions read active memberships only.)
DB_BACKED = {"django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"}

# In the session itself: when its row's last_seen was last written, and for
# which session key (Django gives a session a new key at login and on a
# password change; the row follows).
SEEN_KEY = "socialgov_seen"


def _tracking():
    return settings.SESSION_ENGINE in DB_BACKED


def track(request, user):
    """Write the row of the session ``request`` has just logged ``user`` into."""
    session = getattr(request, "session", None)
    if not _tracking() or session is None:
        return
    if session.session_key is None:  # never saved yet (a backend that saves lazily)
        session.save()
    now = timezone.now()
    UserSession.objects.update_or_create(
        session_id=session.session_key,
        defaults={"user": user, "last_seen": now,
                  "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
                  "ip_address": client_address(request) or None},
        create_defaults={"user": user, "started_at": now, "last_seen": now,
                         "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
                         "ip_address": client_address(request) or None},
    )
    session[SEEN_KEY] = [session.session_key, time.time()]


def seen(request):
    """After a request of a logged-in person: write the session's last_seen if it
    is older than SESSION_SEEN_EVERY seconds or the session changed keys. Most
    requests write nothing: the time of the last write is in the session."""
    session = request.session
    key = session.session_key
    if not _tracking() or key is None:
        return
    marked_key, marked_at = session.get(SEEN_KEY) or (None, 0)
    if marked_key == key and time.time() - marked_at < settings.SESSION_SEEN_EVERY:
        return
    if marked_key == key:
        if UserSession.objects.filter(session_id=key).update(last_seen=timezone.now()):
            session[SEEN_KEY] = [key, time.time()]
        # Else its row is gone: the session was ended (from another browser) while
        # this request ran, and must not come back.
        return
    # A new key (Django gives one on a password change), or a session from before
    # rows were kept: its row, if the session still exists.
    if session.exists(key):
        track(request, request.user)


def live_sessions(user):
    """The user's sessions that have not expired, the most recently seen first."""
    return UserSession.objects.live().filter(user=user)


def _store_class():
    return import_module(settings.SESSION_ENGINE).SessionStore


def _end(keys):
    store_class = _store_class()
    for key in keys:
        # Through the store, so a cached_db session leaves the cache too; the
        # UserSession row goes with the django_session row.
        store_class(key).delete()
    return len(keys)


def end_one(user, pk, current_key):
    """End the user's session ``pk`` (a UserSession's id), not the current one.
    Returns True when one ended."""
    key = (live_sessions(user).filter(pk=pk).exclude(session_id=current_key)
           .values_list("session_id", flat=True).first())
    if key is None:
        return False
    with transaction.atomic():
        record("session_ended", actor=user)
        _end([key])
    return True


def end_others(user, current_key):
    """"Log out everywhere": end every session of the user but the current one
    (the person stays on the page, and logs out of it with "Log out"). Returns
    how many ended; the audit event says so."""
    keys = list(live_sessions(user).exclude(session_id=current_key)
                .values_list("session_id", flat=True))
    with transaction.atomic():
        record("sessions_ended", actor=user, count=len(keys))
        return _end(keys)


def end_sessions(user, keep=None):
    """Delete every session of ``user`` but the one whose key is ``keep``;
    returns how many ended."""
    if not _tracking():
        logger.warning("SESSION_ENGINE %s cannot list sessions; %s's stay open",
                       settings.SESSION_ENGINE, user.pk)
        return 0
    return _end(list(UserSession.objects.filter(user=user).exclude(session_id=keep)
                     .values_list("session_id", flat=True)))


# -- what the account page says of a session ---------------------------------------------

# First match wins: Edge and Opera say "Chrome" too, Chrome says "Safari".
_BROWSERS = [
    ("Edge", re.compile(r"\bEdg(?:e|A|iOS)?/")),
    ("Opera", re.compile(r"\bOPR/|\bOpera\b")),
    ("Samsung Internet", re.compile(r"\bSamsungBrowser/")),
    ("Firefox", re.compile(r"\bFirefox/|\bFxiOS/")),
    ("Chrome", re.compile(r"\bChrome/|\bCriOS/|\bChromium/")),
    ("Safari", re.compile(r"\bVersion/[\d.]+.*\bSafari/")),
]
_SYSTEMS = [
    ("Android", re.compile(r"\bAndroid\b")),
    ("iOS", re.compile(r"\biPhone\b|\biPod\b")),
    ("iPadOS", re.compile(r"\biPad\b")),
    ("ChromeOS", re.compile(r"\bCrOS\b")),
    ("Windows", re.compile(r"\bWindows\b")),
    ("macOS", re.compile(r"\bMacintosh\b|\bMac OS X\b")),
    ("Linux", re.compile(r"\bLinux\b|\bX11\b")),
]


def _first(table, text):
    return next((name for name, pattern in table if pattern.search(text)), None)


def describe(user_agent):
    """"Firefox on Windows", from a User-Agent header (the common browsers and
    systems only: a rough summary to recognise one's own devices by)."""
    browser = _first(_BROWSERS, user_agent or "")
    system = _first(_SYSTEMS, user_agent or "")
    if browser and system:
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    return browser or system or _("Unknown browser")
