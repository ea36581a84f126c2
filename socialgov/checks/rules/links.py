"""``links``: URLs in the post, checked against the brand's domain lists.

params (all optional):

* ``allow``: domains links may point to (subdomains included); any other link is
  reported. Empty or absent: every domain is allowed.
* ``deny``: domains links must never point to (subdomains included).
* ``shorteners``: ``true`` (default) reports URL shorteners (bit.ly, tinyurl.com, t.co,
  goo.gl, ow.ly, buff.ly, is.gd, rebrand.ly, lnkd.in...) because they hide where the
  link leads; ``false`` switches that off; a list replaces the built-in list.

Links are the URLs X links (``https://...``, ``www.exemple.ca``, ``exemple.com/page``,
``bit.ly/abc``) and every other ``http(s)://`` URL a browser would open (an IP address,
``https://bank.com@evil.com``, which leads to evil.com): see ``urls.find_links``. One
finding per link, for the first reason that applies: denied, shortener, not on the
allow list. Message and suggestion ``%s``: the host the link leads to.
"""

from __future__ import annotations

from socialgov.checks import params, urls
from socialgov.checks.base import Finding, PostInput, RuleError, RuleSpec, make_finding, render
from socialgov.checks.normalize import Normalized
from socialgov.checks.registry import register

SHORTENERS = (
    "bit.ly", "bitly.com", "bit.do", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "buff.ly",
    "is.gd", "v.gd", "rebrand.ly", "lnkd.in", "tiny.cc", "shorturl.at", "cutt.ly", "t.ly",
    "rb.gy", "s.id", "soo.gd", "clck.ru", "qr.net", "x.co", "trib.al", "dlvr.it", "ift.tt",
    "fb.me", "amzn.to", "youtu.be", "db.tt", "wp.me", "po.st", "bl.ink", "short.io",
    "shor.by", "linktr.ee", "tr.im", "mcaf.ee", "su.pr", "lnk.to", "spoti.fi", "apple.co",
    "g.co", "msft.it", "aka.ms", "ht.ly", "hubs.ly", "hubs.la", "snip.ly", "urlz.fr",
    "kutt.it", "tiny.one", "surl.li", "urlr.me", "shorturl.com",
)  # fmt: skip

MESSAGES = {
    "deny": {
        "en": "Link to a blocked domain: %s.",
        "fr": "Lien vers un domaine interdit : %s.",
    },
    "shortener": {
        "en": "Shortened link (%s): readers cannot see where it leads.",
        "fr": "Lien raccourci (%s) : on ne voit pas où il mène.",
    },
    "allow": {
        "en": "Link to a domain that is not on the approved list: %s.",
        "fr": "Lien vers un domaine hors de la liste approuvée : %s.",
    },
}
SUGGESTIONS = {
    "deny": {"en": "Remove the link to %s.", "fr": "Retirez le lien vers %s."},
    "shortener": {
        "en": "Use the full link to the destination instead of %s.",
        "fr": "Utilisez le lien complet vers la destination plutôt que %s.",
    },
    "allow": {
        "en": "Link to an approved domain instead of %s.",
        "fr": "Faites plutôt un lien vers un domaine approuvé que vers %s.",
    },
}


def _domains(rule: RuleSpec, key: str) -> list[str]:
    items = params.str_list(rule, key, required=False)
    domains = []
    for item in items:
        domain = item.strip().lower()
        for prefix in ("https://", "http://"):
            domain = domain.removeprefix(prefix)
        domain = domain.split("/")[0].lstrip("*").strip(".")
        if not domain or " " in domain:
            raise RuleError(rule.id, f"param {key!r}: {item!r} is not a domain")
        domains.append(domain)
    return domains


@register("links")
def compile_links(rule: RuleSpec):
    allow = _domains(rule, "allow")
    deny = _domains(rule, "deny")
    setting = rule.params.get("shorteners", True)
    if isinstance(setting, bool):
        shorteners = list(SHORTENERS) if setting else []
    else:
        shorteners = _domains(rule, "shorteners")

    allow_set, deny_set, shortener_set = frozenset(allow), frozenset(deny), frozenset(shorteners)

    def reason(host: str) -> str | None:
        if urls.host_in(host, deny_set):
            return "deny"
        if urls.host_in(host, shortener_set):
            return "shortener"
        if allow_set and not urls.host_in(host, allow_set):
            return "allow"
        return None

    def check(post: PostInput, normalized: Normalized) -> list[Finding]:
        findings = []
        for url in urls.find_links(post.text):
            why = reason(url.host)
            if why is None:
                continue
            findings.append(
                make_finding(
                    rule,
                    post.text,
                    url.start,
                    url.end,
                    render(rule.message, url.host, MESSAGES[why]),
                    render(rule.suggestion, url.host, SUGGESTIONS[why]),
                )
            )
        return findings

    return check
