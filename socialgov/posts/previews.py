"""Preview cards: a post as each selected network will show it in its feed.

``cards()`` takes plain values (the caller resolves which text each network shows,
a network's own text or the main one, and passes the images' facts); it reads no
database and fetches nothing. ``templates/posts/_previews.html`` renders the cards,
``static/css/previews.css`` styles them.

The text is hostile. Every character of it is escaped first; the only markup added
is ours: ``<span>`` around hashtags and mentions (and, for reviewers, around each
invisible character), then bleach's ``linkify`` turns the URLs into ``<a>``. Its
callback keeps only ``http(s)`` links and sets ``rel``/``target``; linkify only
rewrites text, it never requests a URL.

Where the feed hides the rest behind "… more" is found with the network's own count
(``socialgov.checks.networks.measure``), then moved back to the start of the word,
link, hashtag or mention it falls in, and never inside a grapheme cluster.

Bidi controls can never reorder the card around the text: each part of the text is
its own block (``dir="auto"`` in the template), every embedding, override or isolate
the text leaves open is closed at the end of its part, and reviewers see the controls
as marked codes instead.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import regex
from bleach.linkifier import TLDS, Linker
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from socialgov.checks import networks as network_rules
from socialgov.checks import urls

# ---------------------------------------------------------------------------------------
# Where each network's feed shows "… more" ("… plus"): after CUT_AFTER characters in
# the network's own count, or after CUT_LINES hard line breaks, whichever comes first.
# None: the feed shows the whole text (the limit check reports a text that is too
# long). All approximations: no network documents its cut, and it varies with the
# screen; checked on 2026-12-03.
CUT_AFTER: dict[str, int | None] = {
    # X shows a post whole up to its 280 limit. Longer posts (subscribers only) show
    # their first 280 behind "Show more" (X's announcement of longer posts, Feb. 2023).
    # The limit itself: twitter-text's config, see socialgov.checks.networks.
    "x": network_rules.LIMITS["x"],
    # LinkedIn: about 210 characters on desktop before "…see more" (the figure
    # third-party character counters and scheduling tools publish; not documented
    # by LinkedIn).
    "linkedin": 210,
    # Facebook: about 477 characters on desktop before "See more" (the figure
    # third-party counters publish; phones cut earlier; not documented by Meta).
    "facebook": 477,
    # Instagram: about 125 characters of caption before "… more" (the figure most
    # third-party guides give; not documented by Meta).
    "instagram": 125,
    # Threads (500), Bluesky (300) and Mastodon (500) show a post whole within their
    # limit; only very tall posts fold (CUT_LINES).
    "threads": None,
    "bluesky": None,
    "mastodon": None,
}
CUT_LINES: dict[str, int] = {
    # LinkedIn: 3 lines on desktop (widely observed; not documented).
    "linkedin": 3,
    # Instagram: 2 lines of caption (third-party guides, with the 125 above).
    "instagram": 2,
    # Bluesky's app folds a post of more than 25 lines behind "Show more":
    # MAX_POST_LINES = 25 in bluesky-social/social-app, src/lib/constants.ts.
    "bluesky": 25,
    # Mastodon's web app collapses a status taller than 706 px, "22px * 32" lines,
    # behind "Read more": MAX_HEIGHT in mastodon/mastodon's status_content component.
    "mastodon": 32,
}

# ---------------------------------------------------------------------------------------
# How each network lays out a post's images.


class ImageRule(NamedTuple):
    kind: str  # "grid" (up to 4 tiles) or "carousel" (one row, scrolled sideways)
    limit: int | None  # the most images one post takes (None: no documented limit)
    tiles: int  # the most the feed shows; the rest shows as "+N" on the last tile


IMAGE_RULES: dict[str, ImageRule] = {
    # X: up to 4 images (X Help Center, "How to post photos or GIFs").
    "x": ImageRule("grid", 4, 4),
    # Bluesky: up to 4 (lexicon app.bsky.embed.images: images maxLength 4).
    "bluesky": ImageRule("grid", 4, 4),
    # Mastodon: up to 4 (MAX_MEDIA_ATTACHMENTS / the instance's
    # configuration.statuses.max_media_attachments, 4 by default).
    "mastodon": ImageRule("grid", 4, 4),
    # Threads and Instagram: a carousel. "Carousels are limited to 10 images, videos,
    # or a mix of the two" (Threads API and Instagram Content Publishing docs). Both
    # apps take up to 20 since 2024; a post published through the API takes 10.
    "threads": ImageRule("carousel", 10, 10),
    "instagram": ImageRule("carousel", 10, 10),
    # LinkedIn: 2 to 20 images in a multi-image post (LinkedIn MultiImage API). The
    # feed shows a few tiles and "+N" (observed, not documented): 4 tiles here.
    "linkedin": ImageRule("grid", 20, 4),
    # Facebook: no documented limit; the feed shows a few tiles and "+N" (observed,
    # not documented): 4 tiles here.
    "facebook": ImageRule("grid", None, 4),
}
DEFAULT_IMAGE_RULE = ImageRule("grid", None, 4)
# Instagram shows the images above the caption.
IMAGES_FIRST = frozenset({"instagram"})

# ---------------------------------------------------------------------------------------
# Links. bleach's linkify finds them with bleach's own pattern (build_url_re), changed
# in two ways: the TLDs the character count knows (socialgov.checks.urls.GENERIC_TLDS,
# e.g. ".quebec") are added to bleach's, and a path stops at a quote or an angle
# bracket, escaped or not (linkify reads the escaped text: "&quot;" would otherwise
# join the URL), as twitter-text and socialgov.checks.urls stop there.

LINK_REL = "nofollow noopener noreferrer ugc"
_TLDS = "|".join(re.escape(tld) for tld in sorted(set(TLDS) | urls.GENERIC_TLDS))
_URL_BODY = (
    r"([\w-]+\.)+(?:" + _TLDS + r")(?::[0-9]+)?(?!\.\w)\b"
    r"(?:[/?](?:(?!&(?:lt|gt|quot|#x27|#39|#34);)[^\s{}|\\^`<>\"'])*)?"
)
URL_RE = re.compile(r"\(*\b(?<![@.])(?:https?:/{0,3}(?:(?:\w+:)?\w+@)?)?" + _URL_BODY,
                    re.IGNORECASE)
# Mastodon links only http(s):// URLs, as its character count assumes.
SCHEME_URL_RE = re.compile(r"\(*\b(?<![@.])https?://(?:(?:\w+:)?\w+@)?" + _URL_BODY,
                           re.IGNORECASE)
SCHEME_ONLY_LINKS = frozenset({"mastodon"})
# Instagram does not make a URL in a caption clickable (links go in the bio or a
# story: widely reported, not documented); the preview shows it as plain text.
UNLINKED = frozenset({"instagram"})
_HTTP = re.compile(r"https?://", re.IGNORECASE)

# ---------------------------------------------------------------------------------------
# Invisible characters, shown to reviewers as "[U+200B]" with their name for screen
# readers. Other format (Cf) and control (Cc) characters get a generic name.

_HANGUL_FILLER = _("Hangul filler")
INVISIBLE_NAMES = {
    "\u00ad": _("soft hyphen"),
    "\u034f": _("combining grapheme joiner"),
    "\u061c": _("Arabic letter mark"),
    "\u115f": _HANGUL_FILLER,
    "\u1160": _HANGUL_FILLER,
    "\u180e": _("Mongolian vowel separator"),
    "\u200b": _("zero-width space"),
    "\u200c": _("zero-width non-joiner"),
    "\u200d": _("zero-width joiner"),
    "\u200e": _("left-to-right mark"),
    "\u200f": _("right-to-left mark"),
    "\u202a": _("left-to-right embedding"),
    "\u202b": _("right-to-left embedding"),
    "\u202c": _("pop directional formatting"),
    "\u202d": _("left-to-right override"),
    "\u202e": _("right-to-left override"),
    "\u2060": _("word joiner"),
    "\u2066": _("left-to-right isolate"),
    "\u2067": _("right-to-left isolate"),
    "\u2068": _("first strong isolate"),
    "\u2069": _("pop directional isolate"),
    "\u3164": _HANGUL_FILLER,
    "\ufeff": _("zero-width no-break space"),
    "\uffa0": _HANGUL_FILLER,
}
FORMAT_CHARACTER = _("invisible formatting character")
CONTROL_CHARACTER = _("control character")
# Format characters that are drawn (Arabic, Syriac and Kaithi signs spanning numbers).
_VISIBLE_FORMAT = frozenset("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891"
                            "\u08e2\U000110bd\U000110cd")
_CANDIDATE = regex.compile(r"[\p{Cf}\p{Cc}\u034f\u115f\u1160\u3164\uffa0]")
# A joiner between two pictographs builds one emoji (👩‍💻), and tag characters after
# a black flag build a subdivision flag (🏴󠁧󠁢󠁳󠁣󠁴󠁿): neither is hidden text.
_EMOJI_BEFORE = regex.compile(r"\p{ExtPict}[\U0001F3FB-\U0001F3FF\uFE0F]*\Z")
_EMOJI_AFTER = regex.compile(r"\p{ExtPict}")
_TAG_CHARS = range(0xE0020, 0xE0080)
_BLACK_FLAG = "\U0001f3f4"

# Bidi controls: what each opens or closes.
_OPEN_EMBEDDING = frozenset("\u202a\u202b\u202d\u202e")
_POP_EMBEDDING = "\u202c"
_OPEN_ISOLATE = frozenset("\u2066\u2067\u2068")
_POP_ISOLATE = "\u2069"
_PARAGRAPH_SEPARATORS = frozenset("\n\r\x1c\x1d\x1e\x85\u2029")

# Mentions: @handle (dots inside for Bluesky and Instagram handles), not in an e-mail
# address nor a URL path; on Mastodon also @user@instance.
_MENTION = re.compile(r"(?<![\w@＠/.+-])[@＠]\w(?:[\w.-]*\w)?")
_REMOTE_MENTION = re.compile(r"(?<![\w@＠/.+-])[@＠]\w(?:[\w.-]*\w)?@\w(?:[\w.-]*\w)?")
_GRAPHEME = regex.compile(r"\X")
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}]*")
# Spaces a feed may wrap at (not the no-break ones French puts before « : ; ! ? »).
_NO_BREAK = frozenset("\u00a0\u202f\u2007\u2060\ufeff")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_URL_NOISE = re.compile(r"[\t\n\r]")


@dataclass(frozen=True)
class PreviewImage:
    url: str
    alt: str = ""
    width: int = 0
    height: int = 0


@dataclass(frozen=True)
class Invisible:
    """An invisible character found in a reviewer's preview, and how often."""

    codepoint: str  # "U+200B"
    name: str
    count: int


