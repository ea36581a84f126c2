"""The account page's list of one's sessions (issue 15): what each says, the
current one marked, ending one, and "Log out everywhere"."""

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from socialgov.accounts import sessions
from socialgov.accounts.models import UserSession
from socialgov.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

FIREFOX_WINDOWS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 "
                   "Firefox/133.0")
SAFARI_IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
                 "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")
EDGE_WINDOWS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
                "Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0")
CHROME_ANDROID = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like "
                  "Gecko) Chrome/131.0.0.0 Mobile Safari/537.36")


def browser(user_agent, address="203.0.113.7", username="manager"):
    client = Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)
    assert client.post(reverse("login"), {"username": username, "password": "pw"}).status_code \
        == 302
    return client


@pytest.mark.parametrize("user_agent, summary", [
    (FIREFOX_WINDOWS, "Firefox on Windows"),
    (SAFARI_IPHONE, "Safari on iOS"),
    (EDGE_WINDOWS, "Edge on Windows"),
    (CHROME_ANDROID, "Chrome on Android"),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36", "Chrome on Linux"),
    ("curl/8.5.0", "Unknown browser"),
    ("", "Unknown browser"),
])
def test_a_user_agent_is_summed_up_as_browser_and_system(user_agent, summary):
    assert sessions.describe(user_agent) == summary


def test_behind_a_trusted_proxy_a_session_shows_the_clients_address(settings, manager):
    # The address login pauses count by (socialgov.accounts.throttling.client_address),
    # not the proxy's.
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client(HTTP_USER_AGENT=FIREFOX_WINDOWS, REMOTE_ADDR="10.0.0.2",
                    HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.9")
    assert client.post(reverse("login"), {"username": "manager", "password": "pw"}) \
        .status_code == 302
    assert UserSession.objects.get(user=manager).ip_address == "203.0.113.9"


def test_the_account_page_lists_ones_sessions_with_the_current_one_marked(manager, intern):
    laptop = browser(FIREFOX_WINDOWS)
    phone = browser(SAFARI_IPHONE, "198.51.100.2")
    browser(EDGE_WINDOWS, username="intern")  # someone else's: not listed
    html = laptop.get(reverse("account")).content.decode()
    assert "Firefox on Windows <strong>(this session)</strong>" in html
    assert "Safari on iOS" in html and "198.51.100.2" in html and "203.0.113.7" in html
    assert "Edge" not in html
    assert html.count("(this session)") == 1
    assert "Log out everywhere" in html
    assert phone.get(reverse("account")).status_code == 200


def test_log_out_everywhere_ends_every_other_session_and_is_recorded(manager, intern):
    laptop = browser(FIREFOX_WINDOWS)
    phone = browser(SAFARI_IPHONE)
    tablet = browser(CHROME_ANDROID)
    someone_else = browser(EDGE_WINDOWS, username="intern")
    response = laptop.post(reverse("sessions_end_others"))
    assert response.status_code == 302
    assert laptop.get(reverse("posts:mine")).status_code == 200  # this one stays
    for other in (phone, tablet):
        assert other.get(reverse("posts:mine"))["Location"].startswith(reverse("login"))
    assert someone_else.get(reverse("posts:mine")).status_code == 200
    event = AuditEvent.objects.get(action="sessions_ended")
    assert event.actor == manager and event.data["count"] == 2
    assert sessions.live_sessions(manager).count() == 1


def test_ending_one_session(manager, intern):
    laptop = browser(FIREFOX_WINDOWS)
    phone = browser(SAFARI_IPHONE)
    tablet = browser(CHROME_ANDROID)
    phone_row = UserSession.objects.get(user=manager, user_agent=SAFARI_IPHONE)
    assert laptop.post(reverse("session_end", args=[phone_row.pk])).status_code == 302
    assert phone.get(reverse("posts:mine")).status_code == 302
    assert tablet.get(reverse("posts:mine")).status_code == 200
    assert AuditEvent.objects.filter(action="session_ended", actor=manager).count() == 1
    # Someone else's session, or the current one, cannot be ended from here.
    other = browser(EDGE_WINDOWS, username="intern")
    other_row = UserSession.objects.get(session_id=other.session.session_key)
    laptop.post(reverse("session_end", args=[other_row.pk]))
    assert other.get(reverse("posts:mine")).status_code == 200
    own_row = UserSession.objects.get(session_id=laptop.session.session_key)
    laptop.post(reverse("session_end", args=[own_row.pk]))
    assert laptop.get(reverse("posts:mine")).status_code == 200


def test_last_seen_is_written_at_most_every_few_minutes(manager, settings):
    laptop = browser(FIREFOX_WINDOWS)
    row = UserSession.objects.get(user=manager)
    long_ago = timezone.now() - timezone.timedelta(hours=1)
    UserSession.objects.filter(pk=row.pk).update(last_seen=long_ago)
    laptop.get(reverse("posts:mine"))
    row.refresh_from_db()
    assert row.last_seen == long_ago  # seen less than SESSION_SEEN_EVERY ago: not written
    settings.SESSION_SEEN_EVERY = 0
    laptop.get(reverse("posts:mine"))
    row.refresh_from_db()
    assert row.last_seen > long_ago


def test_a_session_leaves_the_list_when_it_ends(manager):
    laptop = browser(FIREFOX_WINDOWS)
    phone = browser(SAFARI_IPHONE)
    assert sessions.live_sessions(manager).count() == 2
    phone.post(reverse("logout"))
    assert sessions.live_sessions(manager).count() == 1
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    assert sessions.live_sessions(manager).count() == 0  # expired: not listed
    call_command("clearsessions")
    assert not UserSession.objects.exists()
    assert laptop.get(reverse("posts:mine")).status_code == 302


def test_deactivation_ends_sessions_through_the_list(manager):
    browser(FIREFOX_WINDOWS)
    browser(SAFARI_IPHONE)
    assert sessions.end_sessions(manager) == 2
    assert not UserSession.objects.exists() and not Session.objects.exists()


def test_a_session_given_a_new_key_keeps_its_row(manager, settings):
    """Django gives a session a new key on a password change: the list follows."""
    from django.contrib.sessions.backends.db import SessionStore

    laptop = browser(FIREFOX_WINDOWS)
    old = laptop.session
    renewed = SessionStore()
    for key, value in old.items():
        renewed[key] = value
    renewed.save(must_create=True)
    old.delete()
    assert not UserSession.objects.exists()
    laptop.cookies[settings.SESSION_COOKIE_NAME] = renewed.session_key
    assert laptop.get(reverse("posts:mine")).status_code == 200
    row = UserSession.objects.get()
    assert row.session_id == renewed.session_key and row.user == manager
    assert row.user_agent == FIREFOX_WINDOWS
