"""The failures seen when SocialGov was tried as a new team would, and under
attack (issue 10), each reproduced as it was reported. The browser-side ones
(the check's send-back as the author reads it, the presence poll) are in
tests/browser/test_failures_seen_by_a_team.py; the worker-side ones (a killed
worker, the job timeout) in tests/test_worker.py.
"""

import json
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from socialgov.accounts import teams
from socialgov.accounts.models import Membership, Role
from socialgov.audit.models import AuditEvent
from socialgov.brands import crisis
from socialgov.brands.models import ApprovalStep, ReviewGroup, Rule, WatchWord
from socialgov.posts import actions, approval, diffs
from socialgov.posts.errors import TransitionError
from socialgov.posts.models import Comment, Decision, State, Turn
from tests.conftest import available, live_urls, reload

# -- 1. Waivers survive re-checks ----------------------------------------------------------


def waived_errors(post):
    return [(f.matched, f.waiver.reason) for f in reload(post).findings
            if f.severity == "error" and f.is_waived]


def test_1_a_waived_error_stays_waived_when_crisis_mode_ends(
        make_post, brand, manager, django_capture_on_commit_callbacks):
    post = make_post("approved", error=True)  # "dumb" quoted, waived by manager2, approved
    crisis.start(manager, brand, "A flood downtown.")
    assert reload(post).state == State.PAUSED

    with django_capture_on_commit_callbacks(execute=True):
        crisis.end(manager, brand, "The water went down.")

    post = reload(post)
    assert post.state == State.IN_REVIEW  # back to review, not to its author
    assert waived_errors(post) == [("dumb", "A customer quote.")]


def _add_watch_word(client, user, brand):
    client.force_login(user)
    client.post(reverse("brands:watch_words", args=[brand.slug]), {"term": "flood"})


def _rename_the_rule(client, user, brand):
    rule = Rule.objects.get(name="No insults")
    client.force_login(user)
    client.post(reverse("brands:rule_edit", args=[brand.slug, rule.pk]), {
        "name": "No insults, ever", "kind": rule.kind, "severity": rule.severity,
        "enabled": "on", "message_en": rule.message_en, "message_fr": rule.message_fr,
        "suggestion_en": rule.suggestion_en, "suggestion_fr": rule.suggestion_fr,
        "guideline": "", "params": json.dumps(rule.params)})
    assert Rule.objects.get(pk=rule.pk).name == "No insults, ever"


def _add_a_sensitive_date(client, user, brand):
    client.force_login(user)
    client.post(reverse("brands:calendar", args=[brand.slug]), {
        "month": 3, "day": 8, "name_en": "Women's Day", "name_fr": "Journée des femmes"})


CHANGES = {"watch word": (_add_watch_word, "manager"),
           "rule": (_rename_the_rule, "brand_admin"),
           "calendar": (_add_a_sensitive_date, "brand_admin")}


@pytest.mark.parametrize("state", ["approved", "in_review"])
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_1_a_waived_error_stays_waived_when_a_rule_change_rechecks_the_brand(
        change, state, client, make_post, brand, manager, second_manager, brand_admin,
        django_capture_on_commit_callbacks):
    post = make_post(state, error=True)
    if state == "in_review":
        actions.waive(second_manager, post, reload(post).findings.get(), "A customer quote.")
    events = AuditEvent.objects.filter(post=post).count()
    make_change, who = CHANGES[change]

    with django_capture_on_commit_callbacks(execute=True):
        make_change(client, {"manager": manager, "brand_admin": brand_admin}[who], brand)

    post = reload(post)
    assert post.state == state
    assert waived_errors(post) == [("dumb", "A customer quote.")]
    assert not AuditEvent.objects.filter(post=post, action="recheck").exists()
    assert AuditEvent.objects.filter(post=post).count() == events
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Waived by manager2" in page


