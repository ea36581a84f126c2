"""Québec's Law 25: a brand's retention period for the posts that never went out, set on
its settings page and applied by the scheduler, with one audit event per brand and run."""

import json
import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from socialgov.audit.models import AuditEvent
from socialgov.brands.models import Brand
from socialgov.images.models import ImageFile
from socialgov.notify.kinds import Kind
from socialgov.notify.models import Notice
from socialgov.posts import actions, retention
from socialgov.posts import comments as post_comments
from socialgov.posts.models import (
    Comment,
    Decision,
    Finding,
    Post,
    PostVersion,
    VersionImage,
    Waiver,
)
from tests.conftest import CLEAN_TEXT, reload

SETTINGS_FIELDS = {"name": "Acme", "languages": ["fr", "en"], "default_language": "fr",
                   "time_zone": "America/Toronto", "voice_summary": "",
                   "alt_text_severity": "warning", "packs": ["core-en", "core-fr"],
                   "reminder_hours": "2, 8, 24", "escalation_margin_hours": 2}


def keep_for(brand, days):
    Brand.objects.filter(pk=brand.pk).update(retention_days=days)
    brand.refresh_from_db()


def last_changed(posts, when):
    # A queryset update leaves updated_at (auto_now) as it is told.
    Post.objects.filter(pk__in=[post.pk for post in posts]).update(updated_at=when)


def run_scheduler(at):
    out = StringIO()
    call_command("run_scheduler", "--once", "--now", at.isoformat(), stdout=out,
                 stderr=StringIO())
    return out.getvalue()


def purged_events(brand=None):
    events = AuditEvent.objects.filter(action="posts_purged")
    return events.filter(brand=brand) if brand is not None else events


# -- the setting ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_brand_admin_sets_the_retention_period_and_the_history_tells_it(
        client, brand, brand_admin):
    client.force_login(brand_admin)
    url = reverse("brands:settings", args=[brand.slug])
    assert "Delete rejected, expired and archived posts after (days)" in \
        client.get(url).content.decode()

    response = client.post(url, {**SETTINGS_FIELDS, "retention_days": "90"})

    assert response.status_code == 302
    brand.refresh_from_db()
    assert brand.retention_days == 90
    event = AuditEvent.objects.get(brand=brand, action="brand_changed")
    assert event.data["fields"] == ["retention_days"]
    assert (event.data["before"]["retention_days"], event.data["after"]["retention_days"]) \
        == (None, 90)
    history = client.get(reverse("brands:history", args=[brand.slug])).content.decode()
    assert "Delete rejected, expired and archived posts after (days)" in history
    assert brand.rule_versions.count() == 1  # checks do not read it: no new version

    # Emptied: the posts are kept again.
    client.post(url, {**SETTINGS_FIELDS, "retention_days": ""})
    brand.refresh_from_db()
    assert brand.retention_days is None


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["3", "0", "-5", "3651", "99999999999999999999999", "ten",
                                   "1.5", "1" * 5000, "3\x00"])
def test_a_retention_period_out_of_bounds_is_refused_with_a_clear_message(
        client, brand, brand_admin, typed):
    client.force_login(brand_admin)
    keep_for(brand, 365)

    response = client.post(reverse("brands:settings", args=[brand.slug]),
                           {**SETTINGS_FIELDS, "voice_summary": "Warm.",
                            "retention_days": typed})

    assert response.status_code == 200
    page = response.content.decode()
    assert ("Give a whole number of days between 7 and 3650, or leave it empty to keep the "
            "posts.") in page
    assert "Warm." in page  # what was typed is shown again
    brand.refresh_from_db()
    assert (brand.retention_days, brand.voice_summary) == (365, "")
    assert not AuditEvent.objects.filter(action="brand_changed").exists()


# -- the purge -------------------------------------------------------------------------


@pytest.fixture
def aged(make_post):
    """Posts of every kind, their last change 40 days ago."""

    def make():
        posts = {
            "expired": make_post("expired"),
            "rejected": make_post("rejected"),
            "archived draft": make_post("draft"),
            "archived sent back": make_post("sent_back"),
            "archived published": make_post("published"),
            "draft": make_post("draft"),
            "in review": make_post("in_review"),
            "approved": make_post("approved"),
            "changes requested": make_post("changes_requested"),
            "published": make_post("published"),
        }
        for name in ("archived draft", "archived sent back", "archived published"):
            posts[name] = actions.archive(posts[name].author, posts[name])
        last_changed(posts.values(), timezone.now() - timedelta(days=40))
        return posts

    return make


