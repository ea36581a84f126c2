"""The review workflow, cell by cell of the issue's transition table.

Each transition is tried by the right person in every state it may start from,
by the right person in every state it may not (TransitionError), and by the
wrong people in a state it may start from (PermissionDenied).
"""


import pytest
from django.core.exceptions import PermissionDenied

from socialgov.accounts.models import Membership, Role
from socialgov.audit.models import AuditEvent
from socialgov.posts import actions, pipeline, system
from socialgov.posts.errors import TransitionError
from socialgov.posts.models import (
    CheckRun,
    Decision,
    Finding,
    Post,
    PostVersion,
    State,
    Waiver,
)
from tests.conftest import CLEAN_TEXT, ERROR_TEXT, available, live_urls, reload

ALL_STATES = [s.value for s in State]

# The table, written out here rather than read from socialgov/posts/moves.py.
FROM_STATES = {
    "submit": {"draft"},
    "withdraw": {"checking", "in_review"},
    "edit": {"draft", "changes_requested", "sent_back", "approved", "expired"},
    "approve": {"in_review"},
    "request_changes": {"in_review"},
    "reject": {"in_review"},
    "ask_waiver": {"sent_back"},
    "waive": {"in_review"},
    "publish": {"approved"},
}
TO_STATE = {
    "submit": "checking",
    "withdraw": "draft",
    "edit": "draft",
    "approve": "approved",
    "request_changes": "changes_requested",
    "reject": "rejected",
    "ask_waiver": "in_review",
    "waive": "in_review",
    "publish": "published",
}
AUTHOR_ACTIONS = ["submit", "withdraw", "edit", "ask_waiver"]
DECIDER_ACTIONS = ["approve", "request_changes", "reject", "waive"]
# ask_waiver and waive need an error finding to act on; the others a clean post.
NEEDS_ERROR = {"ask_waiver", "waive"}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Eight people per test: the production hasher would spend seconds on each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def intern2(make_user, brand):
    user = make_user("intern2")
    Membership.objects.create(user=user, brand=brand, role=Role.DRAFTER)
    return user


@pytest.fixture
def outsider(make_user):
    return make_user("outsider")


@pytest.fixture
def people(intern, intern2, manager, second_manager, brand_admin, other_admin, superuser,
           outsider):
    return {
        "intern": intern,
        "intern2": intern2,
        "manager": manager,
        "second_manager": second_manager,
        "brand_admin": brand_admin,
        "other_admin": other_admin,
        "superuser": superuser,
        "outsider": outsider,
    }


def do(action, user, post, fields):
    """Make ``action`` as ``user`` with content the form would accept."""
    post = reload(post)
    if action == "submit":
        return actions.submit(user, post)
    if action == "withdraw":
        return actions.withdraw(user, post)
    if action == "edit":
        return actions.edit(user, post, fields(text="A new text about the bakery."))[0]
    if action == "approve":
        return actions.approve(user, post, post.current_version_id)
    if action == "request_changes":
        return actions.request_changes(user, post, post.current_version_id, "Shorter please.")
    if action == "reject":
        return actions.reject(user, post, post.current_version_id, "Off brand.")
    if action == "ask_waiver":
        return actions.ask_waiver(user, post, "The flagged word is a quote.")
    if action == "publish":
        return actions.publish(user, post, live_urls(post), early=True)
    if action == "waive":
        finding = Finding.objects.filter(version=post.current_version, severity="error").first()
        assert finding is not None, "the post has no error finding to waive"
        return actions.waive(user, finding.version.post, finding, "It is a quote.")
    raise AssertionError(action)


def snapshot(post):
    post = reload(post)
    return (
        post.state,
        post.current_version_id,
        post.versions.count(),
        Decision.objects.filter(post=post).count(),
        Waiver.objects.filter(finding__version__post=post).count(),
        AuditEvent.objects.count(),
    )


# -- the table, cell by cell ----------------------------------------------

ALLOWED_CELLS = [
    (action, state) for action, states in FROM_STATES.items() for state in sorted(states)
]
REFUSED_STATE_CELLS = [
    (action, state)
    for action, states in FROM_STATES.items()
    for state in ALL_STATES
    if state not in states
]


