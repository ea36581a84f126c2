"""Login throttling (issue 15): the review's 50 wrong passwords, then the right
one, logged in, on /login/ and on /admin/login/. Now logging in pauses per
account and per address, says so and for how long, refuses even the right
password meanwhile, and a superuser can lift the pause."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.utils import timezone

from socialgov.accounts.throttling import client_address

PAUSED = "Too many failed attempts: logging in is paused for 15 minutes."
WRONG = "correct username and password"


def log_in(client, username, password, *, path="/login/", address="127.0.0.1"):
    return client.post(path, {"username": username, "password": password},
                       REMOTE_ADDR=address)


def logged_in(client):
    return SESSION_KEY in client.session


def test_the_defaults_are_ten_failures_and_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 10
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)


def test_fifty_wrong_passwords_then_the_right_one_is_refused(client, intern):
    answers = [log_in(client, "intern", "wrong").status_code for _ in range(50)]
    assert answers[:9] == [200] * 9  # the usual "wrong credentials" page
    assert set(answers[9:]) == {429}
    response = log_in(client, "intern", "pw")
    assert response.status_code == 429
    html = response.content.decode()
    assert PAUSED in html
    assert WRONG not in html
    assert 'name="password"' in html  # the login page itself, with its form
    assert not logged_in(client)
    assert client.get("/posts/").status_code == 302


def test_the_page_says_wrong_credentials_until_the_limit(client, intern):
    for _ in range(9):
        response = log_in(client, "intern", "wrong")
        assert response.status_code == 200
        assert WRONG in response.content.decode()
    response = log_in(client, "intern", "wrong")
    assert response.status_code == 429
    assert PAUSED in response.content.decode()


def test_the_django_admin_login_pauses_too(client, superuser):
    for _ in range(50):
        log_in(client, "root", "wrong", path="/admin/login/")
    response = log_in(client, "root", "pw", path="/admin/login/")
    assert response.status_code == 429
    assert PAUSED in response.content.decode()
    assert not logged_in(client)
    assert client.get("/admin/").status_code == 302


def test_an_address_trying_many_accounts_is_paused_for_every_account(client, intern, make_user):
    for number in range(10):
        log_in(client, f"nobody{number}", "wrong", address="203.0.113.9")
    response = log_in(client, "intern", "pw", address="203.0.113.9")
    assert response.status_code == 429
    assert PAUSED in response.content.decode()
    # The same person from another address is not paused.
    other = Client()
    assert log_in(other, "intern", "pw", address="198.51.100.1").status_code == 302
    assert logged_in(other)


def test_an_account_tried_from_many_addresses_is_paused_from_any_address(client, intern):
    for number in range(10):
        log_in(Client(), "intern", "wrong", address=f"203.0.113.{number + 1}")
    response = log_in(client, "intern", "pw", address="198.51.100.1")
    assert response.status_code == 429
    assert not logged_in(client)


def test_the_pause_ends_after_the_cool_off(client, intern):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(10):
            log_in(client, "intern", "wrong")
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert log_in(client, "intern", "pw").status_code == 429
    # That attempt, refused, started the pause again: 15 minutes from it.
    with time_machine.travel(start + timedelta(minutes=28), tick=False):
        assert log_in(client, "intern", "pw").status_code == 429
    with time_machine.travel(start + timedelta(minutes=44), tick=False):
        response = log_in(client, "intern", "pw")
        assert response.status_code == 302
        assert logged_in(client)


@pytest.fixture
def paused_intern(intern):
    for _ in range(10):
        log_in(Client(), "intern", "wrong")
    assert log_in(Client(), "intern", "pw").status_code == 429
    return intern


def test_a_superuser_lifts_the_pause_in_the_admin(root_client, paused_intern):
    client = root_client
    changelist = "/admin/axes/accessattempt/"
    page = client.get(changelist)
    assert page.status_code == 200 and "intern" in page.content.decode()
    attempts = list(AccessAttempt.objects.filter(username="intern").values_list("pk", flat=True))
    response = client.post(changelist, {"action": "delete_selected", "_selected_action": attempts,
                                        "post": "yes"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    visitor = Client()
    assert log_in(visitor, "intern", "pw").status_code == 302
    assert logged_in(visitor)


def test_the_command_lifts_the_pause_of_an_account(paused_intern):
    call_command("axes_reset_username", "intern")
    visitor = Client()
    assert log_in(visitor, "intern", "pw").status_code == 302


def test_a_drafter_cannot_lift_a_pause(client, paused_intern, make_user):
    client.force_login(make_user("someone"))
    assert client.get("/admin/axes/accessattempt/").status_code == 302
    assert AccessAttempt.objects.filter(username="intern").exists()


def test_the_test_clients_login_is_not_throttled(client, intern):
    # It passes no request to authenticate: nothing to count, nothing refused.
    assert client.login(username="intern", password="pw")
    assert not AccessAttempt.objects.exists()


def test_limits_come_from_the_environment(monkeypatch):
    import importlib

    import socialgov.settings as module

    monkeypatch.setenv("LOGIN_FAILURE_LIMIT", "4")
    monkeypatch.setenv("LOGIN_COOLOFF_MINUTES", "60")
    try:
        reloaded = importlib.reload(module)
        assert reloaded.AXES_FAILURE_LIMIT == 4
        assert reloaded.AXES_COOLOFF_TIME == timedelta(hours=1)
    finally:
        monkeypatch.undo()
        importlib.reload(module)


def test_the_message_says_the_cool_off_set(client, intern, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=1)
    settings.AXES_FAILURE_LIMIT = 2
    log_in(client, "intern", "wrong")
    response = log_in(client, "intern", "wrong")
    assert "logging in is paused for 1 minute." in response.content.decode()


# -- the client's address -----------------------------------------------------------


def address_of(settings, proxies, forwarded=None, remote="10.0.0.1"):
    settings.TRUSTED_PROXY_COUNT = proxies
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(RequestFactory().post("/login/", REMOTE_ADDR=remote, **extra))


def test_without_a_trusted_proxy_a_forwarded_header_changes_nothing(settings):
    assert address_of(settings, 0, "203.0.113.7") == "10.0.0.1"


def test_behind_proxies_the_client_is_the_address_the_first_one_added(settings):
    assert address_of(settings, 1, "203.0.113.7") == "203.0.113.7"
    # What the client wrote itself comes before: ignored.
    assert address_of(settings, 1, "6.6.6.6, 203.0.113.7") == "203.0.113.7"
    assert address_of(settings, 2, "6.6.6.6, 203.0.113.7, 10.0.0.5") == "203.0.113.7"


def test_a_missing_or_broken_forwarded_address_falls_back_to_the_socket(settings):
    assert address_of(settings, 1) == "10.0.0.1"
    assert address_of(settings, 2, "203.0.113.7") == "10.0.0.1"
    assert address_of(settings, 1, "not-an-address") == "10.0.0.1"


def test_the_proxied_address_is_the_one_paused(client, intern, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(10):
        client.post("/login/", {"username": f"nobody{number}", "password": "x"},
                    REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"9.9.9.{number}, 203.0.113.7")
    paused = client.post("/login/", {"username": "intern", "password": "pw"},
                         REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert paused.status_code == 429
    other = Client().post("/login/", {"username": "intern", "password": "pw"},
                          REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert other.status_code == 302


def test_the_paused_message_is_french_in_french(client, intern):
    from django.utils import translation

    from socialgov.accounts.throttling import paused_message

    with translation.override("fr"):
        expected = paused_message()
    for _ in range(10):
        response = client.post("/login/", {"username": "intern", "password": "wrong"},
                               HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 429
    assert expected in response.content.decode()
    assert expected.startswith("Trop de tentatives échouées\u00a0: la connexion est suspendue")
