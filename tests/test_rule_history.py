"""Every change of a brand's rules is a version: who, when, why, what changed; any
version can be restored."""

import pytest
from django.urls import reverse

from socialgov.audit.models import AuditEvent
from socialgov.brands import history
from socialgov.brands.models import RecheckBatch, Rule, RuleSetVersion

EDIT_FIELDS = {
    "name": "No insults", "kind": "banned_terms", "severity": "warning", "enabled": "on",
    "message_en": "“%s” insults the reader.", "message_fr": "« %s » insulte le lecteur.",
    "suggestion_en": "", "suggestion_fr": "", "guideline": "",
    "params": '{"terms": ["dumb", "idiot", "moron"]}',
}


def rule_names(brand):
    return list(Rule.objects.filter(rule_set__brand=brand).order_by("name")
                .values_list("name", "severity"))


def test_each_change_keeps_the_rules_as_they_became(brand, banned_rule, warning_rule):
    numbers = list(brand.rule_versions.values_list("number", flat=True))
    assert numbers == sorted(numbers, reverse=True)  # newest first
    latest = brand.rule_versions.first()
    assert latest.number == brand.ruleset.version
    assert [rule["name"] for rule in latest.rules] == ["No insults", "Plain words"]
    first = brand.rule_versions.last()
    assert first.rules == []  # the brand began with no rule


@pytest.fixture
def admin_client(client, brand_admin):
    client.force_login(brand_admin)
    return client


def test_a_change_on_the_page_names_who_made_it_and_what_it_was(admin_client, brand,
                                                                brand_admin, banned_rule):
    response = admin_client.post(
        reverse("brands:rule_edit", args=[brand.slug, banned_rule.pk]), EDIT_FIELDS)
    assert response.status_code == 302
    version = brand.rule_versions.first()
    assert (version.actor, version.change, version.subject) == (
        brand_admin, "rule_changed", "No insults")
    assert "severity: Error → Warning" in version.summary
    page = admin_client.get(reverse("brands:history", args=[brand.slug]))
    assert page.status_code == 200
    entry = page.context["entries"][0]
    assert entry["is_current"]
    assert ("removed", "  severity: error") in entry["diff"]
    assert ("added", "  severity: warning") in entry["diff"]
    assert ("added", "    - moron") in entry["diff"]


def test_restoring_a_version_brings_its_rules_back_as_a_new_version(
    admin_client, brand, brand_admin, banned_rule, django_capture_on_commit_callbacks
):
    before = brand.rule_versions.first()
    admin_client.post(reverse("brands:rule_edit", args=[brand.slug, banned_rule.pk]),
                      EDIT_FIELDS)
    admin_client.post(reverse("brands:rule_delete", args=[brand.slug, banned_rule.pk]))
    assert rule_names(brand) == []

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("brands:history_restore", args=[brand.slug, before.number]))
    assert response.status_code == 302
    assert rule_names(brand) == [("No insults", "error")]
    restored = Rule.objects.get(rule_set__brand=brand)
    assert restored.params == {"terms": ["dumb", "idiot"]}
    newest = brand.rule_versions.first()
    assert newest.number == brand.ruleset.version > before.number + 1
    assert (newest.change, newest.actor, newest.rules) == ("rules_restored", brand_admin,
                                                           before.rules)
    event = AuditEvent.objects.get(action="rules_restored")
    assert event.data["restored"] == before.number
    assert RecheckBatch.objects.filter(brand=brand).exists()


def test_the_current_version_is_not_restored_again(admin_client, brand, banned_rule):
    current = brand.rule_versions.first()
    admin_client.post(reverse("brands:history_restore", args=[brand.slug, current.number]))
    assert brand.rule_versions.first().number == current.number
    assert not AuditEvent.objects.filter(action="rules_restored").exists()


def test_a_deleted_guideline_comes_back_with_its_version_and_its_rules_link(
    brand, brand_admin, banned_rule
):
    from socialgov.brands.models import VoiceGuideline

    guideline = VoiceGuideline.objects.create(brand=brand, title="Kindness", text="Be kind.")
    banned_rule.guideline = guideline
    banned_rule.save()
    with_guideline = brand.rule_versions.first()
    assert with_guideline.rules[0]["guideline"] == "Kindness"
    guideline.delete()
    Rule.objects.get(pk=banned_rule.pk).delete()
    history.restore(brand_admin, brand, with_guideline)
    assert Rule.objects.get(rule_set__brand=brand).guideline.title == "Kindness"