@pytest.mark.parametrize(("action", "state"), ALLOWED_CELLS)
def test_the_right_person_moves_the_post_from_an_allowed_state(
    action, state, make_post, people, fields
):
    post = make_post(state, error=action in NEEDS_ERROR)
    user = people["intern"] if action in AUTHOR_ACTIONS else people["manager"]
    events = AuditEvent.objects.count()

    do(action, user, post, fields)

    post = reload(post)
    assert post.state == TO_STATE[action]
    event = AuditEvent.objects.order_by("-pk").first()
    assert AuditEvent.objects.count() == events + 1
    assert (event.actor, event.action, event.post_id) == (user, action, post.pk)
    assert (event.from_state, event.to_state) == (state, TO_STATE[action])


@pytest.mark.parametrize(("action", "state"), REFUSED_STATE_CELLS)
def test_the_right_person_is_refused_in_a_state_the_table_does_not_allow(
    action, state, make_post, people, fields
):
    post = make_post(state, error=action in NEEDS_ERROR)
    user = people["intern"] if action in AUTHOR_ACTIONS else people["manager"]
    before = snapshot(post)

    with pytest.raises(TransitionError):
        do(action, user, post, fields)

    assert snapshot(post) == before


WRONG_PEOPLE = {
    # Author-only moves: nobody else, however senior, not even a superuser.
    "submit": ["intern2", "manager", "brand_admin", "superuser", "other_admin", "outsider"],
    "withdraw": ["intern2", "manager", "brand_admin", "superuser", "other_admin", "outsider"],
    "edit": ["intern2", "manager", "brand_admin", "superuser", "other_admin", "outsider"],
    "ask_waiver": ["intern2", "manager", "brand_admin", "superuser", "other_admin", "outsider"],
    # Decisions: drafters (the author included) and other brands' people may not.
    "approve": ["intern", "intern2", "other_admin", "outsider"],
    "request_changes": ["intern", "intern2", "other_admin", "outsider"],
    "reject": ["intern", "intern2", "other_admin", "outsider"],
    "waive": ["intern", "intern2", "other_admin", "outsider"],
    "publish": ["intern", "intern2", "other_admin", "outsider"],
}
WRONG_PERSON_CELLS = [
    (action, who) for action, whos in WRONG_PEOPLE.items() for who in whos
]


@pytest.mark.parametrize(("action", "who"), WRONG_PERSON_CELLS)
def test_the_wrong_person_is_refused_in_an_allowed_state(action, who, make_post, people, fields):
    state = sorted(FROM_STATES[action])[0]
    post = make_post(state, error=action in NEEDS_ERROR)
    before = snapshot(post)

    with pytest.raises(PermissionDenied):
        do(action, people[who], post, fields)

    assert snapshot(post) == before


@pytest.mark.parametrize("action", DECIDER_ACTIONS)
@pytest.mark.parametrize("who", ["manager", "second_manager", "brand_admin", "superuser"])
def test_any_approver_or_admin_of_the_brand_decides(action, who, make_post, people, fields):
    post = make_post("in_review", error=action in NEEDS_ERROR)
    do(action, people[who], post, fields)
    assert reload(post).state == TO_STATE[action]


@pytest.mark.parametrize("action", DECIDER_ACTIONS)
@pytest.mark.parametrize("author", ["manager", "brand_admin"])
def test_deciders_never_decide_on_their_own_version(action, author, make_post, people, fields):
    post = make_post("in_review", author=people[author], error=action in NEEDS_ERROR)
    before = snapshot(post)
    with pytest.raises(PermissionDenied):
        do(action, people[author], post, fields)
    assert snapshot(post) == before


# -- submit and the check --------------------------------------------------


def test_author_submits_a_draft_and_the_check_puts_it_in_review(
    brand, intern, fields, submit, warning_rule
):
    post = actions.create(intern, brand, fields(text="We utilize fresh flour."))
    assert post.state == State.DRAFT

    post = submit(intern, post)

    assert post.state == State.IN_REVIEW
    assert post.current_check.version_id == post.current_version_id
    assert post.risk == "medium"  # a warning does not block
    assert [f.severity for f in post.findings] == ["warning"]
    assert list(post.audit_events.values_list("action", "from_state", "to_state")) == [
        ("create", "", "draft"),
        ("submit", "draft", "checking"),
        ("check_done", "checking", "in_review"),
    ]


def test_submit_leaves_the_post_checking_until_the_transaction_commits(brand, intern, fields):
    post = actions.create(intern, brand, fields())
    actions.submit(intern, post)
    post = reload(post)
    assert post.state == State.CHECKING
    assert post.current_check is None
    assert not CheckRun.objects.exists()


