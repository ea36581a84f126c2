"""Two reviewers deciding steps of the same approval path at the same moment.

Real threads, real connections, real row locks: PostgreSQL only, as in
test_concurrency.py.
"""

import threading

import pytest
from django.db import connection

from socialgov.audit.models import AuditEvent
from socialgov.brands.models import ApprovalStep
from socialgov.posts import actions
from socialgov.posts.errors import TransitionError
from socialgov.posts.models import Decision, Post, State

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def in_review(brand, intern, fields):
    post = actions.create(intern, brand, fields())
    actions.submit(intern, post)
    post = Post.objects.get(pk=post.pk)
    assert post.state == State.IN_REVIEW
    return post


def race(post, moves):
    """Each (user, step key) approval in its own thread, all released at once."""
    barrier = threading.Barrier(len(moves))
    outcomes = [None] * len(moves)

    def run(index, user, step):
        try:
            mine = Post.objects.get(pk=post.pk)
            barrier.wait(timeout=10)
            actions.approve(user, mine, post.current_version_id, step=step)
            outcomes[index] = ("ok", user)
        except TransitionError as error:
            outcomes[index] = ("refused", str(error))
        except Exception as error:
            outcomes[index] = ("crashed", repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, *move)) for i, move in enumerate(moves)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
        assert not thread.is_alive(), "a reviewer's thread hung"
    assert [o for o in outcomes if o[0] == "crashed"] == []
    return outcomes


@pytest.mark.parametrize("attempt", range(3))
def test_two_approvers_on_the_same_any_step_make_one_decision_and_nobody_slides_on(
    attempt, using_postgres, brand, intern, manager, second_manager, fields
):
    first = ApprovalStep.objects.create(brand=brand, name="Comms", position=0)
    ApprovalStep.objects.create(brand=brand, name="Sign-off", position=1)
    post = in_review(brand, intern, fields)

    outcomes = race(post, [(manager, first.key), (second_manager, first.key)])

    assert sorted(o[0] for o in outcomes) == ["ok", "refused"]
    decision = Decision.objects.get(post=post)
    assert decision.step == first.key
    assert "has already decided" in next(o[1] for o in outcomes if o[0] == "refused")
    assert Post.objects.get(pk=post.pk).state == State.IN_REVIEW


@pytest.mark.parametrize("attempt", range(3))
def test_the_last_two_approvals_of_an_all_step_approve_the_post_once(
    attempt, using_postgres, brand, intern, manager, second_manager, brand_admin, fields
):
    everyone = ApprovalStep.objects.create(brand=brand, name="Everyone", rule="all")
    post = in_review(brand, intern, fields)
    actions.approve(manager, post, post.current_version_id, step=everyone.key)

    outcomes = race(post, [(second_manager, everyone.key), (brand_admin, everyone.key)])

    assert [o[0] for o in outcomes] == ["ok", "ok"]
    assert Decision.objects.filter(post=post, step=everyone.key).count() == 3
    assert Post.objects.get(pk=post.pk).state == State.APPROVED
    assert AuditEvent.objects.filter(post=post, action="approve").count() == 1
    assert AuditEvent.objects.filter(post=post, action="step_approved").count() == 2
