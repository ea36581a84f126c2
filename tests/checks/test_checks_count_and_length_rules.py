"""Max occurrences of a pattern and max length per network."""

import pytest

from socialgov.checks import networks
from socialgov.checks.engine import PostInput, RuleError, RuleSpec, compile


def max_count(pattern, maximum, **kwargs):
    params = {"pattern": pattern, "max": maximum}
    if "ignorecase" in kwargs:
        params["ignorecase"] = kwargs.pop("ignorecase")
    return RuleSpec(id="3", kind="max_count", params=params, **kwargs)


def check(rule, text, networks_=()):
    return compile([rule]).check(PostInput(text=text, networks=networks_)).findings


def test_hashtags_beyond_the_maximum_are_each_reported():
    text = "Nouveautés #mode #québec #automne #montréal"
    findings = check(max_count(r"#\w+", 2), text)
    assert [f.matched for f in findings] == ["#automne", "#montréal"]
    assert all(text[f.start : f.end] == f.matched for f in findings)


def test_count_at_the_maximum_is_fine():
    assert check(max_count(r"#\w+", 2), "#un #deux") == []
    assert check(max_count("!", 1), "Wow!") == []
    assert [f.start for f in check(max_count("!", 1), "Wow! Super!!")] == [10, 11]


def test_max_count_ignorecase_is_an_option():
    text = "Promo PROMO promo"
    assert len(check(max_count("promo", 0), text)) == 1
    assert len(check(max_count("promo", 0, ignorecase=True), text)) == 3


def test_max_count_message_is_filled_in_both_languages():
    rule = max_count(
        r"#\w+",
        1,
        message={"en": "One hashtag only: %s", "fr": "Un seul mot-clic : %s"},
    )
    (finding,) = check(rule, "#a #b")
    assert finding.message == {"en": "One hashtag only: #b", "fr": "Un seul mot-clic : #b"}
    assert finding.suggestion == {"en": "Keep at most 1.", "fr": "Gardez-en au plus 1."}


def test_invalid_regex_is_a_rule_error():
    with pytest.raises(RuleError) as excinfo:
        compile([RuleSpec(id="42", kind="max_count", params={"pattern": "(#", "max": 2})])
    assert excinfo.value.rule_id == "42"
    assert isinstance(excinfo.value, ValueError)


@pytest.mark.parametrize("maximum", [-1, "2", None, True])
def test_max_count_needs_a_non_negative_integer(maximum):
    with pytest.raises(RuleError):
        compile([max_count("!", maximum)])


def max_length(limits=None, **kwargs):
    params = {} if limits is None else {"limits": limits}
    return RuleSpec(id="4", kind="max_length", params=params, severity="error", **kwargs)


def test_length_is_checked_only_for_targeted_networks():
    text = "a" * 400
    assert check(max_length(), text, ("linkedin", "threads")) == []
    findings = check(max_length(), text, ("linkedin", "x", "bluesky"))
    assert [f.message["en"] for f in findings] == [
        "Too long for X: 400/280 characters",
        "Too long for Bluesky: 400/300 characters",
    ]
    assert check(max_length(), text, ()) == []


def test_length_finding_spans_the_overflow_to_the_end_of_the_post():
    text = "é" * 285
    (finding,) = check(max_length(), text, ("x",))
    assert (finding.start, finding.end) == (280, 285)
    assert finding.matched == "é" * 5
    assert finding.message == {
        "en": "Too long for X: 285/280 characters",
        "fr": "Trop long pour X : 285/280 caractères",
    }
    assert finding.suggestion == {
        "en": "Remove at least 5 characters.",
        "fr": "Retirez au moins 5 caractères.",
    }


def test_custom_limits_override_the_network_defaults():
    text = "x" * 150
    findings = check(max_length({"x": 140, "bluesky": None}), text, ("x", "bluesky"))
    assert [(f.start, f.message["en"]) for f in findings] == [
        (140, "Too long for X: 150/140 characters")
    ]


def test_length_message_template_gets_the_network_name():
    rule = max_length(
        {"mastodon": 10}, message={"en": "Shorten for %s", "fr": "Raccourcir pour %s"}
    )
    (finding,) = check(rule, "Bonjour tout le monde", ("mastodon",))
    assert finding.message == {"en": "Shorten for Mastodon", "fr": "Raccourcir pour Mastodon"}


@pytest.mark.parametrize("limits", [{"myspace": 10}, {"x": 0}, {"x": "280"}, ["x"]])
def test_invalid_limits_are_a_rule_error(limits):
    with pytest.raises(RuleError):
        compile([max_length(limits)])


def test_x_counts_a_url_as_23():
    url = "https://example.com/" + "a" * 80
    assert networks.count("x", url) == 23
    assert networks.count("x", f"Voir {url}.") == len("Voir ") + 23 + 1
    assert networks.count("x", "www.exemple.ca") == 23
    assert networks.count("linkedin", url) == len(url)


def test_x_counts_a_url_as_one_unit_when_cutting():
    text = "a" * 270 + " https://example.com/page"
    count, overflow = networks.measure("x", text, 280)
    assert count == 271 + 23
    assert overflow == 271  # the whole URL is past the limit


def test_x_weighs_cjk_and_emoji_double_and_latin_single():
    assert networks.count("x", "café") == 4
    assert networks.count("x", "cafe\u0301") == 4  # NFC first
    assert networks.count("x", "漢字") == 4
    assert networks.count("x", "👍") == 2
    assert networks.count("x", "👍🏽") == 2
    assert networks.count("x", "👨‍👩‍👧") == 2
    assert networks.count("x", "“quote”") == 7  # general punctuation U+2010–U+201F weighs 1
    assert networks.count("x", "…") == 2  # U+2026 is outside the light ranges of v3


def test_mastodon_counts_urls_as_23_and_remote_mentions_as_the_user_part():
    assert networks.count("mastodon", "https://example.com/" + "a" * 50) == 23
    assert networks.count("mastodon", "@marie@mastodon.social") == len("@marie")
    assert networks.count("mastodon", "né") == 2


def test_bluesky_counts_what_a_reader_sees_as_characters():
    assert networks.count("bluesky", "cafe\u0301") == 4
    assert networks.count("bluesky", "👨‍👩‍👧") == 1
    assert networks.count("bluesky", "👍🏽👍") == 2
    assert networks.count("bluesky", "🇨🇦🇫🇷") == 2
    assert networks.count("bluesky", "1\ufe0f\u20e3") == 1
    assert networks.count("bluesky", "a\r\nb") == 3
    assert networks.count("bluesky", "https://example.com/") == 20


def test_other_networks_count_code_points_after_nfc():
    assert networks.count("instagram", "cafe\u0301") == 4
    assert networks.count("facebook", "👨‍👩‍👧") == 5
    assert networks.count("threads", "") == 0


def test_bluesky_overflow_starts_at_a_whole_grapheme():
    text = "a" * 299 + "e\u0301" + "b"
    count, overflow = networks.measure("bluesky", text, 299)
    assert count == 301
    assert overflow == 299


def test_network_limits_and_display_names_are_exposed():
    assert networks.LIMITS["x"] == 280
    assert networks.LIMITS["bluesky"] == 300
    assert networks.LIMITS["linkedin"] == 3000
    assert networks.display_name("linkedin") == "LinkedIn"
    assert networks.display_name("x") == "X"