def test_an_error_finding_sends_the_post_back_as_sent_back_by_the_check(
    brand, intern, fields, submit, banned_rule
):
    post = submit(intern, actions.create(intern, brand, fields(text=ERROR_TEXT)))

    assert post.state == State.SENT_BACK
    assert post.risk == "high"
    assert [(f.severity, f.matched) for f in post.findings] == [("error", "dumb")]
    event = post.audit_events.order_by("-pk").first()
    assert (event.actor, event.actor_name, event.action) == (None, "", "check_done")
    assert (event.from_state, event.to_state) == ("checking", "sent_back")
    assert event.data["errors"] == [post.findings.get().pk]
    assert not Decision.objects.filter(post=post).exists()  # the system is no reviewer


def test_a_check_of_a_withdrawn_version_changes_nothing(brand, intern, fields):
    post = actions.create(intern, brand, fields())
    actions.submit(intern, post)
    actions.withdraw(intern, post)
    version_id = reload(post).current_version_id
    events = AuditEvent.objects.count()

    assert pipeline.check_version(post.pk, version_id) is None

    post = reload(post)
    assert post.state == State.DRAFT
    assert post.current_check is None
    assert not CheckRun.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_late_check_of_an_older_version_changes_nothing(brand, intern, fields):
    post = actions.create(intern, brand, fields())
    old_version = post.current_version_id
    actions.submit(intern, post)
    actions.withdraw(intern, post)
    actions.edit(intern, post, fields(text="Opening on Tuesday instead."))
    actions.submit(intern, post)  # v2 is checking; v1's job arrives late

    assert pipeline.check_version(post.pk, old_version) is None

    post = reload(post)
    assert post.state == State.CHECKING
    assert post.current_version.number == 2
    assert post.current_check is None


def test_check_done_on_a_post_that_left_checking_changes_nothing(
    brand, intern, fields, django_capture_on_commit_callbacks
):
    post = actions.create(intern, brand, fields())
    with django_capture_on_commit_callbacks(execute=False):
        actions.submit(intern, post)  # its check never runs
    version = reload(post).current_version
    run = CheckRun.objects.create(
        version=version, check_key="manual", rule_set_version=1, risk="none"
    )
    actions.withdraw(intern, post)
    events = AuditEvent.objects.count()

    moved = system.check_done(post.pk, run)

    assert moved is False
    assert reload(post).state == State.DRAFT
    assert reload(post).current_check is None
    assert AuditEvent.objects.count() == events


def test_findings_point_at_the_text(brand, intern, fields, submit, banned_rule, warning_rule):
    text = "Café ☕ déjà vu — DUMB idea? No: we utilize 🥖 flour, you idiot, utilize it!"
    post = submit(intern, actions.create(intern, brand, fields(text=text)))

    everything = list(Finding.objects.filter(version=post.current_version).order_by("start"))
    for finding in everything:  # the brand's rules and the packs' alike
        assert text[finding.start:finding.end] == finding.matched
    own = [f for f in everything if f.rule_id is not None]
    assert [f.matched.lower() for f in own] == ["dumb", "utilize", "idiot", "utilize"]
    assert {f.rule_name for f in own} == {"No insults", "Plain words"}
    assert post.risk == "critical"  # two errors


# -- edit ------------------------------------------------------------------


def test_editing_an_approved_post_sends_it_back_to_draft_with_a_new_version(
    make_post, intern, fields
):
    post = make_post("approved")
    approved_version = post.current_version

    post, changed = actions.edit(intern, post, fields(text="Now opening on Tuesday."))

    post = reload(post)
    assert changed is True
    assert post.state == State.DRAFT
    assert post.current_version.number == 2
    assert post.current_version.text == "Now opening on Tuesday."
    # The approval stays with the version it was given to.
    decision = Decision.objects.get(post=post)
    assert decision.version_id == approved_version.pk
    assert PostVersion.objects.get(pk=approved_version.pk).text == CLEAN_TEXT
    assert available(intern, post) == {"edit", "submit", "duplicate", "archive"}


@pytest.mark.parametrize("state", ["draft", "changes_requested", "approved"])
def test_edit_without_change_makes_no_new_version(state, make_post, intern):
    post = make_post(state)
    before = snapshot(post)

    post, changed = actions.edit(intern, post, post.current_version.fields())

    assert changed is False
    assert snapshot(post) == before


