"""The brand admin's pages: rules, voice guidelines, members and settings."""

import re

import pytest
from django.urls import reverse

from socialgov.accounts.models import Membership, Role
from socialgov.audit.models import AuditEvent
from socialgov.brands.models import Rule, VoiceGuideline, active_rule_specs
from socialgov.checks.engine import PostInput
from socialgov.checks.engine import compile as compile_rules

pytestmark = pytest.mark.django_db


def rule_data(**overrides):
    data = {
        "name": "No hype",
        "kind": "banned_terms",
        "severity": "warning",
        "enabled": "on",
        "message_en": "Avoid “%s”.",
        "message_fr": "Évitez « %s ».",
        "suggestion_en": "",
        "suggestion_fr": "",
        "guideline": "",
        "params": '{"terms": ["revolutionary"]}',
    }
    data.update(overrides)
    return data


def version_of(brand):
    return brand.ruleset.version


def findings_for(brand, text):
    _version, specs = active_rule_specs(brand)
    return compile_rules(specs).check(PostInput(text=text, networks=("x",))).findings


def rule_events(brand):
    return AuditEvent.objects.filter(brand=brand, action__startswith="rule_")


# -- rules ------------------------------------------------------------------


def test_a_brand_admin_creates_a_rule_and_the_rule_set_version_goes_up(client, brand, brand_admin):
    client.force_login(brand_admin)
    before = version_of(brand)

    response = client.post(reverse("brands:rule_new", args=[brand.slug]), rule_data())

    assert response.status_code == 302
    rule = Rule.objects.get(rule_set__brand=brand, name="No hype")
    assert rule.params == {"terms": ["revolutionary"]}
    assert version_of(brand) > before
    assert [f.rule_id for f in findings_for(brand, "A revolutionary bakery")] == [str(rule.pk)]


