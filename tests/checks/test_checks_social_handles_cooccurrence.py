"""``mentions``, ``hashtags`` and ``cooccurrence``."""

import pytest

from socialgov.checks.engine import PostInput, RuleError, RuleSpec, compile


def run(rule, text):
    result = compile([rule]).check(PostInput(text=text)).findings
    result = [f for f in result if f.rule_id == rule.id]
    for f in result:
        assert text[f.start : f.end] == f.matched
    return result


def mentions(*handles, **kwargs):
    return RuleSpec(id="m", kind="mentions", params={"handles": list(handles)}, **kwargs)


def hashtags(*tags, **kwargs):
    return RuleSpec(id="h", kind="hashtags", params={"hashtags": list(tags)}, **kwargs)


def test_mentions_are_exact_and_case_insensitive():
    text = "Merci @Concurrent et @concurrent_qc! Thanks @CONCURRENT, not info@concurrent.com."
    found = run(mentions("@concurrent"), text)
    assert [f.matched for f in found] == ["@Concurrent", "@CONCURRENT"]
    assert found[0].message == {
        "en": "Mention of a listed account: @Concurrent.",
        "fr": "Mention d’un compte de la liste : @Concurrent.",
    }


def test_mentions_are_accent_insensitive_and_cover_remote_accounts():
    text = "Bravo @CaféDuCoin et @cafeducoin@mastodon.social et @cafeducoin.bsky.social"
    found = run(mentions("cafeducoin"), text)
    assert [f.matched for f in found] == ["@CaféDuCoin", "@cafeducoin@mastodon.social"]
    only_bluesky = run(mentions("@cafeducoin.bsky.social"), text)
    assert [f.matched for f in only_bluesky] == ["@cafeducoin.bsky.social"]


def test_hashtags_exact_token_accent_insensitive():
    text = "On célèbre #Québec, #quebecois et #QUEBEC2025 avec #québec."
    found = run(hashtags("#Quebec"), text)
    assert [f.matched for f in found] == ["#Québec", "#québec"]
    assert found[0].message["fr"] == "Mot-clic sensible ou détourné : #Québec."
    assert found[0].message["en"] == "Sensitive or hijacked hashtag: #Québec."


def test_per_item_messages_win_over_the_rule_and_defaults():
    rule = hashtags(
        "#WhyIStayed",
        {"value": "#MeToo", "message": {"en": "%s is about abuse survivors."}},
        message={"fr": "Mot-clic à éviter : %s"},
    )
    found = run(rule, "Our new line #metoo #WhyIStayed")
    assert found[0].message == {
        "en": "#metoo is about abuse survivors.",
        "fr": "Mot-clic à éviter : #metoo",
    }
    # A language the rule does not give falls back to the built-in default.
    assert found[1].message == {
        "en": "Sensitive or hijacked hashtag: #WhyIStayed.",
        "fr": "Mot-clic à éviter : #WhyIStayed",
    }


def test_handles_params_are_validated():
    for bad in ([], "concurrent", [""], [{"message": {}}]):
        with pytest.raises(RuleError):
            compile([RuleSpec(id="1", kind="mentions", params={"handles": bad})])
    with pytest.raises(RuleError):
        compile([RuleSpec(id="1", kind="hashtags", params={})])


def cooc(message=None, **params):
    return RuleSpec(
        id="c", kind="cooccurrence", params=params, severity="error", message=message or {}
    )


def test_event_next_to_a_sale_in_english():
    text = "Hurricane season is here. Shop now: free shipping on everything!"
    (finding,) = run(cooc(), text)
    assert finding.matched == "Hurricane"
    assert finding.message["en"] == (
        "“Hurricane” next to a sales pitch (“Shop now”): promoting around a tragedy reads "
        "as newsjacking."
    )
    assert "« Shop now »" in finding.message["fr"]


def test_event_next_to_a_sale_in_french():
    text = "Après la tempête de verglas, profitez de nos rabais!"
    found = run(cooc(), text)
    assert [f.matched for f in found] == ["tempête", "verglas"]
    assert "« profitez »" in found[0].message["fr"]
    assert found[0].message["fr"].startswith("« tempête » à côté d’un appel commercial")


def test_no_pair_no_finding():
    assert run(cooc(), "Nos pensées accompagnent les victimes de la tempête.") == []
    assert run(cooc(), "Grand solde d'automne: 30 % de rabais!") == []


def test_custom_lists_and_window_in_words():
    rule = cooc(first=["storm"], second=["sale"], window=3)
    assert [f.matched for f in run(rule, "Storm sale today")] == ["Storm"]
    far = "Storm warning tonight. Stay safe everyone. Our sale starts Monday."
    assert run(rule, far) == []
    assert [f.matched for f in run(cooc(first=["storm"], second=["sale"]), far)] == ["Storm"]


def test_cta_placeholder_in_the_rules_own_template():
    rule = cooc(message={"en": "%s + {cta}", "fr": "%s et {cta}"})
    (finding,) = run(rule, "Tornado deals: 50% off")
    assert finding.message == {"en": "Tornado + deals", "fr": "Tornado et deals"}


def test_cooccurrence_window_must_be_a_non_negative_integer():
    with pytest.raises(RuleError):
        compile([cooc(window=-1)])
    with pytest.raises(RuleError):
        compile([cooc(first="storm")])


def test_cooccurrence_event_terms_inside_marketing_idioms_are_not_events():
    from socialgov.checks.engine import PostInput, RuleSpec, compile

    rule = RuleSpec(id="n", kind="cooccurrence", params={"first": ["shooting", "explosion"]})
    checker = compile([rule])
    ok = [
        "Behind the scenes: shooting our new campaign. Flash sale on all mugs!",
        "Une explosion de saveurs : 20 % de rabais sur nos sauces.",
    ]
    for text in ok:
        assert checker.check(PostInput(text=text)).findings == []
    found = checker.check(PostInput(text="After the shooting downtown: flash sale on now!"))
    assert [f.matched for f in found.findings] == ["shooting"]
    no_idioms = compile(
        [RuleSpec(id="n", kind="cooccurrence", params={**rule.params, "default_idioms": False})]
    )
    assert no_idioms.check(PostInput(text=ok[0])).findings
