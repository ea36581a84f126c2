"""Issue 12, "The team's day": notifications. Each kind of event tells exactly
the brand's active members it concerns (never the actor, another brand's
member, a deactivated member), in the app and by e-mail in each person's
language, at once or in a daily digest, once."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from socialgov.accounts.models import Membership, Role
from socialgov.audit.events import record
from socialgov.audit.models import Action, AuditEvent
from socialgov.brands import crisis
from socialgov.brands.models import ApprovalStep, Brand
from socialgov.notify import digest, jobs, preferences
from socialgov.notify.kinds import Channel, Kind
from socialgov.notify.models import Digest, KindPreference, Notice, NoticeSettings
from socialgov.notify.recipients import mentioned
from socialgov.posts import actions, comments, reminders
from tests.conftest import need, reload

pytestmark = pytest.mark.django_db

SITE = "https://socialgov.example.org"


@pytest.fixture(autouse=True)
def addresses(settings, intern, manager, second_manager, brand_admin, other_admin):
    """Everyone has an e-mail address; links are made on SITE."""
    settings.SITE_URL = SITE
    for user in (intern, manager, second_manager, brand_admin, other_admin):
        user.email = f"{user.username}@example.com"
        user.save()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the block's transaction hands over at commit (checks, notices)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def former(make_user, brand):
    """An approver of the brand whose membership is deactivated."""
    user = make_user("former", email="former@example.com")
    Membership.objects.create(user=user, brand=brand, role=Role.APPROVER, is_active=False)
    return user


@pytest.fixture
def closed_account(make_user, brand):
    """An active membership of an account that is closed."""
    user = make_user("closed", email="closed@example.com", is_active=False)
    Membership.objects.create(user=user, brand=brand, role=Role.APPROVER)
    return user


def told(action=None):
    """{(username, kind)} of the notices (of the events of ``action``)."""
    notices = Notice.objects.select_related("recipient")
    if action is not None:
        notices = notices.filter(event__action=action)
    return {(notice.recipient.username, notice.kind) for notice in notices}


def mailed():
    return sorted(message.to[0] for message in mail.outbox)


def fresh():
    mail.outbox.clear()


# -- who is told ----------------------------------------------------------------------------


def test_a_post_that_reaches_review_tells_those_who_can_decide_it_and_nobody_else(
    make_post, former, closed_account
):
    make_post("in_review")
    assert told(Action.CHECK_DONE) == {
        ("manager", Kind.SUBMITTED), ("manager2", Kind.SUBMITTED),
        ("brandadmin", Kind.SUBMITTED)}
    # At once, by e-mail: their default for what waits on them.
    assert mailed() == ["brandadmin@example.com", "manager2@example.com",
                        "manager@example.com"]


def test_the_next_step_is_told_when_the_one_before_is_approved(
    brand, make_post, manager, committed
):
    ApprovalStep.objects.create(brand=brand, name="Comms", decided_by="approvers", position=0)
    ApprovalStep.objects.create(brand=brand, name="Sign-off", decided_by="brand_admins",
                                position=1)
    post = make_post("in_review")
    fresh()
    with committed():
        actions.approve(manager, post, post.current_version_id)
    assert told(Action.STEP_APPROVED) == {("brandadmin", Kind.SUBMITTED)}
    assert mailed() == ["brandadmin@example.com"]


def test_one_approval_of_an_all_of_them_step_tells_nobody_new(brand, make_post, manager,
                                                              committed):
    ApprovalStep.objects.create(brand=brand, name="Comms", decided_by="approvers", rule="all",
                                position=0)
    post = make_post("in_review")
    with committed():
        actions.approve(manager, post, post.current_version_id)
    assert told(Action.STEP_APPROVED) == set()


@pytest.mark.parametrize("decision", ["approve", "request_changes", "reject"])
def test_a_decision_tells_the_author_only(decision, make_post, manager, committed):
    post = make_post("in_review")
    fresh()
    with committed():
        getattr(actions, decision)(manager, post, post.current_version_id,
                                   *(["Not now."] if decision != "approve" else []))
    assert told(decision) == {("intern", Kind.DECISION)}
    assert mailed() == ["intern@example.com"]


def test_a_post_sent_back_by_the_check_tells_its_author(make_post):
    make_post("sent_back")
    assert told(Action.CHECK_DONE) == {("intern", Kind.SENT_BACK)}


def test_a_waiver_asked_tells_the_brand_admins_and_those_who_decide(make_post, intern,
                                                                    committed):
    post = make_post("sent_back")
    with committed():
        actions.ask_waiver(intern, post, "It is a quote.")
    assert told(Action.ASK_WAIVER) == {
        ("brandadmin", Kind.WAIVER_ASKED), ("manager", Kind.SUBMITTED),
        ("manager2", Kind.SUBMITTED)}


def test_a_waiver_granted_tells_the_author(make_post, manager, committed):
    post = make_post("sent_back")
    actions.ask_waiver(post.author, post, "It is a quote.")
    finding = next(f for f in reload(post).findings if f.severity == "error")
    with committed():
        actions.waive(manager, reload(post), finding, "A customer's words.")
    assert told(Action.WAIVE) == {("intern", Kind.WAIVER_GRANTED)}


def test_comments_tell_the_author_and_the_thread_and_mentions_only_members(
    make_post, manager, second_manager, intern, other_admin, former, committed
):
    post = make_post("in_review")
    with committed():
        thread = comments.add(manager, post, post.current_version_id, "Shorter, please.")
    assert told(Action.COMMENT_ADDED) == {("intern", Kind.COMMENT)}
    with committed():
        comments.reply(second_manager, thread,
                       "Agreed. @BrandAdmin, @otheradmin and @former, see this; @manager2 too.")
    # The thread's people; the mentioned brand admin; never the other brand's
    # admin, a deactivated member, nor the replier mentioning themself.
    assert told(Action.COMMENT_REPLIED) == {
        ("intern", Kind.COMMENT), ("manager", Kind.COMMENT), ("brandadmin", Kind.MENTION)}


def test_mentions_are_read_as_people_write_them():
    assert mentioned("Hi @Manager, cc @brand.admin. Write to x@example.com or @") == {
        "manager", "brand.admin", "brand.admin."}


def test_crisis_mode_tells_every_active_member_of_the_brand_but_its_actor(
    brand, manager, other_admin, former, closed_account, committed
):
    with committed():
        crisis.start(manager, brand, "A flood in the city.")
    assert told(Action.CRISIS_STARTED) == {
        ("intern", Kind.CRISIS), ("manager2", Kind.CRISIS), ("brandadmin", Kind.CRISIS)}
    with committed():
        crisis.end(manager, brand, "The water is gone.")
    assert {name for name, _kind in told(Action.CRISIS_ENDED)} == {
        "intern", "manager2", "brandadmin"}
    # The crisis page to those who may open it; the posts to a drafter.
    links = dict(Notice.objects.filter(event__action=Action.CRISIS_STARTED)
                 .values_list("recipient__username", "url"))
    assert links["brandadmin"] == reverse("brands:crises", args=[brand.slug])
    assert links["intern"] == reverse("posts:mine")


def test_a_recheck_that_pulls_a_post_back_tells_its_author_and_the_approvers(
    client, brand, make_post, manager, committed
):
    make_post("approved", text="Our bakery by the river opens on Monday, flood or not!",
              reviewer=manager)
    client.force_login(manager)
    with committed():
        client.post(reverse("brands:watch_words", args=[brand.slug]), {"term": "flood"})
    assert told(Action.RECHECK) == {
        ("intern", Kind.PULLED_BACK), ("manager", Kind.PULLED_BACK),
        ("manager2", Kind.PULLED_BACK), ("brandadmin", Kind.PULLED_BACK)}


def test_reminders_and_expiry_warnings_tell_who_the_post_waits_on(brand, make_post, committed):
    brand.reminder_hours = [1]
    brand.save()
    post = make_post("in_review", planned_at=timezone.now() + timedelta(hours=3))
    with committed():
        reminders.remind_approvers(timezone.now() + timedelta(minutes=61))
    assert told(Action.REVIEW_REMINDER) == {
        ("manager", Kind.REMINDER), ("manager2", Kind.REMINDER), ("brandadmin", Kind.REMINDER)}
    with committed():
        reminders.warn_expiring(post.current_version.planned_at - timedelta(minutes=30))
    assert told(Action.EXPIRY_WARNING) == {
        ("intern", Kind.EXPIRING), ("manager", Kind.EXPIRING), ("manager2", Kind.EXPIRING),
        ("brandadmin", Kind.EXPIRING)}


def test_nothing_is_told_of_a_change_that_rolls_back(brand, manager, committed):
    with committed():
        with pytest.raises(RuntimeError), transaction.atomic():
            crisis.start(manager, brand, "A flood in the city.")
            raise RuntimeError("the request failed after the change")
    assert not Notice.objects.exists()
    assert not mail.outbox


# -- e-mails ------------------------------------------------------------------------------


def test_each_email_is_in_its_recipients_language_with_a_link_that_opens_the_post(
    client, make_post, manager, intern, committed
):
    NoticeSettings.objects.create(user=intern, language="fr")
    post = make_post("in_review")
    with committed():
        actions.request_changes(manager, post, post.current_version_id, "Mention the hours.")
    [message] = [m for m in mail.outbox if m.to == ["intern@example.com"]]
    assert "a demandé des modifications" in message.body
    assert "Mention the hours." in message.body
    assert str(post.pk) in message.subject and "[Acme]" in message.subject
    link, settings_link = [word for word in message.body.split() if word.startswith("http")]
    assert link.startswith(SITE + "/") and settings_link == SITE + reverse("notify:settings")
    html, _type = message.alternatives[0]
    assert link in html and 'lang="fr"' in html

    client.force_login(intern)
    response = client.get(link.removeprefix(SITE))
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert Notice.objects.get(recipient=intern, event__action="request_changes").read_at


def test_an_english_reader_gets_english(make_post, manager, intern, committed):
    NoticeSettings.objects.create(user=intern, language="en")
    post = make_post("in_review")
    fresh()
    with committed():
        actions.request_changes(manager, post, post.current_version_id, "Mention the hours.")
    [message] = mail.outbox
    assert "manager requested changes" in message.body
    assert message.subject == f"[Acme] Changes are requested on your post #{post.pk}"


def test_in_app_only_sends_no_email(make_post, manager, intern, committed):
    KindPreference.objects.create(user=intern, kind=Kind.DECISION, channel=Channel.IN_APP)
    post = make_post("in_review")
    fresh()
    with committed():
        actions.approve(manager, post, post.current_version_id)
    assert told(Action.APPROVE) == {("intern", Kind.DECISION)}
    assert not mail.outbox


def test_someone_without_an_address_is_told_in_the_app(make_post, manager, intern, committed):
    intern.email = ""
    intern.save()
    post = make_post("in_review")
    fresh()
    with committed():
        actions.approve(manager, post, post.current_version_id)
    assert Notice.objects.get(recipient=intern).delivery == Channel.IN_APP
    assert not mail.outbox


def test_a_failing_mail_server_loses_no_notice(settings, make_post, caplog):
    settings.EMAIL_BACKEND = "tests.test_notify.BrokenBackend"
    make_post("in_review")
    assert len(told(Action.CHECK_DONE)) == 3
    assert "could not send 3 notification e-mail(s)" in caplog.text


class BrokenBackend:
    def __init__(self, **kwargs):
        pass

    def __enter__(self):
        raise ConnectionRefusedError("no SMTP server")

    def __exit__(self, *exc):
        return False


def test_a_job_run_twice_tells_nobody_twice(make_post):
    make_post("in_review")
    event = AuditEvent.objects.get(action=Action.CHECK_DONE)
    notices, emails = Notice.objects.count(), len(mail.outbox)
    assert jobs.deliver(event.pk) == 3
    assert (Notice.objects.count(), len(mail.outbox)) == (notices, emails) == (3, 3)


def _redis_up(url):
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError:
        return False
    return True


def test_with_a_worker_telling_people_is_its_job_never_the_requests(settings, brand, manager,
                                                                     committed):
    from rq import Queue

    from socialgov.posts import pipeline
    from tests.support.rq_burst import run_burst

    url = "redis://127.0.0.1:6379/0"
    need(_redis_up(url), "Redis is not running at 127.0.0.1:6379")
    settings.REDIS_URL, settings.CHECKS_ASYNC = url, True
    queue = Queue(settings.NOTIFY_QUEUE, connection=pipeline.redis_connection())
    try:
        with committed():
            crisis.start(manager, brand, "A flood in the city.")
        assert not Notice.objects.exists()  # committed, and nobody told from here
        [job] = queue.get_jobs()
        assert job.func_name == "socialgov.notify.jobs.deliver"
        run_burst(queue)
        assert {name for name, _kind in told()} == {"intern", "manager2", "brandadmin"}
        assert len(mail.outbox) == 3
    finally:
        queue.delete(delete_jobs=True)


def test_with_redis_away_people_are_told_from_here(settings, brand, manager, committed,
                                                   caplog):
    settings.REDIS_URL, settings.CHECKS_ASYNC = "redis://127.0.0.1:1/0", True
    with committed():
        crisis.start(manager, brand, "A flood in the city.")
    assert "running it in-process" in caplog.text
    assert len(told(Action.CRISIS_STARTED)) == 3


def _crowd(make_user, size):
    """A brand of ``size`` members with addresses, half of them reading French."""
    brand = Brand.objects.create(name=f"Crowd {size}", slug=f"crowd-{size}", languages=["en"],
                                 default_language="en")
    for number in range(size):
        user = make_user(f"member{size}-{number}", email=f"m{size}-{number}@example.com")
        Membership.objects.create(user=user, brand=brand, role=Role.DRAFTER)
        if number % 2:
            NoticeSettings.objects.create(user=user, language="fr")
    admin = make_user(f"admin{size}")
    Membership.objects.create(user=admin, brand=brand, role=Role.BRAND_ADMIN)
    with transaction.atomic():
        crisis.start(admin, brand, "Storm")
    return AuditEvent.objects.get(brand=brand, action=Action.CRISIS_STARTED)


def test_the_job_runs_as_many_queries_for_50_recipients_as_for_10(make_user):
    counts = []
    for size in (10, 50):
        event = _crowd(make_user, size)
        fresh()
        with CaptureQueriesContext(connection) as captured:
            assert jobs.deliver(event.pk) == size
        counts.append(len(captured))
        assert len(mail.outbox) == size
    assert counts[0] == counts[1], counts
    assert counts[0] <= 15, counts


# -- digests --------------------------------------------------------------------------------


@pytest.fixture
def digest_at_nine(manager):
    """The manager's comments go to a digest at 09:00 UTC."""
    NoticeSettings.objects.create(user=manager, language="en", digest_hour=9, time_zone="UTC")
    return manager


