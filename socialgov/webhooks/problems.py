"""Why a delivery was not made, as data: a code and its values, stored on the
attempt and made into a sentence when read, in the reader's language (the
form says the same sentences about an address typed).

Which problems are tried again (jobs.py): a name that cannot be resolved now
(the DNS may be down, or the name not yet published), a connection refused, a
time-out, a TLS or connection failure and an unreadable answer are; an address
refused as private (typed, or resolved to), a malformed address and a webhook
turned off are not: they will not pass by themselves.
"""

from django.utils import formats
from django.utils.translation import gettext as _

INVALID_ADDRESS = "invalid_address"
NOT_HTTP = "not_http"
CREDENTIALS = "credentials"
NO_HOST = "no_host"
PRIVATE_ADDRESS = "private_address"
DNS_FAILED = "dns_failed"
NO_ADDRESS = "no_address"
REFUSED_TARGET = "refused_target"
TURNED_OFF = "turned_off"
CONNECTION_REFUSED = "connection_refused"
TIMEOUT = "timeout"
TLS = "tls"
CONNECTION_FAILED = "connection_failed"
BAD_RESPONSE = "bad_response"

RETRIED = frozenset({DNS_FAILED, NO_ADDRESS, CONNECTION_REFUSED, TIMEOUT, TLS,
                     CONNECTION_FAILED, BAD_RESPONSE})


def _sentences():
    return {
        INVALID_ADDRESS: _("This is not a valid web address."),
        NOT_HTTP: _("Use an address starting with https:// (or http://)."),
        CREDENTIALS: _("Leave the user name and password out of the address: "
                       "receivers check the signature instead."),
        NO_HOST: _("The address needs a host name."),
        PRIVATE_ADDRESS: _("%(address)s is a private, local or reserved address: webhooks "
                           "are sent to public addresses only."),
        DNS_FAILED: _("The host name %(host)s could not be found (the name does not exist "
                      "or its DNS did not answer)."),
        NO_ADDRESS: _("The host name %(host)s resolves to no address."),
        REFUSED_TARGET: _("%(host)s resolves to %(address)s, a private, local or "
                          "reserved address: not sent."),
        TURNED_OFF: _("The webhook was turned off: not sent."),
        CONNECTION_REFUSED: _("The receiver refused the connection (nothing listens at "
                              "%(address)s:%(port)s)."),
        TIMEOUT: _("The receiver did not answer within %(seconds)s seconds."),
        TLS: _("The secure connection to %(host)s failed: its certificate could not be "
               "verified or the handshake failed."),
        CONNECTION_FAILED: _("The connection to %(host)s failed before an answer came."),
        BAD_RESPONSE: _("The receiver's answer could not be read as HTTP."),
    }


def _number(value):
    """10.0 as "10", 0.5 as "0.5" or "0,5" (the reader's decimal mark)."""
    return formats.localize(int(value) if value.is_integer() else value)


def sentence(code, params=None):
    """The sentence of ``code`` in the active language ("" for no code)."""
    if not code:
        return ""
    text = _sentences().get(code)
    if text is None:
        return code
    values = {name: _number(value) if isinstance(value, float) else value
              for name, value in (params or {}).items()}
    try:
        return text % values
    except (KeyError, TypeError, ValueError):
        return text


class Problem(Exception):
    """A delivery not made: ``code`` and ``params`` say why; ``detail`` is the
    technical text behind it (short, untranslated, shown as a secondary detail)."""

    def __init__(self, code, detail="", **params):
        super().__init__(code)
        self.code = code
        self.params = params
        self.detail = detail

    def __str__(self):
        return sentence(self.code, self.params)

    @property
    def retried(self):
        return self.code in RETRIED
