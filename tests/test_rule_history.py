"""Every change of a brand's rules is a version: who, when, why, what changed; any
version can be restored."""

import pytest
from django.urls import reverse

from socialgov.accounts import teams
from socialgov.accounts.models import Membership, Role
from socialgov.audit.models import AuditEvent
from socialgov.brands import history
from socialgov.brands.models import (
    ApprovalStep,
    Deciders,
    RecheckBatch,
    ReviewGroup,
    Rule,
    RuleSetVersion,
    StepRule,
)

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
    page = admin_client.get(reverse("brands:history", args=[brand.slug]))
    assert page.status_code == 200
    entry = page.context["entries"][0]
    assert entry.is_current
    assert entry.headlines == ["Rule “No insults” changed"]
    (change,) = entry.changes
    details = {detail.label: detail for detail in change.details}
    assert (details["Severity"].before, details["Severity"].after) == ("Error", "Warning")
    assert details["Words and phrases"].gained == ["“moron”"]
    assert details["Words and phrases"].lost == []
    assert set(details) == {"Severity", "Words and phrases", "Suggestion (English)",
                            "Suggestion (French)"}


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


# -- changes undone from the history: a member removed, a step deleted, settings ----------

SETTINGS_FIELDS = {"name": "Acme", "languages": ["fr", "en"], "default_language": "fr",
                   "time_zone": "America/Toronto", "voice_summary": "",
                   "alt_text_severity": "warning", "packs": ["core-en", "core-fr"],
                   "reminder_hours": "2, 8, 24", "escalation_margin_hours": "2"}


def undo(client, brand, event, **extra):
    return client.post(reverse("brands:history_undo", args=[brand.slug, event.pk]), **extra)


def said(response):
    return " ".join(str(message) for message in response.context["messages"])


def history_entry(client, brand, event):
    page = client.get(reverse("brands:history", args=[brand.slug]))
    return next(entry for entry in page.context["entries"] if entry.event == event)


@pytest.fixture
def legal(brand):
    return ReviewGroup.objects.create(brand=brand, name="Legal")


@pytest.fixture
def removed_member(brand, brand_admin, manager, legal):
    """The approver "manager", one of the review group Legal, removed from the brand by its
    admin: the event of the removal."""
    legal.members.add(manager)
    teams.remove_member(brand_admin, Membership.objects.get(user=manager, brand=brand))
    return AuditEvent.objects.get(action="member_removed")


def test_a_removed_member_is_put_back_from_the_history_with_their_role_and_groups(
    admin_client, brand, brand_admin, manager, legal, removed_member
):
    entry = history_entry(admin_client, brand, removed_member)
    assert (entry.kind, entry.undone) == ("member", False)
    page = admin_client.get(reverse("brands:history", args=[brand.slug])).content.decode()
    assert "Undo the removal" in page
    # Meanwhile the group was saved without them (its form offers members only).
    legal.members.remove(manager)

    response = undo(admin_client, brand, removed_member, follow=True)

    membership = Membership.objects.get(user=manager, brand=brand)
    assert (membership.role, membership.is_active) == (Role.APPROVER, True)
    assert list(legal.members.all()) == [manager]
    event = AuditEvent.objects.filter(action="member_added").latest("pk")
    assert (event.actor, event.data["undoes"], event.data["role"]) == (
        brand_admin, removed_member.pk, Role.APPROVER)
    assert "manager is back in the brand as Approver" in said(response)
    assert history_entry(admin_client, brand, removed_member).undone
    again = undo(admin_client, brand, removed_member, follow=True)
    assert "already been undone" in said(again)
    assert AuditEvent.objects.filter(action="member_added").count() == 1


