"""Rejections and change requests name reasons from the brand's list, so they
can be counted; brand admins keep the list."""

from datetime import timedelta

import pytest
from django.utils import timezone

from socialgov.audit.models import AuditEvent
from socialgov.brands.models import DEFAULT_REVIEW_REASONS, Brand, ReviewReason
from socialgov.posts import actions
from socialgov.posts.errors import TransitionError
from socialgov.posts.models import Decision, State


@pytest.fixture
def post(make_post):
    return make_post("in_review")


def reason(brand, label_en):
    return brand.review_reasons.get(label_en=label_en)


def test_a_new_brand_starts_with_the_default_reasons_in_both_languages(brand):
    assert [(r.label_en, r.label_fr) for r in brand.review_reasons.all()] == \
        DEFAULT_REVIEW_REASONS
    assert reason(brand, "Legal risk").label_for("fr") == "Risque juridique"


def test_existing_brands_get_the_defaults_from_the_data_migration(db):
    from importlib import import_module

    from django.apps import apps

    Brand.objects.create(name="Old", slug="old", languages=["en"], default_language="en")
    old = Brand.objects.get(slug="old")
    ReviewReason.objects.filter(brand=old).delete()
    migration = import_module("socialgov.brands.migrations.0006_prefill_review_reasons")
    migration.prefill(apps, None)
    assert old.review_reasons.count() == len(DEFAULT_REVIEW_REASONS)
    migration.prefill(apps, None)  # a brand that has reasons keeps its own
    assert old.review_reasons.count() == len(DEFAULT_REVIEW_REASONS)


def test_a_rejection_picks_reasons_from_the_list_and_stores_them(brand, manager, post):
    picked = [reason(brand, "Off-brand tone"), reason(brand, "Legal risk")]
    actions.reject(manager, post, post.current_version_id, "", [r.pk for r in picked])
    decision = Decision.objects.get()
    assert set(decision.reasons.all()) == set(picked)
    assert decision.reason == ""
    event = AuditEvent.objects.get(action="reject")
    assert event.data["reasons"] == [r.pk for r in picked]