def _tomorrow_at(hour):
    day = timezone.now().astimezone(UTC).date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _comment_on(post, author, committed, body="Shorter, please."):
    with committed():
        return comments.add(author, post, post.current_version_id, body)


def test_the_digest_collects_and_is_sent_once_a_day(make_post, intern, digest_at_nine,
                                                   committed):
    post = make_post("in_review", author=digest_at_nine)
    _comment_on(post, intern, committed)
    _comment_on(post, intern, committed, "And warmer.")
    fresh()
    tomorrow = timezone.now().astimezone(UTC).date() + timedelta(days=1)

    def tick(hour, minute=0, day=tomorrow):
        return digest.send_due(datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC))

    assert tick(8, 59) == 0 and not mail.outbox
    assert tick(9, 5) == 1
    assert tick(9, 5) == 0 and tick(23, 0) == 0  # the same tick again, and later that day
    [message] = mail.outbox
    assert message.to == ["manager@example.com"]
    assert message.subject == f"Your SocialGov digest for {tomorrow.isoformat()}"
    assert message.body.count(f"{SITE}/notifications/") >= 2
    assert message.body.count(f"intern commented on post #{post.pk}") == 2
    assert Digest.objects.filter(user=digest_at_nine).count() == 1
    # What comes after today's digest waits for tomorrow's.
    _comment_on(post, intern, committed, "One more thing.")
    assert tick(23, 30) == 0
    assert tick(9, 1, day=tomorrow + timedelta(days=1)) == 1
    assert len(mail.outbox) == 2


