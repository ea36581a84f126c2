"""The signature of a webhook's body, as Stripe signs its own.

``X-SocialGov-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>``

The receiver computes the HMAC of the timestamp, a dot and the raw body with
the endpoint's secret, compares it in constant time with ``v1``, and refuses
a timestamp too far from its clock (a replayed request). README.md shows the
few lines it takes.
"""

import hashlib
import hmac
import time

HEADER = "X-SocialGov-Signature"
TOLERANCE_SECONDS = 300


def signature(secret, timestamp, body):
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def header(secret, body, timestamp=None):
    """The value of HEADER for ``body`` (bytes) signed now (or at ``timestamp``)."""
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def verify(secret, body, value, now=None, tolerance=TOLERANCE_SECONDS):
    """Does ``value`` (the header a receiver got) sign ``body`` with ``secret``,
    recently enough? What a receiver does; our tests do it too."""
    fields = {}
    for item in (value or "").split(","):
        key, _sep, field = item.strip().partition("=")
        fields.setdefault(key, []).append(field)
    try:
        timestamp = int(fields["t"][0])
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, given) for given in fields.get("v1", []))