def test_the_history_names_the_reasons_in_the_readers_language(client, brand, manager, post):
    """The English history showed the French label of a French brand's reason:
    the event keeps the reasons' ids, and the page names them in its language."""
    picked = [reason(brand, "Off-brand tone"), reason(brand, "Legal risk")]
    actions.reject(manager, post, post.current_version_id, "", [r.pk for r in picked])
    client.force_login(manager)
    english = client.get(post.get_absolute_url()).content.decode()
    assert "rejected the post: Off-brand tone; Legal risk" in english
    assert "Ton non conforme" not in english
    french = client.get(post.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Ton non conforme à la marque; Risque juridique" in french
    assert "Off-brand tone" not in french


def test_a_change_request_takes_reasons_and_free_text(brand, manager, post):
    actions.request_changes(manager, post, post.current_version_id, " Say which Monday. ",
                             [str(reason(brand, "Factual error").pk)])
    decision = Decision.objects.get()
    assert decision.reason == "Say which Monday."
    assert [r.label_en for r in decision.reasons.all()] == ["Factual error"]
    post.refresh_from_db()
    assert post.state == State.CHANGES_REQUESTED


def test_free_text_alone_is_still_a_reason(manager, post):
    actions.reject(manager, post, post.current_version_id, "Not for us.")
    assert Decision.objects.get().reasons.count() == 0


def test_a_rejection_needs_a_reason_from_the_list_or_a_text(manager, post):
    with pytest.raises(TransitionError, match="Give a reason"):
        actions.reject(manager, post, post.current_version_id, "  ", [])
    with pytest.raises(TransitionError, match="Say what should change"):
        actions.request_changes(manager, post, post.current_version_id, "", [""])
    assert not Decision.objects.exists()


def test_another_brands_reason_is_refused(other_brand, manager, post):
    foreign = other_brand.review_reasons.first()
    with pytest.raises(TransitionError, match="this brand's list"):
        actions.reject(manager, post, post.current_version_id, "Also this.", [foreign.pk])
    assert not Decision.objects.exists()
    post.refresh_from_db()
    assert post.state == State.IN_REVIEW


def test_a_reason_no_longer_offered_or_made_up_is_refused(brand, manager, post):
    retired = reason(brand, "Missing objective")
    retired.active = False
    retired.save()
    for bad in ([retired.pk], ["abc"], [999999]):
        with pytest.raises(TransitionError, match="this brand's list"):
            actions.reject(manager, post, post.current_version_id, "", bad)


def test_the_reject_form_offers_the_active_reasons_and_sends_them(client, brand, manager, post):
    retired = reason(brand, "Missing objective")
    retired.active = False
    retired.save()
    client.force_login(manager)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Off-brand tone" in page and "Missing objective" not in page
    legal = reason(brand, "Legal risk")
    response = client.post(f"/posts/{post.pk}/do/reject/", {
        "version": post.current_version_id, "reason": "", "reasons": [legal.pk]})
    assert response.status_code == 302
    assert list(Decision.objects.get().reasons.all()) == [legal]
    page = client.get(post.get_absolute_url()).content.decode()
    assert '<span class="badge reason">Legal risk</span>' in page


def test_the_reasons_show_in_french_on_a_french_page(client, brand, manager, post):
    actions.reject(manager, post, post.current_version_id, "", [reason(brand, "Legal risk").pk])
    client.force_login(manager)
    client.cookies.load({"django_language": "fr"})
    page = client.get(post.get_absolute_url()).content.decode()
    assert '<span class="badge reason">Risque juridique</span>' in page


# -- the brand admin's page -----------------------------------------------------------


def test_the_brand_admin_adds_renames_and_retires_a_reason(client, brand, brand_admin):
    client.force_login(brand_admin)
    url = f"/brands/{brand.slug}/reasons/"
    response = client.post(url, {"label_en": "Wrong hashtag", "label_fr": "", "position": 9,
                                 "active": "on"})
    assert response.status_code == 200  # both brand languages need a label
    assert "This field is required." in response.content.decode()
    response = client.post(url, {"label_en": " Wrong  hashtag ", "label_fr": "Mauvais mot-clic",
                                 "position": 9, "active": "on"})
    assert response.status_code == 302
    added = brand.review_reasons.get(label_en="Wrong hashtag")
    response = client.post(f"{url}{added.pk}/edit/", {
        "label_en": "Wrong hashtags", "label_fr": "Mauvais mots-clics", "position": 2,
        "active": "on"})
    assert response.status_code == 302
    client.post(f"{url}{added.pk}/toggle/")
    added.refresh_from_db()
    assert (added.label_en, added.position, added.active) == ("Wrong hashtags", 2, False)
    assert AuditEvent.objects.filter(action="reasons_changed", brand=brand).count() == 3


def test_a_brand_in_one_language_needs_only_that_label(client, other_brand, other_admin):
    client.force_login(other_admin)
    response = client.post(f"/brands/{other_brand.slug}/reasons/",
                           {"label_en": "Off-topic", "position": 1, "active": "on"})
    assert response.status_code == 302
    assert other_brand.review_reasons.filter(label_en="Off-topic", label_fr="").exists()


def test_another_brands_reason_cannot_be_edited(client, brand, other_brand, other_admin):
    client.force_login(other_admin)
    theirs = brand.review_reasons.first()
    response = client.post(f"/brands/{other_brand.slug}/reasons/{theirs.pk}/toggle/")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.active


def test_the_report_counts_decisions_per_reason_over_ninety_days(
        client, brand, intern, manager, brand_admin, fields, submit):
    tone, legal = reason(brand, "Off-brand tone"), reason(brand, "Legal risk")
    for picked in ([tone, legal], [tone]):
        post = submit(intern, actions.create(intern, brand, fields()))
        actions.reject(manager, post, post.current_version_id, "", [r.pk for r in picked])
    post = submit(intern, actions.create(intern, brand, fields()))
    actions.request_changes(manager, post, post.current_version_id, "", [tone.pk])
    post = submit(intern, actions.create(intern, brand, fields()))
    actions.reject(manager, post, post.current_version_id, "Just no.")
    old = submit(intern, actions.create(intern, brand, fields()))
    actions.reject(manager, old, old.current_version_id, "", [legal.pk])
    Decision.objects.filter(post=old).update(created_at=timezone.now() - timedelta(days=91))

    client.force_login(brand_admin)
    response = client.get(f"/brands/{brand.slug}/reasons/")
    rows = {r.pk: r for r in response.context["reasons"]}
    assert (rows[tone.pk].rejections, rows[tone.pk].change_requests) == (2, 1)
    assert (rows[legal.pk].rejections, rows[legal.pk].change_requests) == (1, 0)
    assert response.context["text_only"] == {"rejections": 1, "change_requests": 0}
    assert "Rejection reasons" in response.content.decode()
