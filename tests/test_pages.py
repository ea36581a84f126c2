"""What each role sees on its pages: lists, queue order, the editor, the post page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from socialgov.posts import actions
from socialgov.posts.models import Post, State
from tests.conftest import quiet_time


def in_review(author, brand, fields, submit, **overrides):
    post = actions.create(author, brand, fields(**overrides))
    return submit(author, post)


def test_review_queue_shows_highest_risk_first_then_earliest_planned_time(
        client, brand, intern, manager, warning_rule, fields, submit):
    # Quiet days, so that only the rule's warning sets the risk, whatever the date today
    # (a day of remembrance adds an info finding to any post planned on it).
    soon = quiet_time(days=1)
    late = quiet_time(days=4, now=soon)
    calm_late = in_review(intern, brand, fields, submit, text="Calm and late.", planned_at=late)
    calm_soon = in_review(intern, brand, fields, submit, text="Calm and soon.", planned_at=soon)
    risky_late = in_review(intern, brand, fields, submit, text="We utilize care.",
                           planned_at=quiet_time(days=4, now=late))
    assert risky_late.risk == "medium" and calm_soon.risk == "none"
    client.force_login(manager)
    page = client.get("/review/").context["page"]
    assert [p.pk for p in page.object_list] == [risky_late.pk, calm_soon.pk, calm_late.pk]


def test_review_queue_leaves_out_other_states_other_brands_and_my_own_posts(
        client, brand, other_brand, intern, manager, other_admin, fields, submit):
    waiting = in_review(intern, brand, fields, submit)
    actions.create(intern, brand, fields(text="Still a draft."))
    mine = in_review(manager, brand, fields, submit, text="Written by the manager.")
    elsewhere = in_review(other_admin, other_brand, fields, submit, language="en")
    client.force_login(manager)
    shown = [p.pk for p in client.get("/review/").context["page"].object_list]
    assert shown == [waiting.pk]
    assert mine.pk not in shown and elsewhere.pk not in shown


def test_review_queue_is_paginated(client, brand, intern, manager, fields, submit):
    for number in range(23):
        in_review(intern, brand, fields, submit, text=f"Post number {number}.")
    client.force_login(manager)
    first = client.get("/review/")
    assert len(first.context["page"].object_list) == 20
    second = client.get("/review/?page=2")
    assert len(second.context["page"].object_list) == 3


def test_my_posts_lists_only_mine_with_badges_search_and_pages(client, brand, intern, manager,
                                                                fields):
    for number in range(22):
        actions.create(intern, brand, fields(text=f"Bakery news {number}"))
    actions.create(intern, brand, fields(text="Recruiting a baker"))
    actions.create(manager, brand, fields(text="Manager's own bakery news"))
    client.force_login(intern)
    response = client.get("/posts/")
    assert response.context["page"].paginator.count == 23
    assert 'class="badge state-draft">Draft<' in response.content.decode()
    found = client.get("/posts/", {"q": "recruiting"}).context["page"]
    assert [p.current_version.text for p in found.object_list] == ["Recruiting a baker"]
    second = client.get("/posts/", {"q": "bakery", "page": 2})
    assert len(second.context["page"].object_list) == 2
    assert "q=bakery&amp;page=1" in second.content.decode()


def test_new_post_form_saves_a_draft_with_the_planned_time_in_the_brands_zone(
        client, brand, intern):
    brand.time_zone = "America/Vancouver"
    brand.save()
    client.force_login(intern)
    response = client.post("/posts/new/", {
        "brand": brand.pk, "networks": ["x", "bluesky"], "objective": "engage",
        "planned_at": "2031-12-01T09:30", "language": "fr", "text": "Bonjour\r\nà tous",
        "action": "save",
    })
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    version = post.current_version
    assert post.state == State.DRAFT
    assert version.networks == ["x", "bluesky"]
    assert version.text == "Bonjour\nà tous"
    local = version.planned_at.astimezone(brand.tz)
    assert (local.hour, local.minute, local.day) == (9, 30, 1)


def test_a_planned_time_in_the_past_is_refused_and_nothing_is_lost(client, brand, intern):
    """A past time was accepted and the post expired, unseen, within 30 s."""
    client.force_login(intern)
    response = client.post("/posts/new/", {
        "brand": brand.pk, "networks": ["x"], "objective": "engage",
        "planned_at": "2020-01-01T09:30", "language": "fr", "text": "Bonjour à tous",
        "action": "submit",
    })
    assert response.status_code == 200
    page = response.content.decode()
    assert "The planned time is in the past: choose a time to come." in page
    assert "Bonjour à tous" in page  # the text is still there
    assert not Post.objects.exists()


def test_submit_from_the_editor_saves_and_submits(client, brand, intern,
                                                  django_capture_on_commit_callbacks):
    client.force_login(intern)
    # The check starts once the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/posts/new/", {
            "brand": brand.pk, "networks": ["x"], "objective": "inform", "language": "en",
            "text": "Open on Monday.", "action": "submit",
        })
        assert Post.objects.get().state == State.CHECKING
    assert Post.objects.get().state == State.IN_REVIEW


def test_an_invalid_post_keeps_everything_typed(client, brand, intern):
    client.force_login(intern)
    response = client.post("/posts/new/", {
        "brand": brand.pk, "objective": "inform", "language": "en",
        "text": "Every word I typed stays here.", "action": "save",
    })
    assert response.status_code == 200
    html = response.content.decode()
    assert "Every word I typed stays here." in html
    assert Post.objects.count() == 0


def test_a_language_the_brand_does_not_use_is_refused(client, other_brand, other_admin):
    client.force_login(other_admin)
    response = client.post("/posts/new/", {
        "brand": other_brand.pk, "networks": ["x"], "objective": "inform", "language": "fr",
        "text": "Bonjour", "action": "save",
    })
    assert response.status_code == 200
    assert "does not post in that language" in response.content.decode()


def test_nobody_posts_for_a_brand_they_do_not_belong_to(client, brand, other_brand, intern):
    client.force_login(intern)
    response = client.post("/posts/new/", {
        "brand": other_brand.pk, "networks": ["x"], "objective": "inform", "language": "en",
        "text": "Sneaky", "action": "save",
    })
    assert response.status_code == 200
    assert Post.objects.count() == 0


def test_editing_an_approved_post_in_the_browser_sends_it_back_to_draft(
        client, brand, intern, manager, fields, submit):
    post = in_review(intern, brand, fields, submit)
    actions.approve(manager, post, post.current_version_id)
    client.force_login(intern)
    form = client.get(f"/posts/{post.pk}/edit/")
    assert "sends it back to draft" in form.content.decode()
    client.post(f"/posts/{post.pk}/edit/", {
        "networks": ["x"], "objective": "inform", "language": "en",
        "text": "A better text.", "action": "save",
    })
    post.refresh_from_db()
    assert post.state == State.DRAFT
    assert post.current_version.number == 2


def test_the_post_page_highlights_findings_with_message_suggestion_and_guideline(
        client, brand, intern, manager, banned_rule, fields, submit):
    from socialgov.brands.models import VoiceGuideline

    banned_rule.guideline = VoiceGuideline.objects.create(brand=brand, title="Be kind")
    banned_rule.save()
    post = in_review(intern, brand, fields, submit, text="What a dumb idea.")
    client.force_login(manager)
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<mark class="finding-mark sev-error"' in html
    assert ">dumb</mark>" in html
    assert "“dumb” insults the reader." in html
    assert "Say it kindly." in html
    assert "Be kind" in html


def test_the_post_page_shows_findings_in_the_readers_language(
        client, brand, intern, banned_rule, fields, submit):
    post = in_review(intern, brand, fields, submit, text="What a dumb idea.")
    client.force_login(intern)
    client.cookies["django_language"] = "fr"
    html = client.get(post.get_absolute_url()).content.decode()
    assert "«\u00a0dumb\u00a0» insulte le lecteur." in html  # with its no-break spaces


def test_the_approve_button_carries_the_version_it_showed(
        client, brand, intern, manager, fields, submit):
    post = in_review(intern, brand, fields, submit)
    client.force_login(manager)
    html = client.get(post.get_absolute_url()).content.decode()
    assert f'name="version" value="{post.current_version_id}"' in html


def test_a_stale_approval_from_the_page_is_refused_with_a_message(
        client, brand, intern, manager, fields, submit):
    post = in_review(intern, brand, fields, submit)
    shown_version = post.current_version_id
    actions.withdraw(intern, post)
    actions.edit(intern, post, fields(text="Changed after the page was opened."))
    post.refresh_from_db()
    submit(intern, post)
    assert post.state == State.IN_REVIEW
    client.force_login(manager)
    response = client.post(f"/posts/{post.pk}/do/approve/", {"version": shown_version},
                           follow=True)
    assert "The post changed since you opened it" in response.content.decode()
    post.refresh_from_db()
    assert post.state != State.APPROVED


@pytest.mark.parametrize("username, visible", [("intern", False), ("manager", True)])
def test_the_header_shows_the_review_queue_only_to_approvers(client, brand, intern, manager,
                                                             username, visible):
    client.force_login({"intern": intern, "manager": manager}[username])
    html = client.get("/posts/").content.decode()
    assert ('href="/review/"' in html) is visible


def test_a_planned_time_within_the_hour_is_saved_with_a_warning(client, brand, intern):
    client.force_login(intern)
    soon = timezone.localtime(timezone.now() + timedelta(minutes=40), brand.tz)
    response = client.post("/posts/new/", {
        "brand": brand.pk, "networks": ["x"], "objective": "engage",
        "planned_at": soon.strftime("%Y-%m-%dT%H:%M"), "language": "en",
        "text": "Doors open soon", "action": "save"}, follow=True)
    assert Post.objects.exists()
    assert "The planned time is less than an hour away: the review may not finish in time." \
        in response.content.decode()
