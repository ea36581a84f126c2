"""Login throttling with django-axes: what SocialGov adds to it.

Axes counts failed logins per account and per address (settings.AXES_*); the
login forms (socialgov.accounts.forms.RefusalsSaid) say why a login is
refused, and ``paused_response`` keeps that page as the answer, as 429.
"""

import ipaddress

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import ngettext


class ThrottleBackend(AxesStandaloneBackend):
    """Axes' backend, which refuses every login of a paused account or address.

    Called without a request (the test client's ``login``, a shell), there is
    no address to count and no page to answer: it steps aside, where Axes'
    own backend would raise. Every login a person makes goes through a view,
    which passes its request.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_address(request):
    """The address a request came from (AXES_CLIENT_IP_CALLABLE).

    Each trusted proxy appends the address it was reached from to
    X-Forwarded-For, so behind ``TRUSTED_PROXY_COUNT`` of them the client is
    that many entries from the right; whatever the client wrote itself is to
    the left of them, and ignored. (django-ipware's proxy count wants a header
    of exactly that many entries more one, and gives no address otherwise.)
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= proxies and _is_address(hops[-proxies]):
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")


def _is_address(text):
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def cooloff_minutes():
    return max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def paused_message():
    minutes = cooloff_minutes()
    return ngettext(
        "Too many failed attempts: logging in is paused for %(minutes)d minute.",
        "Too many failed attempts: logging in is paused for %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def paused_response(request, original_response, credentials):
    """AXES_LOCKOUT_CALLABLE: the login page the view rendered (its form says
    that logging in is paused) with status 429; a bare message otherwise."""
    if original_response is not None and original_response.status_code == 200:
        original_response.status_code = settings.AXES_HTTP_RESPONSE_CODE
        return original_response
    return HttpResponse(paused_message(), status=settings.AXES_HTTP_RESPONSE_CODE,
                        content_type="text/plain; charset=utf-8")