def test_a_version_from_before_guidelines_were_kept_restores_its_rules_without_them(
    brand, brand_admin, banned_rule
):
    from socialgov.brands.models import VoiceGuideline

    guideline = VoiceGuideline.objects.create(brand=brand, title="Kindness")
    banned_rule.guideline = guideline
    banned_rule.save()
    old = brand.rule_versions.first()
    RuleSetVersion.objects.filter(pk=old.pk).update(guidelines=[], brand_settings={})
    old.refresh_from_db()
    guideline.delete()
    history.restore(brand_admin, brand, old)
    assert Rule.objects.get(rule_set__brand=brand).guideline is None


def test_history_pages_belong_to_the_brand(client, other_admin, brand, banned_rule):
    client.force_login(other_admin)
    version = brand.rule_versions.first()
    assert client.get(reverse("brands:history", args=[brand.slug])).status_code == 404
    restore = reverse("brands:history_restore", args=[brand.slug, version.number])
    assert client.post(restore).status_code == 404


def test_the_history_page_reads_in_french(admin_client, brand, banned_rule):
    admin_client.cookies["django_language"] = "fr"
    page = admin_client.get(reverse("brands:history", args=[brand.slug])).content.decode()
    assert "Historique" in page
    assert "Rétablir cette version" in page


def test_the_history_page_makes_the_same_queries_however_long_it_is(
    admin_client, brand, banned_rule, django_assert_max_num_queries
):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            admin_client.get(reverse("brands:history", args=[brand.slug]))
        return len(queries)

    few = count()
    for n in range(5):
        banned_rule.params = {"terms": ["dumb", f"word{n}"]}
        banned_rule.save()
    assert count() == few
    assert RuleSetVersion.objects.filter(brand=brand).count() > 5


def test_guidelines_and_checked_settings_are_kept_and_restored_with_the_rules(
    admin_client, brand, brand_admin, banned_rule
):
    admin_client.post(reverse("brands:guideline_new", args=[brand.slug]), {
        "title": "Kindness", "text": "Be **kind**.", "position": "0"})
    version = brand.rule_versions.first()
    assert (version.change, version.subject) == ("guideline_changed", "Kindness")
    assert version.guidelines == [{"title": "Kindness", "text": "Be **kind**.", "position": 0}]
    assert version.brand_settings["packs"] == ["core-en", "core-fr"]

    guideline = brand.guidelines.get()
    admin_client.post(reverse("brands:guideline_edit", args=[brand.slug, guideline.pk]), {
        "title": "Kindness", "text": "Be *rude*.", "position": "0"})
    brand.packs = ["core-en"]
    brand.save()
    brand.ruleset.bump()

    history.restore(brand_admin, brand, version)
    brand.refresh_from_db()
    assert brand.packs == ["core-en", "core-fr"]
    restored = brand.guidelines.get()
    assert (restored.pk, restored.text) == (guideline.pk, "Be **kind**.")
    assert "<strong>kind</strong>" in restored.body


def test_a_date_removed_from_the_calendar_comes_back_from_the_history(admin_client, brand):
    day = brand.sensitive_dates.get(month=11, day=11, year=None)  # shipped with the brand
    before = brand.sensitive_dates.count()
    admin_client.post(reverse("brands:calendar_delete", args=[brand.slug, day.pk]))
    removed = brand.rule_versions.first()
    assert (removed.change, removed.subject) == ("calendar_changed", day.name_en)
    assert brand.sensitive_dates.count() == before - 1
    admin_client.post(reverse("brands:history_restore",
                              args=[brand.slug, removed.number - 1]))
    assert brand.sensitive_dates.count() == before
    assert brand.sensitive_dates.filter(month=11, day=11, name_en=day.name_en).exists()


def test_the_post_page_names_the_rule_set_version_its_check_ran(client, brand, intern,
                                                                  fields, submit, banned_rule):
    from socialgov.posts import actions

    post = submit(intern, actions.create(intern, brand, fields(text="A dumb idea.")))
    client.force_login(intern)
    page = client.get(reverse("posts:detail", args=[post.pk])).content.decode()
    number = post.current_check.rule_set_version
    assert number == brand.ruleset.version
    assert f"version {number} of the brand's rules" in page
