"""X's count against twitter-text's own conformance suite, and X's other counting rules.

The suite is ``validate.yml`` of twitter-text (Apache-2.0), kept outside the project in
``shared/peer/twitter-text/`` beside the checkout and read here at run time, never copied.
Its sections ``WeightedTweetsWithDiscountedEmojiCounterTest`` (the v3 weighting X uses) and
``UnicodeDirectionalMarkerCounterTest`` give, per text, X's weighted length and whether X
accepts the text. Without the file these tests are skipped, except under ``CI=true``, where
they fail.
"""

import os
import time
from pathlib import Path

import pytest

from socialgov.checks import networks, urls, yamlfile
from socialgov.checks.engine import PostInput, RuleSpec, compile

VALIDATE_YML = Path(__file__).resolve().parents[2].parent / "shared/peer/twitter-text/validate.yml"
SECTIONS = ("WeightedTweetsWithDiscountedEmojiCounterTest", "UnicodeDirectionalMarkerCounterTest")


def _cases():
    if not VALIDATE_YML.is_file():
        return []
    with open(VALIDATE_YML, encoding="utf-8") as handle:
        tests = yamlfile.safe_load(handle)["tests"]
    return [
        pytest.param(case["text"], case["expected"], id=f"{section}: {case['description']}")
        for section in SECTIONS
        for case in tests.get(section) or []
    ]


CASES = _cases()


def _missing():
    message = f"twitter-text's conformance suite is not at {VALIDATE_YML}"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (CI=true: it must be there)")
    pytest.skip(message)


@pytest.mark.parametrize(("text", "expected"), CASES or [pytest.param(None, None, id="missing")])
def test_x_count_passes_twitter_text_conformance(text, expected):
    if expected is None:
        _missing()
    counted = networks.x_count(text)
    assert counted.weighted_length == expected["weightedLength"]
    assert counted.valid is expected["valid"]
    # The rule and the editor see the same number.
    assert networks.count("x", text) == expected["weightedLength"]
    assert networks.lengths(text, ["x"]) == {"x": (expected["weightedLength"], 280)}


def test_the_suite_has_both_sections():
    if not CASES:
        _missing()
    with open(VALIDATE_YML, encoding="utf-8") as handle:
        tests = yamlfile.safe_load(handle)["tests"]
    assert all(tests.get(section) for section in SECTIONS)


def findings(text, nets=("x",), rules=()):
    return compile(list(rules)).check(PostInput(text=text, networks=nets)).findings


# -- reply handles ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@marie Merci !", len("Merci !")),
        ("@marie @jean_2 Merci", len("Merci")),
        ("@marie  @jean Merci", len("Merci")),
        ("＠marie Merci", len("Merci")),
        ("@marie", len("@marie")),  # no text after it: not a reply's opening handle
        ("Merci @marie", len("Merci @marie")),
        ("@acme@mastodon.social Merci", len("@acme@mastodon.social Merci")),
        ("@a_handle_of_16ch Merci", len("@a_handle_of_16ch Merci")),  # not an X handle
        ("@cafe.pinecrest Merci", len("@cafe.pinecrest Merci")),
        (" @marie Merci", len(" @marie Merci")),
        ("@marie Voir @jean", len("Voir @jean")),  # only the opening handles are free
    ],
)
def test_x_does_not_count_the_handles_that_open_a_reply(text, expected):
    assert networks.count("x", text) == expected


def test_reply_handles_count_on_other_networks():
    assert networks.count("bluesky", "@marie Merci") == len("@marie Merci")
    assert networks.lengths("@marie Merci", ["x", "bluesky"]) == {
        "x": (5, 280), "bluesky": (12, 300)
    }


def test_reply_handles_move_the_overflow():
    text = "@marie @jean " + "a" * 280
    assert networks.x_count(text).reply_end == len("@marie @jean ")
    assert findings(text) == []
    (finding,) = findings(text + "bb")
    assert (finding.start, finding.end) == (len(text), len(text) + 2)
    assert finding.message["en"] == "Too long for X: 282/280 characters"


# -- invalid characters -------------------------------------------------------------------


@pytest.mark.parametrize("char", ["\ufffe", "\ufeff", "\uffff"])
def test_a_text_with_an_invalid_character_is_refused_whatever_its_length(char):
    counted = networks.x_count(f"Bonjour{char}")
    assert counted.weighted_length == 9
    assert not counted.valid
    assert counted.invalid == (7,)
    (finding,) = findings(f"Bonjour{char}")
    assert finding.severity == "error"
    assert (finding.start, finding.end) == (7, 8)
    code = f"U+{ord(char):04X}"
    assert finding.message == {
        "en": f"X refuses this text: it contains a character X does not accept ({code}).",
        "fr": f"X refuse ce texte\u00a0: il contient un caractère que X n’accepte pas ({code}).",
    }