def test_1_only_a_new_error_sends_it_back(client, make_post, brand, manager,
                                          django_capture_on_commit_callbacks):
    post = make_post("approved", error=True)
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("brands:watch_words", args=[brand.slug]), {"term": "bakery"})

    post = reload(post)
    assert post.state == State.SENT_BACK
    errors = {f.matched: f.is_waived for f in post.findings if f.severity == "error"}
    assert errors == {"dumb": True, "bakery": False}
    event = AuditEvent.objects.get(post=post, action="recheck")
    assert [f.matched for f in post.findings.filter(pk__in=event.data["errors"])] == ["bakery"]


def test_1_a_waiver_follows_its_passage_not_its_rule_name_nor_its_place_in_another_text(
        make_post, intern, second_manager, fields, submit):
    """A waiver is for one finding: the same rule, the same passage, in a text
    that did not change. Edited text: the same word elsewhere is a new finding."""
    post = make_post("approved", error=True)
    actions.edit(intern, post, fields(text="Only a dumb reader misses our bakery, on Monday."))
    post = submit(intern, reload(post))
    assert post.state == State.SENT_BACK
    assert not waived_errors(post)


# -- 2. A crisis response is not blocked by the crisis --------------------------------------


@pytest.fixture
def flood_crisis(brand, manager):
    WatchWord.objects.create(brand=brand, term="flood", created_by=manager)
    return crisis.start(manager, brand, "A flood downtown.")


RECALL = "Our stores near the flood zone are closed today; we will tell you when they open."


def test_2_a_crisis_response_that_names_a_watch_word_goes_to_the_crisis_lane(
        flood_crisis, brand, intern, manager, brand_admin, fields, submit):
    # The brand's usual path is longer: the crisis lane does not follow it.
    for position, name in enumerate(["Comms", "Legal", "Sign-off"]):
        ApprovalStep.objects.create(brand=brand, name=name, position=position)
    post = actions.create(intern, brand, fields(text=RECALL), crisis_response=True)

    post = submit(intern, post)

    assert post.state == State.IN_REVIEW
    watch = [f for f in post.findings if f.kind == "watch"]
    assert [(f.matched, f.severity, f.is_waived) for f in watch] == [("flood", "error", False)]
    assert [s.key for s in approval.progress(post).steps] == ["review", "crisis"]
    assert "approve" in available(manager, post)

    actions.approve(manager, post, post.current_version_id)
    assert approval.progress(reload(post)).awaiting_crisis_signoff
    actions.approve(brand_admin, reload(post), post.current_version_id)
    actions.publish(manager, reload(post), live_urls(post), early=True)

    post = reload(post)
    assert post.state == State.PUBLISHED
    people = list(AuditEvent.objects.filter(post=post, actor__isnull=False)
                  .values_list("actor_name", "action"))
    assert people == [("intern", "create"), ("intern", "submit"), ("manager", "step_approved"),
                      ("brandadmin", "crisis_signoff"), ("manager", "publish")]
    assert not post.findings.filter(waiver__isnull=False).exists()


def test_2_an_ordinary_post_that_names_a_watch_word_is_still_sent_back(
        flood_crisis, brand, intern, fields, submit):
    post = submit(intern, actions.create(intern, brand, fields(text=RECALL)))
    assert post.state == State.SENT_BACK


def test_2_outside_crisis_mode_a_crisis_response_is_checked_as_any_post(
        brand, intern, manager, fields, submit):
    WatchWord.objects.create(brand=brand, term="flood", created_by=manager)
    post = submit(intern, actions.create(intern, brand, fields(text=RECALL),
                                         crisis_response=True))
    assert post.state == State.SENT_BACK


# -- 5. The post page is bounded in time, whatever the texts ---------------------------------


MAX_TEXT = 63_206


def _long(letter):
    """The longest text a version holds, one letter repeated: "a a a …"."""
    return (f"{letter} " * MAX_TEXT)[:MAX_TEXT]