# The scheduler closes old connections: a test transaction would not survive it.
@pytest.mark.django_db(transaction=True)
def test_the_scheduler_sends_the_digests_due(make_post, intern, digest_at_nine, committed):
    post = make_post("in_review", author=digest_at_nine)
    _comment_on(post, intern, committed)
    fresh()
    call_command("run_scheduler", "--once", "--now", _tomorrow_at(10).isoformat())
    call_command("run_scheduler", "--once", "--now", _tomorrow_at(11).isoformat())
    digests = [message.to for message in mail.outbox if "digest" in message.subject]
    assert digests == [["manager@example.com"]]


def test_a_digest_leaves_out_what_was_read_in_the_app(make_post, intern, digest_at_nine,
                                                      committed):
    post = make_post("in_review", author=digest_at_nine)
    _comment_on(post, intern, committed)
    preferences.mark_all_read(digest_at_nine)
    fresh()
    assert digest.send_due(_tomorrow_at(10)) == 1
    assert not mail.outbox
    assert not Notice.objects.filter(delivery=Channel.DIGEST, emailed_at__isnull=True).exists()


# -- the pages ------------------------------------------------------------------------------


def test_every_page_shows_the_unread_count_and_the_posts_waiting(client, make_post, manager):
    make_post("in_review")
    make_post("in_review", text="Fresh bread every morning.")
    client.force_login(manager)
    page = client.get(reverse("posts:mine")).content.decode()
    assert 'id="unread-count"' in page and 'id="waiting-count"' in page
    assert '2<span class="visually-hidden"> unread</span>' in page
    assert '2<span class="visually-hidden"> waiting on you</span>' in page
    assert 'hx-trigger="load delay:20s"' in page and "unread=2&amp;waiting=2&amp;poll=0" in page


