"""The home page: what needs each person, across their brands, and the crisis
banner on every page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from socialgov.accounts import teams
from socialgov.brands import crisis
from socialgov.brands.models import WatchWord
from socialgov.home import desk


def page(client, user, language="en"):
    client.force_login(user)
    return client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=language).content.decode()


@pytest.mark.django_db
def test_the_home_page_greets_a_signed_in_person_and_sends_others_to_log_in(client, intern):
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))
    client.force_login(intern)
    assert client.get(reverse("home")).status_code == 200
    response = client.post(reverse("login"), {"username": "intern", "password": "pw"})
    assert response.status_code in (200, 302)


def test_an_approver_sees_how_many_posts_wait_on_them_the_oldest_and_the_soonest(
    client, manager, make_post
):
    later = make_post("in_review", planned_at=timezone.now() + timedelta(days=3))
    sooner = make_post("in_review", planned_at=timezone.now() + timedelta(hours=5))
    make_post("draft")  # not waiting on anyone

    home = desk.of(manager)
    assert home.review.count == 2
    assert home.review.soonest == sooner.current_version.planned_at
    assert home.review.oldest is not None
    assert [p.pk for p in home.review.posts][:1] in ([later.pk], [sooner.pk])
    html = page(client, manager)
    assert "Needs your review" in html and "See the whole queue" in html
    assert reverse("posts:review_queue") in html


def test_a_manager_with_posts_waiting_no_longer_reads_that_they_have_no_posts(
    client, manager, make_post
):
    make_post("in_review")
    html = page(client, manager)
    assert "You have no posts yet." not in html
    assert "(1)" in html.split("Needs your review")[1][:80]


def test_an_author_sees_what_came_back_to_them_with_a_link_to_the_filtered_list(
    client, intern, make_post
):
    back = make_post("changes_requested")
    sent_back = make_post("sent_back")
    make_post("approved")
    home = desk.of(intern)
    assert home.back.count == 2
    assert {p.pk for p in home.back.posts} == {back.pk, sent_back.pk}

    html = page(client, intern)
    assert "Back to you" in html and "Needs your review" not in html
    listed = client.get(home.back.link)
    assert {p.pk for p in listed.context["page"].object_list} == {back.pk, sent_back.pk}


def test_posts_due_soon_and_waiting_are_counted_for_their_author(intern, make_post):
    due = make_post("draft", planned_at=timezone.now() + timedelta(hours=6))
    make_post("draft", planned_at=timezone.now() + timedelta(days=5))
    make_post("in_review", planned_at=timezone.now() + timedelta(days=4))
    home = desk.of(intern)
    assert home.due_soon.count == 1 and home.due_soon.posts[0].pk == due.pk
    assert home.waiting.count == 1


def test_the_home_page_is_in_french_with_its_contract_labels(client, manager, make_post):
    make_post("in_review")
    html = page(client, manager, "fr")
    assert "À réviser" in html and "À reprendre" in html


def test_a_brand_admin_sees_posts_nobody_present_can_decide_waivers_words_and_invitations(
    client, brand, brand_admin, manager, second_manager, intern, make_post
):
    waiver = make_post("in_review", error=True)  # reaches review through a waiver request
    today = timezone.localdate()
    for person in (manager, second_manager, brand_admin):
        teams.set_absence(person, today, today + timedelta(days=3))
    WatchWord.objects.create(brand=brand, term="flood", expires_on=today + timedelta(days=2))
    WatchWord.objects.create(brand=brand, term="storm", expires_on=today + timedelta(days=30))
    teams.invite(brand_admin, brand, "new@example.com", "drafter", lambda token: "/x")

    home = desk.of(brand_admin)
    assert home.waivers.count == 1 and home.waivers.posts[0].pk == waiver.pk
    assert home.nobody_present.count == 1
    assert [w.term for w in home.watch_words] == ["flood"]
    assert home.invitations[0]["count"] == 1
    html = page(client, brand_admin)
    assert "Nobody present to decide" in html and "flood" in html and "storm" not in html
    listed = client.get(home.nobody_present.link)
    assert [p.pk for p in listed.context["page"].object_list] == [waiver.pk]


def test_a_drafter_sees_no_other_brands_posts_nor_admin_blocks(
    client, intern, other_admin, make_post, other_brand
):
    make_post("in_review", author=other_admin, brand=other_brand)
    home = desk.of(intern)
    assert home.review is None and not home.administers
    assert home.back.count == 0
    html = page(client, intern)
    assert "None of your posts came back." in html and "Start a post" in html


def test_someone_in_no_brand_is_told_what_to_do(client, make_user):
    loner = make_user("loner")
    assert "ask a brand admin" in page(client, loner)


def test_crisis_mode_shows_its_banner_on_every_page_to_every_member(
    client, brand, intern, manager, other_admin
):
    crisis.start(manager, brand, "A flood downtown.")
    for user in (intern, manager):
        client.force_login(user)
        for url in (reverse("home"), reverse("posts:mine"), reverse("posts:new"), reverse("away")
                    if user == manager else reverse("posts:mine")):
            html = client.get(url).content.decode()
            assert "crisis-banner" in html and "A flood downtown." in html, (user, url)
            assert "Crisis mode: Acme" in html
    assert "crisis-banner" not in page(client, other_admin)
