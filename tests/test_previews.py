"""Preview cards (socialgov/posts/previews.py, templates/posts/_previews.html,
static/css/previews.css): each network's card, where its feed cuts the text, styled
hashtags, mentions and links, hostile text made inert, invisible characters shown to
reviewers, the images' layouts, and the labelled region the template renders."""

import re
import socket
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from socialgov.checks import networks
from socialgov.posts import previews
from socialgov.posts.previews import PreviewImage, cards

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "posts" / "_previews.html"
CSS = ROOT / "static" / "css" / "previews.css"
ALL = list(networks.DISPLAY_NAMES)
BRAND = "Café Soleil"


# --- A small DOM, from the standard library's parser --------------------------------


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag=None, cls=None, **attrs):
        return [
            n for n in self.iter()
            if (tag is None or n.tag == tag)
            and (cls is None or cls in n.attrs.get("class", "").split())
            and all(n.attrs.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())
        ]

    def find(self, *args, **kwargs):
        found = self.find_all(*args, **kwargs)
        assert found, (args, kwargs)
        return found[0]


VOID = {"img", "br", "input", "meta", "link", "hr", "source"}


class Tree(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#root", {})
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html):
    return Tree(str(html)).root


def one(network, text, **kwargs):
    [card] = cards(brand_name=BRAND, networks=[network], texts={network: text}, **kwargs)
    return card


def shown_text(html):
    """The text a reader sees, without the reviewer's screen-reader names."""
    root = parse(html)
    for node in root.find_all(cls="visually-hidden"):
        node.children = []
    return root.text()


def render(preview_cards, **context):
    return render_to_string("posts/_previews.html", {"preview_cards": preview_cards, **context})


# --- Cards per network ----------------------------------------------------------------


def test_one_card_per_network_in_order_with_its_name_and_the_brand():
    made = cards(brand_name=BRAND, networks=ALL, texts={n: "Bonjour!" for n in ALL})
    assert [c.network for c in made] == ALL
    assert [c.name for c in made] == ["X", "LinkedIn", "Facebook", "Instagram", "Threads",
                                      "Bluesky", "Mastodon"]
    assert {c.initials for c in made} == {"CS"}
    assert {c.brand_name for c in made} == {BRAND}
    assert all(str(c.html) == "Bonjour!" and not c.cut for c in made)


def test_a_networks_own_text_shows_in_its_card():
    made = cards(brand_name=BRAND, networks=["x", "linkedin", "mastodon"],
                 texts={"x": "Court pour X.", "linkedin": "Plus long pour LinkedIn."})
    assert [shown_text(c.html) for c in made] == ["Court pour X.", "Plus long pour LinkedIn.", ""]


@pytest.mark.parametrize(("name", "initials"), [
    ("Café Soleil", "CS"),
    ("café soleil", "CS"),
    ("Ville de Québec", "VQ"),
    ("Acme", "A"),
    ("éole énergie", "ÉÉ"),
    ("Éole énergie", "É"),
    ("!!!", "?"),
])
def test_avatar_initials(name, initials):
    assert previews.initials(name) == initials


# --- Hashtags, mentions, links ---------------------------------------------------------


def test_hashtags_mentions_and_links_are_styled():
    html = one("x", "Bon #été à @cafe_soleil! Voir https://exemple.com/menu?a=1&b=2.").html
    root = parse(html)
    assert [n.text() for n in root.find_all("span", cls="preview-hashtag")] == ["#été"]
    assert [n.text() for n in root.find_all("span", cls="preview-mention")] == ["@cafe_soleil"]
    [link] = root.find_all("a")
    assert link.attrs["href"] == "https://exemple.com/menu?a=1&b=2"
    assert link.text() == "https://exemple.com/menu?a=1&b=2"  # the full stop stays out
    assert link.attrs["rel"] == "nofollow noopener noreferrer ugc"
    assert link.attrs["target"] == "_blank"
    assert link.attrs["class"] == "preview-link"


def test_a_bare_domain_is_linked_over_https_and_known_tlds_count():
    root = parse(one("x", "Menu sur exemple.quebec/promo et cafe.com").html)
    assert [a.attrs["href"] for a in root.find_all("a")] == [
        "https://exemple.quebec/promo", "https://cafe.com"]


