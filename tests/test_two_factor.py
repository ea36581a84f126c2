"""Two-factor authentication (issue 15): setting it up with a real TOTP code, the
second step of logging in, recovery codes, turning it off, brands that require it
of approvers and brand admins, and the Django admin that requires it of everyone."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from socialgov.accounts import twofactor
from socialgov.audit.models import AuditEvent
from socialgov.brands import voice
from tests.conftest import verify_session

pytestmark = pytest.mark.django_db


def code_now(device, later=0):
    """The code the person's app shows now (or ``later`` time steps on)."""
    device.refresh_from_db()
    return str(totp(device.bin_key, step=device.step, t0=device.t0 - later * device.step,
                    digits=device.digits, drift=device.drift)).zfill(device.digits)


def wrong(code):
    return str((int(code) + 1) % 10**6).zfill(6)


@pytest.fixture
def no_throttle(settings):
    """Wrong codes make the next try wait 1, 2, 4... s: tests that give a wrong
    code and then the right one at once do without the wait."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def with_app(manager):
    """The manager has set up an app (and recovery codes) before."""
    device = TOTPDevice.objects.create(user=manager, name=twofactor.APP_NAME, confirmed=True)
    codes = twofactor._new_codes(manager)
    return device, codes


def log_in(client, username="manager", next_url=""):
    data = {"username": username, "password": "pw"}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_setting_up_two_factor_with_a_real_code_shows_ten_recovery_codes_once(
        client, manager, no_throttle):
    client.force_login(manager)
    page = client.get(reverse("two_factor_setup"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in html  # the QR code, drawn by segno
    device = TOTPDevice.objects.get(user=manager)
    assert not device.confirmed
    assert twofactor.secret(device) in html  # for apps that cannot scan
    # A reload keeps the same secret: a scan is not voided.
    client.get(reverse("two_factor_setup"))
    assert TOTPDevice.objects.filter(user=manager).count() == 1

    refused = client.post(reverse("two_factor_setup"), {"code": wrong(code_now(device))})
    assert refused.status_code == 200 and "not the one the app shows" in refused.content.decode()
    device.refresh_from_db()
    assert not device.confirmed and not twofactor.is_on(manager)

    done = client.post(reverse("two_factor_setup"), {"code": code_now(device)})
    assert done.status_code == 302 and done["Location"] == reverse("two_factor_codes")
    assert twofactor.is_on(manager)
    assert AuditEvent.objects.filter(action="two_factor_on", actor=manager).count() == 1
    codes = list(StaticToken.objects.filter(device__user=manager).values_list("token", flat=True))
    assert len(codes) == 10 == len(set(codes))
    shown = client.get(reverse("two_factor_codes")).content.decode()
    assert all(code in shown for code in codes)
    download = client.get(reverse("two_factor_codes_download"))
    assert download["Content-Disposition"].startswith("attachment")
    assert all(code in download.content.decode() for code in codes)
    # Once saved, they are not shown again.
    client.post(reverse("two_factor_codes"), {"done": "1"})
    again = client.get(reverse("two_factor_codes")).content.decode()
    assert not any(code in again for code in codes) and "10 unused recovery codes" in again
    assert client.get(reverse("two_factor_codes_download")).status_code == 404
    # This session counts as verified: the account page says so, and it is not asked again.
    assert client.get(reverse("account")).status_code == 200


def test_logging_in_asks_for_the_code_after_the_password(client, manager, with_app,
                                                         no_throttle):
    device, _codes = with_app
    response = log_in(client, next_url="/posts/")
    assert response.status_code == 302 and response["Location"] == "/posts/"
    # Logged in with the password only: every page sends to the code page.
    for page in ("/posts/", "/review/", reverse("account"), "/admin/"):
        blocked = client.get(page)
        assert blocked.status_code == 302, page
        assert blocked["Location"].startswith(reverse("two_factor_verify")), page
    step = client.get(reverse("two_factor_verify") + "?next=/posts/")
    assert step.status_code == 200 and 'autocomplete="one-time-code"' in step.content.decode()

    refused = client.post(reverse("two_factor_verify"),
                          {"code": wrong(code_now(device)), "next": "/posts/"})
    assert refused.status_code == 200 and "not right" in refused.content.decode()
    assert client.get("/posts/").status_code == 302

    accepted = client.post(reverse("two_factor_verify"),
                           {"code": code_now(device), "next": "/posts/"})
    assert accepted.status_code == 302 and accepted["Location"] == "/posts/"
    assert client.get("/posts/").status_code == 200
    # The same code cannot be used twice (replay).
    other = type(client)()
    log_in(other)
    assert other.post(reverse("two_factor_verify"),
                      {"code": code_now(device)}).status_code == 200
    assert other.get("/posts/").status_code == 302


def test_logging_in_at_the_admins_login_page_also_owes_the_code(client, superuser):
    TOTPDevice.objects.create(user=superuser, name="app", confirmed=True)
    response = client.post(reverse("admin:login"), {"username": "root", "password": "pw",
                                                    "next": "/admin/"})
    assert response.status_code == 302
    assert client.get("/posts/")["Location"].startswith(reverse("two_factor_verify"))
    assert client.get("/admin/")["Location"].startswith(reverse("two_factor_verify"))


def test_wrong_codes_are_throttled_then_the_person_logs_in_again(client, manager, with_app,
                                                                 settings):
    device, _codes = with_app
    log_in(client)
    client.post(reverse("two_factor_verify"), {"code": wrong(code_now(device))})
    # The right code at once is not even tried: the next try must wait.
    waited = client.post(reverse("two_factor_verify"), {"code": code_now(device)})
    assert "wait 1 second" in waited.content.decode()
    assert client.get("/posts/").status_code == 302
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    for _try in range(settings.TWO_FACTOR_MAX_TRIES - 1):
        response = client.post(reverse("two_factor_verify"), {"code": wrong(code_now(device))})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "Too many wrong codes" in " ".join(messages_of(response))
    assert not client.get(reverse("account")).wsgi_request.user.is_authenticated


def test_a_recovery_code_works_once(client, manager, with_app, no_throttle):
    _device, codes = with_app
    log_in(client)
    response = client.post(reverse("two_factor_verify"), {"code": codes[0].upper()})
    assert response.status_code == 302
    assert client.get("/posts/").status_code == 200
    event = AuditEvent.objects.get(action="recovery_code_used")
    assert event.actor == manager and event.data["left"] == 9
    client.post(reverse("logout"))
    log_in(client)
    again = client.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert again.status_code == 200 and client.get("/posts/").status_code == 302
    assert client.post(reverse("two_factor_verify"), {"code": codes[1]}).status_code == 302


def test_new_recovery_codes_replace_the_old_ones(client, manager, with_app):
    _device, old = with_app
    client.force_login(manager)
    verify_session(client, manager)
    client.post(reverse("two_factor_codes"), {"renew": "1"})
    new = set(StaticToken.objects.filter(device__user=manager).values_list("token", flat=True))
    assert len(new) == 10 and not new & set(old)
    assert all(code in client.get(reverse("two_factor_codes")).content.decode() for code in new)
    assert AuditEvent.objects.filter(action="recovery_codes_made").count() == 1


def test_turning_off_needs_the_password_or_a_code(client, manager, with_app, no_throttle):
    client.force_login(manager)
    verify_session(client, manager)
    refused = client.post(reverse("two_factor_off"), {"proof": "not it"})
    assert refused.status_code == 200 and twofactor.is_on(manager)
    assert "neither your password" in refused.content.decode()
    assert client.post(reverse("two_factor_off"), {"proof": "pw"}).status_code == 302
    assert not twofactor.is_on(manager) and twofactor.codes_left(manager) == 0
    assert AuditEvent.objects.filter(action="two_factor_off", actor=manager).exists()
    # Logging in is the password alone again.
    client.post(reverse("logout"))
    log_in(client)
    assert client.get("/posts/").status_code == 200


def test_a_brand_that_requires_it_sends_approvers_to_set_it_up_but_not_drafters(
        client, brand, manager, intern, make_post):
    post = make_post("in_review")
    brand.require_two_factor = True
    brand.save()
    client.force_login(intern)
    assert client.get(post.get_absolute_url()).status_code == 200
    assert client.get(reverse("posts:new")).status_code == 200
    # A drafter is refused what drafters are refused, as before: not sent to set it up.
    assert client.get(reverse("posts:review_queue")).status_code == 403

    client.force_login(manager)
    for url in (reverse("posts:review_queue"), reverse("away")):
        response = client.get(url)
        if url == reverse("away"):
            assert response.status_code == 200  # not a brand's page
            continue
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("two_factor_setup"))
        assert ("Acme requires two-factor authentication for approvers and brand admins: "
                "set it up to go on.") in messages_of(response)
    # The post page shows no decision; deciding is refused and sends them to set it up.
    assert 'class="decision-form"' not in client.get(post.get_absolute_url()).content.decode()
    decided = client.post(reverse("posts:decide", args=[post.pk]),
                          {"version": post.current_version_id, "decision": "approve"})
    assert decided.status_code == 302
    assert decided["Location"].startswith(reverse("two_factor_setup"))
    post.refresh_from_db()
    assert post.state == "in_review"

    # With a device but not verified in this session: sent to enter a code.
    verify_session(client, manager)
    assert client.get(reverse("posts:review_queue")).status_code == 200
    assert 'class="decision-form"' in client.get(post.get_absolute_url()).content.decode()
    elsewhere = type(client)()
    elsewhere.force_login(manager)  # another session: the code is owed there
    assert elsewhere.get(reverse("posts:review_queue"))["Location"].startswith(
        reverse("two_factor_verify"))


def test_brand_admin_pages_of_a_brand_that_requires_it(client, brand, brand_admin, superuser):
    brand.require_two_factor = True
    brand.save()
    for user in (brand_admin, superuser):
        client.force_login(user)
        response = client.get(reverse("brands:settings", args=[brand.slug]))
        assert response.status_code == 302, user
        assert response["Location"].startswith(reverse("two_factor_setup"))
        verify_session(client, user)
        assert client.get(reverse("brands:settings", args=[brand.slug])).status_code == 200


def test_the_setting_is_saved_in_the_history_and_needs_the_admins_own_second_factor(
        client, brand, brand_admin):
    client.force_login(brand_admin)
    url = reverse("brands:settings", args=[brand.slug])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["languages"], data["packs"] = brand.languages, brand.packs
    data["require_two_factor"] = "on"
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Turn on two-factor authentication for yourself first" in refused.content.decode()
    brand.refresh_from_db()
    assert not brand.require_two_factor
    verify_session(client, brand_admin)
    assert client.post(url, data).status_code == 302
    brand.refresh_from_db()
    assert brand.require_two_factor
    event = AuditEvent.objects.get(action="brand_changed", brand=brand)
    assert event.data["fields"] == ["require_two_factor"]
    assert event.data["before"]["require_two_factor"] is False
    # Brought back from the history like any setting.
    voice.restore_settings_before(client.get(url).wsgi_request.user, brand, event)
    brand.refresh_from_db()
    assert not brand.require_two_factor


def test_the_django_admin_requires_a_verified_second_factor(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("account")
    assert ("The administration needs two-factor authentication: set it up on your account "
            "page.") in messages_of(response)
    TOTPDevice.objects.create(user=superuser, name="app", confirmed=True)
    login_page = client.get(reverse("admin:login") + "?next=/admin/")
    assert login_page["Location"].startswith(reverse("two_factor_verify"))
    verify_session(client, superuser)
    assert client.get("/admin/").status_code == 200


def test_the_secret_and_qr_code_name_the_site_and_the_person(manager):
    device = twofactor.device_being_set_up(manager)
    assert "issuer=SocialGov" in device.config_url and "manager" in device.config_url
    assert re.fullmatch(r"([A-Z2-7]{4} )*[A-Z2-7]{1,4}", twofactor.secret(device))


def test_a_code_owed_to_an_app_turned_off_elsewhere_is_no_longer_owed(client, manager,
                                                                     with_app):
    log_in(client)
    TOTPDevice.objects.filter(user=manager).delete()  # turned off in another session
    response = client.get("/posts/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_setup"))
    assert client.get("/posts/").status_code == 200