def test_a_drafter_has_no_review_count(client, make_post, intern):
    make_post("in_review")
    client.force_login(intern)
    page = client.get(reverse("posts:mine")).content.decode()
    assert 'id="waiting-count"' not in page and "waiting=" not in page


def test_the_poll_answers_only_the_counts_that_changed(client, make_post, manager):
    client.force_login(manager)
    url = reverse("notify:counts")
    unchanged = client.get(url, {"unread": 0, "waiting": 0, "poll": 3}).content.decode()
    assert "hx-swap-oob" not in unchanged and "poll=4" in unchanged
    make_post("in_review")
    with CaptureQueriesContext(connection) as captured:
        changed = client.get(url, {"unread": 0, "waiting": 0, "poll": 4}).content.decode()
    assert 'id="unread-count" hx-swap-oob="innerHTML"' in changed
    assert 'id="waiting-count" hx-swap-oob="innerHTML"' in changed
    assert len(captured) <= 4  # the session, the user, and one query per count


def test_the_poll_stops(client, settings, manager):
    settings.NOTIFY_POLL_SECONDS, settings.NOTIFY_POLL_FOR_SECONDS = 20, 60
    client.force_login(manager)
    last = client.get(reverse("notify:counts"), {"unread": 0, "poll": 2}).content.decode()
    assert "hx-get" not in last
    client.logout()
    assert client.get(reverse("notify:counts")).status_code == 204