def test_a_fragment_or_handle_inside_a_url_is_part_of_the_link():
    root = parse(one("x", "Lire https://exemple.com/page#horaires et https://m.ca/@lune").html)
    assert not root.find_all(cls="preview-hashtag")
    assert not root.find_all(cls="preview-mention")
    assert [a.text() for a in root.find_all("a")] == ["https://exemple.com/page#horaires",
                                                      "https://m.ca/@lune"]


def test_an_email_address_is_neither_a_mention_nor_a_link():
    root = parse(one("x", "Écrivez à bonjour@cafe.com").html)
    assert not root.find_all("a") and not root.find_all(cls="preview-mention")


def test_mastodon_links_only_full_urls_and_keeps_remote_mentions_whole():
    root = parse(one("mastodon", "Salut @alice@mastodon.social, voir cafe.com et https://cafe.com/x").html)
    assert [n.text() for n in root.find_all(cls="preview-mention")] == ["@alice@mastodon.social"]
    assert [a.attrs["href"] for a in root.find_all("a")] == ["https://cafe.com/x"]


def test_instagram_shows_urls_but_does_not_link_them():
    card = one("instagram", "Lien https://cafe.com/menu #menu")
    root = parse(card.html)
    assert not root.find_all("a")
    assert root.find("span", cls="preview-url").text() == "https://cafe.com/menu"
    assert not card.links_clickable and card.unclickable_links
    assert not one("instagram", "Sans lien #menu").unclickable_links