def test_a_member_who_cannot_be_put_back_is_not_and_the_history_says_why(
    admin_client, brand, brand_admin, manager, removed_member
):
    # Back in the brand meanwhile (an invitation accepted).
    Membership.objects.create(user=manager, brand=brand, role=Role.DRAFTER)
    response = undo(admin_client, brand, removed_member, follow=True)
    assert "manager is already a member of this brand" in said(response)
    assert Membership.objects.get(user=manager, brand=brand).role == Role.DRAFTER

    Membership.objects.filter(user=manager, brand=brand).delete()
    manager.is_active = False
    manager.save()
    response = undo(admin_client, brand, removed_member, follow=True)
    assert "account of manager is deactivated" in said(response)
    assert not Membership.objects.filter(user=manager, brand=brand).exists()

    manager.delete()
    response = undo(admin_client, brand, removed_member, follow=True)
    assert "no longer exists" in said(response)


def test_a_deactivated_member_removed_comes_back_deactivated(admin_client, brand, brand_admin,
                                                            intern):
    membership = Membership.objects.get(user=intern, brand=brand)
    teams.deactivate(brand_admin, membership)  # their only brand: their account closes too
    deactivated_at = Membership.objects.get(pk=membership.pk).deactivated_at
    teams.remove_member(brand_admin, membership)
    removal = AuditEvent.objects.get(action="member_removed")
    response = undo(admin_client, brand, removal, follow=True)
    back = Membership.objects.get(user=intern, brand=brand)
    assert (back.role, back.is_active, back.deactivated_at) == (
        Role.DRAFTER, False, deactivated_at)
    assert "deactivated as they were" in said(response)


@pytest.fixture
def path_steps(brand, legal):
    """A path of three steps, the second decided by all of Legal, advisory, from high risk."""
    return [
        ApprovalStep.objects.create(brand=brand, name="Comms", position=0),
        ApprovalStep.objects.create(brand=brand, name="Legal review", position=1,
                                    decided_by=Deciders.GROUP, group=legal, rule=StepRule.ALL,
                                    advisory=True, applies_from_risk="high"),
        ApprovalStep.objects.create(brand=brand, name="Sign-off", position=2,
                                    decided_by=Deciders.BRAND_ADMINS),
    ]


def delete_step(client, brand, step):
    client.post(reverse("brands:path_step_delete", args=[brand.slug, step.pk]))
    return AuditEvent.objects.filter(action="approval_path_changed").latest("pk")


def step_settings(step):
    return (step.name, step.decided_by, step.group_id, step.rule, step.advisory,
            step.applies_from_risk)


def test_a_deleted_step_comes_back_with_its_settings_at_its_place(
    admin_client, brand, brand_admin, path_steps
):
    deleted = delete_step(admin_client, brand, path_steps[1])
    assert [s.name for s in brand.approval_steps.all()] == ["Comms", "Sign-off"]
    assert history_entry(admin_client, brand, deleted).kind == "step"

    response = undo(admin_client, brand, deleted, follow=True)

    steps = list(brand.approval_steps.all())
    assert [s.name for s in steps] == ["Comms", "Legal review", "Sign-off"]
    assert [s.position for s in steps] == [0, 1, 2]
    assert step_settings(steps[1]) == step_settings(path_steps[1])
    event = AuditEvent.objects.filter(action="approval_path_changed").latest("pk")
    assert (event.actor, event.data["change"], event.data["undoes"], event.data["step"]) == (
        brand_admin, "restored", deleted.pk, steps[1].pk)
    assert "“Legal review” is back in the approval path, at step 2" in said(response)
    assert history_entry(admin_client, brand, deleted).undone
    assert "already been undone" in said(undo(admin_client, brand, deleted, follow=True))
    assert brand.approval_steps.count() == 3


def test_a_step_whose_place_is_gone_comes_back_at_the_end_and_says_so(
    admin_client, brand, path_steps
):
    deleted = delete_step(admin_client, brand, path_steps[2])
    delete_step(admin_client, brand, path_steps[0])
    response = undo(admin_client, brand, deleted, follow=True)
    assert [s.name for s in brand.approval_steps.all()] == ["Legal review", "Sign-off"]
    assert "at the end of the path" in said(response)


