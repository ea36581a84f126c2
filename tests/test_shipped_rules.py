"""The shipped packs' rules, seen and tuned per brand: turned off or at another severity,
with a reason, at once, undone from the history."""

import pytest
from django.urls import reverse

from socialgov.audit.models import AuditEvent
from socialgov.brands import history, voice
from socialgov.brands.models import PackRuleOverride, RecheckBatch, brand_rule_specs
from socialgov.checks.base import PostInput
from socialgov.checks.engine import compile as compile_rules

RULE = "core-en/profanity"
TEXT = "This launch is total shit."


def severities_of(brand, rule_id=RULE, text=TEXT):
    result = compile_rules(brand_rule_specs(brand)).check(PostInput(text=text, language="en"))
    return [f.severity for f in result.findings if f.rule_id == rule_id]


@pytest.fixture
def admin_client(client, brand_admin):
    client.force_login(brand_admin)
    return client


def change(client, brand, **fields):
    return client.post(reverse("brands:shipped_rule_change", args=[brand.slug]),
                       {"rule": RULE, **fields})


def test_a_shipped_rule_turned_off_stops_checking_this_brand_only(
    admin_client, brand, other_brand, brand_admin, django_capture_on_commit_callbacks
):
    assert severities_of(brand) and severities_of(other_brand)
    with django_capture_on_commit_callbacks(execute=True):
        response = change(admin_client, brand, action="off", reason="We quote lyrics.")
    assert response.status_code == 302
    assert response["Location"].endswith("#rule-core-en--profanity")
    assert severities_of(brand) == []
    assert severities_of(other_brand)  # other brands keep it
    override = PackRuleOverride.objects.get(brand=brand, rule_id=RULE)
    assert (override.enabled, override.reason, override.changed_by) == (
        False, "We quote lyrics.", brand_admin)
    event = AuditEvent.objects.get(action="pack_rule_changed")
    assert (event.data["subject"], event.data["reason"]) == (RULE, "We quote lyrics.")
    # What it was and became, as data: the history says it in its reader's language.
    assert "before" not in event.data  # as shipped
    assert event.data["after"] == {"rule": RULE, "enabled": False, "reason": "We quote lyrics."}
    assert RecheckBatch.objects.filter(brand=brand).exists()
    version = brand.rule_versions.first()
    assert version.change == "pack_rule_changed"
    assert version.overrides == [{"rule": RULE, "enabled": False,
                                  "reason": "We quote lyrics."}]


def test_another_severity_applies_and_turning_back_removes_the_change(admin_client, brand):
    shipped = severities_of(brand)
    change(admin_client, brand, action="severity", severity="info", reason="Mild here.")
    assert severities_of(brand) == ["info"] * len(shipped)
    change(admin_client, brand, action="on", reason="Back as shipped.")
    assert severities_of(brand) == shipped
    assert not PackRuleOverride.objects.filter(brand=brand).exists()


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"action": "off", "reason": "  "}, "Say why"),
        ({"action": "off", "reason": "x\x00"}, "Say why"),
        ({"action": "severity", "severity": "fatal", "reason": "r"}, "Unknown severity"),
        ({"rule": "core-en/nothing", "action": "off", "reason": "r"}, "is not a rule"),
        ({"action": "off", "reason": "r" * 301}, "too long"),
        # As it runs already: no empty version, no re-check.
        ({"action": "severity", "severity": "error", "reason": "r"},
         "already runs at “Error” for this brand: nothing changed."),
        ({"action": "on", "reason": "r"}, "already runs at “Error”"),
    ],
)
def test_a_change_that_cannot_be_made_says_why_and_changes_nothing(admin_client, brand,
                                                                   fields, says):
    version = brand.ruleset.version
    response = change(admin_client, brand, **fields)
    assert response.status_code == 302
    page = admin_client.get(response["Location"]).content.decode()
    assert says in page
    assert not PackRuleOverride.objects.filter(brand=brand).exists()
    assert brand.ruleset.version == version


def test_restoring_an_earlier_version_brings_the_shipped_rule_back(brand, brand_admin):
    before = brand.rule_versions.first()
    voice.change_shipped_rule(brand_admin, brand, RULE, enabled=False, severity="",
                              reason="Lyrics.")
    assert severities_of(brand) == []
    history.restore(brand_admin, brand, before)
    assert severities_of(brand)
    assert not PackRuleOverride.objects.filter(brand=brand).exists()