def test_linkify_never_fetches_anything(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the preview tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    made = cards(brand_name=BRAND, networks=ALL,
                 texts={n: "https://exemple.com/a cafe.com http://127.0.0.1:9/x" for n in ALL})
    assert all(c.html for c in made)
    assert parse(made[0].html).find("a").attrs["href"] == "https://exemple.com/a"


# --- Hostile text -------------------------------------------------------------------

PAYLOADS = [
    '<script>alert("x")</script>',
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "JaVaScRiPt://exemple.com/%0Aalert(1)",
    '<a href="javascript:alert(1)">clic</a>',
    'https://exemple.com/"onmouseover="alert(1)',
    "https://exemple.com/'onmouseover='alert(1)",
    "https://exemple.com/<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#x3C;b&#x3E;",
    "<!-- x --><style>*{}</style></div></article>",
    "#tag<b>gras</b> @nom<i>x</i>",
]
ALLOWED = {"a": {"href", "rel", "target", "class"}, "span": {"class"}}


def assert_inert(html):
    root = parse(html)
    for node in root.iter():
        assert node.tag in ALLOWED, f"<{node.tag}> came out of the text"
        assert set(node.attrs) <= ALLOWED[node.tag], node.attrs
        if node.tag == "a":
            assert re.match(r"https?://", node.attrs["href"]), node.attrs["href"]
    lowered = str(html).lower()
    for marker in ("<script", "<img", "<svg", "<style", "<!--", 'href="javascript', 'href="data'):
        assert marker not in lowered


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("reviewer", [False, True])
def test_hostile_text_comes_out_inert_and_shown_as_written(payload, reviewer):
    for network in ALL:
        card = one(network, f"Avant {payload} après", reviewer=reviewer)
        assert_inert(card.html)
        assert shown_text(card.html) == f"Avant {payload} après"


def test_hostile_text_brand_and_images_are_inert_in_the_page():
    made = cards(brand_name='<script>alert(1)</script>"><b>', networks=["x", "instagram"],
                 texts={"x": PAYLOADS[0], "instagram": PAYLOADS[1]},
                 images=[PreviewImage("javascript:alert(1)", '"><script>alert(1)</script>', 1, 1),
                         PreviewImage(" JAVA\tSCRIPT:alert(1)", "a", 1, 1)])
    html = render(made)
    assert "<script" not in html and "javascript" not in html.lower()
    assert "<b>" not in html and "<img src=x" not in html
    assert 'src=""' not in html  # an unsafe image shows its alt text, not an <img>
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- Where the feed cuts -------------------------------------------------------------

WORDS = "Notre nouvelle boulangerie ouvre lundi au coin de la rue Saint-Jean. "


def test_every_network_has_a_cut_rule():
    assert set(previews.CUT_AFTER) == set(ALL)
    assert previews.CUT_AFTER["x"] == networks.LIMITS["x"]
    assert previews.CUT_AFTER["linkedin"] == 210
    assert previews.CUT_AFTER["instagram"] == 125
    assert previews.CUT_AFTER["facebook"] == 477
    assert all(previews.CUT_AFTER[n] is None for n in ("threads", "bluesky", "mastodon"))


def test_a_long_linkedin_text_is_cut_near_210_at_a_word():
    text = WORDS * 6
    card = one("linkedin", text)
    assert card.cut
    visible, hidden = shown_text(card.html), shown_text(card.more_html)
    assert 180 <= len(visible) <= 210
    assert text.startswith(visible) and text.rstrip().endswith(hidden)
    assert text[len(visible)] == " "  # cut between two words
    assert visible + " " + hidden == text.rstrip()


@pytest.mark.parametrize(("network", "limit"), [("instagram", 125), ("facebook", 477)])
def test_instagram_and_facebook_cut_near_their_figure(network, limit):
    card = one(network, WORDS * 10)
    assert card.cut
    assert limit - 30 <= len(shown_text(card.html)) <= limit


def test_the_cut_never_falls_inside_a_url():
    url = "https://exemple.com/une/tres/longue/adresse/pour/la/promo-de-lundi/et-plus-encore"
    text = WORDS * 2 + "Voir " + url + " pour tout savoir. " + WORDS * 2
    assert text.index(url) < 210 < text.index(url) + len(url)
    card = one("linkedin", text)
    assert card.cut
    assert url not in shown_text(card.html)
    assert parse(card.more_html).find("a").text() == url
    assert shown_text(card.html).endswith("Voir")


def test_the_cut_never_splits_an_emoji():
    family = "👨\u200d👩\u200d👧"  # 5 code points, one grapheme
    # No space to wrap at: the cut falls back to the start of the grapheme.
    text = "x" * 208 + family * 3 + " et la suite du texte " * 5
    assert networks.measure("linkedin", text, 210)[1] == 210  # inside the first family
    card = one("linkedin", text)
    assert shown_text(card.html) == "x" * 208
    assert shown_text(card.more_html).startswith(family)
    # With spaces, the cut goes back to the start of the word holding the emoji.
    text = "a " * 104 + "b" + family + "c " + WORDS * 2
    assert networks.measure("linkedin", text, 210)[1] == 210  # inside the family again
    card = one("linkedin", text)
    assert shown_text(card.html) == ("a " * 104).rstrip()
    assert shown_text(card.more_html).startswith("b" + family + "c ")


def test_a_first_word_longer_than_the_cut_shows_whole():
    url = "https://exemple.com/" + "a" * 200
    card = one("instagram", url + " et la suite " * 20)
    assert shown_text(card.html) == url


def test_x_counts_its_own_way_and_shows_280_whole():
    assert not one("x", "a" * 280).cut
    # A URL counts 23 on X: 250 letters and a 60-character URL fit in 280.
    assert not one("x", "a" * 250 + " https://exemple.com/" + "b" * 40).cut
    card = one("x", "mot " * 80)  # 320 characters
    assert card.cut and len(shown_text(card.html)) <= 280


@pytest.mark.parametrize("network", ["threads", "bluesky", "mastodon"])
def test_networks_that_show_the_whole_text_within_their_limit(network):
    assert not one(network, "mot " * 124).cut


def test_line_cuts_linkedin_after_3_lines_bluesky_after_25():
    card = one("linkedin", "Un\nDeux\nTrois\nQuatre\nCinq")
    assert card.cut
    assert shown_text(card.html) == "Un\nDeux\nTrois"
    assert shown_text(card.more_html) == "Quatre\nCinq"
    lines = "\n".join(f"ligne {i}" for i in range(1, 31))
    card = one("bluesky", lines)
    assert card.cut and shown_text(card.html).endswith("ligne 25")
    assert not one("bluesky", "\n".join(["l"] * 25)).cut


def test_only_blank_space_behind_the_cut_is_no_cut():
    assert not one("linkedin", "Un\nDeux\nTrois\n\n  \n").cut


# --- Invisible characters -------------------------------------------------------------


def test_reviewers_see_zero_width_and_bidi_characters_authors_do_not():
    text = "Pay\u200bPal \u202egnp.exe"
    reviewer = one("x", text, reviewer=True)
    root = parse(reviewer.html)
    marks = root.find_all("span", cls="invisible-char")
    assert [shown_text_of(m) for m in marks] == ["[U+200B]", "[U+202E]"]
    assert [m.find(cls="visually-hidden").text() for m in marks] == [
        " (zero-width space)", " (right-to-left override)"]
    assert "\u200b" not in reviewer.html and "\u202e" not in reviewer.html
    assert [(i.codepoint, i.name, i.count) for i in reviewer.invisibles] == [
        ("U+200B", "zero-width space", 1), ("U+202E", "right-to-left override", 1)]

    author = one("x", text)
    assert "[U+" not in author.html and "invisible-char" not in author.html
    assert "\u200b" in author.html and not author.invisibles


def shown_text_of(node):
    return "".join(c for c in node.children if isinstance(c, str))


@pytest.mark.parametrize("char", [
    "\u00ad", "\u034f", "\u061c", "\u115f", "\u1160", "\u180e", "\u200b", "\u200c", "\u200d",
    "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2060", "\u2061",
    "\u2066", "\u2067", "\u2068", "\u2069", "\u3164", "\ufeff", "\uffa0", "\U000e0041", "\x07",
])
def test_each_invisible_character_is_marked_for_reviewers(char):
    card = one("linkedin", f"a{char}b", reviewer=True)
    assert f"[U+{ord(char):04X}]" in card.html
    assert char not in card.html
    assert shown_text(card.html) == f"a[U+{ord(char):04X}]b"


@pytest.mark.parametrize("text", [
    "Bravo 👩\u200d💻 et 👍🏽\u200d!",  # the stray joiner at the end is marked
    "Fierté 🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f !",
    "Prix\u00a0: 5\u202f$ « oui »",
    "Ligne\nsuivante\tet tab",
])
def test_emoji_sequences_and_french_spaces_are_not_marked(text):
    card = one("linkedin", text, reviewer=True)
    codes = [i.codepoint for i in card.invisibles]
    assert codes == (["U+200D"] if text.startswith("Bravo") else [])


def test_the_reviewers_marks_are_also_in_the_part_behind_more():
    card = one("linkedin", WORDS * 4 + "caché\u200b ici", reviewer=True)
    assert card.cut and "[U+200B]" in card.more_html and "[U+200B]" not in card.html
    assert card.invisibles[0].count == 1


@pytest.mark.parametrize(("text", "closers"), [
    ("abc\u202edef", "\u202c"),
    ("a\u2067b\u202bc", "\u202c\u2069"),
    ("a\u202eb\u202cc", ""),
    ("a\u2067b\u2069c", ""),
    ("a\u202eb\nc", ""),  # a line break ends a bidi paragraph
    ("a\u2068b\u202ac\u2069d\u202b", "\u202c"),  # the PDI closed the embedding inside it
])
def test_bidi_controls_are_closed_at_the_end_of_the_authors_text(text, closers):
    html = str(one("x", text).html)
    assert html == text + closers


def test_bidi_controls_cannot_reorder_the_rest_of_the_card():
    made = cards(brand_name="\u202eCafé", networks=["x", "linkedin"],
                 texts={"x": "a\u202eb", "linkedin": WORDS * 4 + "\u2067x"})
    root = parse(render(made))
    for text_block in root.find_all("div", cls="preview-text"):
        assert text_block.attrs["dir"] == "auto"  # a block of its own, isolated
    assert root.find("bdi", cls="preview-brand").text() == "\u202eCafé"
    reviewer = cards(brand_name=BRAND, networks=["x"], texts={"x": "a\u202eb\u2067c"},
                     reviewer=True)
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", str(reviewer[0].html))


# --- Images ---------------------------------------------------------------------------


def images(count):
    return [PreviewImage(f"/media/p{i}.jpg", f"Photo {i}", 1200, 800) for i in range(count)]


@pytest.mark.parametrize(("network", "count", "layout", "shown", "extra", "dropped"), [
    ("x", 0, "none", 0, 0, 0),
    ("x", 1, "single", 1, 0, 0),
    ("x", 2, "grid-2", 2, 0, 0),
    ("x", 3, "grid-3", 3, 0, 0),
    ("x", 4, "grid-4", 4, 0, 0),
    ("x", 6, "grid-4", 4, 0, 2),
    ("bluesky", 5, "grid-4", 4, 0, 1),
    ("mastodon", 3, "grid-3", 3, 0, 0),
    ("instagram", 1, "single", 1, 0, 0),
    ("instagram", 3, "carousel", 3, 0, 0),
    ("instagram", 12, "carousel", 10, 0, 2),
    ("threads", 2, "carousel", 2, 0, 0),
    ("threads", 11, "carousel", 10, 0, 1),
    ("linkedin", 2, "grid-2", 2, 0, 0),
    ("linkedin", 9, "grid-4", 4, 5, 0),
    ("linkedin", 25, "grid-4", 4, 16, 5),
    ("facebook", 30, "grid-4", 4, 26, 0),
])
def test_layout_per_network_and_number_of_images(network, count, layout, shown, extra, dropped):
    [card] = cards(brand_name=BRAND, networks=[network], texts={}, images=images(count))
    assert (card.layout, len(card.images), card.extra_images, card.dropped_images) == (
        layout, shown, extra, dropped)


def test_images_render_in_their_layout_with_alt_size_and_lazy_loading():
    made = cards(brand_name=BRAND, networks=["x", "linkedin", "instagram"], texts={},
                 images=images(6))
    root = parse(render(made))
    x, linkedin, instagram = root.find_all("article")
    grid = x.find("ul", cls="preview-images")
    assert "preview-grid-4" in grid.attrs["class"].split()
    first = grid.find("img")
    assert first.attrs == {"src": "/media/p0.jpg", "alt": "Photo 0", "width": "1200",
                           "height": "800", "loading": "lazy", "decoding": "async"}
    assert "takes 4 images at most: 2 images are left out" in x.text()
    extra = linkedin.find(cls="preview-extra")
    assert extra.find("span", aria_hidden="true").text() == "+2"
    assert extra.find(cls="visually-hidden").text() == "2 more images"
    carousel = instagram.find("ul", cls="preview-carousel")
    assert carousel.attrs["tabindex"] == "0" and carousel.attrs["aria-label"]
    assert len(carousel.find_all("img")) == 6


def test_instagram_shows_its_images_above_the_caption():
    [card] = cards(brand_name=BRAND, networks=["instagram"], texts={"instagram": "Légende"},
                   images=images(2))
    article = parse(render([card])).find("article")
    order = [n.attrs.get("class", "").split()[0] for n in article.children
             if isinstance(n, Node)]
    assert order.index("preview-images") < order.index("preview-text")


# --- The template -----------------------------------------------------------------------


def test_the_region_is_labelled_preview_with_one_named_article_per_network():
    made = cards(brand_name=BRAND, networks=["x", "linkedin", "bluesky"],
                 texts={"x": "Bonjour", "linkedin": WORDS * 5, "bluesky": "Salut"})
    root = parse(render(made))
    [section] = root.find_all("section")
    heading = root.find(id=section.attrs["aria-labelledby"])
    assert (heading.tag, heading.text()) == ("h2", "Preview")
    articles = section.find_all("article")
    assert len(articles) == 3
    names = []
    for article in articles:
        title = root.find(id=article.attrs["aria-labelledby"])
        assert title.tag == "h3" and title in list(article.iter())
        names.append(title.text())
        assert article.find(cls="preview-avatar").attrs["aria-hidden"] == "true"
        assert article.find(cls="preview-avatar").text() == "CS"
        assert article.find(cls="preview-brand").text() == BRAND
    assert names == ["X", "LinkedIn", "Bluesky"]
    assert [a.attrs["class"].split()[1] for a in articles] == [
        "preview-x", "preview-linkedin", "preview-bluesky"]
    ids = [n.attrs["id"] for n in root.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids))


