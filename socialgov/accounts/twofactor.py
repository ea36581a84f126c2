"""Two-factor authentication: an authenticator app (TOTP) and recovery codes.

django-otp keeps the devices: one TOTPDevice (the app) and one StaticDevice
(its tokens are the recovery codes, each accepted once) per person. A session
is verified once a code was right in it (``django_otp.login``: the device's id
in the session); ``request.user.is_verified()`` says so.

Logging in with the password of a person who has two-factor authentication
leaves the session pending (``PENDING_KEY``): the middleware lets it reach the
code page only, until a right code verifies it.
"""

import base64
import math
import re

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from socialgov.audit.events import record

RECOVERY_CODES = 10
# In the session: the password was right, the code is still owed.
PENDING_KEY = "socialgov_2fa_pending"
# In the session: wrong codes given on the code page since the password.
TRIES_KEY = "socialgov_2fa_tries"
# In the session: the recovery codes just made, until the person has them.
FRESH_CODES_KEY = "socialgov_2fa_codes"

APP_NAME = "Authenticator app"
CODES_NAME = "Recovery codes"


def app_device(user):
    """The user's confirmed authenticator app, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_on(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def device_being_set_up(user):
    """The app the user is setting up (not confirmed yet): the same secret until
    they confirm it, so reloading the page does not void the scan."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


def secret(device):
    """The secret to type into an app that cannot scan, in groups of four."""
    text = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def qr_code(device):
    """The device's otpauth:// address as an SVG QR code (a data: URI for an <img>)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def _digits(code):
    return re.sub(r"[\s-]", "", code or "").lower()


def confirm(request, device, code):
    """Turn two-factor authentication on with ``device`` when ``code`` is the
    app's current one: returns the new recovery codes, or None (wrong code).
    The session counts as verified from then on."""
    user = request.user
    with transaction.atomic():
        if not device.verify_token(_digits(code)):
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_codes(user)
        record("two_factor_on", actor=user)
    otp_login(request, device)
    request.session.pop(PENDING_KEY, None)
    return codes


def _new_codes(user):
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": CODES_NAME, "confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def renew_codes(user):
    """New recovery codes; the old ones stop working."""
    with transaction.atomic():
        codes = _new_codes(user)
        record("recovery_codes_made", actor=user)
    return codes


def wait_seconds(user, devices=None):
    """How long the user must wait before their next code is tried (after wrong
    ones, django-otp doubles the wait each time): 0 when they may try now."""
    if devices is None:
        devices = [*TOTPDevice.objects.filter(user=user, confirmed=True),
                   *StaticDevice.objects.filter(user=user, confirmed=True)]
    now = timezone.now()
    waits = [0]
    for device in devices:
        allowed, details = device.verify_is_allowed()
        if not allowed and details.get("locked_until"):
            waits.append((details["locked_until"] - now).total_seconds())
    return max(0, math.ceil(max(waits)))


def verify(request, code):
    """Is ``code`` the app's current code, or one of the unused recovery codes?
    If so the session is verified and the device is returned; else None."""
    user = request.user
    code = _digits(code)
    if not code:
        return None
    if code.isdigit() and len(code) == 6:  # recovery codes have 8 letters and digits
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
    for device in devices:
        with transaction.atomic():
            if not device.verify_token(code):
                continue
            if isinstance(device, StaticDevice):
                record("recovery_code_used", actor=user, left=device.token_set.count())
        otp_login(request, device)
        request.session.pop(PENDING_KEY, None)
        request.session.pop(TRIES_KEY, None)
        return device
    request.session[TRIES_KEY] = request.session.get(TRIES_KEY, 0) + 1
    return None


def too_many_tries(request):
    return request.session.get(TRIES_KEY, 0) >= settings.TWO_FACTOR_MAX_TRIES


def turn_off(user):
    """Remove the user's app and recovery codes."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        record("two_factor_off", actor=user)


def mark_pending(request, user):
    """At login: a person with two-factor authentication owes a code."""
    if getattr(request, "session", None) is not None and is_on(user):
        request.session[PENDING_KEY] = True