def test_the_same_planned_time_in_the_brands_time_zone_is_no_change(make_post, intern):
    # The form gives planned_at in the brand's zone; the database gives UTC.
    post = make_post("draft")
    fields = post.current_version.fields()
    fields["planned_at"] = fields["planned_at"].astimezone(post.brand.tz)
    post, changed = actions.edit(intern, post, fields)
    assert changed is False
    assert reload(post).versions.count() == 1


def test_reordering_networks_is_no_change(make_post, intern):
    post = make_post("draft")
    fields = post.current_version.fields()
    fields["networks"] = list(reversed(fields["networks"]))
    _post, changed = actions.edit(intern, post, fields)
    assert changed is False


@pytest.mark.parametrize(
    "override",
    [
        {"text": "Something else."},
        {"networks": ["x"]},
        {"objective": "sell"},
        {"planned_at": None},
        {"language": "fr"},
    ],
    ids=lambda o: next(iter(o)),
)
def test_changing_any_checked_field_makes_a_new_version(override, make_post, intern):
    post = make_post("draft")
    fields = {**post.current_version.fields(), **override}
    post, changed = actions.edit(intern, post, fields)
    assert changed is True
    assert reload(post).current_version.number == 2


def test_editing_after_a_waiver_request_clears_it(make_post, intern, fields):
    post = make_post("sent_back")
    actions.ask_waiver(intern, post, "It is a quote.")
    actions.withdraw(intern, post)
    post = reload(post)
    assert post.waiver_requested is False
    post, _changed = actions.edit(intern, post, fields(text="Kinder words."))
    assert reload(post).waiver_note == ""


@pytest.mark.parametrize("action", ["edit", "submit", "withdraw"])
def test_only_the_author_edits_submits_withdraws(action, make_post, people, fields):
    state = "checking" if action == "withdraw" else "draft"
    post = make_post(state)
    for who in ["intern2", "manager", "brand_admin", "superuser", "other_admin"]:
        with pytest.raises(PermissionDenied):
            do(action, people[who], post, fields)
        assert reload(post).state == state
    do(action, people["intern"], post, fields)
    assert reload(post).state == TO_STATE[action]


# -- withdraw --------------------------------------------------------------


@pytest.mark.parametrize("state", ["checking", "in_review"])
def test_withdraw_from_checking_and_from_in_review(state, make_post, intern):
    post = make_post(state)
    actions.withdraw(intern, post)
    post = reload(post)
    assert post.state == State.DRAFT
    assert post.versions.count() == 1  # withdrawing makes no version
    event = post.audit_events.order_by("-pk").first()
    assert (event.action, event.from_state, event.to_state) == ("withdraw", state, "draft")


def test_cannot_withdraw_a_draft(make_post, intern):
    post = make_post("draft")
    with pytest.raises(TransitionError, match="Draft"):
        actions.withdraw(intern, post)


def test_withdrawing_a_waiver_request_clears_the_flag(make_post, intern):
    post = make_post("in_review", error=True)
    assert post.waiver_requested is True
    actions.withdraw(intern, post)
    assert reload(post).waiver_requested is False


# -- decisions -------------------------------------------------------------


def test_an_intern_cannot_approve(make_post, intern2):
    post = make_post("in_review")
    with pytest.raises(PermissionDenied):
        actions.approve(intern2, post, post.current_version_id)
    assert reload(post).state == State.IN_REVIEW


def test_an_approver_cannot_approve_their_own_post(make_post, manager):
    post = make_post("in_review", author=manager)
    with pytest.raises(PermissionDenied):
        actions.approve(manager, post, post.current_version_id)
    assert reload(post).state == State.IN_REVIEW
    assert not Decision.objects.exists()


def test_a_brand_admin_can_approve(make_post, brand_admin):
    post = make_post("in_review")
    actions.approve(brand_admin, post, post.current_version_id)
    post = reload(post)
    assert post.state == State.APPROVED
    decision = Decision.objects.get(post=post)
    assert (decision.decided_by, decision.kind, decision.version_id) == (
        brand_admin, "approve", post.current_version_id,
    )


def test_the_other_brands_admin_cannot_approve(make_post, other_admin):
    post = make_post("in_review")
    with pytest.raises(PermissionDenied):
        actions.approve(other_admin, post, post.current_version_id)
    assert reload(post).state == State.IN_REVIEW