def test_5_two_long_repetitive_versions_and_fifty_threads_cost_bounded_diff_work(
        client, make_post, intern, manager, fields):
    old = _long("a")
    new = _long("b")
    assert len(old) == len(new) == MAX_TEXT
    post = make_post("draft", text=old)
    threads = [Comment.objects.create(post=post, version=post.current_version, author=manager,
                                      body=f"Thread {n}", quote="a a a", start=2 * n,
                                      end=2 * n + 5) for n in range(50)]
    actions.edit(intern, reload(post), fields(text=new))
    client.force_login(manager)

    with diffs.measure() as work:
        page = client.get(reload(post).get_absolute_url())

    assert page.status_code == 200
    # One diff of the two texts for the changes shown, one for all the threads.
    assert work.diffs == 2
    assert work.matcher <= 2 * diffs.MATCHER_BUDGET
    assert work.scanned <= 2 * diffs.SCAN_PASSES * (len(old) + len(new))
    assert len(threads) == 50 and "outdated" in page.content.decode()


# -- 6. A blocking rule cannot be turned into a warning by padding ---------------------------


@pytest.fixture
def pattern_rule(brand):
    """An error-level rule with a regular expression written by the brand."""
    return Rule.objects.create(
        rule_set=brand.ruleset, name="Competitor", kind="existence", severity="error",
        params={"tokens": [r"rival\s+co"], "ignorecase": True}, message_en="Never name “%s”.",
        message_fr="Ne nommez jamais « %s ».")


# About 36 kB; no network, so no length limit stands in the way.
PADDING = " ".join(["Fresh bread, warm croissants and good coffee."] * 800)


def test_6_a_padded_post_still_meets_its_error_rule(settings, make_post, pattern_rule,
                                                   intern, submit, brand, fields):
    short = submit(intern, actions.create(intern, brand, fields(text="Unlike Rival Co, we bake.")))
    assert short.state == State.SENT_BACK
    # The first pass has no time at all for the brand's patterns: the retry finds it.
    settings.CHECKS_RULE_SECONDS = 0
    padded = submit(intern, actions.create(
        intern, brand, fields(text="Unlike Rival Co, we bake. " + PADDING, networks=[])))
    assert padded.state == State.SENT_BACK
    assert [(f.kind, f.matched) for f in padded.findings if f.severity == "error"] == [
        ("existence", "Rival Co")]


def test_6_a_rule_that_cannot_finish_keeps_the_post_from_review_until_a_brand_admin_waives_it(
        settings, pattern_rule, intern, manager, second_manager, brand_admin, brand, fields,
        submit):
    settings.CHECKS_RULE_SECONDS = 0
    settings.CHECKS_RETRY_RULE_SECONDS = 0
    text = "Our rival is far away. Co-op members welcome. " + PADDING
    post = submit(intern, actions.create(intern, brand, fields(text=text, networks=[])))

    assert post.state == State.SENT_BACK
    incomplete = post.findings.get(kind="check_incomplete")
    assert incomplete.severity == "error" and "Competitor" in incomplete.message_en
    actions.ask_waiver(intern, post, "The text is long, not wrong.")
    post = reload(post)
    with pytest.raises(TransitionError, match="Only a brand admin"):
        actions.waive(manager, post, incomplete, "Looks fine.")
    with pytest.raises(TransitionError, match="not been waived"):
        actions.approve(manager, post, post.current_version_id)
    actions.waive(brand_admin, post, incomplete, "Read it: no competitor named.")
    actions.approve(second_manager, reload(post), post.current_version_id)
    assert reload(post).state == State.APPROVED


# -- 7. Deactivated members neither block nor see ----------------------------------------------


@pytest.fixture
def everyone_approves(brand):
    return ApprovalStep.objects.create(brand=brand, name="Every approver", rule="all",
                                       position=0)


def deactivate(brand_admin, user, brand):
    membership = Membership.objects.get(user=user, brand=brand)
    teams.deactivate(brand_admin, membership)


def test_7_a_member_deactivated_here_but_active_elsewhere_no_longer_counts_here(
        everyone_approves, make_post, brand, other_brand, manager, second_manager,
        brand_admin):
    Membership.objects.create(user=manager, brand=other_brand, role=Role.APPROVER)
    post = make_post("in_review")
    deactivate(brand_admin, manager, brand)

    step = approval.progress(reload(post)).current
    assert "manager" not in step.waiting_names
    assert not Turn.objects.filter(user=manager).exists()
    actions.approve(second_manager, reload(post), post.current_version_id)
    actions.approve(brand_admin, reload(post), post.current_version_id)
    assert reload(post).state == State.APPROVED


