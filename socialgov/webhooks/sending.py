"""One HTTP POST to a checked address, and what came back.

The connection goes to the address ``targets.resolve`` checked, never to a
fresh resolution of the name; the request still names the host (the Host
header) and, over HTTPS, the TLS handshake sends it (SNI) and the certificate
is verified against it. Redirects are not followed (http.client never does):
a 3xx is an answer like any other. The excerpt of the answer is bounded.
"""

import http.client
import socket
import ssl
import time
from dataclasses import dataclass, field

from socialgov.webhooks import problems

EXCERPT_BYTES = 500
DETAIL_CHARACTERS = 200


@dataclass
class Outcome:
    status_code: int | None = None
    excerpt: str = ""
    # Why no answer came (problems.py: rendered when read), and its technical text.
    error_code: str = ""
    error_params: dict = field(default_factory=dict)
    error_detail: str = ""
    duration_ms: int = 0

    @classmethod
    def of(cls, problem):
        return cls(error_code=problem.code, error_params=problem.params,
                   error_detail=problem.detail)


def _problem(error, target, address):
    """The code and values of ``error``, raised while posting to ``target``."""
    if isinstance(error, ConnectionRefusedError):
        return problems.CONNECTION_REFUSED, {"address": address, "port": target.port}
    if isinstance(error, ssl.SSLError | ssl.CertificateError):
        return problems.TLS, {"host": target.host}
    if isinstance(error, http.client.HTTPException):
        return problems.BAD_RESPONSE, {}
    return problems.CONNECTION_FAILED, {"host": target.host}


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout, context):
        super().__init__(host, port, timeout=timeout, context=context)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(target, address, body, headers, timeout):
    """POST ``body`` (bytes) to ``target`` at ``address``; never raises for the network."""
    if target.scheme == "https":
        connection = _PinnedHTTPSConnection(target.host, target.port, address, timeout,
                                            ssl.create_default_context())
    else:
        connection = _PinnedHTTPConnection(target.host, target.port, address, timeout)
    started = time.monotonic()
    outcome = Outcome()
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        outcome.status_code = response.status
        outcome.excerpt = response.read(EXCERPT_BYTES).decode("utf-8", "replace")
    except TimeoutError:
        outcome.error_code = problems.TIMEOUT
        outcome.error_params = {"seconds": float(timeout)}
    except (OSError, http.client.HTTPException, ValueError) as error:
        # ValueError: what http.client and ssl raise for a name or header they cannot
        # encode.
        outcome.error_code, outcome.error_params = _problem(error, target, address)
        if outcome.error_code != problems.CONNECTION_REFUSED:  # the sentence says it all
            outcome.error_detail = f"{type(error).__name__}: {error}"[:DETAIL_CHARACTERS]
    finally:
        connection.close()
        outcome.duration_ms = round((time.monotonic() - started) * 1000)
    return outcome