@pytest.mark.parametrize("action", ["approve", "request_changes", "reject"])
def test_approval_of_a_stale_version_is_refused_with_a_message(
    action, make_post, intern, manager, fields, submit
):
    post = make_post("in_review")
    shown_version = post.current_version_id  # what the reviewer's form shows
    actions.withdraw(intern, post)
    actions.edit(intern, post, fields(text="A different text."))
    post = submit(intern, post)
    assert post.state == State.IN_REVIEW
    assert post.current_version_id != shown_version

    with pytest.raises(TransitionError, match="changed since you opened it"):
        if action == "approve":
            actions.approve(manager, post, shown_version)
        elif action == "request_changes":
            actions.request_changes(manager, post, shown_version, "Shorter.")
        else:
            actions.reject(manager, post, shown_version, "No.")

    assert reload(post).state == State.IN_REVIEW
    assert not Decision.objects.exists()


def test_approval_form_with_a_version_id_as_text_is_accepted(make_post, manager):
    post = make_post("in_review")
    actions.approve(manager, post, str(post.current_version_id))
    assert reload(post).state == State.APPROVED


@pytest.mark.parametrize("comment", ["", "   \n", None])
def test_request_changes_needs_a_comment(comment, make_post, manager):
    post = make_post("in_review")
    before = snapshot(post)
    with pytest.raises(TransitionError, match="Say what should change"):
        actions.request_changes(manager, post, post.current_version_id, comment)
    assert snapshot(post) == before


def test_request_changes_keeps_the_comment(make_post, manager):
    post = make_post("in_review")
    actions.request_changes(manager, post, post.current_version_id, "  Add the hours.  ")
    decision = Decision.objects.get(post=post)
    assert (decision.kind, decision.reason) == ("request_changes", "Add the hours.")
    assert reload(post).state == State.CHANGES_REQUESTED


@pytest.mark.parametrize("reason", ["", "  ", None])
def test_reject_needs_a_reason(reason, make_post, manager):
    post = make_post("in_review")
    before = snapshot(post)
    with pytest.raises(TransitionError, match="reason for rejecting"):
        actions.reject(manager, post, post.current_version_id, reason)
    assert snapshot(post) == before


def test_rejected_is_final(make_post, people, fields):
    post = make_post("rejected")
    before = snapshot(post)
    for action in ["edit", "submit", "withdraw", "ask_waiver"]:
        with pytest.raises(TransitionError):
            do(action, people["intern"], post, fields)
    for action in ["approve", "request_changes", "reject"]:
        with pytest.raises(TransitionError):
            do(action, people["manager"], post, fields)
    assert snapshot(post) == before
    # Nothing moves a rejected post on; it can only be copied, or archived.
    for who in ["intern", "manager", "brand_admin"]:
        assert available(people[who], post) == {"duplicate", "archive"}


@pytest.mark.parametrize("first", ["approve", "request_changes", "reject"])
@pytest.mark.parametrize("second", ["approve", "request_changes", "reject"])
def test_a_second_decision_on_the_same_version_is_refused_with_who_decided(
    first, second, make_post, people, fields
):
    post = make_post("in_review")
    do(first, people["manager"], post, fields)
    label = Decision.objects.get(post=post).get_kind_display()
    before = snapshot(post)

    stale = Post.objects.get(pk=post.pk)  # as the second reviewer's form saw it
    stale.state = State.IN_REVIEW
    version_id = stale.current_version_id
    with pytest.raises(TransitionError) as refused:
        if second == "approve":
            actions.approve(people["second_manager"], stale, version_id)
        elif second == "request_changes":
            actions.request_changes(people["second_manager"], stale, version_id, "Hm.")
        else:
            actions.reject(people["second_manager"], stale, version_id, "Hm.")

    message = str(refused.value)
    assert "manager" in message and "manager2" not in message
    assert label in message
    assert snapshot(post) == before
    assert Decision.objects.get(post=post).decided_by == people["manager"]


# -- waivers ---------------------------------------------------------------


@pytest.mark.parametrize("note", ["", "  ", None])
def test_ask_for_a_waiver_needs_a_note(note, make_post, intern):
    post = make_post("sent_back")
    before = snapshot(post)
    with pytest.raises(TransitionError, match="Explain why"):
        actions.ask_waiver(intern, post, note)
    assert snapshot(post) == before


