"""Reminders to the approvers of a waiting step, warnings before expiry, and
the scheduler that records them, run with a test clock (``--now``)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from socialgov.audit.models import Action, AuditEvent
from socialgov.notify.models import Notice
from socialgov.posts import actions, reminders
from socialgov.posts.models import ReviewRound, State
from tests.conftest import reload


def events(post, action):
    return list(AuditEvent.objects.filter(post=post, action=action).order_by("pk"))


def opened(post):
    return ReviewRound.objects.get(post=post, closed_at__isnull=True).started_at


def run_scheduler(at):
    call_command("run_scheduler", "--once", "--now", at.isoformat())


def test_the_latest_reminder_due_is_the_one_sent():
    start = reminders.timezone.now()
    assert reminders.due_reminder([2, 8, 24], start, start + timedelta(hours=1), 0) is None
    assert reminders.due_reminder([2, 8, 24], start, start + timedelta(hours=2), 0) == 2
    assert reminders.due_reminder([24, 2, 8], start, start + timedelta(hours=9), 0) == 8
    assert reminders.due_reminder([2, 8, 24], start, start + timedelta(hours=9), 8) is None
    assert reminders.due_reminder([], start, start + timedelta(days=9), 0) is None


# The scheduler closes stale connections between runs, as in production.
@pytest.mark.django_db(transaction=True)
def test_approvers_are_reminded_at_the_brands_intervals_until_the_post_is_decided(
    make_post, manager, second_manager, brand_admin
):
    post = make_post("in_review", planned_at=reminders.timezone.now() + timedelta(days=5))
    start = opened(post)
    run_scheduler(start + timedelta(hours=1, minutes=59))
    assert events(post, Action.REVIEW_REMINDER) == []
    run_scheduler(start + timedelta(hours=2, minutes=1))
    run_scheduler(start + timedelta(hours=3))  # nothing new is due: nothing is sent twice
    assert [e.data["hours"] for e in events(post, Action.REVIEW_REMINDER)] == [2]
    run_scheduler(start + timedelta(hours=30))  # down for a day: one reminder, not two
    assert [e.data["hours"] for e in events(post, Action.REVIEW_REMINDER)] == [2, 24]
    # Each reminder reached the people who can decide the post, once.
    told = Notice.objects.filter(post=post, kind="reminder")
    assert sorted(told.values_list("recipient__username", flat=True)) == sorted(
        ["brandadmin", "manager", "manager2"] * 2)

    second = make_post("in_review", planned_at=reminders.timezone.now() + timedelta(days=5))
    actions.approve(second_manager, second, second.current_version_id)
    assert reload(second).state == State.APPROVED
    run_scheduler(start + timedelta(hours=9))
    assert events(second, Action.REVIEW_REMINDER) == []


def test_a_brand_sets_its_own_reminder_hours(brand, make_post):
    brand.reminder_hours = [1]
    brand.save()
    post = make_post("in_review")
    assert reminders.remind_approvers(opened(post) + timedelta(minutes=61)) == 1
    assert reminders.remind_approvers(opened(post) + timedelta(hours=50)) == 0


# The scheduler closes stale connections between runs, as in production.
@pytest.mark.django_db(transaction=True)
def test_everyone_concerned_is_warned_once_before_a_post_expires(
    brand, make_post, manager, brand_admin
):
    post = make_post("in_review", planned_at=reminders.timezone.now() + timedelta(hours=5))
    planned = post.current_version.planned_at
    run_scheduler(planned - timedelta(hours=2, minutes=1))
    assert events(post, Action.EXPIRY_WARNING) == []
    run_scheduler(planned - timedelta(hours=1, minutes=59))
    run_scheduler(planned - timedelta(hours=1))
    [warning] = events(post, Action.EXPIRY_WARNING)
    assert {k: warning.data[k] for k in ("expires_at", "hours")} == {
        "expires_at": planned.isoformat(), "hours": 2}
    assert len(warning.data["deciders"]) == 3  # the two managers and the brand admin
    run_scheduler(planned + timedelta(minutes=1))
    post = reload(post)
    assert post.state == State.EXPIRED
    assert len(events(post, Action.EXPIRY_WARNING)) == 1
    # The author, the approvers and the brand admin were told before it expired.
    assert set(Notice.objects.filter(post=post, kind="expiring")
               .values_list("recipient__username", flat=True)) == {
        "intern", "manager", "manager2", "brandadmin"}


# The scheduler closes stale connections between runs, as in production.
@pytest.mark.django_db(transaction=True)
def test_a_post_planned_within_one_run_is_still_warned_before_it_expires(
    brand, make_post, brand_admin
):
    brand.escalation_margin_hours = 0
    brand.save()
    post = make_post("changes_requested", planned_at=reminders.timezone.now() + timedelta(hours=1))
    planned = post.current_version.planned_at
    run_scheduler(planned + timedelta(seconds=30))
    [warning, expired] = AuditEvent.objects.filter(
        post=post, action__in=[Action.EXPIRY_WARNING, Action.EXPIRE]).order_by("pk")
    assert (warning.action, expired.action) == (Action.EXPIRY_WARNING, Action.EXPIRE)
    # Told together with the expiry: the approvers are named in the warning itself.
    assert set(Notice.objects.filter(post=post, kind="expiring")
               .values_list("recipient__username", flat=True)) >= {"intern", "brandadmin"}


def test_moving_the_planned_time_brings_a_new_warning(make_post, intern, fields):
    post = make_post("draft", planned_at=reminders.timezone.now() + timedelta(hours=1))
    assert reminders.warn_expiring() == 1
    later = reminders.timezone.now() + timedelta(minutes=90)
    actions.edit(intern, post, fields(planned_at=later))
    assert reminders.warn_expiring(later - timedelta(minutes=30)) == 1
    assert reminders.warn_expiring(later - timedelta(minutes=20)) == 0


def test_approved_and_archived_posts_are_not_warned(make_post, intern):
    approved = make_post("approved", planned_at=reminders.timezone.now() + timedelta(hours=1))
    draft = make_post("draft", planned_at=reminders.timezone.now() + timedelta(hours=1))
    actions.archive(intern, draft)
    assert reminders.warn_expiring() == 0
    assert events(approved, Action.EXPIRY_WARNING) == []


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_takes_a_test_clock_only_for_one_run():
    with pytest.raises(CommandError, match="--once"):
        call_command("run_scheduler", "--now", "2026-12-03T14:30:00-05:00")
    with pytest.raises(CommandError):
        call_command("run_scheduler", "--once", "--now", "tomorrow")


def test_a_brand_admin_sets_the_reminder_hours_and_the_margin_in_words(
    client, brand, brand_admin
):
    client.force_login(brand_admin)
    url = f"/brands/{brand.slug}/settings/"
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(languages=brand.languages, packs=brand.packs, reminder_hours="24, 1;4",
                escalation_margin_hours="3")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    brand.refresh_from_db()
    assert (brand.reminder_hours, brand.escalation_margin_hours) == ([1, 4, 24], 3)
    event = AuditEvent.objects.filter(brand=brand, action="brand_changed").latest("pk")
    assert "reminder_hours" in event.data["fields"]

    for bad in ("two hours", "0", "1000", "1.5"):
        response = client.post(url, {**data, "reminder_hours": bad})
        assert response.status_code == 200
        assert "whole number of hours" in str(response.context["form"].errors["reminder_hours"])
    response = client.post(url, {**data, "escalation_margin_hours": "500"})
    assert "escalation_margin_hours" in response.context["form"].errors
    brand.refresh_from_db()
    assert brand.reminder_hours == [1, 4, 24]
