"""Django's admin shows the operational records to superusers, read-only:
changes go through the product's pages, which re-check posts and write the audit."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from socialgov.accounts.models import Invitation, Membership, Role
from socialgov.audit.models import Action, AuditEvent
from socialgov.brands import creation
from socialgov.brands.models import Brand, CrisisPeriod, PackRuleOverride, VoiceGuideline, WatchWord
from socialgov.posts import actions

pytestmark = pytest.mark.django_db

MODELS = [
    "brands_watchword", "brands_sensitivedate", "brands_crisisperiod", "brands_recheckbatch",
    "posts_checkjob", "posts_checkrun", "posts_finding", "posts_waiver", "posts_postvariant",
    "posts_comment", "posts_reviewround", "brands_approvalstep", "brands_reviewgroup",
    "brands_reviewreason", "brands_savedreply", "brands_holiday", "posts_customerreply",
    # Who is in a brand with which role, its rules and their changes: the brand's own pages.
    "accounts_membership", "accounts_invitation", "brands_rule", "brands_ruleset",
    "brands_packruleoverride", "planning_calendarfeed",
]


@pytest.mark.parametrize("model", MODELS)
def test_a_superuser_sees_the_records_but_cannot_add_them_there(client, superuser, model,
                                                                log_in_verified):
    log_in_verified(client, superuser)
    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{model}_add")).status_code == 403


def test_a_watch_word_and_a_crisis_are_listed_and_not_editable(
    client, superuser, brand, manager, intern, fields, submit, log_in_verified
):
    word = WatchWord.objects.create(brand=brand, term="flood", created_by=manager)
    crisis = CrisisPeriod.objects.create(brand=brand, started_by=manager, start_reason="Flood")
    submit(intern, actions.create(intern, brand, fields(text="Fresh bread today.")))
    log_in_verified(client, superuser)
    assert "flood" in client.get(reverse("admin:brands_watchword_changelist")).content.decode()
    page = client.get(reverse("admin:brands_watchword_change", args=[word.pk]))
    assert page.status_code == 200 and b'name="term"' not in page.content
    assert client.post(reverse("admin:brands_crisisperiod_delete", args=[crisis.pk]),
                       {"post": "yes"}).status_code == 403
    assert CrisisPeriod.objects.filter(pk=crisis.pk).exists()
    assert client.get(reverse("admin:posts_checkrun_changelist")).status_code == 200


# -- nothing of a brand's team, rules, voice or settings changes here ----------------------


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_a_superuser_cannot_make_the_intern_a_brand_admin_in_the_admin(root_client, brand,
                                                                        intern):
    membership = Membership.objects.get(user=intern, brand=brand)

    response = root_client.post(change_url(membership), {
        "user": intern.pk, "brand": brand.pk, "role": Role.BRAND_ADMIN, "is_active": "on"})

    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.role == Role.DRAFTER
    page = root_client.get(change_url(membership))
    assert page.status_code == 200 and b'name="role"' not in page.content
    assert "Drafter" in page.content.decode()
    listed = root_client.get(reverse("admin:accounts_membership_changelist")).content.decode()
    assert "intern" in listed
    assert root_client.post(reverse("admin:accounts_membership_delete", args=[membership.pk]),
                            {"post": "yes"}).status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert not AuditEvent.objects.exists()


def test_a_superuser_cannot_rewrite_a_rule_in_the_admin(root_client, brand, banned_rule):
    version = brand.ruleset.version

    response = root_client.post(change_url(banned_rule), {
        "rule_set": brand.ruleset.pk, "name": "No insults", "kind": "banned_terms",
        "params": '{"terms": ["nothing"]}', "severity": "info", "message_en": "x",
        "message_fr": "x"})

    assert response.status_code == 403
    banned_rule.refresh_from_db()
    assert (banned_rule.params["terms"], banned_rule.severity) == (["dumb", "idiot"], "error")
    assert brand.ruleset.version == version
    page = root_client.get(change_url(banned_rule)).content.decode()
    assert "No insults" in page and 'name="params"' not in page
    assert root_client.post(change_url(brand.ruleset), {"brand": brand.pk}).status_code == 403
    assert root_client.post(reverse("admin:brands_rule_delete", args=[banned_rule.pk]),
                            {"post": "yes"}).status_code == 403
    assert "No insults" in root_client.get(
        reverse("admin:brands_rule_changelist")).content.decode()


def brand_form(brand, guideline, **changes):
    """What the brand's change form posted, with its two inlines (members, guidelines)."""
    data = {
        "name": brand.name, "slug": brand.slug, "languages": '["fr", "en"]',
        "default_language": "fr", "time_zone": "America/Toronto", "packs": '["core-fr"]',
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
        "guidelines-TOTAL_FORMS": "1", "guidelines-INITIAL_FORMS": "1",
        "guidelines-0-id": guideline.pk, "guidelines-0-brand": brand.pk,
        "guidelines-0-title": "Rewritten", "guidelines-0-text": "Anything goes",
        "guidelines-0-position": "0",
    }
    data.update(changes)
    return data


def test_a_superuser_cannot_change_a_brands_settings_or_guidelines_in_the_admin(
    root_client, brand, brand_admin
):
    guideline = VoiceGuideline.objects.create(brand=brand, title="Tone", text="Warm")
    packs, version = list(brand.packs), brand.ruleset.version

    response = root_client.post(change_url(brand), brand_form(
        brand, guideline, name="Renamed", packs="[]", time_zone="UTC"))

    assert response.status_code == 403
    brand.refresh_from_db()
    guideline.refresh_from_db()
    assert (brand.name, brand.packs, brand.time_zone) == ("Acme", packs, "America/Toronto")
    assert (guideline.title, guideline.text) == ("Tone", "Warm")
    assert brand.ruleset.version == version
    page = root_client.get(change_url(brand)).content.decode()
    assert 'name="name"' not in page and 'name="guidelines-0-title"' not in page
    assert "Acme" in page and "Tone" in page and "brandadmin" in page
    assert root_client.post(reverse("admin:brands_brand_delete", args=[brand.pk]),
                            {"post": "yes"}).status_code == 403
    assert Brand.objects.filter(pk=brand.pk).exists()