def test_ask_for_a_waiver_marks_the_post_and_puts_it_in_review(make_post, intern, manager):
    post = make_post("sent_back")
    actions.ask_waiver(intern, post, "It quotes a customer.")
    post = reload(post)
    assert post.state == State.IN_REVIEW
    assert post.waiver_requested is True
    assert post.waiver_note == "It quotes a customer."
    assert "waive" in available(manager, post)


@pytest.mark.parametrize("warning", [False, True], ids=["no_findings", "warning_only"])
def test_ask_for_a_waiver_only_after_an_error_finding(
    warning, make_post, intern, warning_rule, brand, fields, submit, manager
):
    if warning:
        post = submit(intern, actions.create(intern, brand, fields(text="We utilize it.")))
        assert [f.severity for f in post.findings] == ["warning"]
        actions.request_changes(manager, post, post.current_version_id, "Shorter.")
    else:
        post = make_post("changes_requested")
    before = snapshot(post)
    assert "ask_waiver" not in available(intern, reload(post))

    with pytest.raises(TransitionError, match="cannot be done while"):
        actions.ask_waiver(intern, post, "Please.")
    assert snapshot(post) == before


def test_ask_for_a_waiver_not_after_a_human_request_for_changes(make_post, intern, manager):
    post = make_post("in_review", error=True)  # the author already asked once
    actions.request_changes(manager, post, post.current_version_id, "The word must go.")
    post = reload(post)
    assert post.state == State.CHANGES_REQUESTED
    assert any(f.severity == "error" and not f.is_waived for f in post.findings)
    assert "ask_waiver" not in available(intern, post)
    before = snapshot(post)

    with pytest.raises(TransitionError, match="cannot be done while"):
        actions.ask_waiver(intern, post, "Please, again.")
    assert snapshot(post) == before


def test_cannot_approve_with_an_unwaived_error(make_post, manager):
    post = make_post("in_review", error=True)
    before = snapshot(post)
    with pytest.raises(TransitionError, match="not been waived"):
        actions.approve(manager, post, post.current_version_id)
    assert snapshot(post) == before


def test_an_unwaived_error_does_not_stop_a_rejection_or_request(make_post, manager):
    post = make_post("in_review", error=True)
    actions.reject(manager, post, post.current_version_id, "Rude.")
    assert reload(post).state == State.REJECTED


def test_waive_then_approve(make_post, manager, second_manager):
    post = make_post("in_review", error=True)
    finding = reload(post).findings.get()

    actions.waive(manager, finding.version.post, finding, "It quotes a customer review.")

    post = reload(post)
    assert post.state == State.IN_REVIEW  # waiving decides nothing
    waiver = Waiver.objects.get(finding=finding)
    assert (waiver.waived_by, waiver.reason) == (manager, "It quotes a customer review.")
    assert all(f.is_waived for f in post.findings if f.severity == "error")
    event = post.audit_events.order_by("-pk").first()
    assert (event.action, event.actor, event.from_state, event.to_state) == (
        "waive", manager, "in_review", "in_review",
    )
    assert event.data == {"finding": finding.pk, "reason": "It quotes a customer review."}

    actions.approve(second_manager, post, post.current_version_id)
    post = reload(post)
    assert post.state == State.APPROVED
    assert post.waiver_requested is False


def test_waive_needs_a_reason(make_post, manager):
    post = make_post("in_review", error=True)
    before = snapshot(post)
    with pytest.raises(TransitionError, match="reason for waiving"):
        actions.waive(manager, post, reload(post).findings.get(), "  ")
    assert snapshot(post) == before


def test_a_finding_is_waived_once(make_post, manager, second_manager):
    post = make_post("in_review", error=True)
    finding = reload(post).findings.get()
    actions.waive(manager, finding.version.post, finding, "Quote.")
    before = snapshot(post)
    with pytest.raises(TransitionError, match="already been waived"):
        actions.waive(second_manager, finding.version.post, finding, "Quote, again.")
    assert snapshot(post) == before


def test_a_finding_of_an_older_version_cannot_be_waived(make_post, intern, manager, fields,
                                                         submit):
    post = make_post("in_review", error=True)
    old_finding = reload(post).findings.get()
    actions.withdraw(intern, post)
    actions.edit(intern, post, fields(text="Another dumb idea, on Tuesday."))
    post = submit(intern, post)
    actions.ask_waiver(intern, post, "Still a quote.")
    before = snapshot(post)

    with pytest.raises(TransitionError, match="older version"):
        actions.waive(manager, old_finding.version.post, old_finding, "Quote.")
    assert snapshot(post) == before