@pytest.mark.django_db(transaction=True)  # the scheduler closes old connections
def test_the_scheduler_purges_rejected_expired_and_archived_unpublished_posts(
        brand, aged, make_post):
    posts = aged()
    recent = make_post("rejected")  # changed today: within the period
    keep_for(brand, 30)
    kept_events = AuditEvent.objects.filter(
        post__in=[posts["rejected"], posts["expired"]]).count()
    assert kept_events > 0

    out = run_scheduler(timezone.now())

    gone = {"expired", "rejected", "archived draft", "archived sent back"}
    remaining = set(Post.objects.values_list("pk", flat=True))
    assert {name for name, post in posts.items() if post.pk not in remaining} == gone
    assert recent.pk in remaining
    assert "scheduler: retention purge: 4" in out
    event = purged_events(brand).get()
    assert event.actor is None and event.post is None
    assert event.data["counts"] == {"draft": 1, "expired": 1, "rejected": 1, "sent_back": 1}
    assert (event.data["total"], event.data["archived"], event.data["retention_days"]) == (
        4, 2, 30)
    assert event.data["oldest_change"] <= event.data["newest_change"] < \
        event.data["changed_before"]
    stored = json.dumps(event.data)
    assert CLEAN_TEXT not in stored and "dumb" not in stored  # never a post's text
    # The history of the purged posts stays, without the link to them.
    assert AuditEvent.objects.filter(post__isnull=True).exclude(
        action="posts_purged").count() >= kept_events


@pytest.mark.django_db(transaction=True)  # the scheduler closes old connections
def test_a_second_run_purges_nothing_more_and_records_nothing(brand, aged):
    aged()
    keep_for(brand, 30)
    run_scheduler(timezone.now())
    left = Post.objects.count()

    out = run_scheduler(timezone.now() + timedelta(minutes=1))

    assert "retention purge" not in out
    assert Post.objects.count() == left
    assert purged_events().count() == 1


@pytest.fixture
def other_approver(make_user, other_brand):
    from socialgov.accounts.models import Membership, Role

    user = make_user("otherapprover")
    Membership.objects.create(user=user, brand=other_brand, role=Role.APPROVER)
    return user


@pytest.mark.django_db(transaction=True)  # the scheduler closes old connections
def test_without_a_retention_period_nothing_is_purged(brand, other_brand, other_admin,
                                                      other_approver, aged, make_post):
    posts = aged()
    other = make_post("rejected", brand=other_brand, author=other_admin,
                      reviewer=other_approver)
    last_changed([other], timezone.now() - timedelta(days=4000))
    keep_for(other_brand, None)

    run_scheduler(timezone.now())

    assert Post.objects.count() == len(posts) + 1
    assert not purged_events().exists()


@pytest.mark.django_db(transaction=True)  # the scheduler closes old connections
def test_only_the_brand_with_the_period_is_purged(brand, other_brand, other_admin,
                                                  other_approver, aged, make_post):
    aged()
    keep_for(brand, 365)  # 40 days is within Acme's period
    keep_for(other_brand, 30)
    theirs = make_post("rejected", brand=other_brand, author=other_admin,
                       reviewer=other_approver)
    last_changed([theirs], timezone.now() - timedelta(days=31))

    run_scheduler(timezone.now())

    assert not Post.objects.filter(pk=theirs.pk).exists()
    assert Post.objects.filter(brand=brand).count() == 10
    assert purged_events(other_brand).get().data["counts"] == {"rejected": 1}
    assert not purged_events(brand).exists()


