"""Finding URLs in post text, the way X (twitter-text v3) links them.

A port of twitter-text's ``extractUrlsWithIndices`` (JavaScript, with the short-domain rule
of its conformance suite), so X's count and the ``links`` rule see the URLs X sees:

* a domain is labels of "domain characters" (anything but ASCII punctuation, spaces,
  U+FFFE, U+FEFF, U+FFFF and the directional marks) joined by dots, ending in a top-level
  domain of twitter-text's list (``data/twitter_text/tld_lib.yml``: its generic and
  country-code TLDs, ``xn--`` punycode ones too) not followed by a letter, digit, ``@``,
  ``+`` or ``-``; an optional ``http://`` or ``https://`` before it, an optional port,
  path and query after it (twitter-text's character sets: a path does not end in
  ``.``, ``,``, ``!``, ``?``..., and keeps balanced parentheses);
* not preceded by a letter, digit, ``@``, ``$`` or ``#`` (nor ``-_./`` without a scheme);
* every label, once punycode-encoded (``xn--...``, as punycode's ``toASCII`` does), is 1
  to 63 characters long, and the URL with its scheme (``https://`` counted when it has
  none) is at most 4,096 UTF-16 units: otherwise the whole match is plain text (it is not
  searched again for a shorter URL inside);
* without a scheme only the ASCII (and accented Latin) part of a domain is linked, and a
  lone ``exemple.ca`` (one label and a country code, no path) is not a link, except the
  ``.co`` and ``.tv`` country codes;
* ``https://t.co/slug`` keeps only its slug (and query), and a slug over 40 characters
  is not a link.

As in twitter-text's JavaScript, ``"`` and the backtick may be part of a domain (its Java
version takes them for punctuation); in ordinary text this changes nothing, since only the
ASCII part of a domain without a scheme is linked. The text is read in UTF-16 units, as
JavaScript reads it (see ``_utf16``). One departure, for time only: in a run of labels
where more than 64 starts fail, the rest of the run is not searched (see ``_match``).
"""

from __future__ import annotations

import bisect
import functools
import re
from pathlib import Path
from typing import NamedTuple

from socialgov.checks import yamlfile

_TLD_FILE = Path(__file__).parent / "data" / "twitter_text" / "tld_lib.yml"


def _load_tlds() -> tuple[tuple[str, ...], tuple[str, ...]]:
    with open(_TLD_FILE, encoding="utf-8") as handle:
        data = yamlfile.safe_load(handle)
    return tuple(data["generic"]), tuple(data["country"])


_GENERIC, _COUNTRY = _load_tlds()
GENERIC_TLDS = frozenset(_GENERIC)
COUNTRY_TLDS = frozenset(_COUNTRY)
SPECIAL_CCTLDS = frozenset({"co", "tv"})

MAX_URL_LENGTH = 4096
MAX_LABEL_LENGTH = 63
MAX_TCO_SLUG_LENGTH = 40


class Url(NamedTuple):
    start: int
    end: int
    host: str  # lower-case host name without port
    has_scheme: bool


# twitter-text's patterns are case-insensitive JavaScript regexes without the "u" flag: two
# characters match when their single-character upper cases are the same, except that a
# character beyond ASCII never matches an ASCII one (so "ſ" is not "s", nor the Kelvin sign
# "k"). Python's re.IGNORECASE folds differently, so the patterns below spell cases out.
# Characters outside twitter-text's classes that such a match still lets in (Greek iota for
# U+0345, old Cyrillic letter forms, Latin letters whose capitals are in Latin Extended):
_JS_CASE_EXTRA = (
    "\u0260\u0269\u0275\u0280\u0283\u0288\u028a\u028c\u0292\u0399\u03b9\u1fbe"
    "\u2c65\u2c66\u2c7e\u2c7f"
)
_JS_CASE_CYRILLIC = "\u1c80-\u1c87"
_JS_CASE_ODD = _JS_CASE_EXTRA + "\u03f5\u1c80\u1c81\u1c82\u1c83\u1c84\u1c85\u1c86\u1c87\u1c88"


def _js_upper(char: str) -> str:
    upper = char.upper()
    if len(upper) != 1 or (ord(char) >= 128 and ord(upper) < 128):
        return char
    return upper