@dataclass(frozen=True)
class Card:
    """One network's preview.

    ``html`` is what the feed shows, ``more_html`` what it keeps behind "… more" (empty
    when ``cut`` is False). ``images`` are the tiles the feed shows, laid out as
    ``layout`` ("none", "single", "grid-2", "grid-3", "grid-4" or "carousel");
    ``extra_images`` more are in the post (the feed's "+N" on the last tile) and
    ``dropped_images`` are beyond what the network takes (``image_limit``).
    """

    network: str
    name: str
    brand_name: str
    initials: str
    html: SafeString
    more_html: SafeString
    cut: bool
    layout: str
    images: tuple[PreviewImage, ...] = ()
    extra_images: int = 0
    dropped_images: int = 0
    image_limit: int | None = None
    links_clickable: bool = True
    unclickable_links: bool = False  # the text has URLs the network does not link
    images_first: bool = False
    reviewer: bool = False
    language: str = ""
    invisibles: tuple[Invisible, ...] = ()

    @property
    def parts(self) -> tuple[str, str]:
        """The order the template renders the card's text and images in."""
        return ("images", "text") if self.images_first else ("text", "images")


class _Span(NamedTuple):
    start: int
    end: int
    kind: str  # "link", "hashtag" or "mention"


def initials(brand_name: str) -> str:
    """The first letters of the brand's first two capitalised words (of its first two
    words when none is): "Café Soleil" → "CS", "Ville de Québec" → "VQ"."""
    words = _WORD.findall(unicodedata.normalize("NFC", brand_name))
    capitalised = [w for w in words if w[0].isupper() or w[0].isdigit()]
    chosen = (capitalised or words)[:2]
    return "".join(_GRAPHEME.match(word).group().upper() for word in chosen) or "?"