def test_a_superuser_cannot_change_an_invitations_role_or_a_shipped_rule_override(
    root_client, brand, brand_admin
):
    invitation = Invitation(brand=brand, email="newcomer@example.com", role=Role.DRAFTER,
                            invited_by=brand_admin)
    invitation.new_token()
    invitation.save()
    override = PackRuleOverride.objects.create(brand=brand, rule_id="core/hashtag-overload",
                                               enabled=False, reason="Ours")

    assert root_client.post(change_url(invitation), {
        "email": "newcomer@example.com", "brand": brand.pk,
        "role": Role.BRAND_ADMIN}).status_code == 403
    assert root_client.post(change_url(override), {
        "brand": brand.pk, "rule_id": "core/hashtag-overload", "enabled": "on",
        "reason": "x"}).status_code == 403

    invitation.refresh_from_db()
    override.refresh_from_db()
    assert (invitation.role, override.enabled) == (Role.DRAFTER, False)


# -- a brand is still created here, through the service that records it --------------------


def new_brand_form(**changes):
    data = {"name": "Boulangerie", "slug": "boulangerie", "languages": ["fr", "en"],
            "default_language": "fr", "time_zone": "America/Toronto"}
    data.update(changes)
    return data


def test_a_superuser_creates_a_brand_with_its_first_brand_admin_and_it_is_audited(
    root_client, superuser, make_user
):
    baker = make_user("baker")

    response = root_client.post(reverse("admin:brands_brand_add"),
                                new_brand_form(first_admin=baker.pk))

    assert response.status_code == 302
    brand = Brand.objects.get(slug="boulangerie")
    assert (brand.name, brand.languages, brand.default_language) == (
        "Boulangerie", ["fr", "en"], "fr")
    membership = Membership.objects.get(brand=brand)
    assert (membership.user, membership.role, membership.is_active) == (
        baker, Role.BRAND_ADMIN, True)
    event = AuditEvent.objects.get(action="brand_created")
    assert (event.actor, event.brand, event.data["username"], event.data["role"]) == (
        superuser, brand, "baker", Role.BRAND_ADMIN)
    # The brand is whole: its rule set, review reasons and calendar, as on any other path.
    assert brand.ruleset.version == 1 and brand.review_reasons.exists()
    # From then on its settings change on its own page, not here.
    assert root_client.post(change_url(brand), {"name": "Other name"}).status_code == 403


def test_a_brand_is_not_created_without_an_active_first_brand_admin(root_client, make_user):
    gone = make_user("gone", is_active=False)
    for first_admin in ("", gone.pk):
        response = root_client.post(reverse("admin:brands_brand_add"),
                                    new_brand_form(first_admin=first_admin))
        assert response.status_code == 200
        assert "first_admin" in response.context["adminform"].form.errors
    bad_language = root_client.post(reverse("admin:brands_brand_add"), new_brand_form(
        first_admin=gone.pk, languages=["en"], default_language="fr"))
    assert bad_language.status_code == 200
    assert not Brand.objects.filter(slug="boulangerie").exists()
    assert not AuditEvent.objects.exists()


def test_only_a_superuser_creates_a_brand(brand_admin, make_user):
    with pytest.raises(PermissionDenied):
        creation.create_brand(brand_admin, Brand(name="Mine", slug="mine"), brand_admin)
    assert not Brand.objects.filter(slug="mine").exists()


def test_an_account_closed_or_promoted_in_the_admin_is_audited_and_closed_at_once(
        root_client, intern):
    from django.test import Client

    theirs = Client()
    theirs.force_login(intern)
    url = reverse("admin:auth_user_change", args=[intern.pk])
    page = root_client.get(url)
    form = {"username": intern.username, "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00", "is_superuser": "on"}
    response = root_client.post(url, form)
    assert response.status_code == 302, page
    event = AuditEvent.objects.get(action=Action.ACCOUNT_CHANGED)
    assert event.data == {"member": intern.pk, "fields": ["is_active", "is_superuser"],
                          "is_active": False, "is_superuser": True}
    # Closed here as on the members page: their session ends now, not at expiry.
    assert theirs.get(reverse("posts:mine")).status_code == 302


@pytest.mark.parametrize("url", [
    "/admin/posts/post/99999999999999999999/change/",
    "/admin/auth/user/99999999999999999999/change/",
    "/admin/auth/user/99999999999999999999/delete/",
    "/admin/posts/post/?brand__id__exact=99999999999999999999",
    "/admin/posts/post/?o=999",
])
def test_odd_addresses_in_the_admin_are_answered_without_an_error(root_client, url):
    root_client.raise_request_exception = False
    assert root_client.get(url).status_code < 500


def test_a_pasted_page_of_words_searches_for_the_first_ten(root_client, brand):
    # One condition per word and field: SQLite refused such a query (500) and
    # PostgreSQL ran out of memory on 40,000 words.
    root_client.raise_request_exception = False
    response = root_client.get("/admin/accounts/invitation/", {"q": "word " * 5000})
    assert response.status_code == 200
    assert response.context["cl"].query == " ".join(["word"] * 10)
    assert "Only the first 10 words of the search were looked for." in response.content.decode()
