"""The lists of posts: what a person may see, and what waits on them.

Each list is one query, paginated by the database: who may see a post is
``Post.objects.visible_to`` (a semi-join on the person's active memberships),
and who may decide a post now is read from the approval path's Turn rows.
"""

from datetime import timedelta

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialgov.accounts.permissions import unverified
from socialgov.brands.models import RISK_ORDER, Deciders
from socialgov.posts.models import Post, ReviewRound, State, Turn
from socialgov.posts.moves import MOVES


def waiting_on(user):
    """The posts in review with a step ``user`` can decide now.

    Members: their Turn rows. Superusers act as brand admins of every brand,
    so every post waiting on a step decided by role (not by a review group)
    that they did not write waits on them too.
    """
    in_review = Post.objects.filter(state=State.IN_REVIEW, archived_at__isnull=True)
    if not user.is_authenticated or not user.is_active:
        return Post.objects.none()
    mine = Exists(Turn.objects.filter(post=OuterRef("pk"), user=user))
    if unverified(user):  # see socialgov/accounts/permissions.py
        in_review = in_review.exclude(brand__require_two_factor=True)
    if not user.is_superuser:
        return in_review.filter(mine)
    by_role = Exists(ReviewRound.objects.filter(
        post=OuterRef("pk"), closed_at__isnull=True, current_step__isnull=False,
    ).exclude(current_step__decided_by=Deciders.GROUP))
    return in_review.filter(Q(mine) | Q(by_role)).exclude(current_version__author=user)


# "Due soon": not approved yet and planned within this much time.
DUE_SOON = timedelta(hours=48)
# The states a post can still expire from: the table of moves says which.
UNAPPROVED = MOVES["expire"].sources


def _came_back(posts, now):
    return posts.filter(state__in=(State.SENT_BACK, State.CHANGES_REQUESTED))


def _waiting(posts, now):
    return posts.filter(state__in=(State.CHECKING, State.IN_REVIEW))


def _due_soon(posts, now):
    return posts.filter(state__in=UNAPPROVED, current_version__planned_at__gt=now,
                        current_version__planned_at__lte=now + DUE_SOON)


def _nobody_present(posts, now):
    """In review, with no one who may decide its step present (everyone away or
    gone): only brand admins standing in can decide it."""
    unstaffed = ReviewRound.objects.filter(
        post=OuterRef("pk"), closed_at__isnull=True, current_step__isnull=False,
    ).exclude(Exists(Turn.objects.filter(step=OuterRef("current_step"), backup=False)))
    return posts.filter(state=State.IN_REVIEW).filter(Exists(unstaffed))


def _waiver_asked(posts, now):
    return posts.filter(waiver_requested=True)


# Where a post stands for the people around it: the home page's blocks and the
# lists' "Situation" filter read the same definitions.
SITUATIONS = {
    "came_back": (_("Came back to its author"), _came_back),
    "waiting": (_("Waiting for the check or a decision"), _waiting),
    "due_soon": (_("Due within 48 hours, not approved"), _due_soon),
    "nobody_present": (_("Nobody present to decide its step"), _nobody_present),
    "waiver_asked": (_("Waiver asked"), _waiver_asked),
}


def in_situation(posts, name, now=None):
    return SITUATIONS[name][1](posts, now or timezone.now())


RISK_RANK = Case(
    *[When(risk=risk, then=Value(rank)) for risk, rank in RISK_ORDER.items()],
    default=Value(0),
    output_field=IntegerField(),
)


def queue_order(posts):
    """Replies to customers first, the earliest deadline first; then highest risk
    first, then earliest planned time. One query: the reply is a left join."""
    return posts.annotate(risk_rank=RISK_RANK).order_by(
        F("customer_reply__respond_by").asc(nulls_last=True), F("risk_rank").desc(),
        F("current_version__planned_at").asc(nulls_last=True), "pk")