def test_the_list_marks_unread_in_words_and_opens_what_it_is_about(client, make_post, manager):
    post = make_post("in_review")
    client.force_login(manager)
    page = client.get(reverse("notify:list")).content.decode()
    assert "Unread" in page and f"Post #{post.pk} waits on a step you can decide" in page
    notice = Notice.objects.get(recipient=manager)
    assert client.get(reverse("notify:open", args=[notice.pk]))["Location"] == \
        post.get_absolute_url()
    assert "Unread" not in client.get(reverse("notify:list")).content.decode()


def test_nobody_opens_someone_elses_notice(client, make_post, intern):
    make_post("in_review")
    client.force_login(intern)
    notice = Notice.objects.first()
    assert client.get(reverse("notify:open", args=[notice.pk])).status_code == 404
    assert reload_notice(notice).read_at is None


def reload_notice(notice):
    return Notice.objects.get(pk=notice.pk)


def test_mark_all_as_read(client, make_post, manager):
    make_post("in_review")
    make_post("in_review", text="Fresh bread every morning.")
    client.force_login(manager)
    response = client.post(reverse("notify:read_all"), follow=True)
    assert "All your notifications are marked as read." in response.content.decode()
    assert preferences.unread_count(manager) == 0


def test_a_deactivated_member_no_longer_sees_that_brands_notices(client, brand, make_post,
                                                                  manager):
    make_post("in_review")
    assert preferences.unread_count(manager) == 1
    Membership.objects.filter(user=manager, brand=brand).update(is_active=False)
    assert preferences.unread_count(manager) == 0


