"""The lists of posts: what a person may see, and what waits on them.

Each list is one query, paginated by the database: who may see a post is
``Post.objects.visible_to`` (a semi-join on the person's active memberships),
and who may decide a post now is read from the approval path's Turn rows.
"""

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Value, When

from socialgov.brands.models import RISK_ORDER, Deciders
from socialgov.posts.models import Post, ReviewRound, State, Turn


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
    if not user.is_superuser:
        return in_review.filter(mine)
    by_role = Exists(ReviewRound.objects.filter(
        post=OuterRef("pk"), closed_at__isnull=True, current_step__isnull=False,
    ).exclude(current_step__decided_by=Deciders.GROUP))
    return in_review.filter(Q(mine) | Q(by_role)).exclude(current_version__author=user)


RISK_RANK = Case(
    *[When(risk=risk, then=Value(rank)) for risk, rank in RISK_ORDER.items()],
    default=Value(0),
    output_field=IntegerField(),
)


def queue_order(posts):
    """Highest risk first, then earliest planned time."""
    return posts.annotate(risk_rank=RISK_RANK).order_by(
        F("risk_rank").desc(), F("current_version__planned_at").asc(nulls_last=True), "pk")