def test_the_cut_is_a_details_disclosure_without_script_or_inline_style():
    [card] = cards(brand_name=BRAND, networks=["linkedin"], texts={"linkedin": WORDS * 5})
    html = render([card])
    root = parse(html)
    details = root.find("details", cls="preview-more")
    assert details.find("summary").text() == "… more"
    assert details.find("div", cls="preview-text").text() == card_text(card.more_html)
    assert "<script" not in html and " style=" not in html
    assert not re.search(r"\son\w+=", html)


def card_text(html):
    return parse(html).text()


def test_the_heading_level_and_ids_can_be_set():
    [card] = cards(brand_name=BRAND, networks=["x"], texts={"x": "Bonjour"})
    root = parse(render([card], heading_level=3, previews_id="review-preview"))
    assert root.find("h3").attrs["id"] == "review-preview-title"
    assert root.find("h4").attrs["id"] == "review-preview-x-title"
    assert root.find("section").attrs["aria-labelledby"] == "review-preview-title"


def test_the_reviewer_card_explains_the_marks_in_words():
    [card] = cards(brand_name=BRAND, networks=["x"], texts={"x": "a\u200bb\u200bc"}, reviewer=True)
    legend = parse(render([card])).find(cls="preview-invisibles")
    assert "[U+200B] zero-width space × 2" in " ".join(legend.text().split())


