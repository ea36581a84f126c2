import re

import bleach

# What a voice guideline needs, as a communications professional writes one: emphasis,
# headings (below the page's own), lists, tables, quotes, code, links.
ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "h3", "h4", "h5",
    "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
})
ALLOWED_ATTRIBUTES = {"a": ["href", "title"], "th": ["align"], "td": ["align"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

# Elements whose content is code, not text: removed with what they hold (bleach's strip
# would keep "alert(1)" in the page). An element left open runs to the end, as a browser
# reads it.
_CODE_ELEMENTS = re.compile(r"<(script|style|template)\b[^>]*>.*?(?:</\1\s*>|\Z)",
                            re.IGNORECASE | re.DOTALL)
# Headings: the page already has its h1 and h2 (the guideline's title), so "#" is an h3,
# "##" an h4 and any deeper one an h5.
_HEADING = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


def _demoted(found):
    return f"<{found[1]}h{min(int(found[2]) + 2, 5)}"


def sanitize(html):
    """Keep the safe formatting of admin-written rich text and drop the rest."""
    previous = None
    html = html or ""
    while previous != html:  # "<scr<script></script>ipt>" leaves a script once cut
        previous, html = html, _CODE_ELEMENTS.sub("", html)
    return bleach.clean(
        _HEADING.sub(_demoted, html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
