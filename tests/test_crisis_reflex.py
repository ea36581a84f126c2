"""Issue 5, "Crisis reflex": watch words, re-checks on rule changes, crisis
mode, expiry and publication. Checks run at commit (in-process, or through
RQ's synchronous mode when REDIS_URL is set); test_worker_crisis.py runs the
same stories through real worker processes."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from socialgov.audit.models import AuditEvent
from socialgov.brands import crisis
from socialgov.brands.models import CrisisPeriod, RecheckBatch, WatchWord, rule_inputs
from socialgov.posts import actions, approval, system
from socialgov.posts.errors import TransitionError
from socialgov.posts.models import Decision, Finding, Post, State
from tests.conftest import available, live_urls, reload

pytestmark = pytest.mark.django_db

CLEAN = "Our new bakery opens on Monday. Come and say hello!"
FLOODED = "Our bakery by the river opens on Monday, flood or not!"


@pytest.fixture(autouse=True)
def approver_emails(manager, second_manager, brand_admin):
    for user, address in ((manager, "manager@example.com"),
                          (second_manager, "manager2@example.com"),
                          (brand_admin, "admin@example.com")):
        user.email = address
        user.save()


@pytest.fixture
def approved(make_post, manager):
    def make(text=CLEAN, **extra):
        return make_post("approved", text=text, reviewer=manager, **extra)

    return make


@pytest.fixture
def in_review(make_post):
    def make(text=CLEAN, **extra):
        return make_post("in_review", text=text, **extra)

    return make


def add_watch_word(client, user, brand, term, commit, expires_on=""):
    client.force_login(user)
    with commit(execute=True):
        return client.post(reverse("brands:watch_words", args=[brand.slug]),
                           {"term": term, "expires_on": expires_on})


# -- watch words ------------------------------------------------------------------


def test_a_post_using_an_active_watch_word_gets_an_error_naming_the_word(
    brand, intern, manager, fields, submit
):
    WatchWord.objects.create(brand=brand, term="flood", created_by=manager)
    post = submit(intern, actions.create(intern, brand, fields(text=FLOODED)))

    assert post.state == State.SENT_BACK
    errors = [f for f in post.findings if f.severity == "error"]
    assert [(f.kind, f.matched) for f in errors] == [("watch", "flood")]
    assert "flood" in errors[0].message_en


def test_an_expired_watch_word_is_ignored(brand, intern, manager, fields, submit):
    WatchWord.objects.create(brand=brand, term="flood", created_by=manager,
                             expires_on=brand.today() - timedelta(days=1))
    post = submit(intern, actions.create(intern, brand, fields(text=FLOODED)))

    assert post.state == State.IN_REVIEW
    assert rule_inputs(brand).watch == ()


def test_the_check_key_changes_when_the_active_watch_words_change(brand, manager):
    before = rule_inputs(brand).fingerprint
    word = WatchWord.objects.create(brand=brand, term="flood", created_by=manager)
    during = rule_inputs(brand).fingerprint
    word.expires_on = brand.today() - timedelta(days=1)
    word.save()

    assert during != before
    after = rule_inputs(brand)
    # Expired: as if it were not there (the rule set's version still counts the change).
    assert after.watch == () and after.fingerprint.split("-")[1] == before.split("-")[1]


def test_approvers_and_brand_admins_add_and_remove_watch_words(
    client, brand, manager, brand_admin, django_capture_on_commit_callbacks
):
    response = add_watch_word(client, manager, brand, "  flood  ",
                              django_capture_on_commit_callbacks, "2030-01-31")
    assert response.status_code == 302
    word = WatchWord.objects.get(brand=brand)
    assert (word.term, word.expires_on, word.created_by) == ("flood", date(2030, 1, 31), manager)
    added = AuditEvent.objects.get(action="watch_word_added")
    assert (added.data["subject"], added.data["expires_on"]) == ("flood", "2030-01-31")

    client.force_login(brand_admin)
    page = client.get(reverse("brands:watch_words", args=[brand.slug])).content.decode()
    assert "Watch words" in page and "flood" in page
    client.post(reverse("brands:watch_word_remove", args=[brand.slug, word.pk]))
    assert not WatchWord.objects.filter(brand=brand).exists()
    assert AuditEvent.objects.get(action="watch_word_removed").data["subject"] == "flood"


def test_a_drafter_cannot_edit_watch_words(client, brand, intern):
    client.force_login(intern)
    response = client.post(reverse("brands:watch_words", args=[brand.slug]), {"term": "flood"})
    assert response.status_code == 403
    assert not WatchWord.objects.exists()


def test_the_watch_words_page_is_in_french_for_a_french_reader(client, brand, manager):
    client.force_login(manager)
    page = client.get(reverse("brands:watch_words", args=[brand.slug]),
                      HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Mots à surveiller" in page


# -- re-check on change --------------------------------------------------------------


def test_adding_a_watch_word_pulls_an_approved_post_using_it_back_to_its_author(
    client, brand, manager, approved, django_capture_on_commit_callbacks
):
    post = approved(FLOODED)
    mail.outbox.clear()

    add_watch_word(client, manager, brand, "flood", django_capture_on_commit_callbacks)

    post = reload(post)
    assert post.state == State.SENT_BACK
    event = AuditEvent.objects.filter(post=post, action="recheck").get()
    assert (event.actor, event.actor_name) == (None, "")
    assert (event.from_state, event.to_state) == (State.APPROVED, State.SENT_BACK)
    assert Finding.objects.get(pk__in=event.data["errors"]).matched == "flood"
    assert [f.matched for f in post.findings if f.severity == "error"] == ["flood"]
    # The brand's approvers and admins are told, each by an e-mail of their own
    # (socialgov/notify; the author, without an address, in the app only).
    assert sorted(message.to[0] for message in mail.outbox) == [
        "admin@example.com", "manager2@example.com", "manager@example.com"]
    assert all(str(post.pk) in message.subject and "flood" in message.body
               for message in mail.outbox)
    batch = RecheckBatch.objects.get(brand=brand)
    assert (batch.total, batch.done, batch.sent_back, batch.finished) == (1, 1, 1, True)


def test_a_post_without_a_new_error_keeps_its_state_after_a_recheck(
    client, brand, manager, approved, in_review, django_capture_on_commit_callbacks
):
    kept_approved = approved(CLEAN)
    kept_in_review = in_review("Fresh bread every morning.")
    pulled = in_review(FLOODED)

    add_watch_word(client, manager, brand, "flood", django_capture_on_commit_callbacks)

    assert reload(kept_approved).state == State.APPROVED
    assert reload(kept_in_review).state == State.IN_REVIEW
    assert reload(pulled).state == State.SENT_BACK
    assert RecheckBatch.objects.get(brand=brand).total == 3


def test_an_error_already_waived_does_not_send_an_approved_post_back(
    client, brand, intern, manager, banned_rule, fields, submit,
    django_capture_on_commit_callbacks
):
    post = submit(intern, actions.create(intern, brand, fields(text="A dumb idea, quoted.")))
    actions.ask_waiver(intern, post, "A quote.")
    for finding in reload(post).findings:
        actions.waive(manager, finding.version.post, finding, "A quote.")
    actions.approve(manager, post, post.current_version_id)

    add_watch_word(client, manager, brand, "flood", django_capture_on_commit_callbacks)

    assert reload(post).state == State.APPROVED


def test_an_approved_post_kept_after_a_recheck_shows_what_the_rules_say_now(
    client, brand, brand_admin, approved, django_capture_on_commit_callbacks
):
    post = approved("Our bakery is revolutionary.")
    old_check = reload(post).current_check_id
    client.force_login(brand_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("brands:rule_new", args=[brand.slug]), {
            "name": "Tone down hype", "kind": "banned_terms", "severity": "warning",
            "enabled": "on", "message_en": "Hype: “%s”.", "message_fr": "Emphase : « %s ».",
            "params": '{"terms": ["revolutionary"]}',
        })

    post = reload(post)
    assert post.state == State.APPROVED
    assert post.current_check_id != old_check
    assert [(f.severity, f.matched) for f in post.findings] == [("warning", "revolutionary")]
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Hype: “revolutionary”." in page


def test_a_waiver_stays_granted_when_a_recheck_finds_the_same_passage_again(
    client, brand, intern, manager, banned_rule, fields, submit,
    django_capture_on_commit_callbacks
):
    post = submit(intern, actions.create(intern, brand, fields(text="A dumb idea, quoted.")))
    actions.ask_waiver(intern, post, "A quote.")
    for finding in reload(post).findings:
        actions.waive(manager, finding.version.post, finding, "It is a quote.")
    actions.approve(manager, post, post.current_version_id)
    old_check = reload(post).current_check_id

    add_watch_word(client, manager, brand, "flood", django_capture_on_commit_callbacks)

    post = reload(post)
    assert post.state == State.APPROVED and post.current_check_id != old_check
    errors = [f for f in post.findings if f.severity == "error"]
    assert errors and all(f.is_waived for f in errors)
    assert {f.waiver.reason for f in errors} == {"It is a quote."}


def test_changing_a_rule_rechecks_the_brands_posts_with_progress_for_its_author(
    client, brand, brand_admin, approved, django_capture_on_commit_callbacks
):
    post = approved("Our bakery is revolutionary.")
    client.force_login(brand_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("brands:rule_new", args=[brand.slug]), {
            "name": "No hype", "kind": "banned_terms", "severity": "error", "enabled": "on",
            "message_en": "Avoid “%s”.", "message_fr": "Évitez « %s ».",
            "params": '{"terms": ["revolutionary"]}',
        })

    assert reload(post).state == State.SENT_BACK
    batch = RecheckBatch.objects.get(brand=brand)
    assert batch.requested_by == brand_admin and batch.finished
    page = client.get(reverse("brands:rules", args=[brand.slug])).content.decode()
    assert 'id="recheck-status"' in page
    assert "1 sent back" in page


def test_the_recheck_progress_is_polled_until_it_is_finished(client, brand, manager):
    batch = RecheckBatch.objects.create(brand=brand, requested_by=manager, total=120, done=50)
    client.force_login(manager)
    url = reverse("brands:recheck_status", args=[brand.slug, batch.pk])

    running = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in running and "50 of 120" in running

    RecheckBatch.objects.filter(pk=batch.pk).update(done=120, finished_at=timezone.now())
    finished = client.get(url).content.decode()
    assert "hx-get" not in finished and "Re-check finished" in finished


def test_a_recheck_runs_in_chunks_of_fifty(brand, manager, in_review,
                                           django_capture_on_commit_callbacks):
    from socialgov.posts import pipeline

    posts = [in_review(f"Fresh bread number {n}.") for n in range(3)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        batch = pipeline.start_recheck(brand, manager, "test")
    assert len(callbacks) == 1
    assert pipeline.chunks(list(range(120))) == [list(range(50)), list(range(50, 100)),
                                                list(range(100, 120))]
    batch.refresh_from_db()
    assert (batch.total, batch.done) == (len(posts), len(posts))


# -- crisis mode ---------------------------------------------------------------------


def start_crisis(client, user, brand, reason="A flood downtown."):
    client.force_login(user)
    return client.post(reverse("brands:crisis_start", args=[brand.slug]), {"reason": reason})


def test_starting_crisis_mode_pauses_approved_posts_and_shows_the_banner(
    client, brand, manager, approved, in_review
):
    live = approved()
    waiting = in_review("Fresh bread every morning.")

    assert start_crisis(client, manager, brand).status_code == 302

    assert reload(live).state == State.PAUSED
    assert reload(waiting).state == State.IN_REVIEW
    pause = AuditEvent.objects.get(post=live, action="pause")
    assert pause.actor == manager
    assert CrisisPeriod.objects.get(pk=pause.data["crisis"]).start_reason == "A flood downtown."
    assert AuditEvent.objects.filter(brand=brand, action="crisis_started").count() == 1
    for url in (live.get_absolute_url(), reverse("posts:review_queue"),
                reverse("brands:watch_words", args=[brand.slug]),
                reverse("brands:crises", args=[brand.slug])):
        page = client.get(url).content.decode()
        assert "Crisis mode" in page and "A flood downtown." in page, url
        assert "manager" in page
    page = client.get(live.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Mode crise" in page and "En pause" in page


def test_crisis_mode_needs_a_reason_and_an_approver(client, brand, intern, manager):
    start_crisis(client, manager, brand, reason="  ")
    assert not CrisisPeriod.objects.exists()
    assert start_crisis(client, intern, brand).status_code == 403
    assert not CrisisPeriod.objects.exists()


def test_a_brand_has_at_most_one_crisis_under_way(brand, manager, brand_admin):
    crisis.start(manager, brand, "Flood.")
    with pytest.raises(crisis.CrisisError):
        crisis.start(brand_admin, brand, "Again.")
    with pytest.raises(IntegrityError), transaction.atomic():
        CrisisPeriod.objects.create(brand=brand, started_by=brand_admin, start_reason="x")
    assert CrisisPeriod.objects.filter(brand=brand).count() == 1


def test_ordinary_posts_cannot_be_approved_during_crisis_mode(brand, manager, in_review):
    post = in_review()
    crisis.start(manager, brand, "Flood.")

    with pytest.raises(TransitionError, match="Crisis mode is on"):
        actions.approve(manager, post, post.current_version_id)
    assert reload(post).state == State.IN_REVIEW
    assert not Decision.objects.filter(post=post).exists()


def test_a_crisis_response_is_approved_by_an_approver_then_signed_off_by_a_brand_admin(
    brand, intern, manager, second_manager, brand_admin, fields, submit
):
    crisis.start(manager, brand, "Flood.")
    post = actions.create(intern, brand, fields(text="We are safe and open."),
                           crisis_response=True)
    post = submit(intern, post)
    version = post.current_version_id

    actions.approve(manager, post, version)
    post = reload(post)
    assert post.state == State.IN_REVIEW and approval.progress(post).awaiting_crisis_signoff
    # The same approver, another approver, and the author cannot sign it off.
    with pytest.raises(TransitionError):
        actions.approve(manager, post, version)
    with pytest.raises(TransitionError, match="brand admin"):
        actions.approve(second_manager, post, version)
    assert not available(second_manager, post) & {"approve", "reject"}
    assert "approve" in available(brand_admin, post)

    actions.approve(brand_admin, post, version)

    post = reload(post)
    assert post.state == State.APPROVED
    steps = list(Decision.objects.filter(post=post).values_list("step", "decided_by"))
    assert steps == [("review", manager.pk), ("crisis", brand_admin.pk)]
    assert AuditEvent.objects.filter(post=post, action="crisis_signoff",
                                     actor=brand_admin).exists()


def test_a_brand_admin_who_approved_a_crisis_response_needs_another_brand_admin(
    brand, intern, brand_admin, superuser, fields, submit
):
    crisis.start(brand_admin, brand, "Flood.")
    post = submit(intern, actions.create(intern, brand, fields(), crisis_response=True))
    actions.approve(brand_admin, post, post.current_version_id)
    with pytest.raises(TransitionError):
        actions.approve(brand_admin, reload(post), post.current_version_id)
    actions.approve(superuser, reload(post), post.current_version_id)
    assert reload(post).state == State.APPROVED


def test_only_one_decision_per_version_and_step(brand, intern, manager, brand_admin, fields,
                                                submit):
    post = submit(intern, actions.create(intern, brand, fields()))
    version = post.current_version
    Decision.objects.create(post=post, version=version, decided_by=manager, kind="approve")
    Decision.objects.create(post=post, version=version, decided_by=brand_admin,
                            kind="approve", step="crisis")
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(post=post, version=version, decided_by=brand_admin,
                                kind="reject", step="crisis")


def test_ending_crisis_mode_rechecks_paused_posts_back_to_review(
    client, brand, manager, approved, django_capture_on_commit_callbacks
):
    post = approved()
    crisis.start(manager, brand, "Flood.")
    assert reload(post).state == State.PAUSED

    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("brands:crisis_end", args=[brand.slug]),
                               {"reason": "The water went down."})

    assert response.status_code == 302
    post = reload(post)
    assert post.state == State.IN_REVIEW
    resume = AuditEvent.objects.get(post=post, action="resume")
    assert (resume.from_state, resume.to_state) == (State.PAUSED, State.CHECKING)
    period = CrisisPeriod.objects.get(brand=brand)
    assert (period.ended_by, period.end_reason) == (manager, "The water went down.")
    assert AuditEvent.objects.filter(brand=brand, action="crisis_ended").count() == 1
    page = client.get(reverse("brands:crises", args=[brand.slug])).content.decode()
    assert "The water went down." in page and "Start crisis mode" in page
    assert "crisis-banner" not in page


def test_the_crisis_page_is_in_french_for_a_french_reader(client, brand, manager):
    client.force_login(manager)
    page = client.get(reverse("brands:crises", args=[brand.slug]),
                      HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Déclencher le mode crise" in page and "Motif" in page
    crisis.start(manager, brand, "Inondation.")
    page = client.get(reverse("brands:crises", args=[brand.slug]),
                      HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Terminer le mode crise" in page


def test_the_editor_marks_a_post_as_a_crisis_response(client, brand, intern):
    client.force_login(intern)
    client.post(reverse("posts:new"), {
        "brand": brand.pk, "networks": ["x"], "objective": "inform", "language": "en",
        "text": "We are safe.", "crisis_response": "on", "action": "save",
    })
    post = Post.objects.get(author=intern)
    assert post.crisis_response
    page = client.get(post.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Réponse de crise" in page


# -- expiry and publication --------------------------------------------------------------


def test_a_post_not_approved_by_its_planned_time_expires_and_can_be_replanned(
    brand, intern, in_review, fields, submit
):
    post = in_review()
    planned = post.current_version.planned_at

    assert system.expire_overdue(now=planned - timedelta(minutes=1)) == 0
    assert system.expire_overdue(now=planned + timedelta(minutes=1)) == 1

    post = reload(post)
    assert post.state == State.EXPIRED
    assert AuditEvent.objects.get(post=post, action="expire").actor is None
    post, changed = actions.edit(intern, post, fields(planned_at=timezone.now() + timedelta(3)))
    assert changed and post.state == State.DRAFT
    assert submit(intern, post).state == State.IN_REVIEW


def test_an_approved_post_does_not_expire(approved):
    post = approved()
    system.expire_overdue(now=post.current_version.planned_at + timedelta(days=1))
    assert reload(post).state == State.APPROVED


def test_an_approver_marks_an_approved_post_published_with_an_address_per_network(
    client, manager, approved
):
    post = approved(networks=["x", "linkedin"], planned_at=timezone.now() - timedelta(minutes=5))
    with pytest.raises(TransitionError, match="not a web address"):
        actions.publish(manager, post, {"x": "not a url", "linkedin": "https://www.linkedin.com/feed/update/1"})
    with pytest.raises(TransitionError, match="LinkedIn"):
        actions.publish(manager, post, {"x": "https://x.com/acme/status/1"})
    with pytest.raises(TransitionError, match="not an address on LinkedIn"):
        actions.publish(manager, post, {"x": "https://x.com/acme/status/1",
                                        "linkedin": "https://x.com/acme/status/2"})
    client.force_login(manager)
    client.post(reverse("posts:do", args=[post.pk, "publish"]),
                {"url-x": "https://x.com/acme/status/1",
                 "url-linkedin": "https://www.linkedin.com/feed/update/2"})

    post = reload(post)
    assert post.state == State.PUBLISHED
    assert {p.network: p.url for p in post.publications.all()} == {
        "x": "https://x.com/acme/status/1",
        "linkedin": "https://www.linkedin.com/feed/update/2"}
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Live on LinkedIn" in page and "https://x.com/acme/status/1" in page
    event = AuditEvent.objects.filter(post=post, action="publish").get()
    assert event.data["urls"]["x"] == "https://x.com/acme/status/1"


def test_publishing_before_the_planned_time_asks_to_confirm(client, manager, approved):
    post = approved(networks=["x"])  # planned two days ahead
    client.force_login(manager)
    assert "It went out before its planned time" in client.get(
        post.get_absolute_url()).content.decode()
    client.post(reverse("posts:do", args=[post.pk, "publish"]),
                {"url-x": "https://x.com/acme/status/1"})
    assert reload(post).state == State.APPROVED
    assert not reload(post).publications.exists()

    client.post(reverse("posts:do", args=[post.pk, "publish"]),
                {"url-x": "https://x.com/acme/status/1", "early": "1"})
    post = reload(post)
    assert post.state == State.PUBLISHED
    assert AuditEvent.objects.get(post=post, action="publish").data["early"] is True


def test_nothing_paused_expired_or_unapproved_can_be_marked_published(
    brand, manager, approved, in_review
):
    waiting = in_review()
    paused = approved()
    crisis.start(manager, brand, "Flood.")
    for post in (waiting, paused):
        with pytest.raises(TransitionError):
            actions.publish(manager, reload(post), live_urls(post), early=True)
    assert reload(paused).state == State.PAUSED


def test_an_approved_post_past_its_planned_time_is_highlighted(client, intern, approved):
    assert not approved().overdue  # planned two days ahead
    post = approved(planned_at=timezone.now() - timedelta(hours=1))
    assert post.overdue
    client.force_login(intern)
    page = client.get(reverse("posts:mine")).content.decode()
    assert "overdue" in page and "Not published yet" in page


def test_expired_posts_have_a_view_of_their_own(client, intern, in_review):
    post = in_review()
    other = in_review("Fresh bread every morning.")
    system.expire_overdue(now=post.current_version.planned_at + timedelta(minutes=1))
    assert reload(other).state == State.EXPIRED  # both were planned at the same time
    client.force_login(intern)
    page = client.get(reverse("posts:mine") + "?state=expired").content.decode()
    assert f"/posts/{post.pk}/" in page
    page = client.get(reverse("posts:mine") + "?state=expired",
                      HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Expirée" in page


# -- sensitive-dates calendar ----------------------------------------------------------

REMEMBRANCE_EVENING_UTC = datetime(2027, 11, 12, 3, 0, tzinfo=UTC)  # 11-11, 22:00 in Toronto
EVE_UTC = datetime(2027, 11, 11, 3, 0, tzinfo=UTC)  # 11-10, 22:00 in Toronto
SALE = "Big sale on every loaf this week!"


def calendar_findings(brand, intern, fields, submit, planned_at, text=SALE, objective="inform"):
    post = actions.create(intern, brand, fields(text=text, planned_at=planned_at,
                                                 objective=objective))
    post = submit(intern, post)
    return [f for f in post.findings if f.kind == "calendar"]


def test_every_brand_starts_with_the_shipped_calendar(brand, other_brand):
    for b in (brand, other_brand):
        days = {d.as_text(): d for d in b.sensitive_dates.all()}
        assert days["11-11"].name_fr == "Jour du Souvenir"
        assert days["11-11"].year is None


def test_a_promotional_post_planned_on_a_sensitive_date_gets_a_warning_on_the_brands_clock(
    brand, intern, fields, submit
):
    found = calendar_findings(brand, intern, fields, submit, REMEMBRANCE_EVENING_UTC)
    assert [(f.severity, "Remembrance Day" in f.message_en) for f in found] == [
        ("warning", True)]
    assert calendar_findings(brand, intern, fields, submit, EVE_UTC) == []
    # Respectful: the date is noted for the reviewer, no warning.
    assert [f.severity for f in calendar_findings(brand, intern, fields, submit,
                                                  REMEMBRANCE_EVENING_UTC,
                                                  text="We remember.")] == ["info"]
    # The objective "sell" alone makes it promotional.
    assert len(calendar_findings(brand, intern, fields, submit, REMEMBRANCE_EVENING_UTC,
                                 text="New loaves are in.", objective="sell")) == 1


def test_a_brand_admin_edits_the_calendar_and_the_check_follows(
    client, brand, intern, brand_admin, fields, submit, django_capture_on_commit_callbacks
):
    before = rule_inputs(brand).fingerprint
    client.force_login(brand_admin)
    remembrance = brand.sensitive_dates.get(month=11, day=11, year=None)
    client.post(reverse("brands:calendar_delete", args=[brand.slug, remembrance.pk]))
    assert rule_inputs(brand).fingerprint != before
    assert calendar_findings(brand, intern, fields, submit, REMEMBRANCE_EVENING_UTC) == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("brands:calendar", args=[brand.slug]), {
            "month": 6, "day": 1, "year": 2027, "name_en": "Founder's memorial",
            "name_fr": "Hommage à la fondatrice"})
    assert response.status_code == 302
    found = calendar_findings(brand, intern, fields, submit,
                              datetime(2027, 6, 1, 16, 0, tzinfo=UTC))
    assert len(found) == 1 and "Founder's memorial" in found[0].message_en
    assert AuditEvent.objects.filter(brand=brand, action="calendar_changed").count() == 2


def test_the_calendar_refuses_a_day_that_does_not_exist(client, brand, brand_admin):
    client.force_login(brand_admin)
    count = brand.sensitive_dates.count()
    response = client.post(reverse("brands:calendar", args=[brand.slug]), {
        "month": 2, "day": 30, "name_en": "x", "name_fr": "x"})
    assert response.status_code == 200
    assert brand.sensitive_dates.count() == count


def test_the_calendar_page_is_in_french_for_a_french_reader(client, brand, brand_admin):
    client.force_login(brand_admin)
    page = client.get(reverse("brands:calendar", args=[brand.slug]),
                      HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Dates sensibles" in page and "Jour du Souvenir" in page


# The scheduler closes stale connections between runs: committed rows, not a test transaction.
@pytest.mark.django_db(transaction=True)
def test_the_scheduler_loop_expires_overdue_posts(settings, in_review):
    import os

    import redis as redis_lib
    from django.core.management import call_command

    from socialgov.posts.pipeline import LAST_RUN_KEY
    from tests.conftest import need

    url = os.environ.get("REDIS_URL", "")
    need(url, "REDIS_URL is not set")
    settings.REDIS_URL = url
    connection = redis_lib.Redis.from_url(url)
    saved = connection.hgetall(LAST_RUN_KEY)  # reconcile() records its run there
    post = in_review(planned_at=timezone.now() - timedelta(minutes=5))
    try:
        call_command("run_scheduler", "--once", "--grace", "3600")
    finally:
        connection.delete(LAST_RUN_KEY)
        if saved:
            connection.hset(LAST_RUN_KEY, mapping=saved)
    assert reload(post).state == State.EXPIRED


@pytest.mark.django_db(transaction=True)
def test_without_redis_the_scheduler_still_expires_overdue_posts(settings, in_review):
    from io import StringIO

    from django.core.management import call_command

    settings.REDIS_URL = ""
    post = in_review(planned_at=timezone.now() - timedelta(minutes=5))
    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    assert reload(post).state == State.EXPIRED
    assert "embedded mode" in out.getvalue()