# ---------------------------------------------------------------------------------------
# Links, hashtags and mentions.


def _url_re(network: str):
    return SCHEME_URL_RE if network in SCHEME_ONLY_LINKS else URL_RE


def _link_spans(network: str, text: str) -> list[tuple[int, int]]:
    """Where URLs are, for linkify or for the network's count: no hashtag or mention is
    made inside them, and no cut falls inside them."""
    found = [(u.start, u.end) for u in urls.find_urls(text, bare=network not in SCHEME_ONLY_LINKS)]
    if "." in text:
        found += [m.span() for m in _url_re(network).finditer(text)]
    merged: list[list[int]] = []
    for start, end in sorted(found):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _spans(network: str, text: str) -> list[_Span]:
    """Links, then hashtags and mentions outside them, in order, never overlapping."""
    links = [_Span(start, end, "link") for start, end in _link_spans(network, text)]
    starts = [link.start for link in links]
    others = [_Span(s, e, "hashtag") for s, e in network_rules.hashtag_spans(text)]
    if "@" in text or "＠" in text:
        if network == "mastodon":
            others += [_Span(*m.span(), "mention") for m in _REMOTE_MENTION.finditer(text)]
        others += [_Span(*m.span(), "mention") for m in _MENTION.finditer(text)]
    kept: list[_Span] = []
    for span in sorted(others, key=lambda s: (s.start, -s.end)):
        if kept and span.start < kept[-1].end:
            continue  # overlaps the hashtag or mention kept before it
        after = bisect.bisect_right(starts, span.start)  # the first link starting after it
        if after and links[after - 1].end > span.start:
            continue  # inside a link
        if after < len(links) and links[after].start < span.end:
            continue  # runs into a link
        kept.append(span)
    return sorted(links + kept)


