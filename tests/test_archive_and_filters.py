"""Archiving posts, and the filters of the post lists."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from socialgov.accounts.models import Membership, Role
from socialgov.audit.models import AuditEvent
from socialgov.posts import actions, system
from socialgov.posts.errors import TransitionError
from socialgov.posts.models import Post, State
from tests.conftest import available


def reload(post):
    return Post.objects.get(pk=post.pk)


def shown(response):
    return [post.pk for post in response.context["page"].object_list]


def in_state(post, state):
    Post.objects.filter(pk=post.pk).update(state=state)
    return reload(post)


@pytest.fixture
def draft(intern, brand, fields):
    return actions.create(intern, brand, fields(text="Fresh croissants this weekend."))


# -- archive ----------------------------------------------------------------------------


def test_the_author_archives_a_draft_and_its_state_is_kept(client, intern, draft):
    client.force_login(intern)
    response = client.post(reverse("posts:do", args=[draft.pk, "archive"]), follow=True)

    post = reload(draft)
    assert post.archived_at is not None and post.archived_by == intern
    assert post.state == State.DRAFT
    assert "Archived: the post has left the lists" in response.content.decode()
    event = AuditEvent.objects.get(action="archive")
    assert event.actor == intern and event.post == post
    assert event.from_state == event.to_state == State.DRAFT


def test_archived_posts_leave_the_default_list_and_appear_under_the_archived_filter(
        client, intern, brand, fields, draft):
    kept = actions.create(intern, brand, fields(text="Bread of the day."))
    actions.archive(intern, draft)
    client.force_login(intern)

    assert shown(client.get("/posts/")) == [kept.pk]
    archived = client.get("/posts/", {"archived": "on"})
    assert shown(archived) == [draft.pk]
    assert "Archived" in archived.content.decode()


def test_a_restored_post_is_back_where_it_was_and_restoring_is_audited(client, intern, manager,
                                                                       draft):
    post = in_state(draft, State.REJECTED)
    actions.archive(intern, post)
    client.force_login(intern)
    page = client.get(post.get_absolute_url()).content.decode()
    assert reverse("posts:do", args=[post.pk, "restore"]) in page
    assert reverse("posts:do", args=[post.pk, "archive"]) not in page

    client.post(reverse("posts:do", args=[post.pk, "restore"]))

    post = reload(post)
    assert post.archived_at is None and post.state == State.REJECTED
    assert AuditEvent.objects.filter(action="restore", post=post).count() == 1
    assert shown(client.get("/posts/")) == [post.pk]


@pytest.mark.parametrize("state", ["draft", "changes_requested", "rejected", "expired",
                                   "published"])
def test_posts_at_rest_can_be_archived(state, intern, draft):
    post = in_state(draft, state)
    actions.archive(intern, post)
    assert reload(post).archived_at is not None


@pytest.mark.parametrize("state", ["checking", "in_review", "approved", "paused"])
def test_posts_on_their_way_cannot_be_archived_until_withdrawn(state, intern, draft):
    post = in_state(draft, state)
    with pytest.raises(TransitionError):
        actions.archive(intern, post)
    assert reload(post).archived_at is None
    assert "archive" not in available(intern, post)
    assert not AuditEvent.objects.filter(action="archive").exists()


def test_an_approver_may_archive_someone_elses_post_but_another_drafter_may_not(
        intern, manager, make_user, brand, draft):
    colleague = make_user("intern2")
    Membership.objects.create(user=colleague, brand=brand, role=Role.DRAFTER)
    with pytest.raises(PermissionDenied):
        actions.archive(colleague, draft)
    actions.archive(manager, draft)
    assert reload(draft).archived_by == manager


def test_another_brand_cannot_archive(client, other_admin, draft):
    client.force_login(other_admin)
    assert client.post(reverse("posts:do", args=[draft.pk, "archive"])).status_code == 404
    assert reload(draft).archived_at is None


def test_an_archived_post_cannot_be_edited_or_submitted(client, intern, draft, fields):
    actions.archive(intern, draft)
    with pytest.raises(TransitionError, match="archived"):
        actions.submit(intern, reload(draft))
    with pytest.raises(TransitionError, match="archived"):
        actions.edit(intern, reload(draft), fields(text="Changed."))
    assert available(intern, reload(draft)) == {"restore", "duplicate"}
    client.force_login(intern)
    response = client.get(reverse("posts:edit", args=[draft.pk]))
    assert response.status_code == 302
    assert reload(draft).state == State.DRAFT


def test_an_archived_draft_does_not_expire(intern, draft):
    actions.archive(intern, draft)
    planned = draft.current_version.planned_at
    assert system.expire_overdue(now=planned + timedelta(minutes=1)) == 0
    assert reload(draft).state == State.DRAFT


def test_restoring_a_post_that_is_not_archived_says_so(intern, draft):
    with pytest.raises(TransitionError, match="not archived"):
        actions.restore(intern, draft)


def test_archive_labels_are_translated(client, intern, draft):
    client.force_login(intern)
    page = client.get(draft.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Archiver" in page
    actions.archive(intern, draft)
    page = client.get(draft.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Restaurer" in page and "Archivée" in page and "a archivé" in page
    page = client.get("/posts/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Archivées" in page and "Filtrer" in page and "Rechercher" in page


# -- list filters -------------------------------------------------------------------------


@pytest.fixture
def posts(brand, intern, manager, fields):
    """Four posts of Acme, two authors, varied networks, objectives, dates and states."""
    tz = timezone.get_current_timezone()
    made = {
        "linkedin_sale": actions.create(intern, brand, fields(
            text="Big SALE on sourdough", networks=["linkedin"], objective="sell",
            planned_at=datetime(2031, 3, 10, 9, 0, tzinfo=tz))),
        "x_inform": actions.create(intern, brand, fields(
            text="Opening hours change", networks=["x"], objective="inform",
            planned_at=datetime(2031, 3, 20, 9, 0, tzinfo=tz))),
        "both_recruit": actions.create(intern, brand, fields(
            text="We are hiring a baker", networks=["x", "linkedin"], objective="recruit",
            planned_at=None)),
        "manager_engage": actions.create(manager, brand, fields(
            text="Tell us your favourite sourdough", networks=["mastodon"],
            objective="engage", planned_at=datetime(2031, 4, 1, 9, 0, tzinfo=tz))),
    }
    in_state(made["x_inform"], State.REJECTED)
    return made


def ids(posts, *names):
    return sorted(posts[name].pk for name in names)


def test_my_posts_shows_only_mine_by_default_and_anyone_on_request(client, intern, posts):
    client.force_login(intern)
    assert sorted(shown(client.get("/posts/"))) == ids(posts, "linkedin_sale", "x_inform",
                                                       "both_recruit")
    everyone = client.get("/posts/", {"author": "any"})
    assert sorted(shown(everyone)) == ids(posts, "linkedin_sale", "x_inform", "both_recruit",
                                          "manager_engage")
    manager_pk = posts["manager_engage"].author_id
    assert shown(client.get("/posts/", {"author": manager_pk})) == [
        posts["manager_engage"].pk]


@pytest.mark.parametrize(("params", "expected"), [
    ({"state": "rejected"}, ["x_inform"]),
    ({"network": "x"}, ["x_inform", "both_recruit"]),
    ({"network": "linkedin"}, ["linkedin_sale", "both_recruit"]),
    ({"network": "mastodon"}, ["manager_engage"]),
    ({"objective": "recruit"}, ["both_recruit"]),
    ({"q": "sourdough"}, ["linkedin_sale", "manager_engage"]),
    ({"q": "SALE ON"}, ["linkedin_sale"]),
    ({"date_from": "2031-03-15"}, ["x_inform", "manager_engage"]),
    ({"date_from": "2031-03-10", "date_to": "2031-03-20"}, ["linkedin_sale", "x_inform"]),
    ({"date_to": "2031-03-10"}, ["linkedin_sale"]),
    ({"network": "linkedin", "q": "hiring"}, ["both_recruit"]),
    ({"network": "x", "state": "draft", "objective": "recruit"}, ["both_recruit"]),
])
def test_filters_combine(client, intern, posts, params, expected):
    client.force_login(intern)
    response = client.get("/posts/", {"author": "any", **params})
    assert response.status_code == 200
    assert sorted(shown(response)) == ids(posts, *expected)


def test_the_date_filter_can_read_the_creation_date(client, intern, posts):
    Post.objects.filter(pk=posts["x_inform"].pk).update(
        created_at=timezone.now() - timedelta(days=30))
    client.force_login(intern)
    today = timezone.localdate().isoformat()
    response = client.get("/posts/", {"date_field": "created", "date_from": today,
                                      "author": "any"})
    assert sorted(shown(response)) == ids(posts, "linkedin_sale", "both_recruit",
                                          "manager_engage")


@pytest.mark.parametrize("params", [
    {"state": "nonsense"},
    {"network": "myspace"},
    {"author": "999999"},
    {"author": "'; DROP TABLE"},
    {"date_from": "yesterday"},
    {"date_from": "2031-04-01", "date_to": "2031-03-01"},
    {"page": "banana"},
])
def test_bad_filter_values_give_a_message_not_an_error(client, intern, posts, params):
    client.force_login(intern)
    response = client.get("/posts/", params)
    assert response.status_code == 200
    if "page" not in params:
        assert response.context["filters"].errors
        assert 'role="alert"' in response.content.decode()


def test_filters_are_kept_in_the_pagination_links(client, intern, brand, fields):
    for number in range(23):
        actions.create(intern, brand, fields(text=f"Sourdough news {number}", networks=["x"]))
    client.force_login(intern)
    first = client.get("/posts/", {"q": "sourdough", "network": "x"})
    assert first.context["page"].paginator.count == 23
    assert "q=sourdough&amp;network=x&amp;page=2" in first.content.decode()
    second = client.get("/posts/", {"q": "sourdough", "network": "x", "page": 2})
    assert len(shown(second)) == 3


def test_another_brands_authors_are_not_offered_nor_accepted(client, intern, other_admin,
                                                             other_brand, fields, posts):
    theirs = actions.create(other_admin, other_brand, fields())
    client.force_login(intern)
    response = client.get("/posts/", {"author": "any"})
    assert theirs.pk not in shown(response)
    assert other_admin.get_username() not in dict(
        response.context["filters"].fields["author"].choices).values()
    response = client.get("/posts/", {"author": other_admin.pk})
    assert response.context["filters"].errors["author"]


def test_the_review_queue_filters_too(client, brand, intern, manager, second_manager, fields,
                                      submit):
    hiring = submit(intern, actions.create(intern, brand, fields(
        text="We are hiring", networks=["linkedin"], objective="recruit")))
    sale = submit(intern, actions.create(intern, brand, fields(
        text="Sale on rye", networks=["x"], objective="sell")))
    other = submit(second_manager, actions.create(second_manager, brand, fields(
        text="Sale on buns", networks=["x"], objective="sell")))
    assert {hiring.state, sale.state, other.state} == {State.IN_REVIEW}
    client.force_login(manager)
    assert sorted(shown(client.get("/review/"))) == sorted([hiring.pk, sale.pk, other.pk])
    assert shown(client.get("/review/", {"network": "linkedin"})) == [hiring.pk]
    assert shown(client.get("/review/", {"q": "sale", "author": intern.pk})) == [sale.pk]
    assert sorted(shown(client.get("/review/", {"objective": "sell"}))) == sorted(
        [sale.pk, other.pk])
    page = client.get("/review/", {"q": "nothing like this"}).content.decode()
    assert "No post matches." in page
    # The queue holds posts in review only: no state nor archive filter.
    assert "state" not in client.get("/review/").context["filters"].fields


def test_the_search_reads_every_text_of_a_post(client, brand, intern, fields):
    bilingual = actions.create(intern, brand, fields(
        language="fr", text="Du pain frais lundi.", variant_specs=[
            {"language": "en", "network": "", "text": "Fresh bread on Monday."},
            {"language": "en", "network": "x", "text": "Bread Monday, short and sweet."},
        ]))
    actions.create(intern, brand, fields(text="Cakes on Tuesday."))
    client.force_login(intern)
    assert shown(client.get("/posts/", {"q": "fresh bread"})) == [bilingual.pk]
    assert shown(client.get("/posts/", {"q": "short and sweet"})) == [bilingual.pk]
    assert shown(client.get("/posts/", {"q": "pain"})) == [bilingual.pk]