def test_the_list_runs_as_many_queries_with_50_notices_as_with_10(client, make_post, manager,
                                                                   intern):
    post = make_post("draft")
    thread = comments.add(intern, post, post.current_version_id, "A first remark.")
    happened = [(Action.APPROVE, {"step": "review", "step_name": "Review"}),
                (Action.REQUEST_CHANGES, {"text": "Warmer, please.", "reasons": []}),
                (Action.COMMENT_ADDED, {"comment": thread.pk, "excerpt": "A first remark."}),
                (Action.RECHECK, {"errors": []})]
    counts = []
    for size in (10, 50):
        with transaction.atomic():
            for number in range(size):
                action, data = happened[number % len(happened)]
                event = record(action, actor=intern, post=post, **data)
                Notice.objects.create(recipient=manager, event=event, kind=Kind.COMMENT,
                                      brand=post.brand, post=post, url="/posts/")
        client.force_login(manager)
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("notify:list")).content.decode()
        counts.append(len(captured))
        assert page.count('class="notice-row unread"') == min(size, 20)
    assert counts[0] == counts[1], counts


def test_the_settings_page_saves_each_choice(client, manager):
    client.force_login(manager)
    page = client.get(reverse("notify:settings")).content.decode()
    assert "E-mail at once" in page and "Daily digest" in page and "In-app only" in page
    data = {f"kind_{kind}": Channel.EMAIL for kind in Kind.values}
    data.update(kind_comment=Channel.IN_APP, digest_hour="17", language="fr",
                time_zone="Europe/Paris")
    assert client.post(reverse("notify:settings"), data).status_code == 302
    saved = NoticeSettings.objects.get(user=manager)
    assert (saved.digest_hour, saved.language, saved.time_zone) == (17, "fr", "Europe/Paris")
    assert preferences.channels_for(manager)[Kind.COMMENT] == Channel.IN_APP


def test_bad_settings_are_refused_with_nothing_lost(client, manager):
    client.force_login(manager)
    data = {f"kind_{kind}": Channel.EMAIL for kind in Kind.values}
    data.update(kind_mention="carrier-pigeon", digest_hour="25", language="fr",
                time_zone="Mars/Olympus")
    response = client.post(reverse("notify:settings"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('role="alert"') == 3
    assert 'value="fr" selected' in page  # what was typed stays
    assert not NoticeSettings.objects.exists() and not KindPreference.objects.exists()


def test_the_language_switch_and_login_set_the_emails_language(client, manager):
    client.post(reverse("login"), {"username": "manager", "password": "pw"},
                HTTP_ACCEPT_LANGUAGE="fr")
    assert NoticeSettings.objects.get(user=manager).language == "fr"
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert NoticeSettings.objects.get(user=manager).language == "en"