def _link_callback(attrs, new=False):
    href = attrs.get((None, "href"), "")
    if not _HTTP.match(href):
        return None  # only http(s) links: never javascript:, data: or anything else
    if href[:7].lower() == "http://" and not attrs.get("_text", "").lower().startswith("http:"):
        href = "https://" + href[7:]  # a bare domain: the networks link it over https
    attrs[(None, "href")] = href
    attrs[(None, "rel")] = LINK_REL
    attrs[(None, "target")] = "_blank"
    attrs[(None, "class")] = "preview-link"
    return attrs


_LINKERS = {
    pattern: Linker(callbacks=[_link_callback], skip_tags={"span"}, parse_email=False,
                    url_re=pattern)
    for pattern in (URL_RE, SCHEME_URL_RE)
}


# ---------------------------------------------------------------------------------------
# Invisible characters.


def invisible_name(char: str):
    """The name of an invisible character (None for a visible one)."""
    name = INVISIBLE_NAMES.get(char)
    if name is not None:
        return name
    category = unicodedata.category(char)
    if category == "Cf" and char not in _VISIBLE_FORMAT:
        return FORMAT_CHARACTER
    if category == "Cc" and char not in "\t\n\r":
        return CONTROL_CHARACTER
    return None


def _builds_emoji(text: str, index: int) -> bool:
    char = text[index]
    if char == "\u200d":
        return bool(_EMOJI_BEFORE.search(text, max(0, index - 12), index)
                    and _EMOJI_AFTER.match(text, index + 1))
    if ord(char) in _TAG_CHARS:
        start = index
        while start > 0 and ord(text[start - 1]) in _TAG_CHARS:
            start -= 1
        return start > 0 and text[start - 1] == _BLACK_FLAG
    return False


def invisible_positions(text: str) -> dict[int, str]:
    """Index → name of each invisible character a reviewer should see."""
    found = {}
    for m in _CANDIDATE.finditer(text):
        index = m.start()
        name = invisible_name(text[index])
        if name is not None and not _builds_emoji(text, index):
            found[index] = name
    return found


def _marker(char: str, name) -> str:
    return (f'<span class="invisible-char">[U+{ord(char):04X}]'
            f'<span class="visually-hidden"> ({_escape(str(name))})</span></span>')