def test_a_step_whose_group_is_gone_is_not_put_back(admin_client, brand, legal, path_steps):
    deleted = delete_step(admin_client, brand, path_steps[1])
    legal.delete()
    response = undo(admin_client, brand, deleted, follow=True)
    assert "“Legal” that decided this step no longer exists" in said(response)
    assert [s.name for s in brand.approval_steps.all()] == ["Comms", "Sign-off"]


def test_settings_checks_do_not_read_are_kept_and_restored_without_a_new_rule_set_version(
    admin_client, brand, brand_admin, django_capture_on_commit_callbacks
):
    number = brand.ruleset.version
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("brands:settings", args=[brand.slug]), {
            **SETTINGS_FIELDS, "name": "Acme Bakery", "reminder_hours": "4"})
    brand.refresh_from_db()
    assert (brand.name, brand.reminder_hours, brand.ruleset.version) == (
        "Acme Bakery", [4], number)
    assert not RecheckBatch.objects.filter(brand=brand).exists()
    changed = AuditEvent.objects.get(action="brand_changed")
    entry = history_entry(admin_client, brand, changed)
    assert entry.kind == "settings"
    (change,) = entry.changes
    assert [(d.label, d.before, d.after) for d in change.details] == [
        ("Name", "Acme", "Acme Bakery"),
        ("Remind the approvers after (hours)", "2, 8, 24", "4")]
    page = admin_client.get(reverse("brands:history", args=[brand.slug])).content.decode()
    assert "Restore the settings from before" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = undo(admin_client, brand, changed, follow=True)
    brand.refresh_from_db()
    assert (brand.name, brand.reminder_hours, brand.ruleset.version) == (
        "Acme", [2, 8, 24], number)
    assert not RecheckBatch.objects.filter(brand=brand).exists()
    restore = AuditEvent.objects.filter(action="brand_changed").latest("pk")
    assert (restore.actor, restore.data["restores"], restore.data["fields"]) == (
        brand_admin, changed.pk, ["name", "reminder_hours"])
    assert "settings are those from before" in said(response)
    # The restore is a change of its own, which can be undone in turn.
    assert history_entry(admin_client, brand, restore).kind == "settings"


def test_one_save_of_settings_read_and_not_read_by_checks_is_one_entry_undone_whole(
    admin_client, brand, brand_admin, django_capture_on_commit_callbacks
):
    number = brand.ruleset.version
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("brands:settings", args=[brand.slug]), {
            **SETTINGS_FIELDS, "name": "Acme Bakery", "alt_text_severity": "error"})
    assert brand.rule_versions.first().number == number + 1  # checks read the severity
    assert RecheckBatch.objects.filter(brand=brand).count() == 1
    changed = AuditEvent.objects.get(action="brand_changed")
    assert changed.data["rule_set_version"] == number + 1

    page = admin_client.get(reverse("brands:history", args=[brand.slug]))
    newest = page.context["entries"][0]
    assert (newest.version.number, newest.event, newest.kind) == (number + 1, changed,
                                                                   "settings")
    assert not [entry for entry in page.context["entries"][1:] if entry.event == changed]
    (change,) = newest.changes
    assert [(d.label, d.before, d.after) for d in change.details] == [
        ("An image without alt text is", "Warning", "Error"),
        ("Name", "Acme", "Acme Bakery")]
    html = page.content.decode()
    assert html.count("Restore the settings from before this change") == 1

    with django_capture_on_commit_callbacks(execute=True):
        undo(admin_client, brand, changed)
    brand.refresh_from_db()
    assert (brand.name, brand.alt_text_severity) == ("Acme", "warning")
    assert brand.ruleset.version == number + 2  # checks read the severity: a version
    assert RecheckBatch.objects.filter(brand=brand).count() == 2


