"""Where a webhook may be sent: never to the inside of our own network (SSRF).

An address is refused when it is not a public one: private, loopback,
link-local (169.254.169.254, the clouds' metadata service, among them),
multicast, reserved, unspecified (0.0.0.0, ::), shared (100.64/10) or
site-local, in IPv4 or IPv6; an IPv6 address that carries an IPv4 one
(::ffff:127.0.0.1, 6to4, Teredo, NAT64) is judged by that one too.
``settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS`` lifts the rule (tests against a
local server, or a deliberate intranet receiver).

Checked twice: the address as typed when the endpoint is saved
(``url_problem``), and every address the host name resolves to when a
delivery is made (``resolve``), which returns the address to connect to, so
a name that resolves to something else a moment later (DNS rebinding) is
never asked again.
"""

import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from socialgov.webhooks import problems
from socialgov.webhooks.problems import Problem


class TargetRefused(Problem):
    """The address is not one a webhook may be sent to (its code says why)."""


class NameNotResolved(Problem):
    """The host name gave no address now; the DNS may answer later (tried again)."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # as typed, for the Host header and the TLS certificate
    port: int
    path: str  # with its query


def _embedded_ipv4(address):
    if address.version != 6:
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in ipaddress.ip_network("64:ff9b::/96"):  # NAT64
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address in ipaddress.ip_network("::/96"):  # IPv4-compatible (deprecated)
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def forbidden(address):
    """Is ``address`` (an ipaddress object) one a webhook may not reach?"""
    embedded = _embedded_ipv4(address)
    if embedded is not None and forbidden(embedded):
        return True
    return (not address.is_global or address.is_private or address.is_loopback
            or address.is_link_local or address.is_multicast or address.is_reserved
            or address.is_unspecified
            or (address.version == 6 and address.is_site_local))


def _allowed_private():
    return settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS


def _ip_literal(host):
    """``host`` as an address when it is one, the shorthands resolvers read
    included (127.1, 0x7f000001, 2130706433)."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if re.fullmatch(r"[0-9a-fA-FxX.]+", host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def parse(url):
    """The target of ``url``, or TargetRefused saying what is wrong with it."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise TargetRefused(problems.INVALID_ADDRESS) from None
    if parts.scheme not in ("http", "https"):
        raise TargetRefused(problems.NOT_HTTP)
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise TargetRefused(problems.CREDENTIALS)
    host = parts.hostname
    if not host:
        raise TargetRefused(problems.NO_HOST)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(parts.scheme, host, port or (443 if parts.scheme == "https" else 80), path)


def url_problem(url):
    """Why ``url`` cannot be a webhook's address as typed (a sentence in the active
    language), or None."""
    refused = url_refused(url)
    return str(refused) if refused is not None else None


def url_refused(url):
    """The TargetRefused of ``url`` as typed, or None."""
    try:
        target = parse(url)
    except TargetRefused as refused:
        return refused
    address = _ip_literal(target.host)
    name = target.host.rstrip(".").lower()
    if address is None and (name == "localhost" or name.endswith(".localhost")):
        address = ipaddress.ip_address("127.0.0.1")
    if address is not None and forbidden(address) and not _allowed_private():
        return TargetRefused(problems.PRIVATE_ADDRESS, address=target.host)
    return None


def resolve(target, resolver=None):
    """The address to connect to for ``target``: the first its host resolves to,
    once every one of them is found public. TargetRefused when one is not,
    NameNotResolved when the name gives none."""
    resolver = resolver or socket.getaddrinfo
    try:
        found = resolver(target.host, target.port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise NameNotResolved(problems.DNS_FAILED, str(error)[:200], host=target.host) from None
    addresses = []
    for _family, _type, _proto, _name, sockaddr in found:
        address = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        if forbidden(address) and not _allowed_private():
            raise TargetRefused(problems.REFUSED_TARGET, host=target.host,
                                address=str(address))
        addresses.append(address)
    if not addresses:
        raise NameNotResolved(problems.NO_ADDRESS, host=target.host)
    return str(addresses[0])