def _bidi_closers(text: str) -> str:
    """The PDF and PDI characters that close what ``text`` leaves open in its last
    paragraph, so that nothing after it is reordered."""
    stack: list[str] = []
    for char in text:
        if char in _OPEN_EMBEDDING:
            stack.append(_POP_EMBEDDING)
        elif char == _POP_EMBEDDING:
            if stack and stack[-1] == _POP_EMBEDDING:
                stack.pop()
        elif char in _OPEN_ISOLATE:
            stack.append(_POP_ISOLATE)
        elif char == _POP_ISOLATE:
            if _POP_ISOLATE in stack:
                while stack.pop() != _POP_ISOLATE:
                    pass
        elif char in _PARAGRAPH_SEPARATORS:
            stack.clear()
    return "".join(reversed(stack))


# ---------------------------------------------------------------------------------------
# The cut.


def _breaks(char: str) -> bool:
    return char.isspace() and char not in _NO_BREAK


def _grapheme_start(text: str, index: int) -> int:
    for m in _GRAPHEME.finditer(text):
        if m.end() > index:
            return m.start()
    return len(text)


def _snap(text: str, index: int, spans: Sequence[_Span]) -> int:
    """Move a cut at ``index`` back to the start of its grapheme cluster, of the link,
    hashtag or mention it falls in, and of its word (the feeds wrap at words). When
    that leaves nothing before the cut, the first link or word shows whole."""
    grapheme = _grapheme_start(text, index)
    cut = grapheme
    inside = next((s for s in spans if s.start < cut < s.end), None)
    if inside is not None:
        cut = inside.start
    if 0 < cut < len(text) and not _breaks(text[cut]) and not _breaks(text[cut - 1]):
        word = cut
        while word > 0 and not _breaks(text[word - 1]):
            word -= 1
        if word > 0:
            cut = word
    if cut == 0:
        cut = inside.end if inside is not None else grapheme
    return cut


def _after_lines(text: str, lines: int) -> int | None:
    index = -1
    for _line in range(lines):
        index = text.find("\n", index + 1)
        if index == -1:
            return None
    return index + 1


def cut_index(network: str, text: str, spans: Sequence[_Span] | None = None) -> int | None:
    """Index in ``text`` where ``network``'s feed shows "… more" (None: no cut)."""
    if not text.strip():
        return None
    if spans is None:
        spans = _spans(network, text)
    candidates = []
    chars = CUT_AFTER.get(network)
    if chars is not None:
        _count, overflow = network_rules.measure(network, text, chars)
        if overflow is not None:
            candidates.append(_snap(text, overflow, spans))
    lines = CUT_LINES.get(network)
    if lines:
        after = _after_lines(text, lines)
        if after is not None:
            candidates.append(after)
    cut = min(candidates, default=None)
    if cut is None or cut <= 0 or not text[cut:].strip() or not text[:cut].strip():
        return None
    return cut


# ---------------------------------------------------------------------------------------
# Rendering a part of the text.


def _escape(text: str) -> str:
    return escape(text)  # & < > " ' as entities, as everywhere in the project


def _plain(text: str, start: int, end: int, marks: Mapping[int, str]) -> str:
    if not marks:
        return _escape(text[start:end].replace("\x00", ""))
    out = []
    position = start
    for index in sorted(i for i in marks if start <= i < end):
        out.append(_escape(text[position:index]))
        out.append(_marker(text[index], marks[index]))
        position = index + 1
    out.append(_escape(text[position:end]))
    return "".join(out)


def _render(network: str, text: str, start: int, end: int, spans: Sequence[_Span],
            marks: Mapping[int, str]) -> SafeString:
    if start >= end:
        return mark_safe("")
    linked = network not in UNLINKED
    out = []
    position = start
    for span in spans:
        a, b = max(span.start, start), min(span.end, end)
        if a >= b or (span.kind == "link" and linked):
            continue  # linkify makes the links
        out.append(_plain(text, position, a, marks))
        css = "preview-url" if span.kind == "link" else f"preview-{span.kind}"
        out.append(f'<span class="{css}">{_plain(text, a, b, marks)}</span>')
        position = b
    out.append(_plain(text, position, end, marks))
    html = "".join(out)
    if linked and "." in text[start:end]:
        html = _LINKERS[_url_re(network)].linkify(html)
    if not marks:
        html += _bidi_closers(text[start:end])
    return mark_safe(html)


# ---------------------------------------------------------------------------------------
# Images.