def test_an_older_save_of_checked_settings_joins_its_version_by_author_and_time(
    admin_client, brand, brand_admin, monkeypatch
):
    from socialgov.brands import voice

    def as_before(action, rule_set_version=None, **data):  # before events named it
        return record(action, **data)

    record = voice.record
    monkeypatch.setattr(voice, "record", as_before)
    admin_client.post(reverse("brands:settings", args=[brand.slug]), {
        **SETTINGS_FIELDS, "name": "Acme Bakery", "alt_text_severity": "error"})
    changed = AuditEvent.objects.get(action="brand_changed")
    assert "rule_set_version" not in changed.data
    entries = admin_client.get(reverse("brands:history", args=[brand.slug])).context["entries"]
    assert [entry.event for entry in entries].count(changed) == 1
    assert entries[0].version is not None and entries[0].event == changed


def test_undoing_asks_the_same_people_as_the_history_page(client, brand, manager,
                                                          other_admin, removed_member):
    client.force_login(other_admin)
    assert undo(client, brand, removed_member).status_code == 404
    Membership.objects.create(user=manager, brand=brand, role=Role.APPROVER)
    client.force_login(manager)
    assert undo(client, brand, removed_member).status_code == 403


def test_only_the_changes_the_history_lists_can_be_undone(admin_client, brand, banned_rule):
    with_rule = AuditEvent.objects.create(action="rule_created", brand=brand, data={})
    assert undo(admin_client, brand, with_rule).status_code == 404


def test_the_undo_buttons_read_in_french(admin_client, brand, removed_member, path_steps):
    delete_step(admin_client, brand, path_steps[0])
    admin_client.post(reverse("brands:settings", args=[brand.slug]),
                      {**SETTINGS_FIELDS, "name": "Acme Bakery"})
    admin_client.cookies["django_language"] = "fr"
    page = admin_client.get(reverse("brands:history", args=[brand.slug])).content.decode()
    assert "Annuler ce retrait" in page
    assert "Annuler cette suppression" in page
    assert "Rétablir les paramètres d’avant ce changement" in page