def test_the_page_lists_every_shipped_rule_with_its_changes(admin_client, brand):
    change(admin_client, brand, action="off", reason="We quote lyrics.")
    page = admin_client.get(reverse("brands:shipped_rules", args=[brand.slug]))
    assert page.status_code == 200
    rules = [rule for _pack, rules in page.context["groups"] for rule in rules]
    assert {rule.id for rule in rules} == set(voice.shipped_rules(brand))
    assert [rule.id for rule in page.context["changed"]] == [RULE]
    html = page.content.decode()
    assert "Turn off for this brand" in html
    assert "We quote lyrics." in html


def test_the_page_reads_in_french(admin_client, brand):
    admin_client.cookies["django_language"] = "fr"
    html = admin_client.get(reverse("brands:shipped_rules", args=[brand.slug])).content.decode()
    assert "Règles fournies" in html
    assert "Désactiver pour cette marque" in html
    # The words a rule looks for, quoted as French quotes them.
    assert "Cherche\u00a0: «\u00a0fuck\u00a0», «\u00a0fucks\u00a0»" in html
    assert "“fuck”" not in html
    assert "«\u00a0mongol\u00a0», «\u00a0mongols\u00a0»" in html  # what a rule looks for


def test_the_page_makes_the_same_queries_however_many_changes(admin_client, brand,
                                                              brand_admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            admin_client.get(reverse("brands:shipped_rules", args=[brand.slug]))
        return len(queries)

    few = count()
    for rule_id in list(voice.shipped_rules(brand))[:5]:
        voice.change_shipped_rule(brand_admin, brand, rule_id, enabled=False, severity="",
                                  reason="Test.")
    assert count() == few


def test_a_second_change_to_the_same_state_records_nothing(admin_client, brand):
    change(admin_client, brand, action="off", reason="Lyrics.")
    version = brand.ruleset.version
    response = change(admin_client, brand, action="off", reason="Again.")
    page = admin_client.get(response["Location"]).content.decode()
    assert "is already off for this brand: nothing changed." in page
    change(admin_client, brand, action="severity", severity="info", reason="Mild.")
    brand.ruleset.refresh_from_db()
    assert brand.ruleset.version == version + 1
    again = change(admin_client, brand, action="severity", severity="info", reason="Again.")
    assert "already runs at “Info”" in admin_client.get(again["Location"]).content.decode()
    brand.ruleset.refresh_from_db()
    assert brand.ruleset.version == version + 1


def shown_ids(client, brand, **query):
    page = client.get(reverse("brands:shipped_rules", args=[brand.slug]), query)
    assert page.status_code == 200
    return {rule.id for _pack, rules in page.context["groups"] for rule in rules}, page


def test_the_shipped_rules_are_filtered_by_pack_kind_and_words(admin_client, brand):
    every = set(voice.shipped_rules(brand))
    french, page = shown_ids(admin_client, brand, pack="core-fr")
    assert french and french == {rule for rule in every if rule.startswith("core-fr/")}
    assert f"{len(french)} rules shown of {len(every)}." in page.content.decode()
    kind = voice.shipped_rules(brand)[RULE].kind
    of_kind, _page = shown_ids(admin_client, brand, kind=kind)
    assert RULE in of_kind and of_kind < every
    assert all(voice.shipped_rules(brand)[rule].kind == kind for rule in of_kind)
    profanity, _page = shown_ids(admin_client, brand, text="  PROFANITY ")
    assert RULE in profanity and len(profanity) < len(every)
    nothing, page = shown_ids(admin_client, brand, text="zzqqzz")
    assert nothing == set()
    assert "No shipped rule matches these filters." in page.content.decode()
    # The brand's changes stay listed whatever is shown.
    change(admin_client, brand, action="off", reason="Lyrics.")
    _ids, page = shown_ids(admin_client, brand, pack="core-fr")
    assert [rule.id for rule in page.context["changed"]] == [RULE]


def test_each_action_on_a_shipped_rule_is_its_own_form(admin_client, brand):
    """Enter in a reason does what the button beside it says."""
    html = admin_client.get(reverse("brands:shipped_rules", args=[brand.slug])).content.decode()
    row = html[html.index('id="rule-core-en--profanity"'):]
    row = row[:row.index("</tr>")]
    forms = row.split("<form")[1:]
    assert len(forms) == 2
    assert 'name="action" value="off"' in forms[0] and "Turn off for this brand" in forms[0]
    assert 'name="severity"' not in forms[0]
    assert 'name="action" value="severity"' in forms[1] and 'name="reason"' in forms[1]
    assert all("novalidate" in form.partition(">")[0] for form in forms)