def test_invalid_characters_are_an_error_even_for_a_warning_rule():
    rule = RuleSpec(id="len", kind="max_length", params={}, severity="warning")
    (finding,) = findings("a\ufeffb\uffffc\ufeff", rules=[rule])
    assert finding.severity == "error"
    assert finding.start == 1
    assert "3 characters X does not accept (U+FEFF, U+FFFF)" in finding.message["en"]
    assert "3\u00a0caractères" not in finding.message["fr"]
    assert finding.message["fr"].startswith("X refuse ce texte\u00a0: il contient 3 caractères")


def test_invalid_characters_only_matter_on_x():
    assert findings("Bonjour\ufeff", nets=("linkedin", "bluesky")) == []
    rule = RuleSpec(id="len", kind="max_length", params={"limits": {"x": None}})
    assert findings("Bonjour\ufeff", rules=[rule]) == []


def test_an_empty_text_counts_zero_and_is_not_a_valid_x_text():
    assert networks.x_count("") == networks.XCount(0, False, None, (), 0)
    assert networks.x_count("@marie ").weighted_length == 0


# -- lengths() for the editor -------------------------------------------------------------


def test_lengths_gives_what_the_length_rule_checks():
    text = "Voir https://exemple.ca/une/longue/adresse 👍🏽 " + "é" * 300
    counts = networks.lengths(text, ["X", "bluesky", "myspace", "x"])
    assert list(counts) == ["x", "bluesky"]
    assert counts["x"] == (5 + 23 + 1 + 2 + 1 + 300, 280)
    assert counts["bluesky"][1] == 300
    messages = [f.message["en"] for f in findings(text, nets=("x", "bluesky"))]
    assert messages == [
        f"Too long for X: {counts['x'][0]}/280 characters",
        f"Too long for Bluesky: {counts['bluesky'][0]}/300 characters",
    ]


def test_lengths_takes_the_rule_limits():
    assert networks.lengths("abc", ["x", "bluesky"], {"x": 140, "bluesky": None}) == {
        "x": (3, 140)
    }


# -- what twitter-text takes for a URL ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "linked"),
    [
        ("https://exemple.notatld/page", []),  # not one of twitter-text's TLDs
        ("https://exemple.quebec/page", ["https://exemple.quebec/page"]),
        ("exemple.montreal", []),  # a TLD twitter-text does not list
        ("http://☃.net/", ["http://☃.net/"]),
        ("http://exemple.рф/путь", ["http://exemple.рф/путь"]),
        ("http://localhost:8000/x", []),
        ("http://192.168.0.1/x", []),
        ("https://t.co/abc123/more", ["https://t.co/abc123"]),
        ("https://t.co/" + "a" * 41, []),
        ("https://" + "a" * 64 + ".com", []),
        ("https://" + "a" * 63 + ".com", ["https://" + "a" * 63 + ".com"]),
        ("Voir exemple.com/promo.", ["exemple.com/promo"]),
        ("(https://fr.wikipedia.org/wiki/Montréal_(Québec))", [
            "https://fr.wikipedia.org/wiki/Montréal_(Québec)"
        ]),
        ("exemple.comſ", ["exemple.com"]),  # to JavaScript "ſ" is no ASCII letter: it ends a TLD
        ("\u202ahttps://exemple.com\u202c", ["https://exemple.com"]),
        ("user@exemple.com", []),
        ("#exemple.com", []),
        ("a.b_c.com", []),  # "_" is not allowed before the TLD, nor a bare domain after "_"
    ],
)
def test_urls_are_what_twitter_text_links(text, linked):
    assert [text[u.start:u.end] for u in urls.find_urls(text)] == linked


def test_a_url_with_a_too_long_label_is_plain_text_to_its_end():
    text = "https://" + "a" * 64 + ".com/x exemple.com"
    assert [text[u.start:u.end] for u in urls.find_urls(text)] == ["exemple.com"]
    assert networks.count("x", text) == len(text) - len("exemple.com") + 23


def test_scheme_only_urls_are_the_urls_with_a_scheme():
    text = "exemple.com et https://exemple.ca/page"
    assert [u.host for u in urls.find_urls(text, bare=False)] == ["exemple.ca"]
    assert urls.find_urls("exemple.com", bare=False) == ()


@pytest.mark.parametrize(
    "text",
    [
        "https://a." + "a." * 20000 + "/",
        "a." * 20000 + "x.com",
        "漢" * 20000 + ".com " + "漢" * 20000 + " http://a.com",
        "a_" * 10000 + ".com",
        "-a." * 10000 + "com",
    ],
)
def test_long_runs_of_labels_take_little_time(text):
    started = time.perf_counter()
    urls.find_urls.__wrapped__(text)
    assert time.perf_counter() - started < 1.0
