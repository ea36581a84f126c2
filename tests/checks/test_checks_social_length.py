"""Per-network length counting and the built-in length rule."""

import pytest

from socialgov.checks import networks
from socialgov.checks.engine import PostInput, RuleSpec, compile


def findings(text, nets, rules=()):
    return compile(list(rules)).check(PostInput(text=text, networks=nets)).findings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bonjour", 7),
        ("e\u0301té", 3),  # NFC first
        ("漢字", 4),
        ("안녕", 4),  # Hangul weighs 2
        ("\u1100\u1161", 2),  # conjoining jamo: NFC makes one syllable
        ("“quote” — ok", 12),  # quotes and dashes U+2010–U+201F weigh 1
        ("Attendez…", 10),  # U+2026 is outside the light ranges
        ("👍", 2),
        ("👍🏽", 2),
        ("👨‍👩‍👧", 2),
        ("🇨🇦", 2),
        ("1️⃣", 2),
        ("❤️", 2),
        ("©", 1),
        ("©️", 3),  # © is light; a lone VS16 weighs 2 (not an emoji for twemoji)
        ("🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", 2),
        ("a\u200db", 3),
    ],
)
def test_x_weighted_length(text, expected):
    assert networks.count("x", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://exemple.ca/une/très/longue/adresse?utm_source=x", 23),
        ("exemple.com", 23),  # a generic TLD is linked without https://
        ("exemple.ca", 10),  # a bare country-code domain is not (twitter-text)
        ("exemple.ca/promo", 23),  # ...unless it has a path
        ("www.exemple.ca", 23),  # ...or more than one label
        ("exemple.co", 23),  # .co and .tv are the exceptions
        ("info@exemple.com", 16),  # an e-mail address is not a link
        ("Visitez exemple.com.", len("Visitez ") + 23 + 1),
    ],
)
def test_x_counts_links_as_23(text, expected):
    assert networks.count("x", text) == expected


def test_x_limit_is_280_weighted_units():
    assert networks.measure("x", "a" * 280, 280) == (280, None)
    assert networks.measure("x", "漢" * 140, 280) == (280, None)
    assert networks.measure("x", "漢" * 141, 280) == (282, 140)
    assert networks.measure("x", "a" * 279 + "👍", 280) == (281, 279)


def test_bluesky_counts_grapheme_clusters():
    assert networks.count("bluesky", "🧑‍🤝‍🧑") == 1
    assert networks.count("bluesky", "\u0915\u094d\u0937\u093f") == 1  # Devanagari cluster
    assert networks.count("bluesky", "Québec e\u0301") == 8
    assert networks.measure("bluesky", "é" * 300, 300) == (300, None)
    assert networks.measure("bluesky", "👍🏽" * 301, 300) == (301, 600)


def test_mastodon_counts_graphemes_links_and_remote_mentions():
    assert networks.count("mastodon", "👨‍👩‍👧") == 1
    assert networks.count("mastodon", "@marie@mastodon.social merci") == len("@marie merci")
    assert networks.count("mastodon", "https://exemple.ca/" + "a" * 100) == 23
    # Mastodon does not shorten links without a scheme.
    assert networks.count("mastodon", "www.exemple.ca") == len("www.exemple.ca")


def test_code_point_networks():
    for network in ("threads", "linkedin", "instagram", "facebook"):
        assert networks.count(network, "cafe\u0301 👍🏽") == 7
    assert networks.LIMITS["threads"] == 500
    assert networks.LIMITS["linkedin"] == 3000
    assert networks.LIMITS["instagram"] == 2200
    assert networks.LIMITS["facebook"] == 63206
    assert networks.LIMITS["mastodon"] == 500


def test_builtin_length_applies_to_targeted_networks_without_a_rule():
    text = "Une publication beaucoup trop longue. " * 10  # 380 characters
    (finding,) = findings(text, ("x", "linkedin"))
    assert finding.rule_id == "builtin:length"
    assert finding.kind == "max_length"
    assert finding.severity == "error"
    assert finding.message["fr"] == f"Trop long pour X : {len(text)}/280 caractères"
    assert finding.message["en"] == f"Too long for X: {len(text)}/280 characters"
    assert text[finding.start : finding.end] == finding.matched
    assert finding.start == 280
    assert findings(text, ()) == []
    assert findings(text, ("linkedin", "threads")) == []


def test_builtin_length_stands_aside_for_the_brands_own_rule():
    own = RuleSpec(id="7", kind="max_length", params={"limits": {"x": 500}}, severity="warning")
    text = "a" * 400
    assert findings(text, ("x",), [own]) == []
    checker = compile([own])
    assert [r.id for r in checker.builtins] == [
        "builtin:watch", "builtin:image_alt", "builtin:image_limits"
    ]
    assert len(compile([])) == 0  # built-ins are not the brand's rules
    assert [r.id for r in compile([]).builtins] == [
        "builtin:length", "builtin:watch", "builtin:image_alt", "builtin:image_limits"
    ]


def test_instagram_hashtag_cap_is_a_separate_finding():
    tags = " ".join(f"#mot{i}" for i in range(32))
    text = "Nouvelle collection " + tags
    result = findings(text, ("instagram", "x"))
    insta = [f for f in result if "Instagram" in f.message["en"]]
    (finding,) = insta
    assert finding.message == {
        "en": "Too many hashtags for Instagram: 32/30",
        "fr": "Trop de mots-clics pour Instagram : 32/30",
    }
    assert finding.matched == "#mot30 #mot31"
    assert findings("#a " * 30, ("instagram",)) == []


def test_hashtag_cap_can_be_changed_by_the_rule():
    rule = RuleSpec(id="1", kind="max_length", params={"hashtag_limits": {"instagram": 5}})
    text = "#un #deux #trois #quatre #cinq #six"
    (finding,) = findings(text, ("instagram",), [rule])
    assert finding.matched == "#six"
    off = RuleSpec(id="1", kind="max_length", params={"hashtag_limits": {"instagram": None}})
    assert findings("#a " * 40, ("instagram",), [off]) == []