def test_author_cannot_waive(make_post, manager, second_manager):
    post = make_post("in_review", author=manager, error=True)
    finding = reload(post).findings.get()
    with pytest.raises(PermissionDenied):
        actions.waive(manager, finding.version.post, finding, "My own quote.")
    assert not Waiver.objects.exists()
    actions.waive(second_manager, finding.version.post, finding, "A quote.")
    assert Waiver.objects.count() == 1


# -- duplicate -------------------------------------------------------------


@pytest.mark.parametrize("state", ALL_STATES)
@pytest.mark.parametrize("who", ["intern", "intern2", "manager", "brand_admin", "superuser"])
def test_any_member_duplicates_any_post_into_a_new_draft(state, who, make_post, people):
    post = make_post(state)
    user = people[who]

    copy = actions.duplicate(user, post)

    copy = reload(copy)
    assert copy.pk != post.pk
    assert (copy.state, copy.author, copy.brand_id) == (State.DRAFT, user, post.brand_id)
    assert copy.duplicated_from_id == post.pk
    assert copy.current_version.number == 1
    assert copy.current_version.author == user
    assert copy.current_version.fields() == reload(post).current_version.fields()
    assert reload(post).state == state  # the original is untouched
    event = copy.audit_events.get()
    assert (event.actor, event.action, event.to_state, event.data) == (
        user, "duplicate", "draft", {"source": post.pk},
    )
    # The copy is the duplicator's own: they edit and submit it.
    assert {"edit", "submit"} <= available(user, copy)


@pytest.mark.parametrize("who", ["other_admin", "outsider"])
def test_other_brands_member_cannot_duplicate(who, make_post, people):
    post = make_post("rejected")
    posts = Post.objects.count()
    with pytest.raises(PermissionDenied):
        actions.duplicate(people[who], post)
    assert Post.objects.count() == posts


# -- create ----------------------------------------------------------------


def test_a_member_creates_a_draft_with_its_first_version(brand, intern, fields):
    post = actions.create(intern, brand, fields())
    post = reload(post)
    assert (post.state, post.author) == (State.DRAFT, intern)
    assert post.current_version.number == 1
    event = post.audit_events.get()
    assert (event.actor, event.action, event.from_state, event.to_state) == (
        intern, "create", "", "draft",
    )


def test_the_other_brands_admin_cannot_create_a_post_here(brand, other_admin, fields):
    with pytest.raises(PermissionDenied):
        actions.create(other_admin, brand, fields())
    assert not Post.objects.exists()


# -- audit -----------------------------------------------------------------


