"""Finding URLs in post text, the way X (twitter-text v3) links them.

* ``http://`` / ``https://`` URLs are always links.
* A bare domain (``exemple.com/page``, ``www.exemple.ca``) is a link when its top-level
  domain is a generic one (``.com``, ``.org``, ``.shop``...), or when it has a path, or
  when it has more than one label before a country-code TLD (``www.exemple.ca``). A lone
  ``exemple.ca`` without a path is NOT a link on X (twitter-text's "invalid short
  domain"), except for the ``.co`` and ``.tv`` country codes.
* Not preceded by a letter, digit, ``@``, ``$``, ``#`` (nor ``-_./`` for a bare domain).
* Trailing sentence punctuation is not part of the URL; a closing bracket is kept only
  when the URL opened it.

The generic TLD list is the common subset (see ``GENERIC_TLDS``); a rare new gTLD
written without ``https://`` is not recognised.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

GENERIC_TLDS = frozenset(
    """
    com net org edu gov mil int info biz name pro mobi aero asia cat coop jobs museum tel
    travel xxx app dev page blog shop store online site website web xyz top club news
    tech cloud design art agency studio media digital network social live life world
    today email link click help support center company business services solutions
    global group team zone space fun one vip win ltd llc inc gmbh bio eco green earth
    health care clinic fitness hotel travel events tickets game games music video film
    photo photos pics gallery fashion style beauty shoes clothing jewelry boutique
    market marketing sale deals discount coupons gift gifts money bank finance capital
    fund insurance law legal school academy education university college science
    engineering software systems technology solutions consulting immo realty homes
    house land farm garden kitchen restaurant cafe bar pub pizza wine beer coffee
    food recipes organic family kids baby dog pet vet church love dating wedding
    quebec montreal paris berlin london nyc tokyo amsterdam brussels barcelona
    """.split()
)
SPECIAL_CCTLDS = frozenset({"co", "tv"})


class Url(NamedTuple):
    start: int
    end: int
    host: str  # lower-case host name without port ("" when it cannot be read)
    has_scheme: bool


_SCHEME_URL = re.compile(r"[hH](?i:ttps?)://[^\s<>\"'`]+")
_BARE_URL = re.compile(
    r"\b(?<![\w@＠$#＃\-_./:])"
    r"((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+([a-z]{2,}))"
    r"(?![\w@-])(?::\d{1,5})?(/[^\s<>\"'`]*)?",
    re.IGNORECASE | re.ASCII,
)
# A bare domain has a letter or digit, a dot and a letter in a row ("exemple.ca"): most
# posts have none (a sentence's full stop is followed by a space), so _BARE_URL is skipped.
_DOT_BETWEEN = re.compile(r"\.(?<=[a-z0-9]\.)[a-z]", re.IGNORECASE | re.ASCII)
_NOT_BEFORE_SCHEME = re.compile(r"[A-Za-z0-9@＠$#＃]")
_HOST = re.compile(r"(?i:https?)://(?:[^/?#\s@]*@)?([^/?#:\s]+)")
_TRAILING = ".,;:!?'\"»…’”)]}*"


def _trim(text: str, start: int, end: int) -> int:
    while end > start:
        last = text[end - 1]
        if last not in _TRAILING:
            break
        if last == ")" and text.count("(", start, end) >= text.count(")", start, end):
            break
        if last == "]" and text.count("[", start, end) >= text.count("]", start, end):
            break
        end -= 1
    return end


@functools.lru_cache(maxsize=64)
def find_urls(text: str, *, bare: bool = True) -> tuple[Url, ...]:
    """URLs of ``text`` in order; ``bare=False`` finds only ``http(s)://`` URLs.

    Cached: the length, links and other rules of one check share the work."""
    if "." not in text and ":" not in text:
        return ()
    found: list[Url] = []
    taken_until = 0
    if "://" in text:
        for m in _SCHEME_URL.finditer(text):
            start = m.start()
            if start and _NOT_BEFORE_SCHEME.match(text, start - 1):
                continue
            end = _trim(text, start, m.end())
            host_match = _HOST.match(text, start, end)
            if host_match is None:
                continue
            host = host_match.group(1).lower().rstrip(".")
            if "." not in host and host != "localhost":
                continue
            found.append(Url(start, end, host, True))
    if bare and "." in text and _DOT_BETWEEN.search(text):
        scheme_spans = [(u.start, u.end) for u in found]
        for m in _BARE_URL.finditer(text):
            start = m.start()
            if any(s <= start < e for s, e in scheme_spans):
                continue
            host, tld, path = m.group(1).lower(), m.group(2).lower(), m.group(3)
            labels = host.count(".") + 1
            if tld in GENERIC_TLDS:
                pass
            elif len(tld) == 2 and (path or labels > 2 or tld in SPECIAL_CCTLDS):
                pass
            else:
                continue
            end = _trim(text, start, m.end()) if path else m.end(1)
            found.append(Url(start, end, host, False))
        found.sort()
    out: list[Url] = []
    for url in found:
        if url.start >= taken_until:
            out.append(url)
            taken_until = url.end
    return tuple(out)


def host_in(host: str, domains: frozenset[str]) -> bool:
    """``host`` is one of ``domains`` or a subdomain of one (a lookup per label)."""
    while host:
        if host in domains:
            return True
        _, _, host = host.partition(".")
    return False


def host_matches(host: str, domain: str) -> bool:
    """``host`` is ``domain`` or one of its subdomains (``www.a.com`` for ``a.com``)."""
    domain = domain.lower().strip().lstrip("*").strip(".")
    return bool(domain) and (host == domain or host.endswith("." + domain))