def test_the_history_page_with_changes_to_undo_makes_the_same_queries_however_many(
    admin_client, brand, brand_admin, make_user
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            admin_client.get(reverse("brands:history", args=[brand.slug]))
        return len(queries)

    def changes(n):
        user = make_user(f"leaver{n}")
        membership = Membership.objects.create(user=user, brand=brand, role=Role.APPROVER)
        teams.remove_member(brand_admin, membership)
        step = ApprovalStep.objects.create(brand=brand, name=f"Step {n}")
        admin_client.post(reverse("brands:path_step_delete", args=[brand.slug, step.pk]))
        admin_client.post(reverse("brands:settings", args=[brand.slug]),
                          {**SETTINGS_FIELDS, "name": f"Acme {n}"})

    changes(0)
    few = count()
    for n in range(1, 5):
        changes(n)
    undo(admin_client, brand, AuditEvent.objects.filter(action="member_removed").first())
    assert count() == few


# -- each version described when read, in the reader's language ---------------------------

PROMO_RULE = {"name": "Promo count", "kind": "occurrence", "severity": "warning",
              "enabled": "on", "message_en": "Too many {match}", "message_fr": "Trop de {match}",
              "suggestion_en": "", "suggestion_fr": "", "guideline": "", "params": "",
              "editor": "words", "counted": "word", "count_word": "promo", "most": "2"}


def test_the_history_says_each_version_in_the_readers_language_from_its_data(
    admin_client, brand, brand_admin
):
    from socialgov.brands import voice

    # Made in English...
    assert admin_client.post(reverse("brands:rule_new", args=[brand.slug]),
                             PROMO_RULE).status_code == 302
    voice.change_shipped_rule(brand_admin, brand, "core-en/mild-profanity", enabled=False,
                              severity="", reason="Our readers do not mind")
    day = brand.sensitive_dates.get(month=11, day=11, year=None)
    admin_client.post(reverse("brands:calendar_delete", args=[brand.slug, day.pk]),
                      follow=True)  # its message said on the page after, in English
    # ...with the prose older versions kept, which is no longer shown.
    RuleSetVersion.objects.filter(brand=brand).update(summary="as shipped (Warning) → off")

    # ...read in French.
    admin_client.cookies["django_language"] = "fr"
    page = admin_client.get(reverse("brands:history", args=[brand.slug])).content.decode()
    main = page[page.index("<main"):]
    assert "Règle «\u00a0Promo count\u00a0» ajoutée" in main
    assert "le mot ou l’expression «\u00a0promo\u00a0»" in main  # as the form says it
    assert "Trop de {match}" in main and "%s" not in main
    for internal in ('"token"', "\\b", "{&quot;", "as shipped", "Remembrance Day", "<ol"):
        assert internal not in main, internal
    assert "telle que fournie (Avertissement) → désactivée" in main
    assert "Date sensible «\u00a0Jour du Souvenir\u00a0» retirée" in main
    assert "11 novembre, chaque année" in main


def test_what_changed_names_added_changed_and_removed_once_each(
    admin_client, brand, brand_admin, banned_rule
):
    before = brand.rule_versions.first()
    admin_client.post(reverse("brands:rule_new", args=[brand.slug]), PROMO_RULE)
    admin_client.post(reverse("brands:rule_new", args=[brand.slug]),
                      {**PROMO_RULE, "name": "Promo count 2"})
    admin_client.post(reverse("brands:rule_edit", args=[brand.slug, banned_rule.pk]),
                      EDIT_FIELDS)
    history.restore(brand_admin, brand, before)

    page = admin_client.get(reverse("brands:history", args=[brand.slug]))
    restored = page.context["entries"][0]
    assert restored.headlines[0] == f"Back to the rules of version {before.number}"
    assert [(label, [c.headline for c in items]) for label, items in restored.groups] == [
        ("Changed", ["Rule “No insults” changed"]),
        ("Removed", ["Rule “Promo count” deleted", "Rule “Promo count 2” deleted"])]
    html = page.content.decode()
    first = html[html.index('id="version-'):html.index('id="version-', html.index(
        'id="version-') + 1)]
    assert first.count('class="diff-removed"') == 1
    assert first.count('class="diff-changed"') == 1


def test_a_finished_recheck_is_said_once_not_on_every_visit(
    admin_client, brand, intern, fields, submit, django_capture_on_commit_callbacks
):
    from socialgov.posts import actions

    submit(intern, actions.create(intern, brand, fields(text="Our news.")))
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("brands:settings", args=[brand.slug]),
                          {**SETTINGS_FIELDS, "alt_text_severity": "error"})
    batch = RecheckBatch.objects.get(brand=brand)
    assert batch.finished
    url = reverse("brands:settings", args=[brand.slug])
    assert "Re-check finished" in admin_client.get(url).content.decode()
    assert "Re-check finished" not in admin_client.get(url).content.decode()
    assert "Re-check finished" not in admin_client.get(
        reverse("brands:rules", args=[brand.slug])).content.decode()


def test_the_history_of_every_kind_of_change_makes_the_same_queries_however_many(
    admin_client, brand, brand_admin, banned_rule
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from socialgov.brands import voice

    def count():
        with CaptureQueriesContext(connection) as queries:
            admin_client.get(reverse("brands:history", args=[brand.slug]))
        return len(queries)

    def changes(n):
        voice.change_shipped_rule(brand_admin, brand, "core-en/mild-profanity",
                                  enabled=n % 2 == 1, severity="info", reason=f"Try {n}")
        admin_client.post(reverse("brands:settings", args=[brand.slug]), {
            **SETTINGS_FIELDS, "name": f"Acme {n}", "alt_text_severity": ("warning", "error")[
                n % 2]})
        day = brand.sensitive_dates.first()
        admin_client.post(reverse("brands:calendar_delete", args=[brand.slug, day.pk]))
        admin_client.post(reverse("brands:guideline_new", args=[brand.slug]),
                          {"title": f"Tone {n}", "text": "Warm.", "position": "0"})

    changes(0)
    few = count()
    for n in range(1, 5):
        changes(n)
    assert count() == few