def _safe_src(url: str) -> str:
    """``url`` if an <img> may load it (http(s), a path, a data: image), else ""."""
    cleaned = _URL_NOISE.sub("", url or "").lstrip("\x00\x01\x02\x03\x04\x05\x06\x07\x08"
                                                    "\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14"
                                                    "\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d"
                                                    "\x1e\x1f ")
    scheme = _SCHEME.match(cleaned)
    if scheme is None:
        return url.strip()
    name = scheme.group(1).lower()
    if name in ("http", "https"):
        return url.strip()
    if name == "data" and re.match(r"data:image/(png|jpeg|gif|webp|avif);", cleaned, re.I):
        return url.strip()
    return ""


def _layout(rule: ImageRule, shown: int) -> str:
    if shown == 0:
        return "none"
    if shown == 1:
        return "single"
    if rule.kind == "carousel":
        return "carousel"
    return f"grid-{min(shown, 4)}"


def _images(network: str, images: Sequence[PreviewImage]):
    rule = IMAGE_RULES.get(network, DEFAULT_IMAGE_RULE)
    published = len(images) if rule.limit is None else min(len(images), rule.limit)
    shown = tuple(
        PreviewImage(_safe_src(i.url), (i.alt or "").strip(), int(i.width or 0),
                     int(i.height or 0))
        for i in images[: min(published, rule.tiles)]
    )
    return rule, shown, published - len(shown), len(images) - published


# ---------------------------------------------------------------------------------------


def card(network: str, *, brand_name: str, text: str, images: Sequence[PreviewImage] = (),
         reviewer: bool = False, language: str = "") -> Card:
    """One network's preview card."""
    text = text or ""
    spans = _spans(network, text)
    cut = cut_index(network, text, spans)
    if cut is None:
        visible_end = more_start = more_end = len(text.rstrip())
    else:
        visible_end = len(text[:cut].rstrip())
        more_start = len(text) - len(text[cut:].lstrip())
        more_end = len(text.rstrip())
    marks = invisible_positions(text) if reviewer else {}
    rule, shown, extra, dropped = _images(network, list(images))
    counted: dict[str, list] = {}
    for index, name in marks.items():
        if index < visible_end or more_start <= index < more_end:
            counted.setdefault(text[index], [name, 0])[1] += 1
    return Card(
        network=network,
        name=network_rules.display_name(network),
        brand_name=brand_name,
        initials=initials(brand_name),
        html=_render(network, text, 0, visible_end, spans, marks),
        more_html=_render(network, text, more_start, more_end, spans, marks),
        cut=cut is not None,
        layout=_layout(rule, len(shown)),
        images=shown,
        extra_images=extra,
        dropped_images=dropped,
        image_limit=rule.limit,
        links_clickable=network not in UNLINKED,
        unclickable_links=network in UNLINKED and any(s.kind == "link" for s in spans),
        images_first=network in IMAGES_FIRST,
        reviewer=reviewer,
        language=language,
        invisibles=tuple(
            Invisible(f"U+{ord(char):04X}", str(name), count)
            for char, (name, count) in sorted(counted.items())
        ),
    )


def cards(*, brand_name: str, networks: Sequence[str], texts: Mapping[str, str],
          images: Sequence[PreviewImage] = (), reviewer: bool = False,
          languages: Mapping[str, str] | None = None) -> list[Card]:
    """One card per network of ``networks``, in order.

    ``texts`` maps each network to the text it will show (its own text, or the main
    one: the caller decides); ``languages`` optionally maps it to that text's language
    code (the card's ``lang``). ``reviewer=True`` shows invisible characters as
    "[U+200B]" codes; otherwise they stay as the network will show them.
    """
    languages = languages or {}
    return [
        card(network, brand_name=brand_name, text=texts.get(network, ""), images=images,
             reviewer=reviewer, language=languages.get(network, ""))
        for network in networks
    ]


def of_targets(*, brand_name: str, networks: Sequence[str], language: str, targets,
               images: Sequence[PreviewImage] = (), reviewer: bool = False) -> list[Card]:
    """Cards for the texts a version publishes (``variants.check_targets``): each
    network shows its text in the post's own language, its own text where it has one."""
    texts, languages = {}, {}
    for target in targets:
        if target.language == language:
            for network in target.networks:
                texts[network], languages[network] = target.text, language
    return cards(brand_name=brand_name, networks=networks, texts=texts, images=images,
                 reviewer=reviewer, languages=languages)