def test_every_transition_writes_an_audit_event(
    brand, intern, manager, second_manager, fields, submit, banned_rule
):
    post = actions.create(intern, brand, fields(text=ERROR_TEXT))  # create
    post = submit(intern, post)  # submit, check_done → changes_requested
    actions.ask_waiver(intern, post, "A quote.")
    actions.withdraw(intern, post)
    actions.edit(intern, post, fields(text="Come and see us."))
    post = submit(intern, post)  # submit, check_done → in_review
    actions.approve(manager, post, post.current_version_id)
    actions.edit(intern, post, fields(text="Come and see us on Tuesday."))
    post = submit(intern, post)
    actions.request_changes(manager, post, post.current_version_id, "Add the hours.")
    actions.edit(intern, post, fields(text="A dumb joke, open 9 to 5."))
    post = submit(intern, post)
    actions.ask_waiver(intern, post, "It is a joke.")
    actions.waive(second_manager, post, reload(post).findings.get(), "Self-irony.")
    actions.reject(manager, post, post.current_version_id, "Not funny.")
    copy = actions.duplicate(second_manager, post)

    rows = list(
        AuditEvent.objects.filter(post__in=[post, copy]).values_list(
            "actor_name", "action", "from_state", "to_state", "version_number"
        )
    )
    assert rows == [
        ("intern", "create", "", "draft", 1),
        ("intern", "submit", "draft", "checking", 1),
        ("", "check_done", "checking", "sent_back", 1),
        ("intern", "ask_waiver", "sent_back", "in_review", 1),
        ("intern", "withdraw", "in_review", "draft", 1),
        ("intern", "edit", "draft", "draft", 2),
        ("intern", "submit", "draft", "checking", 2),
        ("", "check_done", "checking", "in_review", 2),
        ("manager", "approve", "in_review", "approved", 2),
        ("intern", "edit", "approved", "draft", 3),
        ("intern", "submit", "draft", "checking", 3),
        ("", "check_done", "checking", "in_review", 3),
        ("manager", "request_changes", "in_review", "changes_requested", 3),
        ("intern", "edit", "changes_requested", "draft", 4),
        ("intern", "submit", "draft", "checking", 4),
        ("", "check_done", "checking", "sent_back", 4),
        ("intern", "ask_waiver", "sent_back", "in_review", 4),
        ("manager2", "waive", "in_review", "in_review", 4),
        ("manager", "reject", "in_review", "rejected", 4),
        ("manager2", "duplicate", "", "draft", 1),
    ]
    data = [e.data for e in AuditEvent.objects.filter(post__in=[post, copy])]
    assert data[2]["findings"] == 1 and data[2]["risk"] == "high"
    assert data[3] == {"note": "A quote."}
    assert data[7] == {"findings": 0, "risk": "none"}
    assert data[12]["text"] == "Add the hours." and data[12]["step"] == "review"
    assert data[17]["reason"] == "Self-irony."
    assert data[18]["text"] == "Not funny."
    assert data[19] == {"source": post.pk}
    events = AuditEvent.objects.filter(post__in=[post, copy])
    assert all(e.brand_id == brand.pk and e.brand_name == "Acme" for e in events)
    for event in events.exclude(action="check_done"):
        assert event.actor is not None and event.actor.get_username() == event.actor_name
    assert events.filter(action="check_done", actor__isnull=False).count() == 0


def test_a_refused_transition_writes_no_audit_event(make_post, intern, manager, other_admin):
    post = make_post("in_review")
    events = AuditEvent.objects.count()
    for attempt in [
        lambda: actions.approve(other_admin, post, post.current_version_id),
        lambda: actions.submit(intern, post),
        lambda: actions.reject(manager, post, post.current_version_id, ""),
        lambda: actions.approve(manager, post, 0),
    ]:
        with pytest.raises((PermissionDenied, TransitionError)):
            attempt()
    assert AuditEvent.objects.count() == events


# -- available actions -----------------------------------------------------


@pytest.mark.parametrize(
    ("state", "error", "who", "expected"),
    [
        ("draft", False, "intern", {"edit", "submit", "duplicate", "archive"}),
        ("draft", False, "manager", {"duplicate", "archive"}),
        ("checking", False, "intern", {"withdraw", "duplicate"}),
        ("checking", False, "manager", {"duplicate"}),
        ("in_review", False, "intern", {"withdraw", "duplicate"}),
        ("in_review", False, "intern2", {"duplicate"}),
        ("in_review", False, "manager",
         {"approve", "request_changes", "reject", "claim", "duplicate"}),
        ("in_review", False, "brand_admin",
         {"approve", "request_changes", "reject", "claim", "duplicate"}),
        ("in_review", True, "manager",
         {"request_changes", "reject", "waive", "claim", "duplicate"}),
        ("in_review", False, "other_admin", set()),
        ("sent_back", True, "intern", {"edit", "ask_waiver", "duplicate", "archive"}),
        ("changes_requested", False, "intern", {"edit", "duplicate", "archive"}),
        ("sent_back", True, "manager", {"duplicate", "archive"}),
        ("approved", False, "intern", {"edit", "duplicate"}),
        ("approved", False, "manager", {"publish", "duplicate"}),
        ("rejected", False, "intern", {"duplicate", "archive"}),
        ("paused", False, "intern", {"duplicate"}),
        ("paused", False, "manager", {"duplicate"}),
        ("expired", False, "intern", {"edit", "duplicate", "archive"}),
        ("published", False, "manager", {"duplicate", "archive"}),
    ],
)
def test_available_actions(state, error, who, expected, make_post, people):
    post = make_post(state, error=error)
    assert available(people[who], post) == expected


def test_available_actions_for_an_approver_author(make_post, manager, second_manager):
    post = make_post("in_review", author=manager)
    assert available(manager, post) == {"withdraw", "duplicate"}
    assert "approve" in available(second_manager, post)