def test_the_language_of_the_text_is_marked():
    [card] = cards(brand_name=BRAND, networks=["x"], texts={"x": "Bonjour"},
                   languages={"x": "fr"})
    assert parse(render([card])).find("div", cls="preview-text").attrs["lang"] == "fr"


def test_no_network_selected():
    root = parse(render([]))
    assert root.find("p", cls="empty").text() == "Choose a network to see its preview."
    assert not root.find_all("article")


def test_the_labels_are_marked_for_translation():
    source = TEMPLATE.read_text(encoding="utf-8")
    for msgid in ("Preview", "… more", "Choose a network to see its preview."):
        assert f'{{% translate "{msgid}" %}}' in source


def test_french_labels():
    [card] = cards(brand_name=BRAND, networks=["linkedin"], texts={"linkedin": WORDS * 5})
    with translation.override("fr"):
        root = parse(render([card]))
        empty = parse(render([]))
    assert root.find("h2").text() == "Aperçu"
    assert root.find("summary").text() == "… plus"
    assert empty.find("p").text() == "Choisissez un réseau pour voir son aperçu."


# --- The stylesheet ---------------------------------------------------------------------


def luminance(colour):
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rule(css, selector):
    match = re.search(r"(?m)^" + re.escape(selector) + r"[ ,][^{]*\{([^}]*)\}", css)
    assert match, selector
    return match.group(1)