@pytest.mark.django_db
def test_a_purged_post_takes_everything_of_its_own_and_leaves_the_rest(
        brand, intern, manager, second_manager, make_post, make_image,
        django_capture_on_commit_callbacks):
    from django.core.files.storage import default_storage

    own_image, shared_image = make_image(), make_image(200, 100, name="shared.jpg")
    images = [{"image": own_image.pk, "alt": "Ours"}, {"image": shared_image.pk, "alt": ""}]
    post = make_post("in_review", error=True, image_specs=images)
    version = post.current_version
    for finding in reload(post).findings:
        actions.waive(second_manager, post, finding, "A customer's words.")
    thread = post_comments.add(manager, post, version.pk, "Why this word?", quote="dumb")
    post_comments.reply(intern, thread, "A customer said it.")
    post_comments.add(manager, post, version.pk, "Lovely photo.", image=own_image.pk)
    actions.reject(second_manager, post, version.pk, "Not for us.")
    Notice.objects.create(recipient=intern, event=post.audit_events.last(),
                          kind=Kind.DECISION, brand=brand, post=post,
                          url=post.get_absolute_url())
    plain = make_post("rejected")
    copy = actions.duplicate(intern, plain)  # a live draft: kept
    kept = make_post("draft", image_specs=[{"image": shared_image.pk, "alt": "Kept"}])
    assert Waiver.objects.filter(finding__version=version).exists()
    assert Decision.objects.filter(post=post).exists()
    own_image.refresh_from_db()
    # With Redis the thumbnail is a worker's job: the file alone, then.
    own_files = [name for name in (own_image.file.name, own_image.thumbnail.name) if name]
    assert own_files and all(default_storage.exists(name) for name in own_files)
    last_changed([post, plain], timezone.now() - timedelta(days=8))
    keep_for(brand, 7)

    with django_capture_on_commit_callbacks(execute=True):
        assert retention.purge_due(timezone.now()) == 2

    assert not Post.objects.filter(pk__in=[post.pk, plain.pk]).exists()
    assert not PostVersion.objects.filter(post_id=post.pk).exists()
    assert not Finding.objects.filter(version_id=version.pk).exists()
    assert not Waiver.objects.filter(finding__version_id=version.pk).exists()
    assert not Decision.objects.filter(version_id=version.pk).exists()
    assert not Comment.objects.filter(version_id=version.pk).exists()
    assert not VersionImage.objects.filter(version_id=version.pk).exists()
    assert not Notice.objects.filter(post_id=post.pk).exists()
    # Its own image went, files included; the one another post shows stays.
    assert not ImageFile.objects.filter(pk=own_image.pk).exists()
    assert not any(default_storage.exists(name) for name in own_files)
    assert ImageFile.objects.filter(pk=shared_image.pk).exists()
    assert default_storage.exists(shared_image.file.name)
    # The copy stays; it no longer says where it came from.
    copy.refresh_from_db()
    assert copy.duplicated_from is None
    assert Post.objects.filter(pk=kept.pk).exists()


@pytest.mark.django_db
def test_the_purge_goes_in_batches_up_to_a_limit_a_run(brand, make_post):
    posts = [make_post("rejected") for _ in range(5)]
    last_changed(posts, timezone.now() - timedelta(days=10))
    keep_for(brand, 7)

    first = retention.purge_brand(brand.pk, timezone.now(), batch_size=2, limit=3)
    second = retention.purge_brand(brand.pk, timezone.now(), batch_size=2, limit=3)
    third = retention.purge_brand(brand.pk, timezone.now(), batch_size=2, limit=3)

    assert (first, second, third) == (3, 2, 0)
    assert not Post.objects.exists()
    assert [e.data["total"] for e in purged_events(brand)] == [3, 2]


@pytest.mark.django_db
def test_a_post_restored_from_the_archive_is_kept(brand, make_post):
    post = make_post("draft")
    post = actions.archive(post.author, post)
    last_changed([post], timezone.now() - timedelta(days=10))
    keep_for(brand, 7)
    # Restoring is a change: the period starts again, and a live draft is never purged.
    actions.restore(post.author, Post.objects.get(pk=post.pk))
    last_changed([post], timezone.now() - timedelta(days=10))

    assert retention.purge_due(timezone.now()) == 0
    assert Post.objects.filter(pk=post.pk).exists()


# -- two schedulers at once (PostgreSQL: real row locks) ---------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_brand_another_scheduler_is_purging_is_skipped(using_postgres, brand, make_post):
    posts = [make_post("rejected") for _ in range(3)]
    last_changed(posts, timezone.now() - timedelta(days=10))
    keep_for(brand, 7)
    holding, release = threading.Event(), threading.Event()

    def other_scheduler():
        try:
            with transaction.atomic():
                Brand.objects.select_for_update(no_key=True).get(pk=brand.pk)
                holding.set()
                release.wait(timeout=20)
        finally:
            connection.close()

    thread = threading.Thread(target=other_scheduler)
    thread.start()
    try:
        assert holding.wait(timeout=10)
        assert retention.purge_due(timezone.now()) == 0  # not waiting: skipped
        assert Post.objects.count() == 3
    finally:
        release.set()
        thread.join(timeout=20)
    assert retention.purge_due(timezone.now()) == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(2))
def test_two_schedulers_at_once_purge_each_post_once(attempt, using_postgres, brand,
                                                     make_post):
    posts = [make_post("rejected") for _ in range(6)]
    last_changed(posts, timezone.now() - timedelta(days=10))
    keep_for(brand, 7)
    barrier = threading.Barrier(2)
    results = []

    def scheduler():
        try:
            barrier.wait(timeout=10)
            results.append(retention.purge_brand(brand.pk, timezone.now(), batch_size=1))
        except Exception as error:  # surfaced below, in the test's thread
            results.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results, key=str) in ([0, 6], [6, 0]), results
    assert not Post.objects.exists()
    assert [e.data["total"] for e in purged_events(brand)] == [6]

