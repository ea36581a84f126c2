"""Every social-media kind: odd input never crashes, offsets slice the original text,
data files ship with the package, and a long post stays cheap."""

import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from socialgov.checks import registry
from socialgov.checks.engine import PostInput, RuleSpec, compile

DATA = Path(__file__).resolve().parents[2] / "socialgov" / "checks" / "data"

SOCIAL_RULES = [
    RuleSpec("len", "max_length", {}),
    RuleSpec("pii", "pii", {}),
    RuleSpec("links", "links", {"allow": ["exemple.ca"], "deny": ["concurrent.com"]}),
    RuleSpec("men", "mentions", {"handles": ["@concurrent", "@rival.bsky.social"]}),
    RuleSpec("tag", "hashtags", {"hashtags": ["#MeToo", "#Québec"]}),
    RuleSpec("co", "cooccurrence", {"window": 12}),
    RuleSpec("cal", "calendar", {}),
    RuleSpec("sh", "shouting", {}),
    RuleSpec("emo", "emoji", {"max": 1}),
    RuleSpec("for", "formality", {"address": "vous"}),
    RuleSpec("lang", "language", {"allowed": ["fr"]}),
    RuleSpec("w", "watch", {"terms": ["rappel", "recall"]}),
    RuleSpec("sen", "sentiment", {}),
    RuleSpec("bl", "blame", {}),
]
ODD_TEXTS = [
    "",
    " ",
    "\n\r\n\t",
    "🎉",
    "👨‍👩‍👧🇨🇦1️⃣👍🏽❤️" * 20,
    "مرحبا بكم في متجرنا! تخفيضات كبيرة اليوم",  # RTL
    "\u202eesrever\u202c text with a bidi override",
    "שלום @concurrent #MeToo",
    "e\u0301\u0301\u0301 \u0301 combining marks first",
    "\x00\x01 null and control \ud800 lone surrogate",
    "@" * 50 + "#" * 50 + "!" * 50 + "." * 50,
    "http:// https://. www. .com @@x ##y bit.ly/ t.co",
    "+1 (" * 30,
    "4111 " * 40,
    "TU VAS ADORER NOS SOLDES!!! ÉNORME RABAIS APRÈS L'OURAGAN " * 3,
]


def test_all_social_kinds_are_registered():
    expected = {
        "max_length", "pii", "links", "mentions", "hashtags", "cooccurrence", "calendar",
        "shouting", "emoji", "formality", "language", "watch", "sentiment", "blame",
    }  # fmt: skip
    assert expected <= set(registry.kinds())


@pytest.mark.parametrize("text", ODD_TEXTS)
@pytest.mark.parametrize("language", ["fr", "en", None])
def test_odd_input_never_crashes_and_offsets_slice_the_text(text, language):
    post = PostInput(
        text=text,
        networks=("x", "bluesky", "mastodon", "instagram", "threads", "linkedin", "facebook"),
        objective="customer_service",
        planned_at=datetime(2025, 11, 11, 12, tzinfo=ZoneInfo("UTC")),
        language=language,
        watch=("ouragan", ""),
        time_zone="Not/AZone",
    )
    result = compile(SOCIAL_RULES).check(post)
    for f in result.findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start : f.end] == f.matched
        assert f.rule_id != "rule_error" and f.kind != "rule_error"
        assert f.message.get("en") and f.message.get("fr"), f


def test_a_3000_character_post_through_every_social_kind_is_fast():
    sentence = (
        "Découvrez notre collection d’automne 🍁 conçue à Montréal! Visit https://exemple.ca/a "
        "or bit.ly/xyz, écrivez à info@exemple.ca, appelez le 514-555-0123. #Québec @concurrent "
        "Shop now, free shipping after the storm. Tu vas adorer. As we already said, merci! "
    )
    text = (sentence * 20)[:3000]
    post = PostInput(
        text=text,
        networks=("x", "bluesky", "mastodon", "instagram", "threads", "linkedin", "facebook"),
        objective="sell",
        planned_at=datetime(2025, 11, 11, 12, tzinfo=ZoneInfo("America/Toronto")),
        language=None,
        watch=("ouragan", "storm"),
    )
    checker = compile(SOCIAL_RULES)
    checker.check(post)  # warm caches
    runs = 30
    start = time.perf_counter()
    for _ in range(runs):
        result = checker.check(post)
    per_post = (time.perf_counter() - start) / runs
    assert result.findings
    # Budget: well under 2 ms on a developer machine; generous margin for slow CI.
    assert per_post < 0.02, f"{per_post * 1000:.2f} ms per post"


def test_data_files_are_present_with_their_sources():
    sources = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    for name in ("sensitive_dates.yaml", "vader_fr/fr_lexicon.txt", "vader_fr/LICENSE.txt"):
        assert (DATA / name).is_file(), name
        assert name.split("/")[-1] in sources
    assert "vaderSentiment" in sources and "MIT" in sources