def test_7_the_brand_admins_decide_when_every_approver_is_deactivated(
        make_post, brand, other_brand, manager, brand_admin):
    Membership.objects.create(user=manager, brand=other_brand, role=Role.APPROVER)
    group = ReviewGroup.objects.create(brand=brand, name="Legal")
    group.members.add(manager)
    ApprovalStep.objects.create(brand=brand, name="Legal", decided_by="group", group=group,
                                position=0)
    post = make_post("in_review")
    assert approval.progress(post).current.waiting_names == ["manager"]
    deactivate(brand_admin, manager, brand)

    step = approval.progress(reload(post)).current
    assert step.backup and step.waiting_names == []
    assert "approve" in available(brand_admin, reload(post))
    actions.approve(brand_admin, reload(post), post.current_version_id)
    assert reload(post).state == State.APPROVED


def test_7_a_deactivated_member_in_a_review_group_sees_no_queue(
        client, make_post, brand, other_brand, manager, brand_admin):
    Membership.objects.create(user=manager, brand=other_brand, role=Role.DRAFTER)
    group = ReviewGroup.objects.create(brand=brand, name="Legal")
    group.members.add(manager)
    post = make_post("in_review")
    client.force_login(manager)
    assert post.current_version.text[:30] in client.get(reverse("posts:review_queue")).content \
        .decode()
    deactivate(brand_admin, manager, brand)

    client.force_login(manager)  # still active in the other brand
    response = client.get(reverse("posts:review_queue"))
    assert response.status_code == 403
    assert post.current_version.text[:30].encode() not in response.content


def test_7_the_group_form_offers_active_members_only(client, brand, intern, manager,
                                                     brand_admin):
    deactivate(brand_admin, manager, brand)
    client.force_login(brand_admin)
    page = client.get(reverse("brands:path_group_new", args=[brand.slug])).content.decode()
    offered = re.findall(r'name="members" value="\d+" id="[^"]+">\s*(\w+)</label>', page)
    assert offered == ["brandadmin", "intern"]
    response = client.post(reverse("brands:path_group_new", args=[brand.slug]),
                           {"name": "Legal", "members": [manager.pk]})
    assert response.status_code == 200  # refused: not a choice
    assert not ReviewGroup.objects.exists()


def test_7_a_deactivated_member_cannot_decide(make_post, brand, manager, brand_admin):
    post = make_post("in_review")
    deactivate(brand_admin, manager, brand)
    with pytest.raises(PermissionDenied):
        actions.approve(Membership.objects.get(user=manager).user, reload(post),
                        post.current_version_id)
    assert not Decision.objects.exists()


def test_7_an_absence_and_its_end_move_the_turns(make_post, brand, manager, second_manager,
                                                 everyone_approves):
    post = make_post("in_review")
    assert set(Turn.objects.filter(post=post).values_list("user__username", flat=True)) >= {
        "manager", "manager2"}
    today = brand.today()
    absence = teams.set_absence(manager, today, today + timedelta(days=2))
    assert "manager" not in approval.progress(reload(post)).current.waiting_names
    teams.remove_absence(manager, absence)
    assert "manager" in approval.progress(reload(post)).current.waiting_names



def test_refresh_turns_rebuilds_who_can_decide_every_open_round(make_post, manager):
    from django.core.management import call_command

    post = make_post("in_review")
    expected = set(Turn.objects.filter(post=post).values_list("user_id", "step_id"))
    Turn.objects.all().delete()  # as after an upgrade from before turns existed
    call_command("refresh_turns")
    assert set(Turn.objects.filter(post=post).values_list("user_id", "step_id")) == expected
    assert (manager.pk, approval.progress(reload(post)).current.step.pk) in expected