def test_the_stylesheet_styles_each_network_layouts_and_motion():
    css = CSS.read_text(encoding="utf-8")
    for network in ALL:
        assert f".preview-{network} " in css
    for layout in ("single", "grid-2", "grid-3", "grid-4", "carousel"):
        assert f".preview-{layout}" in css
    carousel = rule(css, ".preview-carousel")
    assert "overflow-x: auto" in carousel and "scroll-snap-type: x" in carousel
    assert "@media (prefers-reduced-motion: reduce)" in css
    assert "border:" in rule(css, ".invisible-char")  # a box, not a colour alone
    assert "@import" not in css and "url(" not in css


def test_the_stylesheets_text_colours_pass_wcag_aa():
    css = CSS.read_text(encoding="utf-8")
    card_background = re.search(r"background: (#[0-9a-f]{6})", rule(css, ".preview")).group(1)
    for selector in (".preview-hashtag", ".preview-link", ".preview-url"):
        colour = re.search(r"color: (#[0-9a-f]{6})", rule(css, selector)).group(1)
        assert contrast(colour, card_background) >= 4.5, selector
    token = rule(css, ".invisible-char")
    fg = re.search(r"[^-]color: (#[0-9a-f]{6})", token).group(1)
    bg = re.search(r"background: (#[0-9a-f]{6})", token).group(1)
    assert contrast(fg, bg) >= 4.5
    avatar = rule(css, ".preview-avatar")
    assert contrast(re.search(r"[^-]color: (#[0-9a-f]{6})", avatar).group(1),
                    re.search(r"background: (#[0-9a-f]{6})", avatar).group(1)) >= 4.5
