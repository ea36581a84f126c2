"""Two reviewers deciding on the same version at the same moment.

Real threads, real connections, real row locks: PostgreSQL only (SQLite
serialises writers and has no SELECT ... FOR UPDATE). The constraint test at
the end runs on every database.
"""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from socialgov.audit.models import AuditEvent
from socialgov.brands import crisis
from socialgov.posts import actions
from socialgov.posts.errors import TransitionError
from socialgov.posts.models import Decision, Post, State

pytestmark = pytest.mark.django_db(transaction=True)

DECIDE = {
    "approve": lambda user, post, version_id: actions.approve(user, post, version_id),
    "reject": lambda user, post, version_id: actions.reject(user, post, version_id, "No."),
    "request_changes": lambda user, post, version_id: actions.request_changes(
        user, post, version_id, "Shorter."
    ),
}
KIND_TO_STATE = {
    "approve": State.APPROVED,
    "reject": State.REJECTED,
    "request_changes": State.CHANGES_REQUESTED,
}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def post_in_review(make_post):
    # transaction=True: the submit commits and its on-commit check runs for real.
    return make_post("in_review")


def race(post, moves):
    """Run each (user, kind) move in its own thread, all released at once."""
    barrier = threading.Barrier(len(moves))
    outcomes = [None] * len(moves)
    version_id = post.current_version_id

    def run(index, user, kind):
        try:
            # Each thread starts from the post as its reviewer's page showed it.
            mine = Post.objects.get(pk=post.pk)
            barrier.wait(timeout=10)
            DECIDE[kind](user, mine, version_id)
            outcomes[index] = ("ok", user, kind)
        except TransitionError as error:
            outcomes[index] = ("refused", user, str(error))
        except Exception as error:  # surfaced below, in the test's thread
            outcomes[index] = ("crashed", user, repr(error))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(i, user, kind)) for i, (user, kind) in enumerate(moves)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
        assert not thread.is_alive(), "a reviewer's thread hung"
    return outcomes


def assert_one_decision(post, outcomes):
    assert [o for o in outcomes if o[0] == "crashed"] == []
    won = [o for o in outcomes if o[0] == "ok"]
    lost = [o for o in outcomes if o[0] == "refused"]
    assert len(won) == 1 and len(lost) == 1, outcomes
    _ok, winner, kind = won[0]
    _refused, _loser, message = lost[0]

    decision = Decision.objects.get(post=post)  # exactly one row
    assert (decision.decided_by, decision.kind) == (winner, kind)
    assert decision.version_id == post.current_version_id
    # The loser is told who decided, and what.
    assert winner.get_username() in message
    assert str(decision.get_kind_display()) in message

    post = Post.objects.get(pk=post.pk)
    assert post.state == KIND_TO_STATE[kind]
    assert AuditEvent.objects.filter(post=post, action__in=list(DECIDE)).count() == 1
    return winner


@pytest.mark.postgres
@pytest.mark.parametrize("attempt", range(3))
def test_two_approvers_approving_at_once_make_one_decision(
    attempt, using_postgres, post_in_review, manager, second_manager
):
    outcomes = race(post_in_review, [(manager, "approve"), (second_manager, "approve")])
    assert_one_decision(post_in_review, outcomes)


@pytest.mark.postgres
@pytest.mark.parametrize("attempt", range(3))
def test_one_approves_while_the_other_rejects_makes_one_decision(
    attempt, using_postgres, post_in_review, manager, second_manager
):
    outcomes = race(post_in_review, [(manager, "approve"), (second_manager, "reject")])
    assert_one_decision(post_in_review, outcomes)


@pytest.mark.postgres
def test_request_changes_racing_an_approval_makes_one_decision(
    using_postgres, post_in_review, manager, brand_admin
):
    outcomes = race(post_in_review, [(brand_admin, "request_changes"), (manager, "approve")])
    assert_one_decision(post_in_review, outcomes)


def test_the_database_alone_refuses_a_second_decision_on_a_version(
    post_in_review, manager, second_manager
):
    version = post_in_review.current_version
    Decision.objects.create(post=post_in_review, version=version, decided_by=manager,
                            kind="approve")

    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(post=post_in_review, version=version,
                                decided_by=second_manager, kind="reject", reason="No.")

    assert Decision.objects.filter(version=version).count() == 1


@pytest.mark.postgres
@pytest.mark.parametrize("attempt", range(3))
def test_an_approval_racing_the_start_of_crisis_mode_never_leaves_a_post_approved(
    attempt, using_postgres, post_in_review, brand, manager, brand_admin
):
    barrier = threading.Barrier(2)
    errors = []

    def approve():
        try:
            mine = Post.objects.get(pk=post_in_review.pk)
            barrier.wait(timeout=10)
            actions.approve(manager, mine, mine.current_version_id)
        except TransitionError:
            pass  # crisis mode came first
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()

    def start_crisis():
        try:
            barrier.wait(timeout=10)
            crisis.start(brand_admin, brand, "Flood.")
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=approve), threading.Thread(target=start_crisis)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
        assert not thread.is_alive()

    assert errors == []
    # Approved before crisis mode: paused by it. After: refused, still in review.
    assert Post.objects.get(pk=post_in_review.pk).state in (State.PAUSED, State.IN_REVIEW)