@functools.cache  # a few dozen characters spell 1,574 domains
def _js_char(char: str) -> str:
    """A regex for the characters a case-insensitive JavaScript regex matches with ``char``."""
    key = _js_upper(char)
    same = {c for c in {char, char.upper(), char.lower(), *_JS_CASE_ODD}
            if len(c) == 1 and _js_upper(c) == key}
    if len(same) == 1:
        return re.escape(char)
    return "[" + "".join(re.escape(c) for c in sorted(same)) + "]"


def _js_word(word: str) -> str:
    return "".join(_js_char(char) for char in word)


def _alternation(words) -> str:
    """A regex matching any of ``words`` whatever their case, a longer word before a word it
    starts with (as in twitter-text's lists, which put ``comcast`` before ``com``), as a
    trie: Python tries the branches of an alternation one by one, and 1,574 of them would
    be slow."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word.lower():
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [_js_char(char) + build(child) for char, child in node.items() if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return "(?:" + build(trie) + ")"


_PUNCT = r"!'#%&()*+,\\\-./:;<=>?@\[\]^_{|}~$"
_SPACES = (
    "\\x09-\\x0d\\x20\\x85\\xa0\\u1680\\u180e\\u2000-\\u200a\\u2028\\u2029\\u202f"
    "\\u205f\\u3000"
)
_INVALID = "\\ufffe\\ufeff\\uffff"
_DIRECTIONAL = "\\u202a-\\u202e\\u061c\\u200e\\u200f\\u2066-\\u2069"
_LATIN_ACCENTS = (
    "\\xc0-\\xd6\\xd8-\\xf6\\xf8-\\xff\\u0100-\\u024f\\u0253\\u0254\\u0256\\u0257\\u0259"
    "\\u025b\\u0263\\u0268\\u026f\\u0272\\u0289\\u028b\\u02bb\\u0300-\\u036f\\u1e00-\\u1eff"
)
_LETTERS = f"a-zA-Z{_LATIN_ACCENTS}{_JS_CASE_EXTRA}"  # with the case-insensitive extras
_CYRILLIC = f"\\u0400-\\u04ff{_JS_CASE_CYRILLIC}"
_END = "(?=[^0-9a-zA-Z@+-]|$)"

_DOMAIN_CHAR = f"[^{_PUNCT}{_SPACES}{_INVALID}{_DIRECTIONAL}]"
_SUBDOMAIN = f"(?:(?:{_DOMAIN_CHAR}(?:[_-]|{_DOMAIN_CHAR})*)?{_DOMAIN_CHAR}\\.)"
_DOMAIN_NAME = f"(?:(?:{_DOMAIN_CHAR}(?:-|{_DOMAIN_CHAR})*)?{_DOMAIN_CHAR}\\.)"
_PUNYCODE = f"(?:{_js_word('xn--')}[-0-9a-zA-Z]+)"

_PATH_CHAR = f"[{_LETTERS}{_CYRILLIC}0-9!*';:=+,.$/%#\\[\\]\\-\\u2013_~@|&]"
_PARENS = f"\\((?:{_PATH_CHAR}+|(?:{_PATH_CHAR}*\\({_PATH_CHAR}+\\){_PATH_CHAR}*))\\)"
_PATH_END = f"[+\\-{_LETTERS}{_CYRILLIC}0-9=_#/]"
# twitter-text splices its "ending characters" (an end character or balanced parentheses)
# into the path pattern without brackets, so the parentheses become a path of their own:
# "/x(#)" is a path, "/.(#)" is only "/". Written out here as it reads.
_PATH = (
    f"(?:(?:{_PATH_CHAR}*(?:{_PARENS}{_PATH_CHAR}*)*{_PATH_END}|(?:{_PARENS}))"
    f"|(?:@{_PATH_CHAR}+/))"
)
_QUERY_CHAR = "[a-zA-Z0-9!?*'@();:&=+$/%#\\[\\]\\-_.,~|]"
_QUERY_END = "[a-zA-Z0-9\\-_&=#/]"
_SCHEME = f"{_js_word('http')}[sS]?://"



class _TldPatterns(NamedTuple):
    """The patterns that hold the list of top-level domains: 1,574 names make them slow to
    build and compile (a third of a second), so they are made on first use (``_tld``),
    by the first text that may hold a URL, not by every process that imports this."""

    url: re.Pattern[str]
    ascii_domain: re.Pattern[str]
    short_domain: re.Pattern[str]
    tld_dot: re.Pattern[str]


def warm_up() -> None:
    """Build and compile the patterns with the top-level domains now (see ``_tld``)."""
    _tld()


@functools.cache
def _tld() -> _TldPatterns:
    tld = f"(?:{_alternation(_GENERIC + _COUNTRY)}{_END})"
    country_tld = f"(?:{_alternation(_COUNTRY)}{_END})"
    domain = f"(?:{_SUBDOMAIN}*{_DOMAIN_NAME}(?:{tld}|{_PUNYCODE}))"
    return _TldPatterns(
        # twitter-text's extractUrl: 1 the character before (kept out of the URL), 2 the
        # URL, 3 the scheme, 4 the domain, 5 the port, 6 the path, 7 the query.
        url=re.compile(
            f"([^A-Za-z0-9@＠$#＃{_INVALID}]|[{_DIRECTIONAL}]|^)"
            f"(({_SCHEME})?({domain})(?::([0-9]+))?(/{_PATH}*)?(\\?{_QUERY_CHAR}*{_QUERY_END})?)"
        ),
        ascii_domain=re.compile(f"(?:(?:[\\-0-9{_LETTERS}]+)\\.)+(?:{tld}|{_PUNYCODE})"),
        short_domain=re.compile(f"{_DOMAIN_NAME}{country_tld}"),
        # Where a top-level domain can end a domain: a dot after a domain character, then
        # a top-level domain.
        tld_dot=re.compile(f"\\.(?<={_DOMAIN_CHAR}\\.)(?:{tld}|{_PUNYCODE})"),
    )


_SPECIAL_SHORT_DOMAIN = re.compile(f"{_DOMAIN_NAME}(?:[cC][oO]|[tT][vV])(?=[^0-9a-zA-Z@]|$)")
_TCO = re.compile(
    f"{_SCHEME}{_js_word('t.co/')}([a-zA-Z0-9]+)(?:\\?{_QUERY_CHAR}*{_QUERY_END})?"
)
_NO_BARE_AFTER = frozenset("-_./")
# A run of labels is domain characters, dots, "-" and "_"; these characters end one.
_NOT_RUN = f"!'#%&()*+,\\\\/:;<=>?@\\[\\]^{{|}}~${_SPACES}{_INVALID}{_DIRECTIONAL}"
_RUN_TAIL = re.compile(f"[^{_NOT_RUN}]*\\Z")
# Where a failed start's outcome can change: after "." or "_" or the end of a run, or at a
# scheme (see find_urls).
_BREAK = re.compile(f"[._{_NOT_RUN}]|({_SCHEME})")
_PRECEDING = re.compile(f"[^A-Za-z0-9@＠$#＃{_INVALID}]|[{_DIRECTIONAL}]")
_DOMAIN_START = re.compile(_DOMAIN_CHAR)
_BEFORE = 9  # a match starts at most "https://" and the character before it ahead of its run
_MAX_FAILED_STARTS = 64
# Every URL has a domain character, a dot and the first letter of a top-level domain in a
# row; most posts have none (a full stop is followed by a space), so the URL pattern is not
# run. (The dot comes first in these patterns: re then looks for it as fast as str.find.)
_CANDIDATE = re.compile(r"\.(?<=[^\t-\r !#-/:-@\[-_{-~]\.)[A-Za-z\x80-\U0010ffff]")
_LABEL_SEPARATORS = re.compile("[.\u3002\uff0e\uff61]")
_NOT_PRINTABLE_ASCII = re.compile("[^\\x20-\\x7e]")
_ASTRAL_SPLIT = re.compile("([\\U00010000-\\U0010ffff])")  # split keeps each one
_SURROGATE = re.compile("[\\ud800-\\udfff]")


def _ascii_length(label: str) -> int:
    """Length of ``label`` after punycode's ``toASCII`` (``xn--`` and RFC 3492 encoding for
    a part with a character outside printable ASCII; ``。`` and its kin separate parts)."""
    if not _NOT_PRINTABLE_ASCII.search(label):
        return len(label)
    parts = _LABEL_SEPARATORS.split(label)
    total = len(parts) - 1
    for part in parts:
        if _NOT_PRINTABLE_ASCII.search(part):
            if _SURROGATE.search(part):  # punycode reads a surrogate pair as one character
                part = part.encode("utf-16-le", "surrogatepass").decode(
                    "utf-16-le", "surrogatepass"
                )
            total += 4 + len(part.encode("punycode"))
        else:
            total += len(part)
    return total


def _valid(url: str, scheme: str | None, domain: str) -> bool:
    """twitter-text's ``isValidUrl``: each label 1–63 characters once punycoded, and the
    URL (after its scheme, ``https://`` when it has none) at most 4,096 UTF-16 units
    (``url`` and ``domain`` are read in UTF-16 units, see ``_utf16``)."""
    if domain.startswith("xn--") and not _tld().ascii_domain.search(domain):
        return False  # a punycode domain cannot hold other characters
    for label in domain.split("."):
        if not 1 <= _ascii_length(label) <= MAX_LABEL_LENGTH:
            return False
    return len(scheme or "https://") + len(url) <= MAX_URL_LENGTH


def _bare(m: re.Match, found: list[Url], where) -> None:
    """The links of a match without a scheme: its ASCII domains (the last one with the path)."""
    domain, path = m.group(4), m.group(6)
    offset = m.start(4)
    last = None
    ascii_end = 0
    for ascii_match in _tld().ascii_domain.finditer(domain):
        name = ascii_match.group()
        # twitter-text locates each domain again with indexOf from the previous one's end,
        # which lands on an earlier copy of the same text when there is one; X counts there.
        ascii_start = domain.find(name, ascii_end)
        ascii_end = ascii_start + len(name)
        last = Url(where(offset + ascii_start), where(offset + ascii_end), name.lower(), False)
        if path or _SPECIAL_SHORT_DOMAIN.fullmatch(name) or not _tld().short_domain.fullmatch(name):
            found.append(last)
    if last is not None and path:
        found[-1] = last._replace(end=where(m.end(2)))


def _surrogates(char: str) -> str:
    code = ord(char) - 0x10000
    return chr(0xD800 + (code >> 10)) + chr(0xDC00 + (code & 0x3FF))


def _same(index: int) -> int:
    return index


def _utf16(text: str):
    """``text`` as twitter-text's JavaScript reads it, one UTF-16 unit per character (a
    character beyond U+FFFF is two surrogates: its first can precede a URL, its second
    start a domain), and a function from a unit's index to the character's index."""
    pieces = _ASTRAL_SPLIT.split(text)  # text, astral, text, astral, ..., text
    if len(pieces) == 1:
        return text, _same
    # Each astral character becomes two units: its low surrogate's unit is counted out.
    lows: list[int] = []
    at = 0
    for k in range(1, len(pieces), 2):
        at += len(pieces[k - 1]) + 2
        lows.append(at - 1)
        pieces[k] = _surrogates(pieces[k])
    return "".join(pieces), lambda unit: unit - bisect.bisect_right(lows, unit)


def _run_start(units: str, end: int) -> int:
    """Start of the run of labels that goes on to ``end``."""
    low = end
    step = 64
    while True:
        low = max(0, low - step)
        start = _RUN_TAIL.search(units, low, end).start()
        if start > low or low == 0:
            return start
        step *= 4


def _windows(units: str) -> list[tuple[int, int]]:
    """Stretches of ``units`` where a match of ``_tld().url`` can start: a match holds a dot and
    top-level domain (``_tld().tld_dot``) and starts in the run of labels before it, or in the
    scheme and the character before that run."""
    windows: list[tuple[int, int]] = []
    tld_dot = _tld().tld_dot
    for m in tld_dot.finditer(units):
        dot = m.start()
        if windows and windows[-1][1] >= dot - _BEFORE:
            windows[-1] = (windows[-1][0], dot)  # the window before reaches this run
            continue
        start = max(_run_start(units, dot) - _BEFORE, 0)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], dot)
        else:
            windows.append((start, dot))
    return windows


def _match(units: str, windows: list[tuple[int, int]]):
    """The matches of ``_tld().url`` that a search from each match's end finds, in order.

    A start on a domain character, with a valid character before it, that fails fails the
    same way at the next characters of its label (same label end, same labels after), so
    the search skips to the next dot, "_", end of run or scheme (``_BREAK``). In a run of
    labels where more than ``_MAX_FAILED_STARTS`` starts fail, the rest of the run is not
    searched: twitter-text's search takes time quadratic in such a run (no real post has
    one)."""
    position = 0
    url = _tld().url
    for window_start, last in windows:
        start = max(window_start, position)
        failed = 0
        while start < last and failed <= _MAX_FAILED_STARTS:
            if start:
                before = _PRECEDING.search(units, start, last)
                if before is None:
                    break
                start = before.start()
            m = url.match(units, start)
            if m is not None:
                yield m
                position = start = m.end()
                continue
            failed += 1
            if not start or not _DOMAIN_START.match(units, start + 1):
                start += 1  # a start on "-" or "_" fails for itself only
                continue
            following = _BREAK.search(units, start + 1)
            if following is not None and following.start(1) == start + 1:
                following = _BREAK.search(units, start + 2)  # that scheme was just tried
            if following is None:
                break
            start = following.start() - 1 if following.group(1) else following.end() - 1


@functools.lru_cache(maxsize=64)
def find_urls(text: str, *, bare: bool = True) -> tuple[Url, ...]:
    """URLs of ``text`` in order; ``bare=False`` finds only ``http(s)://`` URLs.

    Cached: the length, links and other rules of one check share the work."""
    if not bare:
        # Without a scheme a match gives no URL, and a match with one the same URL.
        return tuple(url for url in find_urls(text) if url.has_scheme) if ":" in text else ()
    if "." not in text or not _CANDIDATE.search(text):
        return ()
    units, where = (text, _same) if text.isascii() else _utf16(text)
    found: list[Url] = []
    for m in _match(units, _windows(units)):
        url, scheme, domain = m.group(2), m.group(3), m.group(4)
        if not _valid(url, scheme, domain):
            continue
        if not scheme:
            if m.group(1) not in _NO_BARE_AFTER:
                _bare(m, found, where)
            continue
        start, end = m.span(2)
        tco = _TCO.match(url)
        if tco is not None:
            if len(tco.group(1)) > MAX_TCO_SLUG_LENGTH:
                continue
            end = start + tco.end()
        host = text[where(m.start(4)):where(m.end(4))].lower()
        found.append(Url(where(start), where(end), host, True))
    return tuple(found)


# Every http(s) URL a reader could follow, valid for X or not.
# The "h" first, then a look-behind past it, so re scans from one "h" to the next in C
# (the same matches as the look-behind first: see tests/checks/test_checks_speedups.py).
_ANY_SCHEME_URL = re.compile(r"[hH](?<![\w@＠$#＃][hH])[tT][tT][pP][sS]?://[^\s<>\"'`]+")
_TRAILING = ".,;:!?)]}'\"»”’"


def _authority_host(url: str) -> str:
    """The host a browser would open: after any ``user:password@``, without port."""
    authority = re.split(r"[/?#\\]", url.split("://", 1)[1], maxsplit=1)[0]
    host = authority.rpartition("@")[2]
    host = host[1:].partition("]")[0] if host.startswith("[") else host.partition(":")[0]
    return host.strip(".").lower()


@functools.lru_cache(maxsize=64)
def find_links(text: str) -> tuple[Url, ...]:
    """Every link of ``text`` a reader could follow, for rules that judge where links go:
    the URLs X links (``find_urls``), and every other ``http(s)://`` URL (an IP address,
    ``localhost``, an unknown top-level domain, ``https://bank.com@evil.com``, which X
    does not link but a browser opens), each with the host it really leads to."""
    found = list(find_urls(text))
    if "://" not in text:
        return tuple(found)
    for m in _ANY_SCHEME_URL.finditer(text):
        url = m.group().rstrip(_TRAILING)
        if "://" not in url or url.endswith("://"):
            continue
        start, end, host = m.start(), m.start() + len(url), _authority_host(url)
        same = [u for u in found if u.start < end and start < u.end]
        if same and all(u.host == host for u in same):
            continue  # X links it already, to the same place
        found = [u for u in found if u not in same]
        found.append(Url(start, end, host, True))
    return tuple(sorted(found))


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