def test_the_rules_page_lists_the_rules_and_the_rule_set_version(
    client, brand, brand_admin, banned_rule
):
    client.force_login(brand_admin)

    response = client.get(reverse("brands:rules", args=[brand.slug]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "No insults" in page
    assert reverse("brands:rule_edit", args=[brand.slug, banned_rule.pk]) in page
    assert reverse("brands:rule_toggle", args=[brand.slug, banned_rule.pk]) in page
    assert reverse("brands:rule_delete", args=[brand.slug, banned_rule.pk]) in page
    assert f"version {version_of(brand)}" in page


def test_switching_a_rule_off_bumps_the_version_and_the_engine_no_longer_applies_it(
    client, brand, brand_admin, banned_rule
):
    client.force_login(brand_admin)
    assert findings_for(brand, "That is dumb")
    before = version_of(brand)

    response = client.post(reverse("brands:rule_toggle", args=[brand.slug, banned_rule.pk]))

    assert response.status_code == 302
    banned_rule.refresh_from_db()
    assert banned_rule.enabled is False
    assert version_of(brand) == before + 1
    version, specs = active_rule_specs(brand)
    assert version == before + 1
    assert str(banned_rule.pk) not in [spec.id for spec in specs]
    assert findings_for(brand, "That is dumb") == []


def test_switching_a_rule_back_on_applies_it_again(client, brand, brand_admin, banned_rule):
    client.force_login(brand_admin)
    url = reverse("brands:rule_toggle", args=[brand.slug, banned_rule.pk])
    client.post(url)
    client.post(url)

    banned_rule.refresh_from_db()
    assert banned_rule.enabled is True
    assert findings_for(brand, "That is dumb")


def test_toggling_is_post_only(client, brand, brand_admin, banned_rule):
    client.force_login(brand_admin)

    response = client.get(reverse("brands:rule_toggle", args=[brand.slug, banned_rule.pk]))

    assert response.status_code == 405
    banned_rule.refresh_from_db()
    assert banned_rule.enabled is True


def test_a_rule_with_an_invalid_regex_is_refused_and_what_was_typed_stays(
    client, brand, brand_admin
):
    client.force_login(brand_admin)
    before = version_of(brand)

    response = client.post(
        reverse("brands:rule_new", args=[brand.slug]),
        rule_data(name="Few hashtags", kind="max_count", params='{"pattern": "(", "max": 2}'),
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "params" in form.errors
    assert "regular expression" in " ".join(form.errors["params"])
    page = response.content.decode()
    assert 'value="Few hashtags"' in page
    assert "{&quot;pattern&quot;: &quot;(&quot;, &quot;max&quot;: 2}" in page
    assert not Rule.objects.filter(name="Few hashtags").exists()
    assert version_of(brand) == before


def test_invalid_json_is_refused_with_a_clear_message(client, brand, brand_admin):
    client.force_login(brand_admin)

    response = client.post(
        reverse("brands:rule_new", args=[brand.slug]),
        rule_data(params='{"terms": ["cheap",]}'),
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["params"]
    assert len(errors["params"]) == 1
    assert "not valid JSON" in errors["params"][0]
    assert 'value="No hype"' in response.content.decode()
    assert not Rule.objects.exists()


def test_params_must_be_an_object(client, brand, brand_admin):
    client.force_login(brand_admin)

    response = client.post(
        reverse("brands:rule_new", args=[brand.slug]), rule_data(params='["cheap"]')
    )

    assert response.status_code == 200
    assert "JSON object" in response.context["form"].errors["params"][0]


def test_a_disabled_rule_is_still_checked_before_it_is_saved(client, brand, brand_admin):
    client.force_login(brand_admin)
    data = rule_data(kind="substitution", params='{"swap": {}}')
    del data["enabled"]

    response = client.post(reverse("brands:rule_new", args=[brand.slug]), data)

    assert response.status_code == 200
    assert "params" in response.context["form"].errors
    assert not Rule.objects.exists()


def test_the_rule_form_explains_the_params_of_each_kind(client, brand, brand_admin):
    client.force_login(brand_admin)

    page = client.get(reverse("brands:rule_new", args=[brand.slug])).content.decode()

    assert "&quot;terms&quot;" in page and "&quot;exceptions&quot;" in page
    assert "&quot;swap&quot;: {&quot;utilize&quot;: &quot;use&quot;}" in page
    assert "&quot;pattern&quot;" in page and "&quot;max&quot;: 2" in page
    assert "&quot;limits&quot;: {&quot;x&quot;: 280}" in page


def test_a_rule_can_only_point_at_its_own_brands_guidelines(
    client, brand, other_brand, brand_admin
):
    client.force_login(brand_admin)
    foreign = VoiceGuideline.objects.create(brand=other_brand, title="Theirs")

    response = client.post(
        reverse("brands:rule_new", args=[brand.slug]), rule_data(guideline=str(foreign.pk))
    )

    assert response.status_code == 200
    assert "guideline" in response.context["form"].errors
    assert not Rule.objects.exists()


def test_editing_a_rule_shows_its_params_as_json_and_saves_changes(
    client, brand, brand_admin, banned_rule
):
    client.force_login(brand_admin)
    url = reverse("brands:rule_edit", args=[brand.slug, banned_rule.pk])
    assert "&quot;terms&quot;: [" in client.get(url).content.decode()
    before = version_of(brand)

    response = client.post(url, rule_data(
        name="No insults", severity="error", message_en=banned_rule.message_en,
        message_fr=banned_rule.message_fr, suggestion_en=banned_rule.suggestion_en,
        suggestion_fr=banned_rule.suggestion_fr, params='{"terms": ["dumb", "idiot", "stupid"]}',
    ))

    assert response.status_code == 302
    banned_rule.refresh_from_db()
    assert banned_rule.params["terms"] == ["dumb", "idiot", "stupid"]
    assert version_of(brand) == before + 1


def test_every_rule_change_writes_an_audit_event(client, brand, brand_admin):
    client.force_login(brand_admin)

    client.post(reverse("brands:rule_new", args=[brand.slug]), rule_data())
    rule = Rule.objects.get(name="No hype")
    created = rule_events(brand).get()
    assert (created.action, created.data["rule"], created.actor) == (
        "rule_created", rule.pk, brand_admin)

    client.post(
        reverse("brands:rule_edit", args=[brand.slug, rule.pk]),
        rule_data(severity="error"),
    )
    changed = rule_events(brand).last()
    assert (changed.action, changed.data["rule"]) == ("rule_changed", rule.pk)
    assert changed.data["fields"] == ["severity"]

    client.post(reverse("brands:rule_toggle", args=[brand.slug, rule.pk]))
    toggled = rule_events(brand).last()
    assert toggled.action == "rule_changed"
    assert toggled.data["fields"] == ["enabled"]

    client.post(reverse("brands:rule_delete", args=[brand.slug, rule.pk]))
    deleted = rule_events(brand).last()
    assert deleted.action == "rule_deleted"
    # The rule is gone; its id and name stay on the event.
    assert (deleted.data["rule"], deleted.data["subject"]) == (rule.pk, "No hype")
    assert not Rule.objects.filter(pk=rule.pk).exists()

    assert list(rule_events(brand).values_list("action", flat=True)) == [
        "rule_created", "rule_changed", "rule_changed", "rule_deleted",
    ]


def test_saving_an_unchanged_rule_changes_nothing(client, brand, brand_admin):
    client.force_login(brand_admin)
    client.post(reverse("brands:rule_new", args=[brand.slug]), rule_data())
    rule = Rule.objects.get(name="No hype")
    before = version_of(brand)

    client.post(reverse("brands:rule_edit", args=[brand.slug, rule.pk]), rule_data())

    assert version_of(brand) == before
    assert rule_events(brand).count() == 1


def test_deleting_a_rule_bumps_the_version(client, brand, brand_admin, banned_rule):
    client.force_login(brand_admin)
    before = version_of(brand)

    response = client.post(reverse("brands:rule_delete", args=[brand.slug, banned_rule.pk]))

    assert response.status_code == 302
    assert not Rule.objects.exists()
    assert version_of(brand) == before + 1


# -- who gets in ------------------------------------------------------------


def test_a_manager_cannot_edit_rules(client, brand, manager, banned_rule):
    client.force_login(manager)

    assert client.get(reverse("brands:rules", args=[brand.slug])).status_code == 403
    assert client.get(
        reverse("brands:rule_edit", args=[brand.slug, banned_rule.pk])
    ).status_code == 403
    response = client.post(
        reverse("brands:rule_edit", args=[brand.slug, banned_rule.pk]),
        rule_data(name="Hijacked"),
    )
    assert response.status_code == 403
    assert client.post(
        reverse("brands:rule_toggle", args=[brand.slug, banned_rule.pk])
    ).status_code == 403
    banned_rule.refresh_from_db()
    assert (banned_rule.name, banned_rule.enabled) == ("No insults", True)


def test_an_intern_cannot_open_the_brand_pages(client, brand, intern):
    client.force_login(intern)

    for name in ["rules", "guidelines", "members", "settings"]:
        assert client.get(reverse(f"brands:{name}", args=[brand.slug])).status_code == 403


def test_the_other_brands_admin_gets_404_on_acmes_pages(
    client, brand, other_admin, banned_rule
):
    client.force_login(other_admin)
    pages = [
        reverse("brands:rules", args=[brand.slug]),
        reverse("brands:rule_new", args=[brand.slug]),
        reverse("brands:rule_edit", args=[brand.slug, banned_rule.pk]),
        reverse("brands:guidelines", args=[brand.slug]),
        reverse("brands:members", args=[brand.slug]),
        reverse("brands:settings", args=[brand.slug]),
    ]
    for url in pages:
        assert client.get(url).status_code == 404, url
    for name in ["rule_toggle", "rule_delete"]:
        url = reverse(f"brands:{name}", args=[brand.slug, banned_rule.pk])
        assert client.post(url).status_code == 404, url
    banned_rule.refresh_from_db()
    assert banned_rule.enabled is True


def test_an_admin_cannot_reach_another_brands_rule_through_their_own_brand(
    client, brand, other_brand, other_admin, banned_rule
):
    client.force_login(other_admin)

    url = reverse("brands:rule_toggle", args=[other_brand.slug, banned_rule.pk])

    assert client.post(url).status_code == 404
    banned_rule.refresh_from_db()
    assert banned_rule.enabled is True


def test_anonymous_visitors_are_sent_to_log_in(client, brand):
    response = client.get(reverse("brands:rules", args=[brand.slug]))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_superuser_manages_every_brand(client, brand, other_brand, superuser):
    client.force_login(superuser)

    page = client.get(reverse("brands:list")).content.decode()

    assert reverse("brands:rules", args=[brand.slug]) in page
    assert reverse("brands:rules", args=[other_brand.slug]) in page
    assert client.get(reverse("brands:rules", args=[other_brand.slug])).status_code == 200


def test_the_brand_list_shows_only_the_brands_the_user_administers(
    client, brand, other_brand, brand_admin
):
    client.force_login(brand_admin)

    page = client.get(reverse("brands:list")).content.decode()

    for name in ["rules", "guidelines", "members", "settings"]:
        assert reverse(f"brands:{name}", args=[brand.slug]) in page
    assert reverse("brands:rules", args=[other_brand.slug]) not in page


def test_the_brand_list_leads_to_the_strategy_analytics_webhooks_and_tokens(
    client, brand, brand_admin
):
    client.force_login(brand_admin)

    page = client.get(reverse("brands:list")).content.decode()

    for name in ["brands:strategy", "analytics:brand", "webhooks:list", "api_tokens:list"]:
        assert reverse(name, args=[brand.slug]) in page


# -- voice guidelines ---------------------------------------------------------


def test_a_guideline_body_with_a_script_is_stored_without_it(client, brand, brand_admin):
    client.force_login(brand_admin)

    response = client.post(reverse("brands:guideline_new", args=[brand.slug]), {
        "title": "Be kind",
        "text": "Be **kind**.\n\n<script>alert('x')</script>",
        "position": "1",
    })

    assert response.status_code == 302
    guideline = VoiceGuideline.objects.get(brand=brand, title="Be kind")
    assert "<script" not in guideline.body
    assert "<strong>kind</strong>" in guideline.body
    page = client.get(reverse("brands:guidelines", args=[brand.slug])).content.decode()
    assert "<script>alert" not in page
    assert AuditEvent.objects.filter(brand=brand, action="guideline_changed").exists()


def test_renaming_a_guideline_used_by_a_rule_bumps_the_rule_set(
    client, brand, brand_admin, banned_rule
):
    guideline = VoiceGuideline.objects.create(brand=brand, title="Respect")
    banned_rule.guideline = guideline
    banned_rule.save()
    client.force_login(brand_admin)
    before = version_of(brand)

    client.post(reverse("brands:guideline_edit", args=[brand.slug, guideline.pk]), {
        "title": "Respect the reader", "text": "", "position": "0",
    })

    assert version_of(brand) == before + 1
    _version, specs = active_rule_specs(brand)
    assert specs[0].guideline == "Respect the reader"


def test_deleting_a_guideline_keeps_its_rules(client, brand, brand_admin, banned_rule):
    guideline = VoiceGuideline.objects.create(brand=brand, title="Respect")
    banned_rule.guideline = guideline
    banned_rule.save()
    client.force_login(brand_admin)
    before = version_of(brand)

    response = client.post(reverse("brands:guideline_delete", args=[brand.slug, guideline.pk]))

    assert response.status_code == 302
    assert not VoiceGuideline.objects.exists()
    banned_rule.refresh_from_db()
    assert banned_rule.guideline is None
    assert version_of(brand) == before + 1


def test_another_brands_guideline_answers_404(client, brand, other_brand, other_admin):
    guideline = VoiceGuideline.objects.create(brand=brand, title="Acme only")
    client.force_login(other_admin)

    url = reverse("brands:guideline_edit", args=[other_brand.slug, guideline.pk])

    assert client.get(url).status_code == 404


# -- members ------------------------------------------------------------------


def test_a_brand_admin_cannot_add_an_existing_user_without_their_acceptance(
    client, brand, brand_admin, make_user
):
    newcomer = make_user("newcomer", email="newcomer@example.com")
    client.force_login(brand_admin)

    response = client.post(
        reverse("brands:members", args=[brand.slug]),
        {"username": "newcomer", "role": Role.APPROVER},
    )

    assert response.status_code == 405
    assert not Membership.objects.filter(user=newcomer, brand=brand).exists()
    assert not AuditEvent.objects.filter(action="member_added").exists()
    page = client.get(reverse("brands:members", args=[brand.slug])).content.decode()
    assert 'name="username"' not in page and 'id="invite-form"' in page


def test_inviting_an_existing_account_answers_as_inviting_an_unknown_address(
    client, brand, brand_admin, make_user, mailoutbox
):
    make_user("newcomer", email="known@example.com")
    client.force_login(brand_admin)
    answers = []
    for email in ("known@example.com", "unknown@example.com"):
        response = client.post(reverse("brands:member_invite", args=[brand.slug]),
                               {"email": email, "role": Role.APPROVER}, follow=True)
        invitation = brand.invitations.get(email=email)
        [row] = re.findall(rf'<tr id="invitation-{invitation.pk}">.*?</tr>',
                           response.content.decode(), re.S)
        answers.append((response.redirect_chain,
                        [str(m).replace(email, "ADDRESS") for m in response.context["messages"]],
                        # Its ids and times aside, the listed invitation reads the same.
                        re.sub(r"\d", "0", re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "",
                                                   row.replace(email, "ADDRESS")))))
    assert answers[0] == answers[1]
    assert answers[0][1] == ["Invitation sent to ADDRESS."]
    # Nobody joined: the person with the account accepts (or not) from the e-mail.
    assert list(brand.memberships.values_list("user__username", flat=True)) == ["brandadmin"]
    assert [m.to for m in mailoutbox] == [["known@example.com"], ["unknown@example.com"]]
    bodies = [re.sub(r"/invitations/[\w-]+/", "LINK", m.body).replace(m.to[0], "ADDRESS")
              for m in mailoutbox]
    assert bodies[0] == bodies[1]


def test_a_brand_admin_changes_a_members_role(client, brand, brand_admin, intern):
    client.force_login(brand_admin)
    membership = Membership.objects.get(user=intern, brand=brand)

    response = client.post(
        reverse("brands:member_role", args=[brand.slug, membership.pk]), {"role": "approver"}
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.APPROVER
    event = AuditEvent.objects.get(brand=brand, action="member_changed")
    assert (event.data["username"], event.data["previous_role"], event.data["role"]) == (
        "intern", Role.DRAFTER, Role.APPROVER)


def test_a_brand_admin_removes_a_member(client, brand, brand_admin, intern):
    client.force_login(brand_admin)
    membership = Membership.objects.get(user=intern, brand=brand)

    response = client.post(reverse("brands:member_remove", args=[brand.slug, membership.pk]))

    assert response.status_code == 302
    assert not Membership.objects.filter(user=intern, brand=brand).exists()
    assert AuditEvent.objects.filter(brand=brand, action="member_removed").exists()


def test_the_last_brand_admin_cannot_remove_themself(client, brand, brand_admin):
    client.force_login(brand_admin)
    membership = Membership.objects.get(user=brand_admin, brand=brand)

    response = client.post(
        reverse("brands:member_remove", args=[brand.slug, membership.pk]), follow=True
    )

    assert Membership.objects.filter(pk=membership.pk).exists()
    assert "last brand admin" in response.content.decode()
    assert not AuditEvent.objects.filter(action="member_removed").exists()


def test_the_last_brand_admin_cannot_demote_themself(client, brand, brand_admin):
    client.force_login(brand_admin)
    membership = Membership.objects.get(user=brand_admin, brand=brand)

    response = client.post(
        reverse("brands:member_role", args=[brand.slug, membership.pk]),
        {"role": "approver"},
        follow=True,
    )

    membership.refresh_from_db()
    assert membership.role == Role.BRAND_ADMIN
    assert "last brand admin" in response.content.decode()


def test_an_admin_may_step_down_once_another_admin_exists(client, brand, brand_admin, manager):
    Membership.objects.filter(user=manager, brand=brand).update(role=Role.BRAND_ADMIN)
    client.force_login(brand_admin)
    membership = Membership.objects.get(user=brand_admin, brand=brand)

    response = client.post(
        reverse("brands:member_role", args=[brand.slug, membership.pk]), {"role": "approver"}
    )

    membership.refresh_from_db()
    assert membership.role == Role.APPROVER
    assert response.status_code == 302
    # The pages are now closed to them.
    assert client.get(reverse("brands:members", args=[brand.slug])).status_code == 403


def test_another_brands_membership_answers_404(client, brand, other_brand, other_admin, intern):
    client.force_login(other_admin)
    membership = Membership.objects.get(user=intern, brand=brand)

    url = reverse("brands:member_remove", args=[other_brand.slug, membership.pk])

    assert client.post(url).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


# -- brand settings -------------------------------------------------------------


def test_a_brand_admin_edits_the_brand_settings(client, brand, brand_admin):
    client.force_login(brand_admin)

    response = client.post(reverse("brands:settings", args=[brand.slug]), {
        "name": "Acme Bakery",
        "languages": ["en"],
        "default_language": "en",
        "time_zone": "Europe/Paris",
        "voice_summary": "Warm and plain.",
        "alt_text_severity": "error",
        "packs": ["core-en", "core-fr"],
        "reminder_hours": "2, 8, 24",
        "escalation_margin_hours": "2",
    })

    assert response.status_code == 302
    brand.refresh_from_db()
    assert (brand.name, brand.languages, brand.default_language, brand.time_zone) == (
        "Acme Bakery", ["en"], "en", "Europe/Paris",
    )
    event = AuditEvent.objects.get(brand=brand, action="brand_changed")
    assert (event.data["before"]["name"], event.data["after"]["name"]) == ("Acme",
                                                                           "Acme Bakery")
    assert "time_zone" in event.data["fields"]
    assert brand.alt_text_severity == "error"
    assert event.data["after"]["alt_text_severity"] == "error"


def test_the_default_language_must_be_one_of_the_brands(client, brand, brand_admin):
    client.force_login(brand_admin)

    response = client.post(reverse("brands:settings", args=[brand.slug]), {
        "name": "Acme", "languages": ["en"], "default_language": "fr",
        "time_zone": "America/Toronto", "voice_summary": "",
    })

    assert response.status_code == 200
    assert "default_language" in response.context["form"].errors
    brand.refresh_from_db()
    assert brand.languages == ["fr", "en"]


def test_an_unknown_time_zone_is_refused(client, brand, brand_admin):
    client.force_login(brand_admin)

    response = client.post(reverse("brands:settings", args=[brand.slug]), {
        "name": "Renamed", "languages": ["fr", "en"], "default_language": "fr",
        "time_zone": "Mars/Olympus", "voice_summary": "",
    })

    assert response.status_code == 200
    assert "time_zone" in response.context["form"].errors
    assert "<h1>Settings of Acme</h1>" in response.content.decode()
    brand.refresh_from_db()
    assert (brand.name, brand.time_zone) == ("Acme", "America/Toronto")


def test_the_time_zone_is_chosen_from_a_list_with_canada_first(client, brand, brand_admin):
    client.force_login(brand_admin)
    page = client.get(reverse("brands:settings", args=[brand.slug]))
    field = page.context["form"].fields["time_zone"]
    groups = {str(group): options for group, options in field.choices}
    assert str(field.choices[0][0]) == "Canada"
    canadian = groups["Canada"]
    assert canadian[0][0] == "America/Toronto" and "Montréal" in str(canadian[0][1])
    assert ("Europe/Paris", "Paris") in groups["Europe"]
    assert [value for value, _label in groups["Universal time"]] == ["UTC"]
    zones = [value for options in groups.values() for value, _label in options]
    assert len(zones) == len(set(zones))
    for legacy in ("America/Montreal", "US/Eastern", "Africa/Asmera", "Etc/GMT+5"):
        assert legacy not in zones
    for options in list(groups.values())[2:]:
        assert [label for _value, label in options] == sorted(
            label for _value, label in options)
    html = page.content.decode()
    assert '<select name="time_zone"' in html
    response = client.post(reverse("brands:settings", args=[brand.slug]), {
        "name": "Acme", "languages": ["fr", "en"], "default_language": "fr",
        "time_zone": "Montreal", "voice_summary": "", "alt_text_severity": "warning",
        "packs": ["core-en", "core-fr"], "reminder_hours": "", "escalation_margin_hours": 4})
    assert "time_zone" in response.context["form"].errors


def test_a_time_zone_saved_under_an_older_name_stays_chosen(client, brand, brand_admin):
    brand.time_zone = "America/Montreal"
    brand.save()
    client.force_login(brand_admin)
    page = client.get(reverse("brands:settings", args=[brand.slug])).content.decode()
    assert '<option value="America/Montreal" selected>' in page
    assert page.count('value="America/Montreal"') == 1


def test_a_guideline_is_written_in_markdown_and_lists_the_rules_enforcing_it(
    client, brand, brand_admin, banned_rule
):
    client.force_login(brand_admin)
    client.post(reverse("brands:guideline_new", args=[brand.slug]), {
        "title": "Kindness", "position": "0",
        "text": "Be **kind**:\n\n- no insults\n- [why](https://exemple.ca/a)\n\n"
                "[bad](javascript:alert(1))"})
    guideline = VoiceGuideline.objects.get(title="Kindness")
    assert "<strong>kind</strong>" in guideline.body
    assert "<li>no insults</li>" in guideline.body
    assert '<a href="https://exemple.ca/a">why</a>' in guideline.body
    assert "javascript:" not in guideline.body
    page = client.get(reverse("brands:guidelines", args=[brand.slug])).content.decode()
    assert "No rule enforces this guideline yet" in page
    banned_rule.guideline = guideline
    banned_rule.save()
    page = client.get(reverse("brands:guidelines", args=[brand.slug])).content.decode()
    assert "No rule enforces this guideline yet" not in page
    assert ">No insults</a>" in page


def test_a_guideline_keeps_headings_tables_and_code_and_drops_what_scripts_say(brand):
    guideline = VoiceGuideline.objects.create(brand=brand, title="Tone", text=(
        "# Our tone\n\n## With customers\n\n### Details\n\n"
        "| Instead of | Write |\n|---|---|\n| utilize | use |\n\n"
        "Say `merci` first.\n\n```\nBonjour!\n```\n\n"
        "<script>alert('stolen')</script>\n\n<style>body{display:none}</style>\n\n"
        "<SCRIPT type=x>document.cookie</SCRIPT>After."))
    body = guideline.body
    # Demoted below the page's own headings (the guideline's title is a level 2 heading).
    assert "<h3>Our tone</h3>" in body
    assert "<h4>With customers</h4>" in body
    assert "<h5>Details</h5>" in body
    assert "<table>" in body and "<th>Instead of</th>" in body and "<td>utilize</td>" in body
    assert "<code>merci</code>" in body and "<pre><code>Bonjour!" in body
    for gone in ("alert", "stolen", "display:none", "document.cookie", "<script", "<style"):
        assert gone not in body
    assert "After." in body


def test_switching_a_pack_off_says_how_many_rules_stop_and_asks_first(
    client, brand, brand_admin, django_capture_on_commit_callbacks
):
    from socialgov.checks.packs import load_pack

    client.force_login(brand_admin)
    fields = {"name": "Acme", "languages": ["fr", "en"], "default_language": "fr",
              "time_zone": "America/Toronto", "voice_summary": "",
              "alt_text_severity": "warning", "packs": ["core-en"], "reminder_hours": "",
              "escalation_margin_hours": 4}
    asked = client.post(reverse("brands:settings", args=[brand.slug]), fields)
    assert asked.status_code == 200
    french = sum(1 for spec in load_pack("core-fr") if spec.id.startswith("core-fr/"))
    assert asked.context["dropped"] == [("Core tone and risk rules (French)", french)]
    assert f"{french} rules of “Core tone and risk rules (French)” will stop checking" in \
        asked.content.decode()
    brand.refresh_from_db()
    assert brand.packs == ["core-en", "core-fr"]  # nothing changed yet

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("brands:settings", args=[brand.slug]),
                           {**fields, "confirm_packs": "1"})
    assert done.status_code == 302
    brand.refresh_from_db()
    assert brand.packs == ["core-en"]
    version = brand.rule_versions.first()
    assert (version.change, version.actor) == ("brand_changed", brand_admin)


def test_the_brand_sets_its_own_hashtag_and_emoji_limits_in_its_settings(
    client, brand, brand_admin
):
    from socialgov.brands.models import brand_rule_specs
    from socialgov.checks.base import PostInput
    from socialgov.checks.engine import compile as compile_rules

    def found(text):
        result = compile_rules(brand_rule_specs(brand)).check(PostInput(text=text,
                                                                       language="en"))
        return {f.rule_id: f for f in result.findings if f.rule_id.startswith("core/")}

    text = "New menu #a #b #c 🎉🎉🎉"
    assert "core/hashtag-overload" not in found(text)  # the packs allow six
    client.force_login(brand_admin)
    response = client.post(reverse("brands:settings", args=[brand.slug]), {
        "name": "Acme", "languages": ["fr", "en"], "default_language": "fr",
        "time_zone": "America/Toronto", "voice_summary": "", "alt_text_severity": "warning",
        "packs": ["core-en", "core-fr"], "hashtag_limit": "2", "emoji_limit": "2",
        "reminder_hours": "", "escalation_margin_hours": 4})
    assert response.status_code == 302
    brand.refresh_from_db()
    findings = found(text)
    assert "limit of 2" in findings["core/hashtag-overload"].message["en"]
    assert findings["core/hashtag-overload"].matched == "#c"
    assert "core/emoji-overload" in findings
    event = AuditEvent.objects.get(brand=brand, action="brand_changed")
    assert (event.data["before"]["hashtag_limit"], event.data["after"]["hashtag_limit"]) == (
        None, 2)
