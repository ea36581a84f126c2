"""Issue 6, "Approval paths per brand": ordered steps, four eyes at every step,
advisory reviewers, risk-dependent steps, away and backup, claims and
presence, and what an edit after a decision does to the path."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from socialgov.accounts import teams
from socialgov.accounts.models import Absence, Membership, Role
from socialgov.audit.models import AuditEvent
from socialgov.brands import crisis
from socialgov.brands.models import ApprovalStep, ReviewGroup
from socialgov.posts import actions, approval
from socialgov.posts.errors import TransitionError
from socialgov.posts.models import (
    Decision,
    Finding,
    Post,
    ReviewClaim,
    ReviewPresence,
    ReviewRound,
    State,
)
from tests.conftest import available

pytestmark = pytest.mark.django_db

CLEAN = "Our new bakery opens on Monday. Come and say hello!"
PROMO = "New loaves are in."
# Noon in Toronto on Remembrance Day, and on an ordinary day: a promotion
# planned on the first gets a warning from the brand's calendar.
REMEMBRANCE = datetime(2031, 11, 11, 17, 0, tzinfo=UTC)
ORDINARY_DAY = datetime(2031, 6, 17, 16, 0, tzinfo=UTC)
LATER_ORDINARY_DAY = datetime(2031, 6, 18, 16, 0, tzinfo=UTC)


def reload(post):
    return Post.objects.select_related("brand", "current_version", "current_check").get(
        pk=post.pk)


@pytest.fixture
def legal(make_user, brand):
    """A lawyer: a drafter of the brand, in its "Legal" review group."""
    user = make_user("lawyer")
    Membership.objects.create(user=user, brand=brand, role=Role.DRAFTER)
    group = ReviewGroup.objects.create(brand=brand, name="Legal")
    group.members.add(user)
    return user


def add_step(brand, name, decided_by="approvers", *, group=None, rule="any", advisory=False,
             applies_from_risk=""):
    position = brand.approval_steps.count()
    return ApprovalStep.objects.create(
        brand=brand, name=name, decided_by=decided_by, group=group, rule=rule,
        advisory=advisory, applies_from_risk=applies_from_risk, position=position)


@pytest.fixture
def three_steps(brand, legal):
    """Comms (any approver) → Legal (advisory) → Sign-off (any approver)."""
    return [
        add_step(brand, "Comms"),
        add_step(brand, "Legal", "group", group=ReviewGroup.objects.get(name="Legal"),
                 advisory=True),
        add_step(brand, "Sign-off"),
    ]


@pytest.fixture
def in_review(make_post):
    def make(author=None, **extra):
        return make_post("in_review", author=author, **extra)

    return make


def approve(user, post, step=None):
    return actions.approve(user, reload(post), reload(post).current_version_id, step=step)


def keys_of(post):
    return [s.key for s in approval.progress(reload(post)).steps]


# -- the path of a version ------------------------------------------------------------


def test_a_brand_without_steps_has_one_step_any_approver_decides(in_review, manager):
    post = in_review()
    state = approval.progress(post)
    assert [(s.key, s.name, s.current) for s in state.steps] == [("review", "Review", True)]
    approve(manager, post)
    assert reload(post).state == State.APPROVED


def test_three_step_path_with_two_approvers_and_an_advisory_reviewer_ends_approved(
    three_steps, in_review, intern, manager, second_manager, legal
):
    post = in_review()
    comms, legal_step, sign_off = (s.key for s in three_steps)
    assert keys_of(post) == [comms, legal_step, sign_off]

    approve(manager, post, comms)
    assert reload(post).state == State.IN_REVIEW
    # The lawyer comments at any time; it never blocks.
    actions.advise(legal, reload(post), post.current_version_id, "Fine by us.",
                     step=legal_step)
    # The first approver cannot fill the last step too.
    with pytest.raises(TransitionError, match="another person"):
        approve(manager, post)
    approve(second_manager, post, sign_off)

    post = reload(post)
    assert post.state == State.APPROVED
    rows = list(Decision.objects.filter(post=post).values_list(
        "step", "decided_by__username", "kind", "advisory"))
    assert rows == [(comms, "manager", "approve", False),
                    (legal_step, "lawyer", "comment", True),
                    (sign_off, "manager2", "approve", False)]
    events = list(AuditEvent.objects.filter(post=post).values_list("action", "actor_name"))
    assert events[-3:] == [("step_approved", "manager"), ("advise", "lawyer"),
                            ("approve", "manager2")]


def test_an_advisory_reviewer_is_never_required(three_steps, in_review, manager,
                                                second_manager):
    post = in_review()
    approve(manager, post)
    approve(second_manager, post)
    assert reload(post).state == State.APPROVED


def test_an_advisory_reviewer_can_approve_but_never_send_back_or_reject(
    three_steps, in_review, legal
):
    post = in_review()
    legal_step = three_steps[1].key
    assert available(legal, post) == {"approve", "advise", "duplicate"}
    with pytest.raises(TransitionError, match="advisory"):
        actions.reject(legal, post, post.current_version_id, "No.")
    with pytest.raises(TransitionError, match="advisory"):
        actions.request_changes(legal, post, post.current_version_id, "Shorter.")
    approve(legal, post)
    decision = Decision.objects.get(post=post)
    assert (decision.step, decision.kind, decision.advisory) == (legal_step, "approve", True)
    assert reload(post).state == State.IN_REVIEW
    assert approval.progress(reload(post)).current.key == three_steps[0].key


def test_a_request_for_changes_at_any_deciding_step_ends_the_review(
    three_steps, in_review, manager, second_manager
):
    post = in_review()
    approve(manager, post)
    actions.request_changes(second_manager, reload(post), post.current_version_id,
                             "Mention the hours.")
    post = reload(post)
    assert post.state == State.CHANGES_REQUESTED
    review_round = ReviewRound.objects.get(version=post.current_version)
    assert review_round.outcome == "changes_requested" and review_round.closed_at


def test_only_the_current_step_can_be_decided(brand, in_review, manager, brand_admin):
    first = add_step(brand, "Comms")
    add_step(brand, "Brand", "brand_admins")
    post = in_review()
    # A brand admin is also an approver: they decide the first step, not the second.
    approve(brand_admin, post)
    assert Decision.objects.get(post=post).step == first.key
    with pytest.raises(TransitionError, match="cannot decide"):
        approve(manager, post)


def test_an_all_step_waits_for_every_approver(brand, in_review, manager, second_manager,
                                               brand_admin):
    add_step(brand, "Everyone", rule="all")
    post = in_review()
    approve(manager, post)
    state = approval.progress(reload(post))
    assert reload(post).state == State.IN_REVIEW
    assert state.current.waiting_names == ["brandadmin", "manager2"]
    approve(second_manager, post)
    approve(brand_admin, post)
    assert reload(post).state == State.APPROVED


def test_a_high_risk_post_gets_the_brand_admin_step(brand, intern, manager, brand_admin,
                                                    banned_rule, in_review, fields, submit):
    add_step(brand, "Comms")
    admin_step = add_step(brand, "Brand admin", "brand_admins", applies_from_risk="high")
    low = in_review()
    assert admin_step.key not in keys_of(low)

    high = submit(intern, actions.create(intern, brand, fields(text="A dumb idea, kindly.")))
    actions.ask_waiver(intern, high, "A quote.")
    high = reload(high)
    assert high.risk == "high"
    assert admin_step.key in keys_of(high)
    actions.waive(manager, high, high.findings.get(), "A quote.")
    approve(manager, high)
    assert reload(high).state == State.IN_REVIEW
    assert approval.progress(reload(high)).current.key == admin_step.key
    approve(brand_admin, high)
    assert reload(high).state == State.APPROVED


def test_when_only_advisory_steps_apply_an_approver_decides_first(brand, legal, in_review,
                                                                  manager):
    add_step(brand, "Legal", "group", group=ReviewGroup.objects.get(name="Legal"),
             advisory=True)
    add_step(brand, "Brand", "brand_admins", applies_from_risk="high")
    post = in_review()
    assert keys_of(post)[0] == "review"
    approve(manager, post)
    assert reload(post).state == State.APPROVED


def test_editing_the_path_does_not_change_a_review_under_way(brand, in_review, manager,
                                                             second_manager):
    post = in_review()
    add_step(brand, "Comms")
    add_step(brand, "Sign-off")
    assert keys_of(post) == ["review"]
    approve(manager, post)
    assert reload(post).state == State.APPROVED
    assert len(keys_of(in_review())) == 2


# -- four eyes ------------------------------------------------------------------------


@pytest.mark.parametrize("step_deciders", ["approvers", "brand_admins", "group"])
def test_nobody_decides_any_step_on_a_version_they_wrote(
    step_deciders, brand, brand_admin, legal, in_review, manager
):
    group = ReviewGroup.objects.get(name="Legal")
    group.members.add(brand_admin)
    add_step(brand, "Only", step_deciders, group=group if step_deciders == "group" else None)
    post = in_review(author=brand_admin)
    with pytest.raises(PermissionDenied):
        approve(brand_admin, post)
    assert available(brand_admin, post) & {"approve", "reject"} == set()
    assert not Decision.objects.exists()


def test_an_approver_cannot_fill_two_steps_of_the_same_post(brand, in_review, manager):
    add_step(brand, "Comms")
    add_step(brand, "Sign-off")
    post = in_review()
    approve(manager, post)
    with pytest.raises(TransitionError, match="another person"):
        approve(manager, post)
    with pytest.raises(TransitionError):
        actions.reject(manager, reload(post), post.current_version_id, "No.")
    assert available(manager, reload(post)) & {"approve", "reject"} == set()
    assert Decision.objects.count() == 1


def test_the_database_refuses_one_person_on_two_steps_of_a_round(brand, in_review, manager):
    post = in_review()
    version = post.current_version
    Decision.objects.create(post=post, version=version, decided_by=manager, kind="approve",
                            step="s1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(post=post, version=version, decided_by=manager,
                                kind="approve", step="s2", step_rule="all")
    # A new round of the same version (withdrawn and submitted again) starts afresh.
    Decision.objects.create(post=post, version=version, decided_by=manager, kind="approve",
                            step="s1", round_number=2)


def test_a_decision_never_slides_onto_the_next_step(brand, in_review, manager, brand_admin):
    first = add_step(brand, "Comms")
    add_step(brand, "Sign-off")
    post = in_review()
    approve(manager, post, first.key)
    # The brand admin's page still showed the first step.
    with pytest.raises(TransitionError, match="manager has already decided"):
        approve(brand_admin, post, first.key)
    assert Decision.objects.count() == 1


# -- a review group -----------------------------------------------------------------


def test_a_group_member_decides_their_groups_step_whatever_their_role(
    brand, legal, in_review, manager, second_manager
):
    add_step(brand, "Comms")
    add_step(brand, "Legal", "group", group=ReviewGroup.objects.get(name="Legal"))
    post = in_review()
    with pytest.raises(TransitionError, match="cannot decide"):
        approve(legal, post)
    approve(manager, post)
    with pytest.raises(TransitionError, match="cannot decide"):
        approve(second_manager, post)
    approve(legal, post)
    assert reload(post).state == State.APPROVED


# -- the review queue --------------------------------------------------------------------


def test_the_queue_shows_each_approver_only_posts_waiting_on_a_step_they_can_decide(
    client, brand, legal, in_review, manager, second_manager, brand_admin
):
    add_step(brand, "Comms")
    add_step(brand, "Brand", "brand_admins")
    waiting_on_comms = in_review(text="First: waiting on Comms.")
    waiting_on_brand = in_review(text="Second: waiting on the brand admins.")
    approve(manager, waiting_on_brand)

    def queue(user):
        client.force_login(user)
        response = client.get(reverse("posts:review_queue"))
        assert response.status_code == 200
        return [p.pk for p in response.context["page"].object_list]

    assert queue(manager) == [waiting_on_comms.pk]  # he filled the other's first step
    assert queue(second_manager) == [waiting_on_comms.pk]
    assert sorted(queue(brand_admin)) == sorted([waiting_on_comms.pk, waiting_on_brand.pk])
    client.force_login(legal)  # not an approver, in no step of this path
    assert client.get(reverse("posts:review_queue")).status_code == 200
    assert queue(legal) == []


def test_an_advisory_reviewer_sees_the_post_in_their_queue_until_they_gave_their_opinion(
    client, three_steps, in_review, legal
):
    post = in_review()
    client.force_login(legal)
    assert [p.pk for p in client.get(reverse("posts:review_queue")).context["page"]] == [
        post.pk]
    actions.advise(legal, post, post.current_version_id, "Fine.")
    assert list(client.get(reverse("posts:review_queue")).context["page"]) == []


# -- away and backup ------------------------------------------------------------------


def away_today(user, brand):
    today = brand.today()
    return Absence.objects.create(user=user, starts_on=today - timedelta(days=1),
                                  ends_on=today + timedelta(days=3))


def test_an_all_step_does_not_wait_on_an_absent_approver(brand, in_review, manager,
                                                         second_manager, brand_admin):
    add_step(brand, "Everyone", rule="all")
    away_today(second_manager, brand)
    post = in_review()
    approve(manager, post)
    assert approval.progress(reload(post)).current.waiting_names == ["brandadmin"]
    approve(brand_admin, post)
    assert reload(post).state == State.APPROVED


def test_a_step_with_nobody_present_is_decided_by_a_brand_admin(brand, legal, in_review,
                                                                manager, brand_admin):
    add_step(brand, "Legal", "group", group=ReviewGroup.objects.get(name="Legal"))
    away_today(legal, brand)
    post = in_review()
    state = approval.progress(post)
    assert state.current.backup and state.current.waiting_names == []
    with pytest.raises(TransitionError):
        approve(manager, post)  # an approver, not a brand admin
    approve(brand_admin, post)
    assert reload(post).state == State.APPROVED


def test_an_absence_in_the_future_changes_nothing_today(brand, in_review, manager,
                                                        second_manager, brand_admin):
    add_step(brand, "Everyone", rule="all")
    today = brand.today()
    Absence.objects.create(user=second_manager, starts_on=today + timedelta(days=5),
                           ends_on=today + timedelta(days=9))
    post = in_review()
    approve(manager, post)
    assert "manager2" in approval.progress(reload(post)).current.waiting_names


def test_a_person_marks_themself_away_and_the_members_page_shows_it(
    client, brand, manager, brand_admin
):
    client.force_login(manager)
    today = brand.today()
    response = client.post(reverse("away"), {"starts_on": today.isoformat(),
                                              "ends_on": (today + timedelta(days=2)).isoformat()})
    assert response.status_code == 302
    absence = Absence.objects.get(user=manager)
    event = AuditEvent.objects.get(action="away_set")
    assert (event.actor, event.brand) == (manager, brand)
    client.force_login(brand_admin)
    page = client.get(reverse("brands:members", args=[brand.slug])).content.decode()
    assert "Away until" in page

    client.force_login(manager)
    client.post(reverse("away_remove", args=[absence.pk]))
    assert not Absence.objects.exists()
    assert AuditEvent.objects.filter(action="away_removed", actor=manager).exists()


def test_the_last_day_away_cannot_come_before_the_first(client, manager):
    client.force_login(manager)
    response = client.post(reverse("away"), {"starts_on": "2031-05-10",
                                              "ends_on": "2031-05-01"})
    assert response.status_code == 200
    assert not Absence.objects.exists()
    with pytest.raises(teams.TeamError):
        teams.set_absence(manager, date(2031, 5, 10), date(2031, 5, 1))


def test_nobody_removes_someone_elses_absence(client, manager, second_manager):
    absence = teams.set_absence(manager, date(2031, 5, 1), date(2031, 5, 2))
    client.force_login(second_manager)
    assert client.post(reverse("away_remove", args=[absence.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        teams.remove_absence(second_manager, absence)


# -- claims and presence ---------------------------------------------------------------


def test_an_approver_claims_a_post_and_others_are_warned(client, in_review, manager,
                                                         second_manager, brand_admin):
    post = in_review()
    actions.claim(manager, post)
    with pytest.raises(TransitionError, match="manager has already claimed"):
        actions.claim(second_manager, post)
    client.force_login(second_manager)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Claimed by manager" in page and "someone is already on it" in page
    # Claiming never forbids deciding.
    approve(second_manager, post)
    assert reload(post).state == State.APPROVED
    assert not ReviewClaim.objects.exists()  # the review ended: so did the claim
    events = AuditEvent.objects.filter(post=post).values_list("action", flat=True)
    assert "claim" in events


def test_only_the_claimant_releases_their_claim(in_review, manager, second_manager,
                                                brand_admin):
    post = in_review()
    actions.claim(manager, post)
    for other in (second_manager, brand_admin):
        with pytest.raises(TransitionError, match="only they can release it"):
            actions.release(other, post)
    actions.release(manager, post)
    assert not ReviewClaim.objects.exists()
    actions.claim(second_manager, post)
    actions.release(second_manager, post)
    events = list(AuditEvent.objects.filter(post=post, action__in=["claim", "release"])
                  .values_list("action", "actor_name"))
    assert events == [("claim", "manager"), ("release", "manager"),
                      ("claim", "manager2"), ("release", "manager2")]


def test_a_brand_admin_releases_someone_elses_claim(client, in_review, manager, second_manager,
                                                    brand_admin):
    post = in_review()
    actions.claim(manager, post)
    assert "release_claim" in available(brand_admin, post)
    assert "release_claim" not in available(second_manager, post)  # an approver, not an admin
    assert "release_claim" not in available(manager, post)  # theirs: "Release"
    with pytest.raises(PermissionDenied):
        actions.release_claim(second_manager, post)
    client.force_login(brand_admin)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Release their claim" in page
    client.post(reverse("posts:do", args=[post.pk, "release_claim"]))

    assert not ReviewClaim.objects.exists()
    event = AuditEvent.objects.get(post=post, action="release_claim")
    assert (event.actor, event.data) == (brand_admin, {"claimant": "manager"})
    with pytest.raises(TransitionError, match="Nobody has claimed"):
        actions.release_claim(brand_admin, post)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "released the claim of manager" in page


def test_only_someone_who_can_decide_now_claims(three_steps, in_review, manager, legal):
    post = in_review()
    assert "claim" in available(manager, post)
    # The lawyer's step is advisory: they give an opinion, nobody waits on them.
    assert "claim" not in available(legal, post)
    with pytest.raises(TransitionError, match="nothing for you to claim"):
        actions.claim(legal, post)


def test_the_author_cannot_claim_their_own_post(in_review, intern):
    with pytest.raises(PermissionDenied):
        actions.claim(intern, in_review())


def test_the_review_page_shows_who_else_has_it_open_now(client, in_review, manager,
                                                        second_manager):
    post = in_review()
    url = reverse("posts:presence", args=[post.pk])
    client.force_login(manager)
    client.post(url)
    client.force_login(second_manager)
    response = client.post(url)
    assert "Also viewing: manager" in " ".join(response.content.decode().split())
    # Seen two minutes ago is not "open now".
    ReviewPresence.objects.filter(user=manager).update(
        seen_at=timezone.now() - timedelta(minutes=2))
    page = " ".join(client.post(url).content.decode().split())
    assert "Also viewing: nobody else" in page


# -- restarts and the planned time ------------------------------------------------------


def test_editing_a_checked_field_after_a_decision_restarts_the_path(
    brand, in_review, intern, manager, second_manager, fields, submit
):
    add_step(brand, "Comms")
    add_step(brand, "Sign-off")
    post = in_review()
    approve(manager, post)
    approve(second_manager, post)
    actions.edit(intern, reload(post), fields(text="Now opening on Tuesday."))
    post = submit(intern, reload(post))
    assert post.state == State.IN_REVIEW and post.current_version.number == 2
    state = approval.progress(post)
    assert state.current.key == state.steps[0].key
    assert not Decision.objects.filter(version=post.current_version).exists()
    # The people who decided version 1 decide again, each on one step.
    approve(manager, post)
    approve(second_manager, post)
    assert reload(post).state == State.APPROVED


def test_a_withdrawn_and_resubmitted_version_starts_its_path_again(
    brand, in_review, intern, manager, submit
):
    add_step(brand, "Comms")
    add_step(brand, "Sign-off")
    post = in_review()
    approve(manager, post)
    actions.withdraw(intern, reload(post))
    post = submit(intern, reload(post))
    assert ReviewRound.objects.filter(version=post.current_version).count() == 2
    assert approval.progress(post).steps[0].decisions == []
    approve(manager, post)  # a new round: he may fill a step again
    assert reload(post).state == State.IN_REVIEW


def test_a_paused_post_is_approved_again_after_crisis_mode(
    brand, in_review, manager, second_manager, django_capture_on_commit_callbacks
):
    post = in_review()
    approve(manager, post)
    crisis.start(manager, brand, "Flood.")
    with django_capture_on_commit_callbacks(execute=True):
        crisis.end(manager, brand, "Over.")
    post = reload(post)
    assert post.state == State.IN_REVIEW
    approve(manager, post)
    assert reload(post).state == State.APPROVED


def plan(intern, post, when, commit):
    fields = reload(post).current_version.fields()
    fields["planned_at"] = when
    with commit(execute=True):
        actions.edit(intern, reload(post), fields)
    return reload(post)


@pytest.fixture
def approved_promo(brand, in_review, manager, second_manager):
    add_step(brand, "Comms")
    add_step(brand, "Sign-off")
    post = in_review(text=PROMO, objective="sell", planned_at=ORDINARY_DAY)
    approve(manager, post)
    approve(second_manager, post)
    assert reload(post).state == State.APPROVED
    return reload(post)


def test_a_new_planned_time_alone_keeps_the_approval_when_the_check_finds_nothing_new(
    approved_promo, intern, manager, second_manager, django_capture_on_commit_callbacks
):
    post = plan(intern, approved_promo, LATER_ORDINARY_DAY, django_capture_on_commit_callbacks)
    assert post.state == State.APPROVED
    assert post.current_version.number == 2
    carried = Decision.objects.filter(version=post.current_version)
    assert sorted(carried.values_list("decided_by__username", flat=True)) == [
        "manager", "manager2"]
    assert all(d.carried_from is not None for d in carried)
    assert AuditEvent.objects.filter(post=post, action="approval_carried").exists()
    assert approval.progress(post).round.carried_from is not None


def test_a_new_planned_time_that_brings_a_warning_loses_the_approval(
    approved_promo, intern, manager, second_manager, django_capture_on_commit_callbacks
):
    post = plan(intern, approved_promo, REMEMBRANCE, django_capture_on_commit_callbacks)
    assert post.state == State.IN_REVIEW
    assert [f.severity for f in post.findings] == ["warning"]
    assert not Decision.objects.filter(version=post.current_version).exists()
    lost = AuditEvent.objects.get(post=post, action="approval_not_carried")
    new = Finding.objects.get(pk__in=lost.data["new_findings"])
    assert "Remembrance Day" in new.message_en
    approve(manager, post)
    approve(second_manager, post)
    assert reload(post).state == State.APPROVED


def test_a_planned_time_change_with_a_text_change_restarts_the_path(
    approved_promo, intern, fields, django_capture_on_commit_callbacks
):
    changed = {**reload(approved_promo).current_version.fields(),
               "planned_at": LATER_ORDINARY_DAY, "text": "New loaves, still warm."}
    actions.edit(intern, reload(approved_promo), changed)
    assert reload(approved_promo).state == State.DRAFT


# -- the brand admin's pages -----------------------------------------------------------


def test_a_brand_admin_builds_the_path_in_the_browser_forms(client, brand, brand_admin,
                                                            manager, legal):
    client.force_login(brand_admin)
    legal_group = ReviewGroup.objects.get(name="Legal")
    base = reverse("brands:approval_path", args=[brand.slug])
    assert client.get(base).status_code == 200
    for data in (
        {"name": "Comms", "decided_by": "approvers", "rule": "any"},
        {"name": "Legal", "decided_by": "group", "group": legal_group.pk, "rule": "any",
         "advisory": "on"},
        {"name": "Brand", "decided_by": "brand_admins", "rule": "any",
         "applies_from_risk": "high"},
    ):
        response = client.post(reverse("brands:path_step_new", args=[brand.slug]), data)
        assert response.status_code == 302, response.content.decode()
    names = lambda: list(brand.approval_steps.values_list("name", flat=True))  # noqa: E731
    assert names() == ["Comms", "Legal", "Brand"]
    brand_step = brand.approval_steps.get(name="Brand")
    client.post(reverse("brands:path_step_move", args=[brand.slug, brand_step.pk]),
                {"direction": "up"})
    assert names() == ["Comms", "Brand", "Legal"]
    # A group step needs its group.
    response = client.post(reverse("brands:path_step_edit", args=[brand.slug, brand_step.pk]),
                           {"name": "Brand", "decided_by": "group", "rule": "any"})
    assert response.status_code == 200 and "Choose the group" in response.content.decode()
    # A group a step names is not deleted.
    client.post(reverse("brands:path_group_delete", args=[brand.slug, legal_group.pk]))
    assert ReviewGroup.objects.filter(pk=legal_group.pk).exists()
    client.post(reverse("brands:path_step_delete", args=[brand.slug, brand_step.pk]))
    assert names() == ["Comms", "Legal"]
    page = client.get(base).content.decode()
    assert "Advisory" in page and "lawyer" in page
    assert AuditEvent.objects.filter(brand=brand, action="approval_path_changed").count() == 5


def test_a_review_group_holds_only_the_brands_members(client, brand, brand_admin, manager,
                                                      other_admin):
    client.force_login(brand_admin)
    response = client.post(reverse("brands:path_group_new", args=[brand.slug]),
                           {"name": "Legal", "members": [other_admin.pk]})
    assert response.status_code == 200
    response = client.post(reverse("brands:path_group_new", args=[brand.slug]),
                           {"name": "Legal", "members": [manager.pk]})
    assert response.status_code == 302
    assert list(ReviewGroup.objects.get(brand=brand).members.all()) == [manager]
    event = AuditEvent.objects.get(action="review_group_changed")
    assert event.data["summary"] == "Legal: manager"


def test_the_post_page_shows_the_path_with_each_steps_status(client, three_steps, in_review,
                                                             manager, legal):
    post = in_review()
    approve(manager, post)
    actions.advise(legal, reload(post), post.current_version_id, "Fine by us.")
    client.force_login(manager)
    page = " ".join(client.get(post.get_absolute_url()).content.decode().split())
    assert "Approval path" in page
    assert "Step 1: Comms" in page and "Approved by manager" in page
    assert "Step 2: Legal" in page and "lawyer: Commented — " in page
    assert "Step 3: Sign-off" in page and "Waiting" in page


def test_the_approval_path_page_is_in_french_for_a_french_reader(client, brand, brand_admin):
    add_step(brand, "Juridique", advisory=True)
    client.force_login(brand_admin)
    page = client.get(reverse("brands:approval_path", args=[brand.slug]),
                      HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Circuit d’approbation" in page and "Consultative" in page
    assert "N’importe quelle personne" in page


def test_a_new_planned_time_alone_keeps_the_approval_of_a_post_whose_error_was_waived(
    brand, intern, manager, banned_rule, fields, submit, django_capture_on_commit_callbacks
):
    post = submit(intern, actions.create(intern, brand, fields(
        text="A dumb idea, quoted.", planned_at=ORDINARY_DAY)))
    actions.ask_waiver(intern, reload(post), "It is a quote.")
    for finding in reload(post).findings:
        actions.waive(manager, finding.version.post, finding, "It is a quote.")
    approve(manager, post)
    assert reload(post).state == State.APPROVED

    post = plan(intern, post, LATER_ORDINARY_DAY, django_capture_on_commit_callbacks)

    assert post.state == State.APPROVED and post.current_version.number == 2
    errors = [f for f in post.findings if f.severity == "error"]
    assert errors and all(f.is_waived for f in errors)
    assert AuditEvent.objects.filter(post=post, action="approval_carried").exists()
